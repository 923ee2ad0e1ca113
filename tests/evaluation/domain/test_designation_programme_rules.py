"""Designation programme rules without a database: ties by place, review points per dimension, the timetable,
the stages, and settling a tie at the last place."""

import datetime
from decimal import Decimal

import pytest

from yishi.evaluation.domain.designation import (
    DimensionMark,
    ReviewScore,
    Shortlist,
    ShortlistRule,
    Stage,
    Tie,
    TieKind,
    Timetable,
    aggregate_reviews,
    next_stage,
    propose_shortlist,
    rank_reviews,
    review_points,
    settle_tie,
    ties_within,
)
from yishi.evaluation.domain.errors import ErrorCode, EvaluationDomainError

DISTRICT, STREET, COMMUNITY, UNIT, OTHER = "/1/", "/1/2/", "/1/2/3/", "/1/2/3/9/17/", "/1/5/6/"


@pytest.mark.parametrize(
    ("tie", "unit_path", "conflict"),
    [
        (Tie(TieKind.RESIDENCE, 17, UNIT), COMMUNITY, True),  # lives in the community
        (Tie(TieKind.OWNERSHIP, 17, UNIT), STREET, True),  # owns a flat in the street
        (Tie(TieKind.ROLE, 3, COMMUNITY), COMMUNITY, True),  # holds a role at the community itself
        (Tie(TieKind.ROLE, 1, DISTRICT), COMMUNITY, False),  # an expert appointed for the whole district
        (Tie(TieKind.ROLE, 2, STREET), COMMUNITY, False),  # the street above is not "their own unit"
        (Tie(TieKind.RESIDENCE, 6, OTHER), COMMUNITY, False),  # another street's community
        (Tie(TieKind.RESIDENCE, 23, "/1/2/33/"), "/1/2/3/", False),  # a prefix of digits is not a parent
    ],
)
def test_ties_within_the_unit(tie: Tie, unit_path: str, conflict: bool) -> None:
    assert ties_within(ties=[tie], unit_path=unit_path) == ((tie,) if conflict else ())


DIMENSIONS = [("a", Decimal(15)), ("b", Decimal(25)), ("c", Decimal(60))]


@pytest.mark.parametrize(
    ("scores", "points"),
    [
        (("80", "80", "80"), Decimal("80.00")),
        (("0", "100", "100"), Decimal("85.00")),
        (("100", "0", "0"), Decimal("15.00")),
        (("33.33", "66.67", "50"), Decimal("51.67")),  # 4.9995 + 16.6675 + 30 = 51.667 → 51.67
        (("0.01", "0", "0"), Decimal("0.00")),  # 0.0015 rounds half up to 0.00
    ],
)
def test_review_points_weight_the_dimensions(scores: tuple[str, ...], points: Decimal) -> None:
    marks = [
        DimensionMark(code=code, weight=weight, score=Decimal(score))
        for (code, weight), score in zip(DIMENSIONS, scores, strict=True)
    ]
    assert review_points(marks=marks, dimensions=DIMENSIONS) == points


@pytest.mark.parametrize(
    ("marks", "code"),
    [
        ([("a", "80"), ("b", "80")], ErrorCode.DESIGNATION_DIMENSION_MISSING),
        ([("a", "80"), ("b", "80"), ("c", "80"), ("d", "80")], ErrorCode.DESIGNATION_UNKNOWN_DIMENSION),
        ([("a", "80"), ("a", "70"), ("b", "80"), ("c", "80")], ErrorCode.DESIGNATION_UNKNOWN_DIMENSION),
    ],
)
def test_review_points_need_every_dimension_once(marks: list[tuple[str, str]], code: ErrorCode) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        review_points(
            marks=[DimensionMark(code=c, weight=Decimal(1), score=Decimal(s)) for c, s in marks],
            dimensions=DIMENSIONS,
        )
    assert raised.value.code is code


@pytest.mark.parametrize("score", ["-0.01", "100.01", "1000"])
def test_a_dimension_score_lies_between_0_and_100(score: str) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        DimensionMark(code="a", weight=Decimal(1), score=Decimal(score))
    assert raised.value.code is ErrorCode.SCORING_OUT_OF_RANGE
    assert "0 到 100" in raised.value.message.zh_hans


DAY = datetime.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("offsets", "valid"),
    [
        ((0, 30, 60, 70), True),
        ((0, 0, 0, 0), True),
        ((0, 30, 20, 70), False),
        ((10, 0, 60, 70), False),
        ((0, 30, 60, 50), False),
    ],
)
def test_the_timetable_runs_in_order(offsets: tuple[int, int, int, int], valid: bool) -> None:
    days = [DAY + datetime.timedelta(days=offset) for offset in offsets]
    if valid:
        Timetable(*days)
    else:
        with pytest.raises(EvaluationDomainError) as raised:
            Timetable(*days)
        assert raised.value.code is ErrorCode.DESIGNATION_TIMETABLE_OUT_OF_ORDER


@pytest.mark.parametrize(
    ("step", "current", "expected"),
    [
        ("open_submissions", Stage.DRAFT, Stage.OPEN),
        ("open_submissions", Stage.OPEN, None),
        ("close_submissions", Stage.OPEN, Stage.REVIEW),
        ("close_submissions", Stage.DRAFT, None),
        ("propose_shortlist", Stage.REVIEW, Stage.SHORTLISTED),
        ("propose_shortlist", Stage.SHORTLISTED, Stage.SHORTLISTED),
        ("propose_shortlist", Stage.APPROVED, None),
        ("return_shortlist", Stage.SHORTLISTED, Stage.REVIEW),
        ("approve_shortlist", Stage.SHORTLISTED, Stage.APPROVED),
        ("approve_shortlist", Stage.REVIEW, None),
        ("publish_designations", Stage.APPROVED, Stage.PUBLISHED),
        ("publish_designations", Stage.SHORTLISTED, None),
        ("publish_designations", Stage.PUBLISHED, None),
    ],
)
def test_stages(step: str, current: Stage, expected: Stage | None) -> None:
    assert next_stage(step=step, current=current) == expected


def _shortlist(totals: dict[int, str], quota: int) -> Shortlist:  # type: ignore[type-arg]
    aggregates = [
        aggregate_reviews(unit_id=unit, reviews=[ReviewScore(expert_id=1, unit_id=unit, score=Decimal(total))])
        for unit, total in totals.items()
    ]
    return propose_shortlist(
        ranking=rank_reviews(aggregates=aggregates), rule=ShortlistRule(threshold=Decimal(60), quota=quota)
    )


@pytest.mark.parametrize(
    ("totals", "quota", "chosen", "designated"),
    [
        ({1: "90", 2: "80", 3: "80"}, 3, [], [1, 2, 3]),  # the tie fits the places
        ({1: "90", 2: "80", 3: "80"}, 2, [3], [1, 3]),  # two tie for one place: the committee chose 3
        ({1: "80", 2: "80", 3: "80"}, 2, [1, 3], [1, 3]),
        ({1: "90", 2: "50"}, 2, [], [1]),  # below the threshold: a place stays empty
    ],
)
def test_settle_tie(totals: dict[int, str], quota: int, chosen: list[int], designated: list[int]) -> None:
    entries = settle_tie(shortlist=_shortlist(totals, quota), chosen=chosen)
    assert [entry.unit_id for entry in entries] == designated


@pytest.mark.parametrize("chosen", [[], [2, 3], [1], [4]])
def test_a_tie_must_be_settled_exactly(chosen: list[int]) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        settle_tie(shortlist=_shortlist({1: "90", 2: "80", 3: "80"}, 2), chosen=chosen)
    assert raised.value.code is ErrorCode.DESIGNATION_TIE_NOT_SETTLED
