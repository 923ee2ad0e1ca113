"""Table rows of an accounts notice (财务收支): item, amount and date, with exact decimal arithmetic (NUM-4)."""

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

MAX_ROWS = 500
MAX_ITEM_LENGTH = 200
_LIMIT = Decimal("1000000000000")
_CENT = Decimal("0.01")
_SEPARATOR = re.compile(r"\s*[|｜\t]\s*")


class RowProblem(StrEnum):
    ITEM_EMPTY = "row_item_empty"
    ITEM_LONG = "row_item_long"
    AMOUNT_INVALID = "row_amount_invalid"
    AMOUNT_PRECISION = "row_amount_precision"
    AMOUNT_TOO_LARGE = "row_amount_too_large"
    DATE_INVALID = "row_date_invalid"
    SHAPE = "row_shape"
    TOO_MANY = "rows_too_many"


@dataclass(frozen=True)
class RowError(ValueError):
    """A row that cannot be right: which one (1-based) and why."""

    number: int
    problem: RowProblem


@dataclass(frozen=True, kw_only=True)
class Row:
    """One line of an accounts table; a negative amount is an expenditure."""

    item: str
    amount: Decimal
    date: datetime.date | None

    def as_json(self) -> dict[str, str]:
        return {"item": self.item, "amount": str(self.amount), "date": self.date.isoformat() if self.date else ""}


def parse_amount(raw: str, *, number: int) -> Decimal:
    """A money amount in yuan with at most two decimal places; thousands separators and ¥ allowed."""
    text = raw.strip()
    for noise in ("¥", "￥", "元", " ", ",", "，"):
        text = text.replace(noise, "")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise RowError(number, RowProblem.AMOUNT_INVALID) from error
    if not value.is_finite():
        raise RowError(number, RowProblem.AMOUNT_INVALID)
    if value != value.quantize(_CENT):
        raise RowError(number, RowProblem.AMOUNT_PRECISION)
    if abs(value) >= _LIMIT:
        raise RowError(number, RowProblem.AMOUNT_TOO_LARGE)
    return value.quantize(_CENT)


def parse_date(raw: str, *, number: int) -> datetime.date | None:
    """An ISO date (2026-03-01, or 2026/3/1, or 2026.3.1); blank means no date."""
    text = raw.strip()
    if not text:
        return None
    parts = re.split(r"[-/.年月日]", text.rstrip("日"))
    try:
        year, month, day = (int(part) for part in parts)
        return datetime.date(year, month, day)
    except ValueError as error:
        raise RowError(number, RowProblem.DATE_INVALID) from error


def make_row(*, item: Any, amount: Any, date: Any, number: int) -> Row:
    """A checked row from loose values (text from a form, JSON from the API)."""
    text = str(item or "").strip()
    if not text:
        raise RowError(number, RowProblem.ITEM_EMPTY)
    if len(text) > MAX_ITEM_LENGTH:
        raise RowError(number, RowProblem.ITEM_LONG)
    if isinstance(amount, float):
        # Binary floats cannot hold most cent amounts exactly; insist on text (NUM-4).
        raise RowError(number, RowProblem.AMOUNT_INVALID)
    value = parse_amount(str(amount if amount is not None else ""), number=number)
    if isinstance(date, datetime.date):
        day: datetime.date | None = date
    else:
        day = parse_date(str(date or ""), number=number)
    return Row(item=text, amount=value, date=day)


def rows_from_data(data: Iterable[Mapping[str, Any]]) -> tuple[Row, ...]:
    """Rows from JSON-like mappings with keys item, amount, date."""
    entries = list(data)
    if len(entries) > MAX_ROWS:
        raise RowError(MAX_ROWS + 1, RowProblem.TOO_MANY)
    rows: list[Row] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping):
            raise RowError(number, RowProblem.SHAPE)
        rows.append(make_row(item=entry.get("item"), amount=entry.get("amount"), date=entry.get("date"), number=number))
    return tuple(rows)


def rows_from_text(text: str) -> tuple[Row, ...]:
    """Rows typed one per line as "item | amount | date" (the date may be left out)."""
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    if len(lines) > MAX_ROWS:
        raise RowError(MAX_ROWS + 1, RowProblem.TOO_MANY)
    rows: list[Row] = []
    for number, line in enumerate(lines, start=1):
        parts = _SEPARATOR.split(line.strip())
        if len(parts) not in {2, 3}:
            raise RowError(number, RowProblem.SHAPE)
        rows.append(make_row(item=parts[0], amount=parts[1], date=parts[2] if len(parts) == 3 else "", number=number))
    return tuple(rows)


def rows_as_text(rows: Sequence[Row]) -> str:
    """The rows written back in the form's "item | amount | date" shape."""
    return "\n".join(
        " | ".join([row.item, str(row.amount), *([row.date.isoformat()] if row.date else [])]) for row in rows
    )


def total(rows: Iterable[Row]) -> Decimal:
    """The exact sum of the amounts."""
    return sum((row.amount for row in rows), Decimal("0.00"))
