"""Exact rounding of Fractions to the Decimal points that are published."""

import math
from decimal import Decimal
from fractions import Fraction


def round_half_up(value: Fraction, *, places: int = 2) -> Decimal:
    """Round an exact value to `places` decimals, halves away from zero (ROUND_HALF_UP), without floats."""
    scaled = value * 10**places
    magnitude = math.floor(abs(scaled) + Fraction(1, 2))
    # Built from its digits, the Decimal is exact whatever the context's precision: no double rounding.
    digits = tuple(int(digit) for digit in str(magnitude))
    return Decimal((1 if scaled < 0 and magnitude else 0, digits, -places))
