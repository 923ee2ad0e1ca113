"""Registration and turnout rates against the bar seed 002 quotes (江苏: 登记率 98.3 %, 参选率 96.1 %).

Rates are exact fractions; they are shown with one decimal, rounded half up, and compared exactly.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

REGISTRATION_BAR = Fraction(983, 1000)
TURNOUT_BAR = Fraction(961, 1000)


@dataclass(frozen=True)
class Rate:
    """A share with its figures, shown as a percentage, and whether it reaches a bar."""

    numerator: int
    denominator: int
    bar: Fraction

    @property
    def fraction(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def percent(self) -> Decimal | None:
        share = self.fraction
        if share is None:
            return None
        exact = Decimal(share.numerator * 100) / Decimal(share.denominator)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def bar_percent(self) -> Decimal:
        return (Decimal(self.bar.numerator * 100) / Decimal(self.bar.denominator)).quantize(Decimal("0.1"))

    @property
    def reaches_bar(self) -> bool:
        share = self.fraction
        return share is not None and share >= self.bar


def registration_rate(*, registered: int, eligible: int) -> Rate:
    """Registered voters over residents with the right to vote."""
    return Rate(numerator=registered, denominator=eligible, bar=REGISTRATION_BAR)


def turnout_rate(*, voters: int, registered: int) -> Rate:
    """Registered voters who voted over registered voters."""
    return Rate(numerator=voters, denominator=registered, bar=TURNOUT_BAR)
