"""Command line: `python -m yishi.decisions.domain.check [FILE|-]` evaluates one case or a list of cases."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from yishi.decisions.domain.cases import error_json, evaluate_case
from yishi.decisions.domain.errors import DomainError, ErrorCode


def _read(source: str, stdin: TextIO) -> str:
    if source == "-":
        return stdin.read()
    return Path(source).read_text(encoding="utf-8")


def run(argv: Sequence[str], *, stdin: TextIO, stdout: TextIO) -> int:
    """Evaluate the case(s) in the file named by argv (or stdin), print JSON; return 1 on invalid input."""
    source = argv[0] if argv else "-"
    try:
        document = json.loads(_read(source, stdin))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        answer: object = error_json(DomainError(ErrorCode.INVALID_JSON, field=str(error)))
        failed = True
    else:
        if isinstance(document, list):
            answers = [evaluate_case(case) for case in document]
            failed = any("error" in item for item in answers)
            answer = answers
        else:
            answer = evaluate_case(document)
            failed = "error" in answer
    json.dump(answer, stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")
    return 1 if failed else 0


def main() -> int:
    """Entry point for `python -m`."""
    return run(sys.argv[1:], stdin=sys.stdin, stdout=sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
