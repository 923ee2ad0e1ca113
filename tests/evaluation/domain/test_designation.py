"""Designation programme: conflicts of interest, trimmed review means, shortlist by threshold and quota."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yishi.evaluation.domain.designation import (
    DEFAULT_AGGREGATION,
    AggregationRule,
    Expert,
    ReviewScore,
    ShortlistRule,
    UnitUnderReview,
    aggregate_reviews,
    check_no_conflict,
    conflicts,
    eligible_reviewers,
    propose_shortlist,
    rank_reviews,
)
from yishi.evaluation.domain.errors import ErrorCode, EvaluationDomainError
from yishi.evaluation.domain.scoring import RankInput, rank_entries

XINHUA = UnitUnderReview(unit_id=101, related_unit_ids=frozenset({11}))
OWN_UNIT = Expert(expert_id=1, affiliations=frozenset({101}))
SAME_STREET = Expert(expert_id=2, affiliations=frozenset({11, 500}))
OUTSIDER = Expert(expert_id=3, affiliations=frozenset({102, 12}))
UNATTACHED = Expert(expert_id=4, affiliations=frozenset())


@pytest.mark.parametrize(
    ("expert", "expected"),
    [
        (OWN_UNIT, {101}),
        (SAME_STREET, {11}),
        (OUTSIDER, set()),
        (UNATTACHED, set()),
    ],
)
def test_conflicts(expert: Expert, expected: set[int]) -> None:
    assert conflicts(expert=expert, unit=XINHUA) == expected


def test_an_expert_may_not_review_their_own_unit() -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        check_no_conflict(expert=OWN_UNIT, unit=XINHUA)
    assert raised.value.code is ErrorCode.DESIGNATION_CONFLICT_OF_INTEREST
    assert "回避" in raised.value.message.zh_hans
    assert "(101)" in raised.value.message.en
    check_no_conflict(expert=OUTSIDER, unit=XINHUA)


def test_eligible_reviewers_keep_the_given_order() -> None:
    experts = [UNATTACHED, OWN_UNIT, OUTSIDER, SAME_STREET]
    assert eligible_reviewers(experts=experts, unit=XINHUA) == (UNATTACHED, OUTSIDER)


def reviews(unit_id: int, *scores: str) -> list[ReviewScore]:
    return [
        ReviewScore(expert_id=index, unit_id=unit_id, score=Decimal(score))
        for index, score in enumerate(scores, start=1)
    ]


@pytest.mark.parametrize(
    ("scores", "mean", "points", "dropped"),
    [
        (("80",), Fraction(80), Decimal("80.00"), ()),
        (("80", "90", "70", "60"), Fraction(75), Decimal("75.00"), ()),
        # Five reviews: 60 and 95 are dropped, (70 + 80 + 90) / 3.
        (("80", "95", "70", "60", "90"), Fraction(80), Decimal("80.00"), (4, 2)),
        (("85", "85", "85", "85", "85"), Fraction(85), Decimal("85.00"), (1, 5)),
        # Six reviews: 79 and 91 are dropped, 348.5 / 4 = 87.125, half up.
        (("88.5", "91", "79", "84", "86", "90"), Fraction(697, 8), Decimal("87.13"), (3, 2)),
    ],
)
def test_aggregate_reviews(scores: tuple[str, ...], mean: Fraction, points: Decimal, dropped: tuple[int, ...]) -> None:
    aggregate = aggregate_reviews(unit_id=101, reviews=reviews(101, *scores))
    assert aggregate.mean == mean
    assert aggregate.points == points
    assert tuple(review.expert_id for review in aggregate.dropped) == dropped
    assert len(aggregate.counted) + len(aggregate.dropped) == len(scores)
    assert aggregate.rule == DEFAULT_AGGREGATION


def test_trimming_is_configurable() -> None:
    scores = reviews(101, "60", "70", "80")
    assert aggregate_reviews(unit_id=101, reviews=scores, rule=AggregationRule(trim_from=3)).mean == 70
    assert len(aggregate_reviews(unit_id=101, reviews=scores, rule=AggregationRule(trim_from=3)).counted) == 1
    never = AggregationRule(trim_from=None)
    five = reviews(101, "0", "100", "50", "50", "50")
    assert aggregate_reviews(unit_id=101, reviews=five, rule=never).mean == 50
    assert aggregate_reviews(unit_id=101, reviews=five, rule=never).dropped == ()


def test_no_reviews_is_no_data() -> None:
    aggregate = aggregate_reviews(unit_id=101, reviews=[])
    assert aggregate.mean is None
    assert aggregate.points is None
    assert aggregate.counted == ()


@pytest.mark.parametrize(
    ("given_reviews", "code"),
    [
        (reviews(102, "80"), ErrorCode.DESIGNATION_WRONG_UNIT),
        (
            [
                ReviewScore(expert_id=1, unit_id=101, score=Decimal(80)),
                ReviewScore(expert_id=1, unit_id=101, score=Decimal(90)),
            ],
            ErrorCode.DESIGNATION_DUPLICATE_REVIEW,
        ),
    ],
)
def test_aggregate_reviews_validation(given_reviews: list[ReviewScore], code: ErrorCode) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        aggregate_reviews(unit_id=101, reviews=given_reviews)
    assert raised.value.code is code


@pytest.mark.parametrize("score", ["-0.5", "100.01"])
def test_review_scores_lie_between_0_and_100(score: str) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        ReviewScore(expert_id=1, unit_id=1, score=Decimal(score))
    assert raised.value.code is ErrorCode.SCORING_OUT_OF_RANGE


@pytest.mark.parametrize("trim_from", [0, 1, 2])
def test_trimming_needs_at_least_three_reviews(trim_from: int) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        AggregationRule(trim_from=trim_from)
    assert raised.value.code is ErrorCode.DESIGNATION_INVALID_RULE


@given(scores=st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=12))
def test_the_aggregate_lies_between_the_lowest_and_highest_score(scores: list[int]) -> None:
    aggregate = aggregate_reviews(unit_id=1, reviews=reviews(1, *map(str, scores)))
    assert aggregate.mean is not None
    assert min(scores) <= aggregate.mean <= max(scores)
    assert len(aggregate.dropped) == (2 if len(scores) >= 5 else 0)


def test_rank_reviews() -> None:
    aggregates = [
        aggregate_reviews(unit_id=1, reviews=reviews(1, "80")),
        aggregate_reviews(unit_id=2, reviews=reviews(2, "90")),
        aggregate_reviews(unit_id=3, reviews=[]),
    ]
    ranking = rank_reviews(aggregates=aggregates)
    assert [(entry.rank, entry.unit_id) for entry in ranking.entries] == [(1, 2), (2, 1)]
    assert ranking.entries[0].figures.counted[0].score == Decimal(90)
    assert [entry.unit_id for entry in ranking.unranked] == [3]


def _ranking(*totals: str) -> list[RankInput[str]]:
    return [
        RankInput(unit_id=index, total=Decimal(total), figures=f"u{index}") for index, total in enumerate(totals, 1)
    ]


def test_shortlist_by_threshold_and_quota() -> None:
    ranking = rank_entries(entries=_ranking("95", "90", "88", "85", "70"))
    shortlist = propose_shortlist(ranking=ranking, rule=ShortlistRule(threshold=Decimal(80), quota=3))
    assert [entry.unit_id for entry in shortlist.proposed] == [1, 2, 3]
    assert [entry.unit_id for entry in shortlist.over_quota] == [4]
    assert [entry.unit_id for entry in shortlist.below_threshold] == [5]
    assert shortlist.tied_at_cutoff == ()
    assert shortlist.seats_for_tied == 0
    assert shortlist.proposed[0].figures == "u1"


def test_a_tie_across_the_quota_goes_to_the_committee() -> None:
    ranking = rank_entries(entries=_ranking("95", "90", "90", "90", "85", "60"))
    shortlist = propose_shortlist(ranking=ranking, rule=ShortlistRule(threshold=Decimal(80), quota=3))
    assert [entry.unit_id for entry in shortlist.proposed] == [1]
    assert [entry.unit_id for entry in shortlist.tied_at_cutoff] == [2, 3, 4]
    assert shortlist.seats_for_tied == 2
    assert [entry.unit_id for entry in shortlist.over_quota] == [5]
    assert [entry.unit_id for entry in shortlist.below_threshold] == [6]


def test_a_tie_that_fits_the_quota_is_proposed_whole() -> None:
    ranking = rank_entries(entries=_ranking("95", "90", "90", "80"))
    shortlist = propose_shortlist(ranking=ranking, rule=ShortlistRule(threshold=Decimal(80), quota=3))
    assert [entry.unit_id for entry in shortlist.proposed] == [1, 2, 3]
    assert [entry.unit_id for entry in shortlist.over_quota] == [4]


def test_the_threshold_is_inclusive_and_may_leave_seats_empty() -> None:
    ranking = rank_entries(entries=_ranking("80", "79.99"))
    shortlist = propose_shortlist(ranking=ranking, rule=ShortlistRule(threshold=Decimal(80), quota=5))
    assert [entry.unit_id for entry in shortlist.proposed] == [1]
    assert [entry.unit_id for entry in shortlist.below_threshold] == [2]


@pytest.mark.parametrize(("threshold", "quota"), [("-1", 3), ("100.5", 3), ("80", 0)])
def test_shortlist_rule_validation(threshold: str, quota: int) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        ShortlistRule(threshold=Decimal(threshold), quota=quota)
    assert raised.value.code is ErrorCode.DESIGNATION_INVALID_RULE


@given(
    totals=st.lists(st.integers(min_value=0, max_value=20), max_size=15),
    threshold=st.integers(min_value=0, max_value=20),
    quota=st.integers(min_value=1, max_value=8),
)
def test_shortlist_never_exceeds_the_quota_and_loses_nobody(totals: list[int], threshold: int, quota: int) -> None:
    ranking = rank_entries(entries=_ranking(*map(str, totals)))
    shortlist = propose_shortlist(ranking=ranking, rule=ShortlistRule(threshold=Decimal(threshold), quota=quota))
    assert len(shortlist.proposed) <= quota
    assert len(shortlist.proposed) + shortlist.seats_for_tied <= quota
    every = shortlist.proposed + shortlist.tied_at_cutoff + shortlist.over_quota + shortlist.below_threshold
    assert sorted(entry.unit_id for entry in every) == list(range(1, len(totals) + 1))
    assert all(entry.total >= threshold for entry in shortlist.proposed + shortlist.tied_at_cutoff)
    assert all(entry.total < threshold for entry in shortlist.below_threshold)
    if shortlist.tied_at_cutoff:
        assert len({entry.total for entry in shortlist.tied_at_cutoff}) == 1
        assert len(shortlist.tied_at_cutoff) > shortlist.seats_for_tied > 0
