"""Every Chinese catalogue is complete: no empty msgstr and no fuzzy entry in any zh_Hans django.po."""

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "yishi").glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgid: str = ""
    translations: dict[str, str] = field(default_factory=dict)  # "msgstr" or "msgstr[n]" -> text


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file; obsolete entries (#~) are left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    key = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if current is None or current.msgid or current.translations:
                current = Entry(line=number)
                entries.append(current)
            if line.startswith("#,"):
                current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith(("msgctxt", "msgid ")) and (current is None or current.translations):
            current = Entry(line=number)
            entries.append(current)
        assert current is not None, f"line {number}: text outside an entry"
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgid":
                current.msgid += value
            elif key.startswith("msgstr"):
                current.translations[key] += value
            continue
        key, _, rest = line.partition(" ")
        value = ast.literal_eval(rest)
        if key == "msgid":
            current.msgid = value
        elif key.startswith("msgstr"):
            current.translations[key] = value
    return entries


def test_the_parser_reads_plurals_continuations_and_flags() -> None:
    entries = parse_po(
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "%(n)s 天"\n\n'
        'msgid ""\n"Two "\n"lines"\nmsgstr ""\n\n#~ msgid "old"\n#~ msgstr ""\n'
    )
    assert [entry.msgid for entry in entries] == ["", "%(n)s day", "Two lines"]
    assert entries[1].flags == {"fuzzy", "python-format"}
    assert entries[1].translations == {"msgstr[0]": "%(n)s 天"}
    assert entries[2].translations == {"msgstr": ""}


def test_there_are_catalogues() -> None:
    assert len(CATALOGUES) >= 10


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_catalogue_is_complete(catalogue: Path) -> None:
    problems = []
    for entry in parse_po(catalogue.read_text(encoding="utf-8")):
        if not entry.msgid:
            continue  # the header
        if "fuzzy" in entry.flags:
            problems.append(f"line {entry.line}: fuzzy: {entry.msgid!r}")
        if not entry.translations or any(not text.strip() for text in entry.translations.values()):
            problems.append(f"line {entry.line}: untranslated: {entry.msgid!r}")
    assert not problems, f"{catalogue.relative_to(ROOT)}:\n" + "\n".join(problems)
