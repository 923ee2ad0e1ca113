"""Strict reading of JSON case objects: exact numbers, ISO dates, enums, and no unknown fields."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TypeVar

from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.numbers import Threshold

E = TypeVar("E", bound=StrEnum)

_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
_FRACTION = re.compile(r"(-?\d+)/(-?\d+)")


def to_count(value: object, *, field: str) -> int:
    """A JSON integer (booleans and floats rejected)."""
    if isinstance(value, float):
        raise DomainError(ErrorCode.FLOAT_NOT_ALLOWED, field=field)
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(ErrorCode.INVALID_TYPE, field=field)
    return value


def to_decimal(value: object, *, field: str) -> Decimal:
    """A decimal string such as "6812.40" (or an integer); floats are rejected (NUM-4)."""
    if isinstance(value, float):
        raise DomainError(ErrorCode.FLOAT_NOT_ALLOWED, field=field)
    if isinstance(value, bool):
        raise DomainError(ErrorCode.INVALID_TYPE, field=field)
    if isinstance(value, int):
        return Decimal(value)
    if not isinstance(value, str):
        raise DomainError(ErrorCode.INVALID_TYPE, field=field)
    if not _DECIMAL.fullmatch(value.strip()):
        raise DomainError(ErrorCode.INVALID_NUMBER, field=field)
    return Decimal(value.strip())


def to_number(value: object, *, field: str) -> int | Decimal:
    """An integer count, or a decimal string for areas and other measures."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return to_decimal(value, field=field)


def to_fraction(value: object, *, field: str) -> Fraction:
    """A fraction written "k/m", a decimal string, or the integers 0 and 1."""
    if isinstance(value, str):
        match = _FRACTION.fullmatch(value.strip())
        if match:
            numerator, denominator = int(match.group(1)), int(match.group(2))
            if denominator <= 0:
                raise DomainError(ErrorCode.ZERO_DENOMINATOR, field=field)
            return Fraction(numerator, denominator)
    return Fraction(to_decimal(value, field=field))


def to_bool(value: object, *, field: str) -> bool:
    """A JSON boolean."""
    if not isinstance(value, bool):
        raise DomainError(ErrorCode.INVALID_TYPE, field=field)
    return value


def to_text(value: object, *, field: str) -> str:
    """A non-empty JSON string."""
    if not isinstance(value, str):
        raise DomainError(ErrorCode.INVALID_TYPE, field=field)
    if not value:
        raise DomainError(ErrorCode.MISSING_FIELD, field=field)
    return value


def to_date(value: object, *, field: str) -> date:
    """An ISO date "YYYY-MM-DD"."""
    text = to_text(value, field=field)
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        raise DomainError(ErrorCode.INVALID_DATE, field=field) from None
    if len(text) != len("YYYY-MM-DD"):
        raise DomainError(ErrorCode.INVALID_DATE, field=field)
    return parsed


def to_choice(value: object, enum: type[E], *, field: str) -> E:
    """A member of `enum`, given by its value."""
    text = to_text(value, field=field)
    try:
        return enum(text)
    except ValueError:
        raise DomainError(ErrorCode.INVALID_CHOICE, field=field) from None


def to_list(value: object, *, field: str) -> Sequence[object]:
    """A JSON array."""
    if not isinstance(value, list):
        raise DomainError(ErrorCode.INVALID_TYPE, field=field)
    return value


def to_mapping(value: object, *, field: str) -> Mapping[str, object]:
    """A JSON object with string keys."""
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise DomainError(ErrorCode.INVALID_CASE, field=field)
    return value


class Fields:
    """Reads the fields of one JSON object by name, remembering which were used."""

    def __init__(self, data: object, *, path: str) -> None:
        self._data = to_mapping(data, field=path or "case")
        self._path = path
        self._used: set[str] = set()

    def name(self, key: str) -> str:
        """Full dotted name of a field, for error messages."""
        return f"{self._path}.{key}" if self._path else key

    def names(self) -> tuple[str, ...]:
        """Names of all fields present."""
        return tuple(self._data)

    def has(self, key: str) -> bool:
        """Whether the field is present and not null."""
        return self._data.get(key) is not None

    def raw(self, key: str) -> object:
        """The field's value, which must be present."""
        self._used.add(key)
        value = self._data.get(key)
        if value is None:
            raise DomainError(ErrorCode.MISSING_FIELD, field=self.name(key))
        return value

    def count(self, key: str, default: int | None = None) -> int:
        """An integer field, optional when a default is given."""
        if default is not None and not self.has(key):
            self._used.add(key)
            return default
        return to_count(self.raw(key), field=self.name(key))

    def optional_count(self, key: str) -> int | None:
        """An integer field that may be absent or null."""
        self._used.add(key)
        return self.count(key) if self.has(key) else None

    def decimal(self, key: str, default: Decimal | None = None) -> Decimal:
        """A decimal-string field, optional when a default is given."""
        if default is not None and not self.has(key):
            self._used.add(key)
            return default
        return to_decimal(self.raw(key), field=self.name(key))

    def optional_decimal(self, key: str) -> Decimal | None:
        """A decimal-string field that may be absent or null."""
        self._used.add(key)
        return self.decimal(key) if self.has(key) else None

    def number(self, key: str) -> int | Decimal:
        """An integer or decimal-string field."""
        return to_number(self.raw(key), field=self.name(key))

    def flag(self, key: str, default: bool | None = None) -> bool:
        """A boolean field, optional when a default is given."""
        if default is not None and not self.has(key):
            self._used.add(key)
            return default
        return to_bool(self.raw(key), field=self.name(key))

    def text(self, key: str) -> str:
        """A string field."""
        return to_text(self.raw(key), field=self.name(key))

    def day(self, key: str) -> date:
        """An ISO date field."""
        return to_date(self.raw(key), field=self.name(key))

    def optional_day(self, key: str) -> date | None:
        """An ISO date field that may be absent or null."""
        self._used.add(key)
        return self.day(key) if self.has(key) else None

    def choice(self, key: str, enum: type[E], default: E | None = None) -> E:
        """An enum field given by value, optional when a default is given."""
        if default is not None and not self.has(key):
            self._used.add(key)
            return default
        return to_choice(self.raw(key), enum, field=self.name(key))

    def items(self, key: str) -> Sequence[object]:
        """An array field."""
        return to_list(self.raw(key), field=self.name(key))

    def optional_items(self, key: str) -> Sequence[object]:
        """An array field that may be absent (empty)."""
        self._used.add(key)
        return self.items(key) if self.has(key) else ()

    def mapping(self, key: str) -> Mapping[str, object]:
        """An object field, as a plain mapping."""
        return to_mapping(self.raw(key), field=self.name(key))

    def optional_mapping(self, key: str) -> Mapping[str, object]:
        """An object field that may be absent (empty)."""
        self._used.add(key)
        return self.mapping(key) if self.has(key) else {}

    def nested(self, key: str) -> Fields:
        """An object field, read with its own Fields."""
        return Fields(self.raw(key), path=self.name(key))

    def optional_nested(self, key: str) -> Fields | None:
        """An object field that may be absent or null."""
        self._used.add(key)
        return self.nested(key) if self.has(key) else None

    def threshold(self, key: str) -> Threshold:
        """A threshold object {"fraction": "2/3", "inclusive": true}."""
        return read_threshold(self.raw(key), field=self.name(key))

    def optional_threshold(self, key: str) -> Threshold | None:
        """A threshold object that may be absent or null."""
        self._used.add(key)
        return self.threshold(key) if self.has(key) else None

    def finish(self) -> None:
        """Reject fields that were not read (typos, unsupported options)."""
        for key in self._data:
            if key not in self._used:
                raise DomainError(ErrorCode.UNKNOWN_FIELD, field=self.name(key))


def read_threshold(value: object, *, field: str) -> Threshold:
    """A threshold object {"fraction": "2/3", "inclusive": true}; impossible thresholds are errors."""
    fields = Fields(value, path=field)
    fraction = to_fraction(fields.raw("fraction"), field=fields.name("fraction"))
    inclusive = fields.flag("inclusive")
    fields.finish()
    try:
        return Threshold(fraction, inclusive)
    except DomainError as error:
        raise DomainError(error.code, field=fields.name("fraction")) from None
