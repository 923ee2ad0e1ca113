"""Formulas of the quantitative indicators, as pure functions over plain counts.

Every formula keeps the figures it was computed from (a Ratio keeps its numerator and
denominator) so that the published index can show them, and returns NO_DATA when there is
nothing to divide by: a community that held no election has no turnout, not a turnout of 0 %.
All arithmetic is exact (int, Fraction, Decimal); no float ever enters a value.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Final

from yishi.evaluation.domain.errors import ErrorCode, EvaluationDomainError, Text

POINTS_MAXIMUM = Fraction(100)


class NoData(Enum):
    """The type of NO_DATA: an indicator with nothing to measure."""

    NO_DATA = "no_data"

    def __repr__(self) -> str:
        """Show the sentinel as its name."""
        return "NO_DATA"


NO_DATA: Final = NoData.NO_DATA


@dataclass(frozen=True)
class Ratio:
    """numerator × scale / denominator, with both figures kept; scale 100 gives "per 100"."""

    numerator: Fraction
    denominator: Fraction
    scale: int = 1

    def __post_init__(self) -> None:
        """Reject a negative numerator and a denominator that is not positive."""
        if self.numerator < 0:
            raise EvaluationDomainError(
                code=ErrorCode.INDICATOR_NEGATIVE_FIGURE,
                zh_hans=f"分子不能为负数:{self.numerator}。",
                en=f"The numerator cannot be negative: {self.numerator}.",
            )
        if self.denominator <= 0:
            raise EvaluationDomainError(
                code=ErrorCode.INDICATOR_NON_POSITIVE_DENOMINATOR,
                zh_hans=f"分母必须为正数:{self.denominator};没有分母时应记为“无数据”。",
                en=f"The denominator must be positive: {self.denominator}; with none, record NO_DATA.",
            )

    @property
    def value(self) -> Fraction:
        """The exact value."""
        return self.numerator * self.scale / self.denominator


@dataclass(frozen=True)
class Median:
    """The median of a sample, exact, with the sample's size."""

    value: Fraction
    sample_size: int


@dataclass(frozen=True)
class Count:
    """A count with its parts by kind (meetings by kind, decisions by legal basis)."""

    parts: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        """The sum of the parts."""
        return sum(count for _, count in self.parts)

    @property
    def value(self) -> Fraction:
        """The total as an exact value."""
        return Fraction(self.total)


@dataclass(frozen=True)
class Assessment:
    """A qualitative score on the 0–100 scale (experts' or a resident survey's), with how many gave it."""

    value: Fraction
    assessors: int

    def __post_init__(self) -> None:
        """Reject a score outside 0–100."""
        if not 0 <= self.value <= POINTS_MAXIMUM:
            raise EvaluationDomainError(
                code=ErrorCode.INDICATOR_OUT_OF_RANGE,
                zh_hans=f"评分必须在 0 到 100 之间,而不是 {self.value}。",
                en=f"A score must lie between 0 and 100, not {self.value}.",
            )


Measurement = Ratio | Median | Count | Assessment | NoData


def _check_figures(**figures: int) -> None:
    for name, figure in figures.items():
        if figure < 0:
            raise EvaluationDomainError(
                code=ErrorCode.INDICATOR_NEGATIVE_FIGURE,
                zh_hans=f"数据“{name}”不能为负数:{figure}。",
                en=f"The figure '{name}' cannot be negative: {figure}.",
            )


def _share(*, part: int, whole: int, part_name: Text, whole_name: Text) -> Ratio | NoData:
    """part / whole, where the part is a subset of the whole; NO_DATA when the whole is empty."""
    for name, figure in ((part_name, part), (whole_name, whole)):
        if figure < 0:
            raise EvaluationDomainError(
                code=ErrorCode.INDICATOR_NEGATIVE_FIGURE,
                zh_hans=f"“{name.zh_hans}”不能为负数:{figure}。",
                en=f"The {name.en} cannot be negative: {figure}.",
            )
    if part > whole:
        raise EvaluationDomainError(
            code=ErrorCode.INDICATOR_PART_EXCEEDS_WHOLE,
            zh_hans=f"“{part_name.zh_hans}”({part})不能大于“{whole_name.zh_hans}”({whole})。",
            en=f"The {part_name.en} ({part}) cannot exceed the {whole_name.en} ({whole}).",
        )
    if whole == 0:
        return NO_DATA
    return Ratio(numerator=Fraction(part), denominator=Fraction(whole))


def participation_rate(*, participants: int, adult_residents: int) -> Ratio | NoData:
    """Share of adult residents who proposed, deliberated, voted or evaluated at least once in the period."""
    return _share(
        part=participants,
        whole=adult_residents,
        part_name=Text(zh_hans="参与居民数", en="participants"),
        whole_name=Text(zh_hans="成年居民数", en="adult residents"),
    )


def online_coverage(*, households_online: int, households: int) -> Ratio | NoData:
    """Online household coverage (上云率): share of households with a member registered online."""
    return _share(
        part=households_online,
        whole=households,
        part_name=Text(zh_hans="上云家庭数", en="households online"),
        whole_name=Text(zh_hans="家庭总数", en="households"),
    )


def elderly_participation(*, participants_aged_60_plus: int, residents_aged_60_plus: int) -> Ratio | NoData:
    """Share of residents aged 60 or over who took part at least once in the period."""
    return _share(
        part=participants_aged_60_plus,
        whole=residents_aged_60_plus,
        part_name=Text(zh_hans="60岁以上参与居民数", en="participants aged 60 and over"),
        whole_name=Text(zh_hans="60岁以上居民数", en="residents aged 60 and over"),
    )


def assisted_share(*, assisted_participations: int, participations: int) -> Ratio | NoData:
    """Share of participations recorded through the assisted offline path (代办/代录), a sign of inclusion."""
    return _share(
        part=assisted_participations,
        whole=participations,
        part_name=Text(zh_hans="线下代录参与人次", en="assisted participations"),
        whole_name=Text(zh_hans="参与总人次", en="participations"),
    )


def matters_per_100_households(*, matters_raised: int, households: int) -> Ratio | NoData:
    """Matters raised in the period per 100 households."""
    _check_figures(matters_raised=matters_raised, households=households)
    if households == 0:
        return NO_DATA
    return Ratio(numerator=Fraction(matters_raised), denominator=Fraction(households), scale=100)


def resolution_rate(*, resolved: int, raised: int) -> Ratio | NoData:
    """Share of matters accepted in the period that were resolved (closed after evaluation, or answered)."""
    return _share(
        part=resolved,
        whole=raised,
        part_name=Text(zh_hans="已办结议题数", en="resolved matters"),
        whole_name=Text(zh_hans="受理议题数", en="matters raised"),
    )


def median_days_to_resolve(*, durations: Sequence[int]) -> Median | NoData:
    """The median of whole days from triage to resolution; the mean of the middle two for an even count."""
    _check_figures(**{f"durations[{index}]": days for index, days in enumerate(durations)})
    if not durations:
        return NO_DATA
    ordered = sorted(durations)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        value = Fraction(ordered[middle])
    else:
        value = Fraction(ordered[middle - 1] + ordered[middle], 2)
    return Median(value=value, sample_size=len(ordered))


def overdue_share(*, overdue: int, due: int) -> Ratio | NoData:
    """Share of the matters whose due date fell in the period that were resolved late or are still open."""
    return _share(
        part=overdue,
        whole=due,
        part_name=Text(zh_hans="超期议题数", en="overdue matters"),
        whole_name=Text(zh_hans="到期议题数", en="matters due"),
    )


def _count(parts: Mapping[str, int]) -> Count:
    _check_figures(**parts)
    return Count(parts=tuple(sorted(parts.items())))


def meetings_held(*, by_kind: Mapping[str, int]) -> Count:
    """Meetings held in the period by kind (hearing, coordination, review, ordinary); none held is 0."""
    return _count(by_kind)


def decisions_by_legal_basis(*, by_basis: Mapping[str, int]) -> Count:
    """Decisions taken in the period by legal basis (residents' assembly, owners' assembly, online vote)."""
    return _count(by_basis)


def disclosure_on_time(*, published_on_time: int, due: int) -> Ratio | NoData:
    """Share of the disclosures due in the period (decisions, results, accounts) published on time."""
    return _share(
        part=published_on_time,
        whole=due,
        part_name=Text(zh_hans="按时公开数", en="disclosures published on time"),
        whole_name=Text(zh_hans="应公开数", en="disclosures due"),
    )


def satisfaction_share(
    *, satisfied: int, basically_satisfied: int, dissatisfied: int, count_basically_satisfied: bool = True
) -> Ratio | NoData:
    """Share of favourable answers; by default "basically satisfied" counts, as in 满意率 surveys."""
    _check_figures(satisfied=satisfied, basically_satisfied=basically_satisfied, dissatisfied=dissatisfied)
    favourable = satisfied + (basically_satisfied if count_basically_satisfied else 0)
    return _share(
        part=favourable,
        whole=satisfied + basically_satisfied + dissatisfied,
        part_name=Text(zh_hans="满意答卷数", en="favourable answers"),
        whole_name=Text(zh_hans="答卷总数", en="answers"),
    )


def registration_rate(*, registered: int, eligible: int) -> Ratio | NoData:
    """Share of eligible voters registered for the committee election (seed 002's bar: 98.3 %)."""
    return _share(
        part=registered,
        whole=eligible,
        part_name=Text(zh_hans="登记选民数", en="registered voters"),
        whole_name=Text(zh_hans="应登记选民数", en="eligible voters"),
    )


def turnout(*, ballots_cast: int, registered: int) -> Ratio | NoData:
    """Share of registered voters who cast a ballot (seed 002's bar: 96.1 %)."""
    return _share(
        part=ballots_cast,
        whole=registered,
        part_name=Text(zh_hans="参加投票人数", en="ballots cast"),
        whole_name=Text(zh_hans="登记选民数", en="registered voters"),
    )


def volunteer_hours_per_resident(*, volunteer_hours: Decimal | int, residents: int) -> Ratio | NoData:
    """Recorded volunteer service hours in the period per resident."""
    hours = Fraction(volunteer_hours)
    if hours < 0:
        raise EvaluationDomainError(
            code=ErrorCode.INDICATOR_NEGATIVE_FIGURE,
            zh_hans=f"志愿服务时长不能为负数:{volunteer_hours}。",
            en=f"Volunteer hours cannot be negative: {volunteer_hours}.",
        )
    _check_figures(residents=residents)
    if residents == 0:
        return NO_DATA
    return Ratio(numerator=hours, denominator=Fraction(residents))


def mean_assessment(*, scores: Sequence[Decimal | int]) -> Assessment | NoData:
    """The mean of qualitative scores on the 0–100 scale (a resident survey's, say); NO_DATA with none."""
    if not scores:
        return NO_DATA
    exact = [Fraction(score) for score in scores]
    for score in exact:
        if not 0 <= score <= POINTS_MAXIMUM:
            raise EvaluationDomainError(
                code=ErrorCode.INDICATOR_OUT_OF_RANGE,
                zh_hans=f"评分必须在 0 到 100 之间,而不是 {score}。",
                en=f"A score must lie between 0 and 100, not {score}.",
            )
    return Assessment(value=sum(exact, Fraction(0)) / len(exact), assessors=len(exact))
