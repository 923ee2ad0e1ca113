"""docs/glossary.md stays in step with the code: every model of the project's apps has its row."""

import re
from pathlib import Path

from django.apps import apps
from django.utils import translation

GLOSSARY = Path(__file__).resolve().parent.parent / "docs" / "glossary.md"

# Models whose name is plumbing, not a domain concept (none yet): label -> why.
ALLOWED_WITHOUT_ENTRY: dict[str, str] = {}

_ROW = re.compile(r"^\|(?P<english>[^|]+)\|(?P<chinese>[^|]+)\|")


def glossary_rows() -> list[tuple[list[str], str]]:
    """(English terms in lower case, Chinese term) for every row of every table of the glossary."""
    rows: list[tuple[list[str], str]] = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line.strip())
        if not match:
            continue
        english, chinese = match.group("english").strip(), match.group("chinese").strip()
        if english.lower() == "english" or set(english) <= {"-", " ", ":"}:
            continue  # a header or the separator below it
        rows.append(([part.strip().lower() for part in english.split(";")], chinese))
    return rows


def glossary_terms() -> dict[str, str]:
    """English term (lower case) -> Chinese term."""
    return {term: chinese for terms, chinese in glossary_rows() for term in terms}


def project_models() -> list[tuple[str, str]]:
    with translation.override("en"):
        return [
            (model._meta.label, str(model._meta.verbose_name))
            for model in apps.get_models()
            if model.__module__.startswith("yishi.")
        ]


def test_glossary_parses() -> None:
    terms = glossary_terms()
    assert len(terms) > 100
    assert terms["matter"] == "议题 / 事项"
    assert terms["owners' joint decision"] == "业主共同决定"
    assert all(chinese for chinese in terms.values())


def test_every_model_is_in_the_glossary() -> None:
    terms = glossary_terms()
    missing = [
        f"{label} ({name!r})"
        for label, name in project_models()
        if name.lower() not in terms and label not in ALLOWED_WITHOUT_ENTRY
    ]
    assert not missing, "Add these to docs/glossary.md (English | 中文 | meaning): " + ", ".join(missing)


def test_allow_list_names_only_existing_models() -> None:
    labels = {label for label, _ in project_models()}
    assert set(ALLOWED_WITHOUT_ENTRY) <= labels


def test_each_english_term_appears_once() -> None:
    seen = [term for terms, _ in glossary_rows() for term in terms]
    duplicates = sorted({term for term in seen if seen.count(term) > 1})
    assert not duplicates, f"Terms listed twice in docs/glossary.md: {duplicates}"
