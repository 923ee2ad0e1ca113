"""Scoring: values to points, roll-up with renormalisation over missing data, area roll-ups, ranking."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from yishi.evaluation.domain.errors import ErrorCode, EvaluationDomainError, Text
from yishi.evaluation.domain.framework import (
    FRAMEWORK_2026,
    Band,
    BandedScoring,
    Dimension,
    Direction,
    DirectScoring,
    Framework,
    Indicator,
    IndicatorKind,
    LinearScoring,
    Unit,
)
from yishi.evaluation.domain.indicators import (
    NO_DATA,
    Assessment,
    Count,
    Measurement,
    Median,
    Ratio,
)
from yishi.evaluation.domain.scoring import (
    MemberTotal,
    RankInput,
    RollupMethod,
    ScoreBreakdown,
    exact_points,
    member_total,
    points_for,
    rank_entries,
    rank_rollups,
    rank_scores,
    roll_up,
    score_framework,
    score_indicator,
)

T = Text(zh_hans="测试", en="test")
MEETINGS = BandedScoring(
    bands=(
        Band(threshold=Decimal(1), points=Decimal(30)),
        Band(threshold=Decimal(3), points=Decimal(60)),
        Band(threshold=Decimal(6), points=Decimal(80)),
        Band(threshold=Decimal(12), points=Decimal(100)),
    )
)


def _indicator(code: str, weight: int, unit: Unit, method: LinearScoring | BandedScoring | DirectScoring) -> Indicator:
    kind = IndicatorKind.EXPERT if isinstance(method, DirectScoring) else IndicatorKind.QUANTITATIVE
    return Indicator(code=code, name=T, definition=T, weight=Decimal(weight), kind=kind, unit=unit, method=method)


SMALL = Framework(
    version="test",
    name=T,
    dimensions=(
        Dimension(
            code="a",
            name=T,
            weight=Decimal(60),
            indicators=(
                _indicator("a1", 50, Unit.SHARE, LinearScoring(floor=Decimal("0.2"), target=Decimal("0.8"))),
                _indicator("a2", 30, Unit.DAYS, LinearScoring(floor=Decimal(60), target=Decimal(15))),
                _indicator("a3", 20, Unit.POINTS, DirectScoring()),
            ),
        ),
        Dimension(code="b", name=T, weight=Decimal(40), indicators=(_indicator("b1", 100, Unit.COUNT, MEETINGS),)),
    ),
)


def half() -> Ratio:
    return Ratio(numerator=Fraction(1), denominator=Fraction(2))


def small_measurements(**overrides: Measurement) -> dict[str, Measurement]:
    measurements: dict[str, Measurement] = {
        "a1": half(),
        "a2": Median(value=Fraction(30), sample_size=9),
        "a3": Assessment(value=Fraction(85), assessors=5),
        "b1": Count(parts=(("hearing", 2), ("ordinary", 5))),
    }
    measurements.update(overrides)
    return measurements


LINEAR_UP = LinearScoring(floor=Decimal("0.2"), target=Decimal("0.8"))
LINEAR_DOWN = LinearScoring(floor=Decimal(60), target=Decimal(15))


@pytest.mark.parametrize(
    ("method", "value", "expected"),
    [
        (LINEAR_UP, Fraction(0), Decimal("0.00")),
        (LINEAR_UP, Fraction(1, 5), Decimal("0.00")),
        (LINEAR_UP, Fraction(1, 2), Decimal("50.00")),
        (LINEAR_UP, Fraction(4, 5), Decimal("100.00")),
        (LINEAR_UP, Fraction(1), Decimal("100.00")),
        (LINEAR_DOWN, Fraction(90), Decimal("0.00")),
        (LINEAR_DOWN, Fraction(60), Decimal("0.00")),
        (LINEAR_DOWN, Fraction(30), Decimal("66.67")),
        (LINEAR_DOWN, Fraction(15), Decimal("100.00")),
        (LINEAR_DOWN, Fraction(3), Decimal("100.00")),
        # 0.125 points exactly: half up gives 0.13 (a float would give 0.12 or 0.13 by luck).
        (LinearScoring(floor=Decimal(0), target=Decimal(1)), Fraction(1, 800), Decimal("0.13")),
        (LinearScoring(floor=Decimal(0), target=Decimal(1)), Fraction(1, 3), Decimal("33.33")),
        (MEETINGS, Fraction(0), Decimal("0.00")),
        (MEETINGS, Fraction(1), Decimal("30.00")),
        (MEETINGS, Fraction(5), Decimal("60.00")),
        (MEETINGS, Fraction(6), Decimal("80.00")),
        (MEETINGS, Fraction(40), Decimal("100.00")),
        (
            BandedScoring(
                bands=(
                    Band(threshold=Decimal(7), points=Decimal(100)),
                    Band(threshold=Decimal(30), points=Decimal(50)),
                ),
                direction=Direction.LOWER_IS_BETTER,
                otherwise=Decimal(10),
            ),
            Fraction(31),
            Decimal("10.00"),
        ),
        (
            BandedScoring(
                bands=(
                    Band(threshold=Decimal(7), points=Decimal(100)),
                    Band(threshold=Decimal(30), points=Decimal(50)),
                ),
                direction=Direction.LOWER_IS_BETTER,
            ),
            Fraction(30),
            Decimal("50.00"),
        ),
        (
            BandedScoring(
                bands=(
                    Band(threshold=Decimal(7), points=Decimal(100)),
                    Band(threshold=Decimal(30), points=Decimal(50)),
                ),
                direction=Direction.LOWER_IS_BETTER,
            ),
            Fraction(7),
            Decimal("100.00"),
        ),
        (DirectScoring(), Fraction(1747, 20), Decimal("87.35")),
        (DirectScoring(), Fraction(0), Decimal("0.00")),
        (DirectScoring(), Fraction(100), Decimal("100.00")),
    ],
)
def test_points_for(method: LinearScoring | BandedScoring | DirectScoring, value: Fraction, expected: Decimal) -> None:
    points = points_for(method=method, value=value)
    assert points == expected
    assert points.as_tuple().exponent == -2


@pytest.mark.parametrize("value", [Fraction(-1, 100), Fraction(10001, 100)])
def test_direct_scores_out_of_range_are_refused(value: Fraction) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        exact_points(method=DirectScoring(), value=value)
    assert raised.value.code is ErrorCode.SCORING_OUT_OF_RANGE


def test_score_framework_by_hand() -> None:
    breakdown = score_framework(unit_id=101, framework=SMALL, measurements=small_measurements())
    a = breakdown.dimension("a")
    assert [score.points for score in a.indicators] == [Decimal("50.00"), Decimal("66.67"), Decimal("85.00")]
    # (50 × 50.00 + 30 × 66.67 + 20 × 85.00) / 100 = 62.001
    assert a.points == Decimal("62.00")
    assert [score.effective_weight for score in a.indicators] == [
        Fraction(1, 2),
        Fraction(3, 10),
        Fraction(1, 5),
    ]
    assert breakdown.dimension("b").points == Decimal("80.00")
    # (60 × 62.00 + 40 × 80.00) / 100
    assert breakdown.total == Decimal("69.20")
    assert breakdown.unit_id == 101
    assert breakdown.framework_version == "test"
    assert breakdown.excluded_indicators == ()
    assert breakdown.excluded_dimensions == ()
    assert not breakdown.renormalised
    assert not a.renormalised
    assert a.has_data
    assert breakdown.indicator("b1").measurement == Count(parts=(("hearing", 2), ("ordinary", 5)))
    assert breakdown.indicator("a1").has_data


def test_an_indicator_without_data_is_left_out_and_the_rest_reweighted() -> None:
    breakdown = score_framework(unit_id=1, framework=SMALL, measurements=small_measurements(a2=NO_DATA))
    a = breakdown.dimension("a")
    # (50 × 50.00 + 20 × 85.00) / 70 = 60.00: the 30 % of a2 is shared out, not scored as zero.
    assert a.points == Decimal("60.00")
    assert a.excluded_indicators == ("a2",)
    assert a.renormalised
    assert [score.effective_weight for score in a.indicators] == [Fraction(5, 7), Fraction(0), Fraction(2, 7)]
    assert breakdown.indicator("a2").points is None
    assert not breakdown.indicator("a2").has_data
    assert breakdown.total == Decimal("68.00")
    assert breakdown.excluded_indicators == ("a2",)
    assert breakdown.renormalised


def test_a_dimension_without_data_is_left_out_of_the_total() -> None:
    breakdown = score_framework(unit_id=1, framework=SMALL, measurements=small_measurements(b1=NO_DATA))
    assert breakdown.dimension("b").points is None
    assert not breakdown.dimension("b").has_data
    assert not breakdown.dimension("b").renormalised
    assert breakdown.excluded_dimensions == ("b",)
    assert breakdown.dimension("a").effective_weight == 1
    assert breakdown.dimension("b").effective_weight == 0
    assert breakdown.total == Decimal("62.00")
    assert breakdown.renormalised


def test_no_data_at_all_gives_no_total_rather_than_zero() -> None:
    breakdown = score_framework(
        unit_id=1, framework=SMALL, measurements=dict.fromkeys(("a1", "a2", "a3", "b1"), NO_DATA)
    )
    assert breakdown.total is None
    assert breakdown.excluded_dimensions == ("a", "b")
    assert not breakdown.renormalised


def test_zero_is_data() -> None:
    breakdown = score_framework(
        unit_id=1,
        framework=SMALL,
        measurements=small_measurements(a1=Ratio(numerator=Fraction(0), denominator=Fraction(10))),
    )
    assert breakdown.indicator("a1").points == Decimal("0.00")
    assert breakdown.excluded_indicators == ()


def test_every_indicator_needs_a_measurement() -> None:
    measurements = small_measurements()
    del measurements["a3"]
    with pytest.raises(EvaluationDomainError) as raised:
        score_framework(unit_id=1, framework=SMALL, measurements=measurements)
    assert raised.value.code is ErrorCode.SCORING_MEASUREMENT_MISSING
    assert "a3" in raised.value.message.en


def test_unknown_indicators_are_refused() -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        score_framework(unit_id=1, framework=SMALL, measurements=small_measurements(zz=NO_DATA))
    assert raised.value.code is ErrorCode.SCORING_UNKNOWN_INDICATOR
    assert "zz" in raised.value.message.zh_hans


@pytest.mark.parametrize(
    ("code", "measurement"),
    [
        ("a1", Median(value=Fraction(1, 2), sample_size=3)),
        ("a1", Ratio(numerator=Fraction(1), denominator=Fraction(2), scale=100)),
        ("a2", half()),
        ("a3", half()),
        ("b1", Assessment(value=Fraction(50), assessors=1)),
    ],
)
def test_a_measurement_of_the_wrong_kind_is_refused(code: str, measurement: Measurement) -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        score_framework(unit_id=1, framework=SMALL, measurements=small_measurements(**{code: measurement}))
    assert raised.value.code is ErrorCode.SCORING_MEASUREMENT_DOES_NOT_FIT


def test_per_100_households_takes_a_ratio_scaled_by_100() -> None:
    indicator = next(item for item in FRAMEWORK_2026.indicators if item.code == "matters_per_100_households")
    score = score_indicator(
        indicator=indicator, measurement=Ratio(numerator=Fraction(55), denominator=Fraction(1000), scale=100)
    )
    # 5.5 per 100 households on the line from 1 to 10: 50 points.
    assert score.points == Decimal("50.00")


def test_roll_up_plain_mean_and_household_weighted() -> None:
    members = [
        MemberTotal(unit_id=1, total=Decimal("80.00"), households=100),
        MemberTotal(unit_id=2, total=Decimal("60.00"), households=300),
        MemberTotal(unit_id=3, total=None, households=50),
    ]
    mean = roll_up(unit_id=10, members=members)
    assert mean.total == Decimal("70.00")
    assert mean.method is RollupMethod.MEAN
    assert mean.excluded_members == (3,)
    assert mean.households == 450
    assert mean.members == tuple(members)
    weighted = roll_up(unit_id=10, members=members, method=RollupMethod.HOUSEHOLD_WEIGHTED)
    assert weighted.total == Decimal("65.00")


def test_roll_up_community_to_street_to_district() -> None:
    community = score_framework(unit_id=101, framework=SMALL, measurements=small_measurements())
    other = score_framework(unit_id=102, framework=SMALL, measurements=small_measurements(a2=NO_DATA))
    street = roll_up(
        unit_id=11,
        members=[member_total(score=community, households=400), member_total(score=other, households=600)],
    )
    assert street.total == Decimal("68.60")
    second_street = roll_up(unit_id=12, members=[MemberTotal(unit_id=103, total=Decimal("66.67"), households=10)])
    district = roll_up(unit_id=1, members=[street.as_member(), second_street.as_member()])
    # (68.60 + 66.67) / 2 = 67.635, half up.
    assert district.total == Decimal("67.64")
    assert district.households == 1010
    weighted = roll_up(
        unit_id=1,
        members=[street.as_member(), second_street.as_member()],
        method=RollupMethod.HOUSEHOLD_WEIGHTED,
    )
    # (68.60 × 1000 + 66.67 × 10) / 1010 = 68.5808...
    assert weighted.total == Decimal("68.58")


def test_roll_up_edge_cases() -> None:
    assert roll_up(unit_id=1, members=[]).total is None
    assert roll_up(unit_id=1, members=[MemberTotal(unit_id=2, total=None, households=5)]).total is None
    empty = [MemberTotal(unit_id=2, total=Decimal(50), households=0)]
    assert roll_up(unit_id=1, members=empty).total == Decimal("50.00")
    assert roll_up(unit_id=1, members=empty, method=RollupMethod.HOUSEHOLD_WEIGHTED).total is None


def test_roll_up_refuses_repeated_members_and_negative_households() -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        roll_up(
            unit_id=1,
            members=[
                MemberTotal(unit_id=2, total=None, households=1),
                MemberTotal(unit_id=2, total=None, households=1),
            ],
        )
    assert raised.value.code is ErrorCode.SCORING_DUPLICATE_UNIT
    with pytest.raises(EvaluationDomainError) as raised:
        roll_up(unit_id=1, members=[MemberTotal(unit_id=2, total=None, households=-1)])
    assert raised.value.code is ErrorCode.SCORING_NEGATIVE_HOUSEHOLDS


def test_competition_ranking_with_ties_keeps_the_figures() -> None:
    entries = [
        RankInput(unit_id=4, total=Decimal("85.00"), figures="d"),
        RankInput(unit_id=1, total=Decimal("90.00"), figures="a"),
        RankInput(unit_id=5, total=None, figures="e"),
        RankInput(unit_id=2, total=Decimal("85.00"), figures="b"),
        RankInput(unit_id=3, total=Decimal("80.00"), figures="c"),
        RankInput(unit_id=6, total=Decimal("80.00"), figures="f"),
    ]
    ranking = rank_entries(entries=entries)
    assert [(entry.rank, entry.unit_id, entry.figures) for entry in ranking.entries] == [
        (1, 1, "a"),
        (2, 2, "b"),
        (2, 4, "d"),
        (4, 3, "c"),
        (4, 6, "f"),
    ]
    assert [entry.unit_id for entry in ranking.at(2)] == [2, 4]
    assert ranking.at(3) == ()
    assert [entry.unit_id for entry in ranking.unranked] == [5]


def test_ranking_refuses_a_unit_twice() -> None:
    with pytest.raises(EvaluationDomainError) as raised:
        rank_entries(
            entries=[
                RankInput(unit_id=1, total=Decimal(1), figures=None),
                RankInput(unit_id=1, total=Decimal(2), figures=None),
            ]
        )
    assert raised.value.code is ErrorCode.SCORING_DUPLICATE_UNIT


def test_rank_scores_and_rollups() -> None:
    first = score_framework(unit_id=101, framework=SMALL, measurements=small_measurements())
    second = score_framework(unit_id=102, framework=SMALL, measurements=small_measurements(a2=NO_DATA))
    ranking = rank_scores(scores=[second, first])
    assert [(entry.rank, entry.unit_id) for entry in ranking.entries] == [(1, 101), (2, 102)]
    assert isinstance(ranking.entries[0].figures, ScoreBreakdown)
    assert ranking.entries[0].figures.total == Decimal("69.20")
    streets = [
        roll_up(unit_id=11, members=[MemberTotal(unit_id=1, total=Decimal(70), households=1)]),
        roll_up(unit_id=12, members=[MemberTotal(unit_id=2, total=Decimal(75), households=1)]),
    ]
    assert [entry.unit_id for entry in rank_rollups(rollups=streets).entries] == [12, 11]


# ---- properties -------------------------------------------------------------------------------------------

decimals = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
values = st.fractions(min_value=-2000, max_value=2000, max_denominator=1000)


@st.composite
def linear_methods(draw: st.DrawFn) -> LinearScoring:
    floor = draw(decimals)
    target = draw(decimals)
    assume(floor != target)
    return LinearScoring(floor=floor, target=target)


@st.composite
def banded_methods(draw: st.DrawFn) -> BandedScoring:
    thresholds = sorted(draw(st.sets(decimals, min_size=1, max_size=5)))
    points = sorted(
        draw(
            st.lists(
                st.integers(min_value=0, max_value=100),
                min_size=len(thresholds) + 1,
                max_size=len(thresholds) + 1,
            )
        )
    )
    direction = draw(st.sampled_from(Direction))
    if direction is Direction.LOWER_IS_BETTER:
        thresholds.reverse()
    return BandedScoring(
        bands=tuple(
            Band(threshold=threshold, points=Decimal(point))
            for threshold, point in zip(thresholds, points[1:], strict=True)
        ),
        direction=direction,
        otherwise=Decimal(points[0]),
    )


def _direction(method: LinearScoring | BandedScoring) -> Direction:
    return method.direction


@given(method=linear_methods() | banded_methods(), low=values, high=values)
def test_points_are_monotonic_in_the_value(
    method: LinearScoring | BandedScoring, low: Fraction, high: Fraction
) -> None:
    low, high = min(low, high), max(low, high)
    points_low = points_for(method=method, value=low)
    points_high = points_for(method=method, value=high)
    assert Decimal(0) <= points_low <= Decimal(100)
    assert Decimal(0) <= points_high <= Decimal(100)
    if _direction(method) is Direction.HIGHER_IS_BETTER:
        assert points_low <= points_high
    else:
        assert points_low >= points_high


def _measurement_for(indicator: Indicator) -> st.SearchStrategy[Measurement]:
    counts = st.integers(min_value=0, max_value=5000)
    if indicator.unit is Unit.SHARE:
        return st.builds(
            lambda part, extra: Ratio(numerator=Fraction(part), denominator=Fraction(part + extra + 1)),
            counts,
            counts,
        )
    if indicator.unit is Unit.PER_100_HOUSEHOLDS:
        return st.builds(
            lambda matters, households: Ratio(
                numerator=Fraction(matters), denominator=Fraction(households + 1), scale=100
            ),
            counts,
            counts,
        )
    if indicator.unit is Unit.HOURS_PER_RESIDENT:
        return st.builds(
            lambda hours, residents: Ratio(numerator=hours, denominator=Fraction(residents + 1)),
            st.fractions(min_value=0, max_value=100_000, max_denominator=10),
            counts,
        )
    if indicator.unit is Unit.DAYS:
        return st.builds(
            lambda days: Median(value=days, sample_size=1),
            st.fractions(min_value=0, max_value=400, max_denominator=2),
        )
    if indicator.unit is Unit.COUNT:
        return st.builds(lambda total: Count(parts=(("all", total),)), st.integers(min_value=0, max_value=60))
    return st.builds(
        lambda score: Assessment(value=score, assessors=3),
        st.fractions(min_value=0, max_value=100, max_denominator=100),
    )


@st.composite
def default_framework_measurements(draw: st.DrawFn) -> dict[str, Measurement]:
    return {
        indicator.code: draw(st.just(NO_DATA) | _measurement_for(indicator)) for indicator in FRAMEWORK_2026.indicators
    }


@given(measurements=default_framework_measurements())
def test_renormalised_totals_stay_within_0_and_100(measurements: dict[str, Measurement]) -> None:
    breakdown = score_framework(unit_id=1, framework=FRAMEWORK_2026, measurements=measurements)
    with_data = [dimension for dimension in breakdown.dimensions if dimension.points is not None]
    if not with_data:
        assert breakdown.total is None
        return
    assert breakdown.total is not None
    assert Decimal(0) <= breakdown.total <= Decimal(100)
    # A weighted mean lies between its smallest and largest part (give or take the rounding).
    assert min(d.points for d in with_data if d.points is not None) - Decimal("0.01") <= breakdown.total
    assert breakdown.total <= max(d.points for d in with_data if d.points is not None) + Decimal("0.01")
    assert sum(dimension.effective_weight for dimension in breakdown.dimensions) == 1
    for dimension in with_data:
        assert dimension.points is not None
        assert Decimal(0) <= dimension.points <= Decimal(100)
        assert sum(score.effective_weight for score in dimension.indicators) == 1
    expected_excluded = tuple(code for code, value in measurements.items() if value is NO_DATA)
    assert breakdown.excluded_indicators == expected_excluded
    assert breakdown.renormalised is bool(expected_excluded)
