"""Exact threshold arithmetic (NUM-1 to NUM-4): integers and rationals, cross-multiplication, no floats."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from yishi.decisions.domain.errors import DomainError, ErrorCode

Number = int | Decimal | Fraction


def exact(value: Number, *, field: str = "value") -> Fraction:
    """Convert an int, Decimal or Fraction to an exact Fraction; reject bool, NaN and infinities."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        raise DomainError(ErrorCode.INVALID_TYPE, field=field)
    if isinstance(value, Decimal) and not value.is_finite():
        raise DomainError(ErrorCode.INVALID_NUMBER, field=field)
    return Fraction(value)


def _non_negative(value: Number, *, field: str) -> Fraction:
    result = exact(value, field=field)
    if result < 0:
        raise DomainError(ErrorCode.NEGATIVE_VALUE, field=field)
    return result


@dataclass(frozen=True)
class Threshold:
    """A share of a total: `fraction` with `inclusive` (以上, >=) or strict (超过/过半数, >)."""

    fraction: Fraction
    inclusive: bool

    def __post_init__(self) -> None:
        if isinstance(self.fraction, bool) or not isinstance(self.fraction, Fraction):
            raise DomainError(ErrorCode.INVALID_TYPE, field="fraction")
        if self.fraction < 0 or self.fraction > 1:
            raise DomainError(ErrorCode.INVALID_THRESHOLD, field="fraction")
        if self.fraction == 1 and not self.inclusive:
            raise DomainError(ErrorCode.IMPOSSIBLE_THRESHOLD, field="fraction")

    @classmethod
    def of(cls, numerator: int, denominator: int, *, inclusive: bool) -> Threshold:
        """Build a threshold from k/m; a zero or negative denominator is an error."""
        if denominator <= 0:
            raise DomainError(ErrorCode.ZERO_DENOMINATOR, field="fraction")
        return cls(Fraction(numerator, denominator), inclusive)

    def is_met(self, *, value: Number, total: Number) -> bool:
        """Whether value/total reaches this threshold, by cross-multiplication."""
        return meets(value=value, total=total, threshold=self)

    def smallest_count(self, *, total: int) -> int:
        """The smallest whole count that reaches this threshold of `total`."""
        return smallest_qualifying_count(total=total, threshold=self)


MORE_THAN_HALF = Threshold(Fraction(1, 2), inclusive=False)
ONE_TENTH_OR_MORE = Threshold(Fraction(1, 10), inclusive=True)
ONE_FIFTH_OR_MORE = Threshold(Fraction(1, 5), inclusive=True)
ONE_THIRD_OR_MORE = Threshold(Fraction(1, 3), inclusive=True)
TWO_THIRDS_OR_MORE = Threshold(Fraction(2, 3), inclusive=True)
THREE_QUARTERS_OR_MORE = Threshold(Fraction(3, 4), inclusive=True)
FOUR_FIFTHS_OR_MORE = Threshold(Fraction(4, 5), inclusive=True)


def meets(*, value: Number, total: Number, threshold: Threshold) -> bool:
    """Whether value reaches `threshold` of total: value*m >= k*total (inclusive) or > (strict)."""
    amount = _non_negative(value, field="value")
    whole = _non_negative(total, field="total")
    # A share of a zero total reaches nothing: with nobody present or voting, no threshold is met.
    if whole == 0:
        return False
    left = amount * threshold.fraction.denominator
    right = whole * threshold.fraction.numerator
    return left >= right if threshold.inclusive else left > right


def more_than_half(*, value: Number, total: Number) -> bool:
    """过半数 (NUM-2): strictly more than half, value*2 > total; exactly half fails."""
    return meets(value=value, total=total, threshold=MORE_THAN_HALF)


def at_least_fraction(*, value: Number, total: Number, numerator: int, denominator: int) -> bool:
    """NUM-1 "k/m 以上": value*m >= k*total, the number itself included."""
    return meets(value=value, total=total, threshold=Threshold.of(numerator, denominator, inclusive=True))


def more_than_fraction(*, value: Number, total: Number, numerator: int, denominator: int) -> bool:
    """NUM-1 "超过 k/m": value*m > k*total, the number itself excluded."""
    return meets(value=value, total=total, threshold=Threshold.of(numerator, denominator, inclusive=False))


def not_less_than(*, value: Number, bound: Number) -> bool:
    """不少于 (NUM-3): value >= bound."""
    return _non_negative(value, field="value") >= _non_negative(bound, field="bound")


def smallest_qualifying_count(*, total: int, threshold: Threshold) -> int:
    """Smallest whole count reaching threshold of total: ceil(k*n/m), or floor(k*n/m)+1 if strict."""
    # The result may exceed `total` (then no count qualifies); for a zero total no count qualifies at all.
    if isinstance(total, bool) or not isinstance(total, int):
        raise DomainError(ErrorCode.INVALID_TYPE, field="total")
    if total < 0:
        raise DomainError(ErrorCode.NEGATIVE_VALUE, field="total")
    product = threshold.fraction.numerator * total
    denominator = threshold.fraction.denominator
    if threshold.inclusive:
        return -((-product) // denominator)
    return product // denominator + 1


def smallest_majority(*, total: int) -> int:
    """Smallest count that is 过半数 of total: floor(n/2) + 1."""
    return smallest_qualifying_count(total=total, threshold=MORE_THAN_HALF)
