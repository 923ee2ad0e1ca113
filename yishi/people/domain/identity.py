"""Phone and resident-ID numbers: normalising, checking and masking (RULES.md §7, PI-1)."""

import datetime
import re
from dataclasses import dataclass

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class InvalidIdentifier(ValueError):
    """A phone or ID number that cannot be right; `code` names why."""

    code: str


def normalize_phone(raw: str) -> str:
    """Digits only, without +86/0086; raises InvalidIdentifier when it is no Chinese phone number."""
    text = raw.strip().translate(str.maketrans("０１２３４５６７８９＋", "0123456789+"))
    text = re.sub(r"[\s\-()（）]", "", text)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    if not text.isdigit():
        raise InvalidIdentifier("phone_not_digits")
    if _MOBILE.match(text) or _LANDLINE.match(text):
        return text
    raise InvalidIdentifier("phone_malformed")


def is_mobile(phone: str) -> bool:
    """Whether a normalised phone number is a mobile number (one that can receive a code)."""
    return bool(_MOBILE.match(phone))


def mask_phone(phone: str) -> str:
    """138****1234: enough to recognise one's own number, not enough to call it."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def normalize_id_number(raw: str) -> str:
    """An 18-character resident ID number with a valid check digit, upper-case X."""
    text = raw.strip().upper().translate(str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX"))
    if len(text) != 18 or not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise InvalidIdentifier("id_malformed")
    total = sum(int(digit) * weight for digit, weight in zip(text[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != text[17]:
        raise InvalidIdentifier("id_checksum")
    try:
        datetime.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError as error:
        raise InvalidIdentifier("id_birth_date") from error
    return text


def birth_date_from_id(id_number: str) -> datetime.date:
    """The birth date written in a normalised ID number."""
    return datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def mask_id_number(id_number: str) -> str:
    """1101**********1234: region prefix and last four only."""
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]


def with_check_digit(first_seventeen: str) -> str:
    """Complete 17 digits with their check character (used to make demo and test data)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_seventeen, _ID_WEIGHTS, strict=True))
    return first_seventeen + _ID_CHECK[total % 11]


def age_on(*, birth_date: datetime.date, on: datetime.date) -> int:
    """Whole years of age on a day; one born on 29 February turns a year older on 1 March."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
