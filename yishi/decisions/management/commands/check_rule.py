"""`manage.py check_rule [FILE|-]`: evaluate one case, or a list of cases, of the rules JSON interface.

A thin wrapper over `python -m yishi.decisions.domain.check` (docs/rules-json.md), so that anyone can re-check a
published result — its case is on the result page — with the same code the platform counted it with.
"""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yishi.decisions.domain.check import run


class Command(BaseCommand):
    help = "Evaluate a case (or a JSON list of cases) of the rules JSON interface; exit status 1 on invalid input."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", nargs="?", default="-", help="A JSON file, or - for standard input.")

    def handle(self, *args: Any, **options: Any) -> None:
        # The domain writes JSON in pieces: hand it the raw stream, not Django's line-ending wrapper.
        stdout = getattr(self.stdout, "_out", sys.stdout)
        status = run([options["source"]], stdin=options.get("stdin") or sys.stdin, stdout=stdout)
        if status:
            raise SystemExit(status)
