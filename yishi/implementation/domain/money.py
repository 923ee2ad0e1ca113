"""Money, hours and quantities of the implementation step: exact decimals, never floats (NUM-4)."""

from decimal import Decimal, InvalidOperation
from enum import StrEnum

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
# Sums above these are typing mistakes in a community project, not real figures.
MONEY_LIMIT = Decimal("100000000")
HOURS_LIMIT = Decimal("1000")
QUANTITY_LIMIT = Decimal("1000000")
ZERO = Decimal("0.00")


class AmountProblem(StrEnum):
    """Why a typed figure cannot be taken."""

    INVALID = "amount_invalid"
    NOT_POSITIVE = "amount_not_positive"
    NEGATIVE = "amount_negative"
    PRECISION = "amount_precision"
    TOO_LARGE = "amount_too_large"


class AmountError(ValueError):
    """A figure that cannot be right, and why."""

    def __init__(self, problem: AmountProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def _decimal(raw: object) -> Decimal:
    if isinstance(raw, float):
        # A binary float cannot hold most cent amounts exactly; figures arrive as text or Decimal.
        raise AmountError(AmountProblem.INVALID)
    if isinstance(raw, Decimal):
        value = raw
    else:
        text = str(raw if raw is not None else "").strip()
        for noise in ("¥", "￥", "元", " ", ",", "，"):
            text = text.replace(noise, "")
        try:
            value = Decimal(text)
        except InvalidOperation as error:
            raise AmountError(AmountProblem.INVALID) from error
    if not value.is_finite():
        raise AmountError(AmountProblem.INVALID)
    return value


def _checked(raw: object, *, step: Decimal, limit: Decimal, allow_zero: bool) -> Decimal:
    value = _decimal(raw)
    if value < 0:
        raise AmountError(AmountProblem.NEGATIVE)
    if value == 0 and not allow_zero:
        raise AmountError(AmountProblem.NOT_POSITIVE)
    if value != value.quantize(step):
        raise AmountError(AmountProblem.PRECISION)
    if value >= limit:
        raise AmountError(AmountProblem.TOO_LARGE)
    return value.quantize(step)


def parse_money(raw: object, *, allow_zero: bool = False) -> Decimal:
    """A positive sum of yuan with at most two decimal places ("1,200.50", "¥80" and Decimal accepted)."""
    return _checked(raw, step=CENT, limit=MONEY_LIMIT, allow_zero=allow_zero)


def parse_hours(raw: object) -> Decimal:
    """Positive hours of work, to a tenth of an hour."""
    return _checked(raw, step=TENTH, limit=HOURS_LIMIT, allow_zero=False)


def parse_quantity(raw: object) -> Decimal:
    """A positive quantity of materials, to a hundredth."""
    return _checked(raw, step=CENT, limit=QUANTITY_LIMIT, allow_zero=False)


def cents(value: Decimal | int | None) -> Decimal:
    """A database sum as yuan and fen: SQLite returns sums of decimals with spurious digits, None for no rows."""
    return Decimal(value or 0).quantize(CENT)


def tenths(value: Decimal | int | None) -> Decimal:
    """A database sum of hours to a tenth of an hour (None for no rows)."""
    return Decimal(value or 0).quantize(TENTH)
