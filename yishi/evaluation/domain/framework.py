"""The indicator framework of the model-community evaluation, as data that checks itself.

Seed 001 (长宁区 2022) asks for an index that finds communities with "资源保障到位、多元参与有效、
机制建设完善、治理效能突出、居民感受良好", combining quantitative and qualitative indicators; seed
000 adds expert review of case material and site visits. The seed's annex with the actual
indicators is not part of the seed text, so FRAMEWORK_2026 below is this project's proposal: the
five dimensions from seed 001, indicators from the data the platform records, and weights and
thresholds for the programme's expert group to confirm or change in a new framework version.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from yishi.evaluation.domain.errors import ErrorCode, EvaluationDomainError, Text

HUNDRED = Decimal(100)


class IndicatorKind(StrEnum):
    """Where an indicator's value comes from."""

    QUANTITATIVE = "quantitative"
    EXPERT = "expert"
    RESIDENT_SURVEY = "resident_survey"


class Unit(StrEnum):
    """The unit of an indicator's value; thresholds are written in the same unit."""

    SHARE = "share"
    PER_100_HOUSEHOLDS = "per_100_households"
    DAYS = "days"
    COUNT = "count"
    HOURS_PER_RESIDENT = "hours_per_resident"
    POINTS = "points"

    @property
    def label(self) -> Text:
        """The unit's name in both languages; a share is a fraction of 1 and is shown as a percentage."""
        return _UNIT_LABELS[self]


_UNIT_LABELS: dict[Unit, Text] = {
    Unit.SHARE: Text(zh_hans="比例(按百分比显示)", en="share (shown as a percentage)"),
    Unit.PER_100_HOUSEHOLDS: Text(zh_hans="件/百户", en="per 100 households"),
    Unit.DAYS: Text(zh_hans="天", en="days"),
    Unit.COUNT: Text(zh_hans="次", en="count"),
    Unit.HOURS_PER_RESIDENT: Text(zh_hans="小时/人", en="hours per resident"),
    Unit.POINTS: Text(zh_hans="分(0–100)", en="points (0–100)"),
}


class Direction(StrEnum):
    """Whether more of the indicator is better or worse."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


def _invalid_method(zh_hans: str, en: str) -> EvaluationDomainError:
    return EvaluationDomainError(code=ErrorCode.FRAMEWORK_INVALID_METHOD, zh_hans=zh_hans, en=en)


def _check_points(points: Decimal) -> None:
    if not 0 <= points <= HUNDRED:
        raise _invalid_method(
            f"得分必须在 0 到 100 之间,而不是 {points}。", f"Points must lie between 0 and 100, not {points}."
        )


@dataclass(frozen=True)
class LinearScoring:
    """0 points at the floor, 100 at the target, linear between, clamped; target below floor: lower wins."""

    floor: Decimal
    target: Decimal

    def __post_init__(self) -> None:
        """Reject equal floor and target."""
        if self.floor == self.target:
            raise _invalid_method(
                f"线性计分的起点与目标值不能相同:{self.floor}。",
                f"Linear scoring needs a floor different from the target: both are {self.floor}.",
            )

    @property
    def direction(self) -> Direction:
        """Higher is better when the target lies above the floor."""
        return Direction.HIGHER_IS_BETTER if self.target > self.floor else Direction.LOWER_IS_BETTER

    @property
    def thresholds(self) -> tuple[Decimal, ...]:
        """The values the method names, for range checks."""
        return (self.floor, self.target)


@dataclass(frozen=True)
class Band:
    """A value that reaches the threshold earns the points."""

    threshold: Decimal
    points: Decimal


@dataclass(frozen=True)
class BandedScoring:
    """The points of the most demanding band the value reaches, else `otherwise`."""

    bands: tuple[Band, ...]
    direction: Direction = Direction.HIGHER_IS_BETTER
    otherwise: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        """Reject no bands, repeated thresholds, points outside 0–100 and points that fall as demands rise."""
        if not self.bands:
            raise _invalid_method("分档计分至少需要一档。", "Banded scoring needs at least one band.")
        thresholds = [band.threshold for band in self.bands]
        if len(set(thresholds)) != len(thresholds):
            raise _invalid_method(f"分档阈值不能重复:{thresholds}。", f"Band thresholds must differ: {thresholds}.")
        _check_points(self.otherwise)
        previous = self.otherwise
        for band in self.in_order_of_demand():
            _check_points(band.points)
            if band.points < previous:
                # Otherwise a better value could earn fewer points.
                raise _invalid_method(
                    f"更高要求的档次得分不能更低:阈值 {band.threshold} 得 {band.points} 分,低于 {previous} 分。",
                    f"A more demanding band cannot earn fewer points: threshold {band.threshold} earns "
                    f"{band.points}, below {previous}.",
                )
            previous = band.points

    def in_order_of_demand(self) -> tuple[Band, ...]:
        """The bands from the easiest to reach to the hardest."""
        return tuple(
            sorted(
                self.bands,
                key=lambda band: band.threshold,
                reverse=self.direction is Direction.LOWER_IS_BETTER,
            )
        )

    @property
    def thresholds(self) -> tuple[Decimal, ...]:
        """The values the method names, for range checks."""
        return tuple(band.threshold for band in self.bands)


@dataclass(frozen=True)
class DirectScoring:
    """The value already is the score on the 0–100 scale (expert or survey scores)."""

    @property
    def thresholds(self) -> tuple[Decimal, ...]:
        """The values the method names, for range checks: none."""
        return ()


ScoringMethod = LinearScoring | BandedScoring | DirectScoring


@dataclass(frozen=True)
class Indicator:
    """One indicator: what it measures, how its value becomes points, and its weight in its dimension."""

    code: str
    name: Text
    definition: Text
    weight: Decimal
    kind: IndicatorKind
    unit: Unit
    method: ScoringMethod

    def __post_init__(self) -> None:
        """Reject a weight that is not positive and a method that does not fit the kind or the unit."""
        _check_weight(self.weight, owner=self.code)
        qualitative = self.kind is not IndicatorKind.QUANTITATIVE
        direct = isinstance(self.method, DirectScoring)
        if qualitative and not direct:
            raise _does_not_fit(
                self.code, "定性指标必须直接评分(0–100)", "a qualitative indicator is scored directly (0–100)"
            )
        if direct != (self.unit is Unit.POINTS):
            raise _does_not_fit(
                self.code, "只有以“分”为单位的指标直接评分", "only an indicator in points is scored directly"
            )
        if self.unit is Unit.SHARE and not all(0 <= value <= 1 for value in self.method.thresholds):
            # Catches "60" written for 60 %: shares are fractions of 1.
            raise _does_not_fit(
                self.code, "比例指标的阈值必须在 0 到 1 之间", "thresholds of a share lie between 0 and 1"
            )


def _does_not_fit(code: str, zh_hans: str, en: str) -> EvaluationDomainError:
    return EvaluationDomainError(
        code=ErrorCode.FRAMEWORK_METHOD_DOES_NOT_FIT,
        zh_hans=f"指标 {code}:{zh_hans}。",
        en=f"Indicator {code}: {en}.",
    )


def _check_weight(weight: Decimal, *, owner: str) -> None:
    if weight <= 0:
        raise EvaluationDomainError(
            code=ErrorCode.FRAMEWORK_NON_POSITIVE_WEIGHT,
            zh_hans=f"{owner} 的权重必须为正数,而不是 {weight}。",
            en=f"The weight of {owner} must be positive, not {weight}.",
        )


@dataclass(frozen=True)
class Dimension:
    """A dimension of the index with its weight and its indicators."""

    code: str
    name: Text
    weight: Decimal
    indicators: tuple[Indicator, ...]

    def __post_init__(self) -> None:
        """Reject a weight that is not positive and a dimension without indicators."""
        _check_weight(self.weight, owner=self.code)
        if not self.indicators:
            raise EvaluationDomainError(
                code=ErrorCode.FRAMEWORK_EMPTY,
                zh_hans=f"维度 {self.code} 没有指标。",
                en=f"Dimension {self.code} has no indicators.",
            )


@dataclass(frozen=True)
class Framework:
    """A versioned indicator framework; weights at each level sum to exactly `weight_total` (100 or 1)."""

    version: str
    name: Text
    dimensions: tuple[Dimension, ...]
    weight_total: Decimal = HUNDRED

    def __post_init__(self) -> None:
        """Reject a framework whose weights do not sum exactly, or with no or repeated codes."""
        if self.weight_total not in (Decimal(1), HUNDRED):
            raise EvaluationDomainError(
                code=ErrorCode.FRAMEWORK_INVALID_WEIGHT_TOTAL,
                zh_hans=f"权重合计必须为 100 或 1,而不是 {self.weight_total}。",
                en=f"Weights must total 100 or 1, not {self.weight_total}.",
            )
        if not self.dimensions:
            raise EvaluationDomainError(
                code=ErrorCode.FRAMEWORK_EMPTY,
                zh_hans=f"指标体系 {self.version} 没有维度。",
                en=f"Framework {self.version} has no dimensions.",
            )
        codes = [dimension.code for dimension in self.dimensions] + [indicator.code for indicator in self.indicators]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            raise EvaluationDomainError(
                code=ErrorCode.FRAMEWORK_DUPLICATE_CODE,
                zh_hans=f"代码重复:{', '.join(repeated)}。",
                en=f"Repeated codes: {', '.join(repeated)}.",
            )
        self._check_sum(
            sum((dimension.weight for dimension in self.dimensions), Decimal(0)),
            Text(zh_hans=f"指标体系 {self.version} 的维度", en=f"Dimension weights of framework {self.version}"),
        )
        for dimension in self.dimensions:
            self._check_sum(
                sum((indicator.weight for indicator in dimension.indicators), Decimal(0)),
                Text(
                    zh_hans=f"维度“{dimension.name.zh_hans}”({dimension.code})的指标",
                    en=f"Indicator weights in dimension '{dimension.name.en}' ({dimension.code})",
                ),
            )

    def _check_sum(self, actual: Decimal, what: Text) -> None:
        # Exact Decimal comparison: 33.33 + 33.33 + 33.33 is 99.99 and is refused, as it should be.
        if actual != self.weight_total:
            raise EvaluationDomainError(
                code=ErrorCode.FRAMEWORK_WEIGHTS_DO_NOT_SUM,
                zh_hans=f"{what.zh_hans}权重之和为 {actual},应为 {self.weight_total}。",
                en=f"{what.en} sum to {actual}, expected {self.weight_total}.",
            )

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator, dimension by dimension."""
        return tuple(indicator for dimension in self.dimensions for indicator in dimension.indicators)


def _d(value: str) -> Decimal:
    return Decimal(value)


def _linear(floor: str, target: str) -> LinearScoring:
    return LinearScoring(floor=_d(floor), target=_d(target))


def _banded(*bands: tuple[str, str]) -> BandedScoring:
    return BandedScoring(bands=tuple(Band(threshold=_d(threshold), points=_d(points)) for threshold, points in bands))


def _expert(code: str, weight: str, name: Text, definition: Text) -> Indicator:
    return Indicator(
        code=code,
        name=name,
        definition=definition,
        weight=_d(weight),
        kind=IndicatorKind.EXPERT,
        unit=Unit.POINTS,
        method=DirectScoring(),
    )


def _quantitative(code: str, weight: str, unit: Unit, method: ScoringMethod, name: Text, definition: Text) -> Indicator:
    return Indicator(
        code=code,
        name=name,
        definition=definition,
        weight=_d(weight),
        kind=IndicatorKind.QUANTITATIVE,
        unit=unit,
        method=method,
    )


_RESOURCES = Dimension(
    code="resources",
    name=Text(zh_hans="资源保障到位", en="Resources in place"),
    weight=_d("15"),
    indicators=(
        _quantitative(
            "online_coverage",
            "40",
            Unit.SHARE,
            _linear("0.30", "0.80"),
            Text(zh_hans="家庭上云率", en="Online household coverage"),
            Text(
                zh_hans="至少有一名成员在平台注册的家庭占家庭总数的比例。",
                en="Share of households with at least one member registered on the platform.",
            ),
        ),
        _expert(
            "resources_in_place",
            "60",
            Text(zh_hans="人才、资金、设施保障", en="People, funds and venues"),
            Text(
                zh_hans="专家评分:议事微空间、自治金与惠民资金的使用、协商议事人才队伍是否到位。",
                en="Expert score: deliberation venues, use of self-governance and welfare funds, trained facilitators.",
            ),
        ),
    ),
)

_PARTICIPATION = Dimension(
    code="participation",
    name=Text(zh_hans="多元参与有效", en="Broad and effective participation"),
    weight=_d("25"),
    indicators=(
        _quantitative(
            "participation_rate",
            "20",
            Unit.SHARE,
            _linear("0.05", "0.30"),
            Text(zh_hans="居民参与率", en="Participation rate"),
            Text(
                zh_hans="评估期内至少参与一次提议、协商、表决或评议的成年居民占成年居民总数的比例。",
                en="Share of adult residents who proposed, deliberated, voted or evaluated at least once.",
            ),
        ),
        _quantitative(
            "elderly_participation",
            "15",
            Unit.SHARE,
            _linear("0.05", "0.30"),
            Text(zh_hans="60岁以上居民参与率", en="Participation of residents aged 60+"),
            Text(
                zh_hans="评估期内至少参与一次的60岁以上居民占60岁以上居民总数的比例(弥合“数字鸿沟”)。",
                en="Share of residents aged 60 and over who took part at least once (bridging the digital divide).",
            ),
        ),
        _quantitative(
            "assisted_share",
            "10",
            Unit.SHARE,
            _banded(("0.02", "50"), ("0.05", "80"), ("0.10", "100")),
            Text(zh_hans="线下代录参与占比", en="Assisted participation share"),
            Text(
                zh_hans="由工作人员代为记录的线下参与人次占参与总人次的比例,反映无智能手机居民的参与。",
                en="Share of participations recorded by staff for residents taking part offline.",
            ),
        ),
        _quantitative(
            "matters_per_100_households",
            "15",
            Unit.PER_100_HOUSEHOLDS,
            _linear("1", "10"),
            Text(zh_hans="每百户议题数", en="Matters raised per 100 households"),
            Text(
                zh_hans="评估期内居民提出的议题数(合并前)除以家庭总数再乘以100。",
                en="Matters raised by residents in the period (before merging) per 100 households.",
            ),
        ),
        _quantitative(
            "registration_rate",
            "15",
            Unit.SHARE,
            _linear("0.80", "0.983"),
            Text(zh_hans="选民登记率", en="Election registration rate"),
            Text(
                zh_hans="最近一次居委会选举中登记选民占应登记选民的比例(参照 98.3%)。",
                en="Share of eligible voters registered in the latest committee election (bar: 98.3 %).",
            ),
        ),
        _quantitative(
            "turnout",
            "15",
            Unit.SHARE,
            _linear("0.80", "0.961"),
            Text(zh_hans="参选率", en="Election turnout"),
            Text(
                zh_hans="最近一次居委会选举中参加投票的选民占登记选民的比例(参照 96.1%)。",
                en="Share of registered voters who voted in the latest committee election (bar: 96.1 %).",
            ),
        ),
        _quantitative(
            "volunteer_hours_per_resident",
            "10",
            Unit.HOURS_PER_RESIDENT,
            _linear("0", "4"),
            Text(zh_hans="人均志愿服务时长", en="Volunteer hours per resident"),
            Text(
                zh_hans="评估期内记录的志愿服务总时长除以常住居民数(五社联动)。",
                en="Recorded volunteer service hours in the period per resident (five-society linkage).",
            ),
        ),
    ),
)

_MECHANISMS = Dimension(
    code="mechanisms",
    name=Text(zh_hans="机制建设完善", en="Sound mechanisms"),
    weight=_d("20"),
    indicators=(
        _quantitative(
            "meetings_held",
            "25",
            Unit.COUNT,
            _banded(("1", "30"), ("3", "60"), ("6", "80"), ("12", "100")),
            Text(zh_hans="协商会议召开次数", en="Deliberation meetings held"),
            Text(
                zh_hans="评估期内召开的听证会、协调会、评议会及议事协商会次数(“月月议”为每年12次)。",
                en="Hearings, coordination, review and deliberation meetings held (monthly is 12 a year).",
            ),
        ),
        _quantitative(
            "decisions_by_legal_basis",
            "20",
            Unit.COUNT,
            _banded(("1", "50"), ("3", "80"), ("6", "100")),
            Text(zh_hans="依法表决事项数", en="Decisions taken on a legal basis"),
            Text(
                zh_hans="评估期内经居民会议、居民代表会议、业主大会或居民网上投票依法决定的事项数。",
                en="Matters decided by an assembly, an owners' assembly or a residents' vote, each on its legal basis.",
            ),
        ),
        _quantitative(
            "disclosure_on_time",
            "25",
            Unit.SHARE,
            _linear("0.80", "1"),
            Text(zh_hans="按时公开率", en="Disclosure on time"),
            Text(
                zh_hans="应公开的决议、实施结果和账目中按时公开的比例(阳光居务)。",
                en="Share of due disclosures of decisions, results and accounts published on time.",
            ),
        ),
        _expert(
            "mechanisms_in_place",
            "30",
            Text(zh_hans="协商议事机制", en="Deliberation mechanisms"),
            Text(
                zh_hans="专家评分:议事协商目录、议事规则、“4+N”/“5+N”协商主体、“三会”制度、居务监督委员会。",
                en="Expert score: deliberation catalogue, rules of procedure, 4+N / 5+N seats, "
                "three meetings, supervision committee.",
            ),
        ),
    ),
)

_EFFECTIVENESS = Dimension(
    code="effectiveness",
    name=Text(zh_hans="治理效能突出", en="Outstanding governance effectiveness"),
    weight=_d("25"),
    indicators=(
        _quantitative(
            "resolution_rate",
            "30",
            Unit.SHARE,
            _linear("0.60", "0.95"),
            Text(zh_hans="议题办结率", en="Resolution rate"),
            Text(
                zh_hans="评估期内受理的议题中已办结(评议后结案或直接答复)的比例。",
                en="Share of matters accepted in the period that were resolved (closed after evaluation or answered).",
            ),
        ),
        _quantitative(
            "median_days_to_resolve",
            "20",
            Unit.DAYS,
            _linear("60", "15"),
            Text(zh_hans="办结天数中位数", en="Median days to resolve"),
            Text(
                zh_hans="已办结议题从分流到办结的自然日数的中位数,越少越好。",
                en="Median calendar days from triage to resolution of resolved matters; fewer is better.",
            ),
        ),
        _quantitative(
            "overdue_share",
            "20",
            Unit.SHARE,
            _linear("0.30", "0"),
            Text(zh_hans="超期议题占比", en="Overdue share"),
            Text(
                zh_hans="到期议题中超过办理时限的比例,越低越好。",
                en="Share of matters due in the period that went past their due date; lower is better.",
            ),
        ),
        _expert(
            "case_quality",
            "30",
            Text(zh_hans="案例质量", en="Case quality"),
            Text(
                zh_hans="专家评审申报案例材料及实地考察的评分。",
                en="Experts' score for the submitted case material and the site visit.",
            ),
        ),
    ),
)

_PERCEPTION = Dimension(
    code="perception",
    name=Text(zh_hans="居民感受良好", en="Residents feel well served"),
    weight=_d("15"),
    indicators=(
        _quantitative(
            "satisfaction_share",
            "60",
            Unit.SHARE,
            _linear("0.60", "0.95"),
            Text(zh_hans="满意率", en="Satisfaction share"),
            Text(
                zh_hans="评估期内议题满意度调查中“满意”和“基本满意”答卷占全部答卷的比例。",
                en="Share of 'satisfied' and 'basically satisfied' answers in the matters' satisfaction surveys.",
            ),
        ),
        Indicator(
            code="resident_survey",
            name=Text(zh_hans="居民感受度调查", en="Resident survey"),
            definition=Text(
                zh_hans="第三方抽样调查居民对全过程人民民主的认知度、参与度和感受度,平均分(0–100)。",
                en="Mean score (0–100) of a sample survey of residents' awareness, involvement and perception.",
            ),
            weight=_d("40"),
            kind=IndicatorKind.RESIDENT_SURVEY,
            unit=Unit.POINTS,
            method=DirectScoring(),
        ),
    ),
)

FRAMEWORK_2026: Final = Framework(
    version="2026",
    name=Text(
        zh_hans="全过程人民民主实践示范社区评估指标(2026)",
        en="Model community of whole-process people's democracy: evaluation index (2026)",
    ),
    dimensions=(_RESOURCES, _PARTICIPATION, _MECHANISMS, _EFFECTIVENESS, _PERCEPTION),
)

DEFAULT_FRAMEWORK: Final = FRAMEWORK_2026
