"""Fill empty msgstr entries of a .po file from a JSON object {msgid: translation}; list what is still empty.

Usage: python scripts/pofill.py PO_FILE [TRANSLATIONS.json]
Handles single-line and multi-line msgid entries and plural forms (msgstr[0] only, Chinese has one form).
A fuzzy entry (makemessages' guess) counts as untranslated until a translation for it is given.
"""

import json
import sys
from pathlib import Path


def _unquote(lines: list[str]) -> str:
    return "".join(json.loads(line) for line in lines)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def fill(po_path: Path, translations: dict[str, str]) -> list[str]:
    """Fill the file in place; return the msgids still untranslated."""
    source = po_path.read_text(encoding="utf-8").split("\n")
    output: list[str] = []
    missing: list[str] = []
    pending_fuzzy = False
    pending_fuzzy_flags: list[str] = []
    index = 0
    while index < len(source):
        line = source[index]
        if line.startswith("#,") and "fuzzy" in line:
            # A guess by makemessages: keep it only until a real translation is given.
            flags = [flag.strip() for flag in line[2:].split(",") if flag.strip() and flag.strip() != "fuzzy"]
            pending_fuzzy_flags = flags
            pending_fuzzy = True
            index += 1
            continue
        if line.startswith("msgid ") and not line.startswith('msgid ""\nmsgstr'):
            block = [line[6:]]
            index += 1
            while index < len(source) and source[index].startswith('"'):
                block.append(source[index])
                index += 1
            msgid = _unquote(block)
            output.append("msgid " + block[0])
            output.extend(block[1:])
            plural: list[str] = []
            if index < len(source) and source[index].startswith("msgid_plural "):
                plural = [source[index]]
                index += 1
                while index < len(source) and source[index].startswith('"'):
                    plural.append(source[index])
                    index += 1
                output.extend(plural)
            key = "msgstr[0] " if plural else "msgstr "
            strings: list[str] = []
            if index < len(source) and source[index].startswith(key):
                strings = [source[index][len(key) :]]
                index += 1
                while index < len(source) and source[index].startswith('"'):
                    strings.append(source[index])
                    index += 1
            current = _unquote(strings) if strings else ""
            still_fuzzy = pending_fuzzy and bool(msgid)
            if msgid in translations and (not current or still_fuzzy):
                current = translations[msgid]
                still_fuzzy = False
            if msgid and (not current or still_fuzzy):
                missing.append(msgid)
            flags_line = pending_fuzzy_flags + (["fuzzy"] if still_fuzzy else [])
            if pending_fuzzy and flags_line:
                # Flags belong before msgid: insert them above the entry's first line.
                position = len(output) - len(block) - len(plural)
                output.insert(position, "#, " + ", ".join(flags_line))
            pending_fuzzy = False
            pending_fuzzy_flags = []
            output.append(key + _quote(current))
            continue
        output.append(line)
        index += 1
    text = "\n".join(output)
    po_path.write_text(text, encoding="utf-8")
    return missing


if __name__ == "__main__":
    po = Path(sys.argv[1])
    mapping = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")) if len(sys.argv) > 2 else {}
    left = fill(po, mapping)
    for msgid in left:
        print(json.dumps(msgid, ensure_ascii=False))
    sys.exit(1 if left else 0)
