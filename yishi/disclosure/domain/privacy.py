"""PI-1: a public notice never carries a full mobile number or resident-ID number (个保法第六、十三、二十五条).

Landline numbers with an area code are left alone: committees publish their office number as the
contact on notices, and an office line identifies an office, not a resident.
"""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from yishi.people.domain.identity import mask_id_number, mask_phone

_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ＋－", "0123456789XX+-")
# A mobile number: 1[3-9] and nine more digits, written plainly or grouped 3-4-4 by spaces or dashes,
# optionally after +86; not part of a longer run of digits.
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?(1[3-9][0-9])[ -]?([0-9]{4})[ -]?([0-9]{4})(?![0-9])")
# A resident-ID number: 6-digit region, 8-digit birth date, 3-digit sequence, a check digit or X.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])([0-9]{6})([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{3})([0-9Xx])(?![0-9A-Za-z])")


class IdentifierKind(StrEnum):
    PHONE = "phone"
    ID_NUMBER = "id_number"


@dataclass(frozen=True, kw_only=True)
class Finding:
    """A full identifier found in a field: what kind, where, and its masked form (safe to show)."""

    kind: IdentifierKind
    field: str
    masked: str


def _plausible_birth_date(year: str, month: str, day: str) -> bool:
    if not 1900 <= int(year) <= 2100:
        return False
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _spans(text: str) -> list[tuple[int, int, IdentifierKind, str]]:
    normal = text.translate(_FULLWIDTH)
    found: list[tuple[int, int, IdentifierKind, str]] = []
    for match in _ID_NUMBER.finditer(normal):
        if _plausible_birth_date(match.group(2), match.group(3), match.group(4)):
            digits = "".join(match.groups()).upper()
            found.append((match.start(), match.end(), IdentifierKind.ID_NUMBER, mask_id_number(digits)))
    for match in _MOBILE.finditer(normal):
        if any(start <= match.start() < end for start, end, _kind, _masked in found):
            continue
        found.append((match.start(), match.end(), IdentifierKind.PHONE, mask_phone("".join(match.groups()))))
    return sorted(found)


def find_identifiers(fields: Mapping[str, str]) -> list[Finding]:
    """Every full mobile or ID number in the named text fields, masked, in field then text order."""
    return [
        Finding(kind=kind, field=name, masked=masked)
        for name, text in fields.items()
        for _start, _end, kind, masked in _spans(text)
    ]


def mask_identifiers(text: str) -> str:
    """The text with every full mobile or ID number replaced by its masked form (138****8001)."""
    pieces: list[str] = []
    cursor = 0
    for start, end, _kind, masked in _spans(text):
        pieces.append(text[cursor:start])
        pieces.append(masked)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)
