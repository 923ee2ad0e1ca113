"""Scoring: indicator values to points, weighted roll-up to dimensions and total, area roll-ups, ranking.

Points are on the 0–100 scale and published as Decimals with two places, rounded half up. Each
level is computed from the *published* (rounded) points of the level below, so that anyone can
recompute a total from the breakdown on the public page and get the same figure.

An indicator with NO_DATA is left out and the weights of the others in its dimension are scaled up
to fill its place (renormalised); a dimension with no data at all is left out of the total the
same way. The breakdown records what was left out and the effective weights actually used.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Generic, TypeVar

from yishi.evaluation.domain.errors import ErrorCode, EvaluationDomainError
from yishi.evaluation.domain.exact import round_half_up
from yishi.evaluation.domain.framework import (
    BandedScoring,
    Direction,
    Framework,
    Indicator,
    LinearScoring,
    ScoringMethod,
    Unit,
)
from yishi.evaluation.domain.indicators import (
    POINTS_MAXIMUM,
    Assessment,
    Count,
    Measurement,
    Median,
    NoData,
    Ratio,
)

F = TypeVar("F")

# Which measurement type each unit takes, so that a share is never scored as days or as points.
_MEASUREMENT_FOR_UNIT: dict[Unit, type[Ratio | Median | Count | Assessment]] = {
    Unit.SHARE: Ratio,
    Unit.PER_100_HOUSEHOLDS: Ratio,
    Unit.HOURS_PER_RESIDENT: Ratio,
    Unit.DAYS: Median,
    Unit.COUNT: Count,
    Unit.POINTS: Assessment,
}
_SCALE_FOR_UNIT: dict[Unit, int] = {Unit.PER_100_HOUSEHOLDS: 100}


def exact_points(*, method: ScoringMethod, value: Fraction) -> Fraction:
    """The exact points (0–100) a value earns under a method; direct scores outside 0–100 are refused."""
    if isinstance(method, LinearScoring):
        floor = Fraction(method.floor)
        target = Fraction(method.target)
        # One formula serves both directions: for lower-is-better, target < floor and the signs cancel.
        share = (value - floor) / (target - floor)
        return POINTS_MAXIMUM * min(max(share, Fraction(0)), Fraction(1))
    if isinstance(method, BandedScoring):
        earned = Fraction(method.otherwise)
        for band in method.in_order_of_demand():
            threshold = Fraction(band.threshold)
            reached = value >= threshold if method.direction is Direction.HIGHER_IS_BETTER else value <= threshold
            if reached:
                earned = Fraction(band.points)
        return earned
    if not 0 <= value <= POINTS_MAXIMUM:
        raise EvaluationDomainError(
            code=ErrorCode.SCORING_OUT_OF_RANGE,
            zh_hans=f"直接评分必须在 0 到 100 之间,而不是 {value}。",
            en=f"A direct score must lie between 0 and 100, not {value}.",
        )
    return value


def points_for(*, method: ScoringMethod, value: Fraction) -> Decimal:
    """The published points a value earns: two decimals, rounded half up."""
    return round_half_up(exact_points(method=method, value=value))


@dataclass(frozen=True)
class IndicatorScore:
    """An indicator's measurement and points; excluded (points None) when there was no data."""

    code: str
    measurement: Measurement
    nominal_weight: Decimal
    points: Decimal | None
    effective_weight: Fraction

    @property
    def has_data(self) -> bool:
        """Whether the indicator counted."""
        return self.points is not None


def score_indicator(*, indicator: Indicator, measurement: Measurement) -> IndicatorScore:
    """Score one measurement against its indicator; its effective weight is filled in by the dimension."""
    if isinstance(measurement, NoData):
        points = None
    else:
        expected = _MEASUREMENT_FOR_UNIT[indicator.unit]
        scale = _SCALE_FOR_UNIT.get(indicator.unit, 1)
        if not isinstance(measurement, expected) or (isinstance(measurement, Ratio) and measurement.scale != scale):
            raise EvaluationDomainError(
                code=ErrorCode.SCORING_MEASUREMENT_DOES_NOT_FIT,
                zh_hans=f"指标 {indicator.code} 的单位为“{indicator.unit.label.zh_hans}”,"
                f"不能用 {type(measurement).__name__} 计分。",
                en=f"Indicator {indicator.code} is in {indicator.unit.label.en} and cannot be scored "
                f"from a {type(measurement).__name__}.",
            )
        points = points_for(method=indicator.method, value=measurement.value)
    return IndicatorScore(
        code=indicator.code,
        measurement=measurement,
        nominal_weight=indicator.weight,
        points=points,
        effective_weight=Fraction(0),
    )


def _weighted_mean(pairs: Sequence[tuple[Decimal, Decimal]]) -> tuple[Decimal | None, list[Fraction]]:
    """Points weighted by the weights renormalised to sum to 1, with those shares; None when empty."""
    if not pairs:
        return None, []
    total_weight = sum((Fraction(weight) for weight, _ in pairs), Fraction(0))
    shares = [Fraction(weight) / total_weight for weight, _ in pairs]
    mean = sum((share * Fraction(points) for share, (_, points) in zip(shares, pairs, strict=True)), Fraction(0))
    return round_half_up(mean), shares


@dataclass(frozen=True)
class DimensionScore:
    """A dimension's points from its indicators with data, and which indicators were left out."""

    code: str
    nominal_weight: Decimal
    indicators: tuple[IndicatorScore, ...]
    points: Decimal | None
    effective_weight: Fraction
    excluded_indicators: tuple[str, ...]
    renormalised: bool

    @property
    def has_data(self) -> bool:
        """Whether any indicator of the dimension had data."""
        return self.points is not None


def _with_shares(scores: Sequence[IndicatorScore]) -> tuple[Decimal | None, tuple[IndicatorScore, ...]]:
    counted = [(score.code, score.nominal_weight, score.points) for score in scores if score.points is not None]
    points, shares = _weighted_mean([(weight, value) for _, weight, value in counted])
    share_by_code = dict(zip((code for code, _, _ in counted), shares, strict=True))
    return points, tuple(
        replace(score, effective_weight=share_by_code.get(score.code, Fraction(0))) for score in scores
    )


@dataclass(frozen=True)
class ScoreBreakdown:
    """A unit's index: every dimension and indicator, the total, and what was left out for lack of data."""

    unit_id: int
    framework_version: str
    dimensions: tuple[DimensionScore, ...]
    total: Decimal | None
    excluded_indicators: tuple[str, ...]
    excluded_dimensions: tuple[str, ...]
    renormalised: bool

    def dimension(self, code: str) -> DimensionScore:
        """The score of one dimension by its code."""
        return next(dimension for dimension in self.dimensions if dimension.code == code)

    def indicator(self, code: str) -> IndicatorScore:
        """The score of one indicator by its code."""
        return next(
            indicator for dimension in self.dimensions for indicator in dimension.indicators if indicator.code == code
        )


def score_framework(*, unit_id: int, framework: Framework, measurements: Mapping[str, Measurement]) -> ScoreBreakdown:
    """Score a unit (a community) on a framework; every indicator needs a measurement, NO_DATA included."""
    known = {indicator.code for indicator in framework.indicators}
    unknown = sorted(set(measurements) - known)
    if unknown:
        raise EvaluationDomainError(
            code=ErrorCode.SCORING_UNKNOWN_INDICATOR,
            zh_hans=f"指标体系 {framework.version} 中没有这些指标:{', '.join(unknown)}。",
            en=f"Framework {framework.version} has no indicators {', '.join(unknown)}.",
        )
    missing = [indicator.code for indicator in framework.indicators if indicator.code not in measurements]
    if missing:
        # Absent is not the same as NO_DATA: a forgotten figure must not silently reweight the index.
        raise EvaluationDomainError(
            code=ErrorCode.SCORING_MEASUREMENT_MISSING,
            zh_hans=f"缺少指标数据(无数据请明确记为“无数据”):{', '.join(missing)}。",
            en=f"Measurements missing (record NO_DATA explicitly where there is none): {', '.join(missing)}.",
        )
    dimensions: list[DimensionScore] = []
    for dimension in framework.dimensions:
        scores = [
            score_indicator(indicator=indicator, measurement=measurements[indicator.code])
            for indicator in dimension.indicators
        ]
        points, scored = _with_shares(scores)
        excluded = tuple(score.code for score in scored if score.points is None)
        dimensions.append(
            DimensionScore(
                code=dimension.code,
                nominal_weight=dimension.weight,
                indicators=scored,
                points=points,
                effective_weight=Fraction(0),
                excluded_indicators=excluded,
                renormalised=bool(excluded) and points is not None,
            )
        )
    counted = [dimension for dimension in dimensions if dimension.points is not None]
    total, shares = _weighted_mean(
        [(dimension.nominal_weight, dimension.points) for dimension in counted if dimension.points is not None]
    )
    share_by_code = dict(zip((dimension.code for dimension in counted), shares, strict=True))
    final = tuple(
        replace(dimension, effective_weight=share_by_code.get(dimension.code, Fraction(0))) for dimension in dimensions
    )
    excluded_indicators = tuple(code for dimension in final for code in dimension.excluded_indicators)
    excluded_dimensions = tuple(dimension.code for dimension in final if dimension.points is None)
    return ScoreBreakdown(
        unit_id=unit_id,
        framework_version=framework.version,
        dimensions=final,
        total=total,
        excluded_indicators=excluded_indicators,
        excluded_dimensions=excluded_dimensions,
        renormalised=bool(excluded_indicators) and total is not None,
    )


class RollupMethod(StrEnum):
    """How member totals combine into an area's total."""

    MEAN = "mean"
    HOUSEHOLD_WEIGHTED = "household_weighted"


@dataclass(frozen=True)
class MemberTotal:
    """One member of an area (a community in a street, a street in a district) with its total and size."""

    unit_id: int
    total: Decimal | None
    households: int


@dataclass(frozen=True)
class Rollup:
    """An area's total from its members, keeping each member's figure and who had no data."""

    unit_id: int
    method: RollupMethod
    members: tuple[MemberTotal, ...]
    excluded_members: tuple[int, ...]
    households: int
    total: Decimal | None

    def as_member(self) -> MemberTotal:
        """This area as a member of the next level up (a street in its district)."""
        return MemberTotal(unit_id=self.unit_id, total=self.total, households=self.households)


def member_total(*, score: ScoreBreakdown, households: int) -> MemberTotal:
    """A community's score as a member of its street."""
    return MemberTotal(unit_id=score.unit_id, total=score.total, households=households)


def roll_up(*, unit_id: int, members: Sequence[MemberTotal], method: RollupMethod = RollupMethod.MEAN) -> Rollup:
    """An area's total: the plain mean of its members' totals, or their mean weighted by households."""
    ids = [member.unit_id for member in members]
    repeated = sorted({member_id for member_id in ids if ids.count(member_id) > 1})
    if repeated:
        raise EvaluationDomainError(
            code=ErrorCode.SCORING_DUPLICATE_UNIT,
            zh_hans=f"成员重复:{', '.join(map(str, repeated))}。",
            en=f"Members repeated: {', '.join(map(str, repeated))}.",
        )
    for member in members:
        if member.households < 0:
            raise EvaluationDomainError(
                code=ErrorCode.SCORING_NEGATIVE_HOUSEHOLDS,
                zh_hans=f"成员 {member.unit_id} 的户数不能为负数:{member.households}。",
                en=f"Member {member.unit_id} cannot have negative households: {member.households}.",
            )
    counted = [(member, member.total) for member in members if member.total is not None]
    if method is RollupMethod.MEAN:
        pairs = [(Decimal(1), total) for _, total in counted]
    else:
        # A member with no households carries no weight; an area whose members all have none has no data.
        pairs = [(Decimal(member.households), total) for member, total in counted if member.households > 0]
    total, _ = _weighted_mean(pairs)
    return Rollup(
        unit_id=unit_id,
        method=method,
        members=tuple(members),
        excluded_members=tuple(member.unit_id for member in members if member.total is None),
        households=sum(member.households for member in members),
        total=total,
    )


@dataclass(frozen=True)
class RankInput(Generic[F]):
    """Something to rank: a unit, its total (None: no data) and the figures behind the total."""

    unit_id: int
    total: Decimal | None
    figures: F


@dataclass(frozen=True)
class RankedEntry(Generic[F]):
    """A unit's place in a ranking, with the figures behind its total."""

    rank: int
    unit_id: int
    total: Decimal
    figures: F


@dataclass(frozen=True)
class Ranking(Generic[F]):
    """Units in rank order (competition ranking: 1, 2, 2, 4) and the units with no data, unranked."""

    entries: tuple[RankedEntry[F], ...]
    unranked: tuple[RankInput[F], ...]

    def at(self, rank: int) -> tuple[RankedEntry[F], ...]:
        """The entries sharing a rank."""
        return tuple(entry for entry in self.entries if entry.rank == rank)


def rank_entries(*, entries: Sequence[RankInput[F]]) -> Ranking[F]:
    """Rank by published total, highest first; equal totals share a rank, the next skips (1, 2, 2, 4)."""
    ids = [entry.unit_id for entry in entries]
    repeated = sorted({unit_id for unit_id in ids if ids.count(unit_id) > 1})
    if repeated:
        raise EvaluationDomainError(
            code=ErrorCode.SCORING_DUPLICATE_UNIT,
            zh_hans=f"排名对象重复:{', '.join(map(str, repeated))}。",
            en=f"Units repeated in the ranking: {', '.join(map(str, repeated))}.",
        )
    scored = sorted(
        ((entry, entry.total) for entry in entries if entry.total is not None),
        key=lambda pair: (-pair[1], pair[0].unit_id),
    )
    ranked: list[RankedEntry[F]] = []
    for position, (entry, total) in enumerate(scored, start=1):
        # Ties are on the published (two-place) total: what residents see equal is ranked equal.
        rank = ranked[-1].rank if ranked and ranked[-1].total == total else position
        ranked.append(RankedEntry(rank=rank, unit_id=entry.unit_id, total=total, figures=entry.figures))
    unranked = tuple(sorted((entry for entry in entries if entry.total is None), key=lambda entry: entry.unit_id))
    return Ranking(entries=tuple(ranked), unranked=unranked)


def rank_scores(*, scores: Sequence[ScoreBreakdown]) -> Ranking[ScoreBreakdown]:
    """Rank communities by their index total, each with its full breakdown."""
    return rank_entries(
        entries=[RankInput(unit_id=score.unit_id, total=score.total, figures=score) for score in scores]
    )


def rank_rollups(*, rollups: Sequence[Rollup]) -> Ranking[Rollup]:
    """Rank areas (streets, districts) by their rolled-up total, each with its members' figures."""
    return rank_entries(
        entries=[RankInput(unit_id=rollup.unit_id, total=rollup.total, figures=rollup) for rollup in rollups]
    )
