"""Indicator formulas on small known data: exact values, the figures kept, NO_DATA, refusals."""

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yishi.evaluation.domain import indicators as formulas
from yishi.evaluation.domain.errors import ErrorCode, EvaluationDomainError
from yishi.evaluation.domain.indicators import (
    NO_DATA,
    Assessment,
    Count,
    Median,
    NoData,
    Ratio,
    mean_assessment,
    median_days_to_resolve,
)

SHARES: list[tuple[Callable[..., Ratio | NoData], str, str]] = [
    (formulas.participation_rate, "participants", "adult_residents"),
    (formulas.online_coverage, "households_online", "households"),
    (formulas.elderly_participation, "participants_aged_60_plus", "residents_aged_60_plus"),
    (formulas.assisted_share, "assisted_participations", "participations"),
    (formulas.resolution_rate, "resolved", "raised"),
    (formulas.overdue_share, "overdue", "due"),
    (formulas.disclosure_on_time, "published_on_time", "due"),
    (formulas.registration_rate, "registered", "eligible"),
    (formulas.turnout, "ballots_cast", "registered"),
]


@pytest.mark.parametrize(("formula", "part", "whole"), SHARES)
def test_shares_keep_their_figures(formula: Callable[..., Ratio | NoData], part: str, whole: str) -> None:
    value = formula(**{part: 983, whole: 1000})
    assert value == Ratio(numerator=Fraction(983), denominator=Fraction(1000))
    assert isinstance(value, Ratio)
    assert value.value == Fraction(983, 1000)


@pytest.mark.parametrize(("formula", "part", "whole"), SHARES)
def test_shares_of_nothing_are_no_data(formula: Callable[..., Ratio | NoData], part: str, whole: str) -> None:
    assert formula(**{part: 0, whole: 0}) is NO_DATA


@pytest.mark.parametrize(("formula", "part", "whole"), SHARES)
def test_a_part_larger_than_its_whole_is_refused(formula: Callable[..., Ratio | NoData], part: str, whole: str) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        formula(**{part: 11, whole: 10})
    assert raised.value.code is ErrorCode.INDICATOR_PART_EXCEEDS_WHOLE
    assert "(11)" in raised.value.message.zh_hans
    assert "(10)" in raised.value.message.en


@pytest.mark.parametrize(("formula", "part", "whole"), SHARES)
def test_negative_figures_are_refused(formula: Callable[..., Ratio | NoData], part: str, whole: str) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        formula(**{part: -1, whole: 10})
    assert raised.value.code is ErrorCode.INDICATOR_NEGATIVE_FIGURE
    assert "-1" in raised.value.message.zh_hans
    with pytest.raises(EvaluationDomainError) as raised:
        formula(**{part: 0, whole: -10})
    assert raised.value.code is ErrorCode.INDICATOR_NEGATIVE_FIGURE


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (formulas.participation_rate(participants=0, adult_residents=1200), Fraction(0)),
        (formulas.turnout(ballots_cast=961, registered=1000), Fraction(961, 1000)),
        (formulas.online_coverage(households_online=1, households=3), Fraction(1, 3)),
        (formulas.matters_per_100_households(matters_raised=37, households=850), Fraction(3700, 850)),
        (formulas.matters_per_100_households(matters_raised=0, households=850), Fraction(0)),
        (
            formulas.volunteer_hours_per_resident(volunteer_hours=Decimal("1234.5"), residents=2469),
            Fraction(1, 2),
        ),
        (formulas.volunteer_hours_per_resident(volunteer_hours=30, residents=12), Fraction(5, 2)),
        (
            formulas.satisfaction_share(satisfied=30, basically_satisfied=10, dissatisfied=10),
            Fraction(4, 5),
        ),
        (
            formulas.satisfaction_share(
                satisfied=30, basically_satisfied=10, dissatisfied=10, count_basically_satisfied=False
            ),
            Fraction(3, 5),
        ),
    ],
)
def test_known_values(value: Ratio | NoData, expected: Fraction) -> None:
    assert isinstance(value, Ratio)
    assert value.value == expected


def test_zero_participation_is_zero_not_no_data_but_zero_residents_is_no_data() -> None:
    assert formulas.participation_rate(participants=0, adult_residents=10) != NO_DATA
    assert formulas.participation_rate(participants=0, adult_residents=0) is NO_DATA
    assert repr(NO_DATA) == "NO_DATA"


def test_per_100_households_keeps_the_raw_figures() -> None:
    value = formulas.matters_per_100_households(matters_raised=37, households=850)
    assert value == Ratio(numerator=Fraction(37), denominator=Fraction(850), scale=100)
    assert formulas.matters_per_100_households(matters_raised=0, households=0) is NO_DATA


@pytest.mark.parametrize(
    "arguments",
    [
        {"matters_raised": -1, "households": 10},
        {"matters_raised": 1, "households": -10},
    ],
)
def test_per_100_households_refuses_negative_figures(arguments: dict[str, int]) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        formulas.matters_per_100_households(**arguments)
    assert raised.value.code is ErrorCode.INDICATOR_NEGATIVE_FIGURE


def test_volunteer_hours() -> None:
    assert formulas.volunteer_hours_per_resident(volunteer_hours=10, residents=0) is NO_DATA
    with pytest.raises(EvaluationDomainError) as raised:
        formulas.volunteer_hours_per_resident(volunteer_hours=Decimal("-0.5"), residents=10)
    assert raised.value.code is ErrorCode.INDICATOR_NEGATIVE_FIGURE
    with pytest.raises(EvaluationDomainError):
        formulas.volunteer_hours_per_resident(volunteer_hours=5, residents=-1)


def test_satisfaction_share_with_no_answers_is_no_data() -> None:
    assert formulas.satisfaction_share(satisfied=0, basically_satisfied=0, dissatisfied=0) is NO_DATA
    with pytest.raises(EvaluationDomainError):
        formulas.satisfaction_share(satisfied=0, basically_satisfied=-1, dissatisfied=3)


@pytest.mark.parametrize(
    ("durations", "expected"),
    [
        ([7], Median(value=Fraction(7), sample_size=1)),
        ([3, 9], Median(value=Fraction(6), sample_size=2)),
        ([3, 4], Median(value=Fraction(7, 2), sample_size=2)),
        ([30, 1, 15, 2, 7], Median(value=Fraction(7), sample_size=5)),
        ([0, 0, 1, 30], Median(value=Fraction(1, 2), sample_size=4)),
        ([], NO_DATA),
    ],
)
def test_median_days_to_resolve(durations: list[int], expected: Median | NoData) -> None:
    assert median_days_to_resolve(durations=durations) == expected


def test_median_refuses_negative_durations() -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        median_days_to_resolve(durations=[3, -1])
    assert "durations[1]" in raised.value.message.en


@given(durations=st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=40))
def test_median_splits_the_sample(durations: list[int]) -> None:
    median = median_days_to_resolve(durations=durations)
    assert isinstance(median, Median)
    assert isinstance(median.value, Fraction)
    assert sum(1 for days in durations if days < median.value) <= len(durations) / 2
    assert sum(1 for days in durations if days > median.value) <= len(durations) / 2


def test_counts_keep_their_parts_in_a_stable_order() -> None:
    meetings = formulas.meetings_held(by_kind={"review": 2, "hearing": 1, "coordination": 3, "ordinary": 6})
    assert meetings == Count(parts=(("coordination", 3), ("hearing", 1), ("ordinary", 6), ("review", 2)))
    assert meetings.total == 12
    assert meetings.value == Fraction(12)
    none_held = formulas.meetings_held(by_kind={})
    assert none_held.total == 0
    decisions = formulas.decisions_by_legal_basis(by_basis={"residents_assembly": 1, "owners_assembly": 2})
    assert decisions.total == 3
    with pytest.raises(EvaluationDomainError):
        formulas.decisions_by_legal_basis(by_basis={"online_vote": -2})


def test_mean_assessment() -> None:
    assert mean_assessment(scores=[Decimal("80"), Decimal("85.5"), 90]) == Assessment(
        value=Fraction(511, 6), assessors=3
    )
    assert mean_assessment(scores=[]) is NO_DATA
    with pytest.raises(EvaluationDomainError) as raised:
        mean_assessment(scores=[Decimal("-10"), Decimal("110")])
    assert raised.value.code is ErrorCode.INDICATOR_OUT_OF_RANGE


@pytest.mark.parametrize("value", [Fraction(-1), Fraction(201, 2)])
def test_assessment_range(value: Fraction) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        Assessment(value=value, assessors=1)
    assert raised.value.code is ErrorCode.INDICATOR_OUT_OF_RANGE


@pytest.mark.parametrize(
    ("numerator", "denominator", "code"),
    [
        (Fraction(-1), Fraction(3), ErrorCode.INDICATOR_NEGATIVE_FIGURE),
        (Fraction(1), Fraction(0), ErrorCode.INDICATOR_NON_POSITIVE_DENOMINATOR),
        (Fraction(1), Fraction(-2), ErrorCode.INDICATOR_NON_POSITIVE_DENOMINATOR),
    ],
)
def test_ratio_validation(numerator: Fraction, denominator: Fraction, code: ErrorCode) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        Ratio(numerator=numerator, denominator=denominator)
    assert raised.value.code is code
    assert raised.value.message.in_language("zh-Hans") == raised.value.message.zh_hans
    assert raised.value.message.in_language("en") == raised.value.message.en


@given(part=st.integers(min_value=0, max_value=10_000), extra=st.integers(min_value=0, max_value=10_000))
def test_every_share_lies_between_zero_and_one(part: int, extra: int) -> None:
    value = formulas.participation_rate(participants=part, adult_residents=part + extra)
    if part + extra == 0:
        assert value is NO_DATA
    else:
        assert isinstance(value, Ratio)
        assert 0 <= value.value <= 1
        assert value.numerator == part
        assert value.denominator == part + extra
