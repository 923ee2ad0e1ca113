"""Satisfaction survey results: close at two thirds favourable by default, reopen below, no data at none."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yishi.matters.domain.errors import ErrorCode, MatterDomainError
from yishi.matters.domain.evaluation_result import (
    DEFAULT_RULE,
    Rating,
    RatingCounts,
    SatisfactionOutcome,
    SatisfactionRule,
    count_ratings,
    satisfaction_outcome,
)

Outcome = SatisfactionOutcome


@pytest.mark.parametrize(
    ("satisfied", "basically", "dissatisfied", "outcome", "share"),
    [
        (0, 0, 0, Outcome.NO_DATA, None),
        (2, 0, 1, Outcome.CLOSE, Fraction(2, 3)),
        (1, 1, 1, Outcome.CLOSE, Fraction(2, 3)),
        (0, 2, 1, Outcome.CLOSE, Fraction(2, 3)),
        (3, 2, 3, Outcome.REOPEN, Fraction(5, 8)),
        (13, 7, 10, Outcome.CLOSE, Fraction(2, 3)),
        (13, 6, 10, Outcome.REOPEN, Fraction(19, 29)),
        (0, 0, 4, Outcome.REOPEN, Fraction(0)),
        (10, 0, 0, Outcome.CLOSE, Fraction(1)),
    ],
)
def test_default_rule(
    satisfied: int, basically: int, dissatisfied: int, outcome: Outcome, share: Fraction | None
) -> None:
    counts = RatingCounts(satisfied=satisfied, basically_satisfied=basically, dissatisfied=dissatisfied)
    result = satisfaction_outcome(counts=counts)
    assert result.outcome is outcome
    assert result.share == share
    assert result.responses == satisfied + basically + dissatisfied
    assert result.counts == counts
    assert result.rule == DEFAULT_RULE


def test_no_responses_is_no_data_never_zero_percent() -> None:
    result = satisfaction_outcome(counts=RatingCounts(satisfied=0, basically_satisfied=0, dissatisfied=0))
    assert result.share is None
    assert result.favourable == 0


def test_basically_satisfied_can_be_left_out() -> None:
    counts = RatingCounts(satisfied=1, basically_satisfied=1, dissatisfied=1)
    strict = SatisfactionRule(count_basically_satisfied=False)
    result = satisfaction_outcome(counts=counts, rule=strict)
    assert result.outcome is Outcome.REOPEN
    assert result.favourable == 1
    assert result.share == Fraction(1, 3)


def test_threshold_and_minimum_responses_are_configurable() -> None:
    counts = RatingCounts(satisfied=8, basically_satisfied=0, dissatisfied=2)
    assert (
        satisfaction_outcome(counts=counts, rule=SatisfactionRule(threshold=Fraction(9, 10))).outcome is Outcome.REOPEN
    )
    assert satisfaction_outcome(counts=counts, rule=SatisfactionRule(threshold=Fraction(4, 5))).outcome is Outcome.CLOSE
    few = satisfaction_outcome(counts=counts, rule=SatisfactionRule(minimum_responses=11))
    assert few.outcome is Outcome.INSUFFICIENT_RESPONSES
    assert few.share == Fraction(4, 5)


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"threshold": Fraction(0)}, ErrorCode.EVALUATION_INVALID_THRESHOLD),
        ({"threshold": Fraction(11, 10)}, ErrorCode.EVALUATION_INVALID_THRESHOLD),
        ({"minimum_responses": 0}, ErrorCode.EVALUATION_INVALID_MINIMUM),
    ],
)
def test_rule_validation(arguments: dict[str, object], code: ErrorCode) -> None:
    with pytest.raises(MatterDomainError) as raised:
        SatisfactionRule(**arguments)  # type: ignore[arg-type]
    assert raised.value.code is code


@pytest.mark.parametrize("field", ["satisfied", "basically_satisfied", "dissatisfied"])
def test_negative_counts_are_refused(field: str) -> None:
    values = {"satisfied": 1, "basically_satisfied": 1, "dissatisfied": 1, field: -1}
    with pytest.raises(MatterDomainError) as raised:
        RatingCounts(**values)
    assert raised.value.code is ErrorCode.EVALUATION_NEGATIVE_COUNT
    assert Rating(field).label.zh_hans in raised.value.message.zh_hans


def test_count_ratings() -> None:
    ratings = [Rating.SATISFIED, Rating.DISSATISFIED, Rating.SATISFIED, Rating.BASICALLY_SATISFIED]
    assert count_ratings(ratings=ratings) == RatingCounts(satisfied=2, basically_satisfied=1, dissatisfied=1)
    assert count_ratings(ratings=()).responses == 0


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    satisfied=st.integers(min_value=0, max_value=500),
    basically=st.integers(min_value=0, max_value=500),
    dissatisfied=st.integers(min_value=0, max_value=500),
)
def test_default_rule_is_favourable_times_three_at_least_twice_responses(
    satisfied: int, basically: int, dissatisfied: int
) -> None:
    counts = RatingCounts(satisfied=satisfied, basically_satisfied=basically, dissatisfied=dissatisfied)
    result = satisfaction_outcome(counts=counts)
    responses = satisfied + basically + dissatisfied
    if responses == 0:
        assert result.outcome is Outcome.NO_DATA
    else:
        assert (result.outcome is Outcome.CLOSE) is ((satisfied + basically) * 3 >= 2 * responses)
        assert result.outcome in (Outcome.CLOSE, Outcome.REOPEN)
