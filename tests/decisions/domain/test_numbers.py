"""Exact threshold arithmetic (NUM-1 to NUM-4): boundaries, smallest counts and properties."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yishi.decisions.domain.arithmetic import evaluate_threshold
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.numbers import (
    MORE_THAN_HALF,
    THREE_QUARTERS_OR_MORE,
    TWO_THIRDS_OR_MORE,
    Threshold,
    at_least_fraction,
    exact,
    meets,
    more_than_fraction,
    more_than_half,
    not_less_than,
    smallest_majority,
    smallest_qualifying_count,
)

PROPERTY = settings(database=None, deadline=None)


@pytest.mark.parametrize(
    ("value", "total", "expected"),
    [
        (50, 100, False),  # exactly half is not 过半数
        (51, 100, True),
        (2, 4, False),
        (3, 5, True),
        (1, 1, True),
        (0, 1, False),
        (Decimal("5000.00"), Decimal("10000.00"), False),
        (Decimal("5000.01"), Decimal("10000.00"), True),
    ],
)
def test_more_than_half_is_strict(value: int | Decimal, total: int | Decimal, expected: bool) -> None:
    assert more_than_half(value=value, total=total) is expected


@pytest.mark.parametrize(
    ("value", "total", "numerator", "denominator", "expected"),
    [
        (2, 3, 2, 3, True),  # exactly two thirds: 以上 includes the number itself
        (66, 100, 2, 3, False),
        (67, 100, 2, 3, True),
        (Decimal("66666.67"), Decimal("100000"), 2, 3, True),
        (Decimal("66666.66"), Decimal("100000"), 2, 3, False),
        (Fraction(200000, 3), 100000, 2, 3, True),
        (3, 4, 3, 4, True),  # exactly three quarters
        (74, 100, 3, 4, False),
        (Decimal("7499.99"), Decimal("10000"), 3, 4, False),
        (Decimal("7500.00"), Decimal("10000"), 3, 4, True),
        (1, 5, 1, 5, True),
        (1, 10, 1, 10, True),
    ],
)
def test_at_least_fraction_includes_the_number(
    value: int | Decimal | Fraction, total: int | Decimal, numerator: int, denominator: int, expected: bool
) -> None:
    assert at_least_fraction(value=value, total=total, numerator=numerator, denominator=denominator) is expected


def test_the_66666_67_example() -> None:
    # NUM-4: 66666.67 m² is not exactly 2/3 of 100000 m² (that is 66666.666...); it lies just above, so it
    # reaches "三分之二以上", while 66666.66 falls just short. Exact decimals decide this without rounding.
    assert at_least_fraction(value=Decimal("66666.67"), total=Decimal("100000"), numerator=2, denominator=3)
    assert not at_least_fraction(value=Decimal("66666.66"), total=Decimal("100000"), numerator=2, denominator=3)
    assert Decimal("66666.67") * 3 != Decimal("100000") * 2
    assert meets(value=Fraction(2, 3) * 100000, total=100000, threshold=TWO_THIRDS_OR_MORE)


def test_exact_arithmetic_where_floats_fail() -> None:
    # 0.3 of a total of 0.1 + 0.2 is all of it; binary floats say 0.3 < 0.30000000000000004.
    assert 0.3 < 0.1 + 0.2
    total = Decimal("0.1") + Decimal("0.2")
    assert Threshold.of(1, 1, inclusive=True).is_met(value=Decimal("0.3"), total=total)


def test_more_than_fraction_excludes_the_number() -> None:
    assert not more_than_fraction(value=1, total=3, numerator=1, denominator=3)
    assert more_than_fraction(value=2, total=5, numerator=1, denominator=3)


def test_not_less_than() -> None:
    assert not_less_than(value=20, bound=20)
    assert not not_less_than(value=19, bound=20)
    assert not_less_than(value=Decimal("20.5"), bound=20)


def test_zero_total_reaches_nothing() -> None:
    assert not meets(value=0, total=0, threshold=THREE_QUARTERS_OR_MORE)
    assert not meets(value=0, total=0, threshold=MORE_THAN_HALF)


@pytest.mark.parametrize(
    ("total", "threshold", "expected"),
    [
        (100, MORE_THAN_HALF, 51),
        (101, MORE_THAN_HALF, 51),
        (1, MORE_THAN_HALF, 1),
        (0, MORE_THAN_HALF, 1),
        (3, TWO_THIRDS_OR_MORE, 2),
        (100, TWO_THIRDS_OR_MORE, 67),
        (99, TWO_THIRDS_OR_MORE, 66),
        (4, THREE_QUARTERS_OR_MORE, 3),
        (10, THREE_QUARTERS_OR_MORE, 8),
        (0, TWO_THIRDS_OR_MORE, 0),
    ],
)
def test_smallest_qualifying_count(total: int, threshold: Threshold, expected: int) -> None:
    assert smallest_qualifying_count(total=total, threshold=threshold) == expected
    assert threshold.smallest_count(total=total) == expected


def test_smallest_majority() -> None:
    assert smallest_majority(total=10) == 6
    assert smallest_majority(total=11) == 6


@pytest.mark.parametrize(
    ("numerator", "denominator", "inclusive", "code"),
    [
        (1, 0, True, ErrorCode.ZERO_DENOMINATOR),
        (1, -2, True, ErrorCode.ZERO_DENOMINATOR),
        (3, 2, True, ErrorCode.INVALID_THRESHOLD),
        (-1, 2, True, ErrorCode.INVALID_THRESHOLD),
        (1, 1, False, ErrorCode.IMPOSSIBLE_THRESHOLD),
    ],
)
def test_impossible_thresholds_are_errors(numerator: int, denominator: int, inclusive: bool, code: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        Threshold.of(numerator, denominator, inclusive=inclusive)
    assert caught.value.code is code


def test_threshold_fraction_must_be_a_fraction() -> None:
    with pytest.raises(DomainError) as caught:
        Threshold(0.5, inclusive=True)  # type: ignore[arg-type]
    assert caught.value.code is ErrorCode.INVALID_TYPE


def test_unanimity_and_zero_thresholds_are_possible() -> None:
    assert Threshold.of(1, 1, inclusive=True).is_met(value=5, total=5)
    assert Threshold.of(0, 1, inclusive=True).is_met(value=0, total=5)
    assert not Threshold.of(0, 1, inclusive=False).is_met(value=0, total=5)


@pytest.mark.parametrize("bad", [True, 0.5, "1", Decimal("NaN"), Decimal("Infinity")])
def test_exact_rejects_non_exact_values(bad: object) -> None:
    with pytest.raises(DomainError) as caught:
        exact(bad, field="x")  # type: ignore[arg-type]
    assert caught.value.code in (ErrorCode.INVALID_TYPE, ErrorCode.INVALID_NUMBER)
    assert caught.value.field == "x"


def test_negative_values_are_rejected() -> None:
    with pytest.raises(DomainError) as caught:
        meets(value=-1, total=10, threshold=MORE_THAN_HALF)
    assert caught.value.code is ErrorCode.NEGATIVE_VALUE
    with pytest.raises(DomainError):
        meets(value=1, total=-10, threshold=MORE_THAN_HALF)


@pytest.mark.parametrize(("total", "code"), [(-1, ErrorCode.NEGATIVE_VALUE), (True, ErrorCode.INVALID_TYPE)])
def test_smallest_count_validates_total(total: int, code: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        smallest_qualifying_count(total=total, threshold=MORE_THAN_HALF)
    assert caught.value.code is code


def test_evaluate_threshold_explains_itself() -> None:
    outcome = evaluate_threshold(value=67, total=100, threshold=TWO_THIRDS_OR_MORE)
    assert outcome.met
    assert outcome.smallest_count == 67
    decimal_outcome = evaluate_threshold(value=Decimal("1.5"), total=Decimal("3"), threshold=MORE_THAN_HALF)
    assert not decimal_outcome.met
    assert decimal_outcome.smallest_count is None


thresholds = st.builds(
    lambda k, m, inclusive: Threshold(Fraction(min(k, m), m), inclusive or k >= m),
    st.integers(0, 20),
    st.integers(1, 20),
    st.booleans(),
)


@PROPERTY
@given(total=st.integers(0, 10_000))
def test_majority_never_holds_at_exactly_half(total: int) -> None:
    assert not more_than_half(value=Fraction(total, 2), total=total)


@PROPERTY
@given(total=st.integers(1, 10_000), threshold=thresholds)
def test_smallest_count_is_the_boundary(total: int, threshold: Threshold) -> None:
    smallest = smallest_qualifying_count(total=total, threshold=threshold)
    assert threshold.is_met(value=smallest, total=total)
    if smallest > 0:
        assert not threshold.is_met(value=smallest - 1, total=total)


@PROPERTY
@given(value=st.integers(0, 10_000), total=st.integers(1, 10_000), threshold=thresholds)
def test_one_more_never_turns_pass_into_fail(value: int, total: int, threshold: Threshold) -> None:
    if threshold.is_met(value=value, total=total):
        assert threshold.is_met(value=value + 1, total=total)


@PROPERTY
@given(
    value=st.integers(0, 10_000),
    total=st.integers(1, 10_000),
    scale=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1000), places=2),
    threshold=thresholds,
)
def test_scaling_never_changes_a_threshold(value: int, total: int, scale: Decimal, threshold: Threshold) -> None:
    assert threshold.is_met(value=value, total=total) is threshold.is_met(value=value * scale, total=total * scale)
