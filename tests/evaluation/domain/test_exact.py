"""Exact half-up rounding of Fractions to published Decimals."""

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yishi.evaluation.domain.exact import round_half_up


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(1, 200), 2, "0.01"),
        (Fraction(-1, 200), 2, "-0.01"),
        (Fraction(1, 201), 2, "0.00"),
        (Fraction(-1, 1000), 2, "0.00"),
        (Fraction(2, 3), 2, "0.67"),
        (Fraction(100), 2, "100.00"),
        (Fraction(0), 2, "0.00"),
        (Fraction(5, 2), 0, "3"),
        (Fraction(1, 3), 4, "0.3333"),
        (Fraction(10**40 + 5, 1000), 2, "10000000000000000000000000000000000000.01"),
    ],
)
def test_round_half_up(value: Fraction, places: int, expected: str) -> None:
    rounded = round_half_up(value, places=places)
    assert str(rounded) == expected
    assert rounded.as_tuple().exponent == -places


@given(value=st.fractions(min_value=-10_000, max_value=10_000, max_denominator=10_000))
def test_matches_decimal_quantize_with_enough_precision(value: Fraction) -> None:
    with localcontext() as context:
        context.prec = 60
        reference = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    assert round_half_up(value) == reference
