"""Every Chinese catalogue is complete: no empty msgstr and no fuzzy entry in any zh_Hans django.po.

Django merges the catalogues of all apps into one per language (the project's yishi/locale first, then the apps in
the order of INSTALLED_APPS), so a message translated differently in two apps shows the first app's Chinese on the
other app's pages too. A message that means different things in different apps needs a context (pgettext, or
{% translate "Post" context "hall" %}) or a more precise English string.
"""

import ast
import gettext
import shutil
import subprocess
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


def compiled_catalogue(catalogue: Path, directory: Path) -> dict[object, str]:
    """The messages of a .po file as Django reads them: compiled with msgfmt (the .mo files are not kept in git)."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (GNU gettext) is needed to compile the catalogues"
    target = directory / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(target), str(catalogue)], check=True)
    with target.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def describe(key: object) -> str:
    """msgctxt and msgid of a catalogue key: "context\\x04msgid", or (msgid, plural index) for plural forms."""
    text, plural = key if isinstance(key, tuple) else (key, None)
    context, _, msgid = str(text).rpartition("\x04")
    shown = (f"[{context}] " if context else "") + repr(msgid)
    return shown + (f" (plural form {plural})" if plural is not None else "")


def test_a_message_has_one_translation_across_the_project(tmp_path: Path) -> None:
    translations: dict[object, dict[str, list[str]]] = {}
    for number, catalogue in enumerate(CATALOGUES):
        app = str(catalogue.parent.parent.parent.parent.relative_to(ROOT))
        directory = tmp_path / str(number)
        directory.mkdir()
        for key, text in compiled_catalogue(catalogue, directory).items():
            msgid = key[0] if isinstance(key, tuple) else key
            if not msgid or not text:
                continue  # the header; an empty msgstr is test_catalogue_is_complete's business
            translations.setdefault(key, {}).setdefault(text, []).append(app)
    conflicts = [
        describe(key) + ": " + "; ".join(f"{text!r} in {', '.join(apps)}" for text, apps in sorted(found.items()))
        for key, found in translations.items()
        if len(found) > 1
    ]
    assert not conflicts, (
        f"{len(conflicts)} message(s) translated differently in different catalogues; use one translation, or give "
        "the odd one out a context or a more precise English string:\n" + "\n".join(sorted(conflicts))
    )
