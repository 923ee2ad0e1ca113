"""Rules of the designation programme (示范社区 / 创新实践基地): conflicts, review scores, shortlist.

Seed 000: units submit case material, "组织专家团队对各委员单位提交的材料进行审核,对相关单位进行
实地考察 ... 形成 ... 推荐名单". Seed 001: "常态化评选全过程人民民主实践示范社区". These rules keep
an expert off their own unit, combine the experts' scores robustly, and propose a shortlist
that a committee then confirms: ties at the quota's edge are handed to it, never cut silently.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import groupby
from typing import Generic, TypeVar

from yishi.evaluation.domain.errors import ErrorCode, EvaluationDomainError
from yishi.evaluation.domain.exact import round_half_up
from yishi.evaluation.domain.indicators import POINTS_MAXIMUM
from yishi.evaluation.domain.scoring import RankedEntry, Ranking, RankInput, rank_entries

F = TypeVar("F")


@dataclass(frozen=True)
class Expert:
    """A reviewer and the units (places, organisations' places) they belong to or work for."""

    expert_id: int
    affiliations: frozenset[int]


@dataclass(frozen=True)
class UnitUnderReview:
    """A unit applying for designation and the units tied to it (its street, its compounds)."""

    unit_id: int
    related_unit_ids: frozenset[int] = frozenset()


def conflicts(*, expert: Expert, unit: UnitUnderReview) -> frozenset[int]:
    """The unit ids that tie the expert to the unit under review; empty when there is no conflict."""
    return expert.affiliations & (unit.related_unit_ids | {unit.unit_id})


def check_no_conflict(*, expert: Expert, unit: UnitUnderReview) -> None:
    """Raise EvaluationDomainError when the expert may not review the unit."""
    shared = conflicts(expert=expert, unit=unit)
    if shared:
        listed = ", ".join(str(unit_id) for unit_id in sorted(shared))
        raise EvaluationDomainError(
            code=ErrorCode.DESIGNATION_CONFLICT_OF_INTEREST,
            zh_hans=f"专家 {expert.expert_id} 与被评单位 {unit.unit_id} 存在关联({listed}),应当回避。",
            en=f"Expert {expert.expert_id} is tied to unit {unit.unit_id} ({listed}) and must not review it.",
        )


def eligible_reviewers(*, experts: Sequence[Expert], unit: UnitUnderReview) -> tuple[Expert, ...]:
    """The experts without a conflict for the unit, in the order given."""
    return tuple(expert for expert in experts if not conflicts(expert=expert, unit=unit))


@dataclass(frozen=True)
class ReviewScore:
    """One expert's score (0–100) for one unit."""

    expert_id: int
    unit_id: int
    score: Decimal

    def __post_init__(self) -> None:
        """Reject a score outside 0–100."""
        if not 0 <= self.score <= POINTS_MAXIMUM:
            raise EvaluationDomainError(
                code=ErrorCode.SCORING_OUT_OF_RANGE,
                zh_hans=f"专家评分必须在 0 到 100 之间,而不是 {self.score}。",
                en=f"An expert's score must lie between 0 and 100, not {self.score}.",
            )


@dataclass(frozen=True)
class AggregationRule:
    """Drop the highest and the lowest score once there are at least `trim_from` reviews (None: never)."""

    trim_from: int | None = 5

    def __post_init__(self) -> None:
        """Reject trimming from fewer than three reviews, which would leave at most one score."""
        if self.trim_from is not None and self.trim_from < 3:
            raise EvaluationDomainError(
                code=ErrorCode.DESIGNATION_INVALID_RULE,
                zh_hans=f"去掉最高分和最低分至少需要 3 份评分,而不是 {self.trim_from}。",
                en=f"Dropping the highest and lowest scores needs at least 3 reviews, not {self.trim_from}.",
            )


DEFAULT_AGGREGATION = AggregationRule()


@dataclass(frozen=True)
class ReviewAggregate:
    """A unit's review result: the scores counted, the ones dropped, and the mean (None: no reviews)."""

    unit_id: int
    counted: tuple[ReviewScore, ...]
    dropped: tuple[ReviewScore, ...]
    mean: Fraction | None
    points: Decimal | None
    rule: AggregationRule


def aggregate_reviews(
    *, unit_id: int, reviews: Sequence[ReviewScore], rule: AggregationRule = DEFAULT_AGGREGATION
) -> ReviewAggregate:
    """The mean of the experts' scores for a unit, trimmed of the highest and lowest under the rule."""
    for review in reviews:
        if review.unit_id != unit_id:
            raise EvaluationDomainError(
                code=ErrorCode.DESIGNATION_WRONG_UNIT,
                zh_hans=f"专家 {review.expert_id} 的评分属于单位 {review.unit_id},不属于 {unit_id}。",
                en=f"Expert {review.expert_id}'s score is for unit {review.unit_id}, not {unit_id}.",
            )
    experts = [review.expert_id for review in reviews]
    repeated = sorted({expert_id for expert_id in experts if experts.count(expert_id) > 1})
    if repeated:
        raise EvaluationDomainError(
            code=ErrorCode.DESIGNATION_DUPLICATE_REVIEW,
            zh_hans=f"同一专家对单位 {unit_id} 只能评分一次:{', '.join(map(str, repeated))}。",
            en=f"Each expert scores unit {unit_id} once: {', '.join(map(str, repeated))} scored more.",
        )
    # Ordered by score, then expert id, so which of equal scores is dropped is fixed (the mean is the same).
    ordered = sorted(reviews, key=lambda review: (review.score, review.expert_id))
    dropped: tuple[ReviewScore, ...] = ()
    if rule.trim_from is not None and len(ordered) >= rule.trim_from:
        dropped = (ordered[0], ordered[-1])
        ordered = ordered[1:-1]
    if not ordered:
        return ReviewAggregate(unit_id=unit_id, counted=(), dropped=dropped, mean=None, points=None, rule=rule)
    mean = sum((Fraction(review.score) for review in ordered), Fraction(0)) / len(ordered)
    return ReviewAggregate(
        unit_id=unit_id,
        counted=tuple(ordered),
        dropped=dropped,
        mean=mean,
        points=round_half_up(mean),
        rule=rule,
    )


def rank_reviews(*, aggregates: Sequence[ReviewAggregate]) -> Ranking[ReviewAggregate]:
    """Rank units by their review points, each with the scores behind them."""
    return rank_entries(
        entries=[
            RankInput(unit_id=aggregate.unit_id, total=aggregate.points, figures=aggregate) for aggregate in aggregates
        ]
    )


@dataclass(frozen=True)
class ShortlistRule:
    """Units at or above `threshold` points are proposed, best first, up to `quota` units."""

    threshold: Decimal
    quota: int

    def __post_init__(self) -> None:
        """Reject a threshold outside 0–100 and a quota below one."""
        if not 0 <= self.threshold <= POINTS_MAXIMUM or self.quota < 1:
            raise EvaluationDomainError(
                code=ErrorCode.DESIGNATION_INVALID_RULE,
                zh_hans=f"入围分数线须在 0 到 100 之间且名额至少为 1:{self.threshold} 分,{self.quota} 名。",
                en=f"Threshold in 0–100 and a quota of 1 or more needed: {self.threshold}, {self.quota}.",
            )


@dataclass(frozen=True)
class Shortlist(Generic[F]):
    """A proposed shortlist, the tie the committee must settle at the quota's edge, and everyone else."""

    proposed: tuple[RankedEntry[F], ...]
    tied_at_cutoff: tuple[RankedEntry[F], ...]
    seats_for_tied: int
    over_quota: tuple[RankedEntry[F], ...]
    below_threshold: tuple[RankedEntry[F], ...]
    rule: ShortlistRule


def propose_shortlist(*, ranking: Ranking[F], rule: ShortlistRule) -> Shortlist[F]:
    """Propose units over the threshold in rank order up to the quota; a tie across the quota is referred."""
    proposed: list[RankedEntry[F]] = []
    tied: list[RankedEntry[F]] = []
    over: list[RankedEntry[F]] = []
    below: list[RankedEntry[F]] = []
    seats_for_tied = 0
    for _, members in groupby(ranking.entries, key=lambda entry: entry.rank):
        group = tuple(members)
        if group[0].total < rule.threshold:
            below.extend(group)
        elif tied or len(proposed) >= rule.quota:
            over.extend(group)
        elif len(proposed) + len(group) <= rule.quota:
            proposed.extend(group)
        else:
            # More units share this rank than seats remain: the committee decides, the rule does not.
            tied.extend(group)
            seats_for_tied = rule.quota - len(proposed)
    return Shortlist(
        proposed=tuple(proposed),
        tied_at_cutoff=tuple(tied),
        seats_for_tied=seats_for_tied,
        over_quota=tuple(over),
        below_threshold=tuple(below),
        rule=rule,
    )


# --- ties by place: who may not review which unit -------------------------------------------------------------


class TieKind(StrEnum):
    """How an expert is tied to a place: a role held there, their home, a dwelling they own."""

    ROLE = "role"
    RESIDENCE = "residence"
    OWNERSHIP = "ownership"


@dataclass(frozen=True)
class Tie:
    """An expert's tie to the place with materialized path `place_path` (ids joined by '/', ending in '/')."""

    kind: TieKind
    place_id: int
    place_path: str


def ties_within(*, ties: Sequence[Tie], unit_path: str) -> tuple[Tie, ...]:
    """The ties at the unit under review or at any place inside it: each one bars the expert from reviewing it.

    A role held above the unit (an expert appointed for the whole district, a street officer for a community of
    the street) is no tie: the rule is "their own unit", the unit itself or a place within it.
    """
    return tuple(tie for tie in ties if tie.place_path.startswith(unit_path))


# --- one expert's review: a score for each dimension of the framework -----------------------------------------


@dataclass(frozen=True)
class DimensionMark:
    """An expert's score (0–100) of one dimension, with the dimension's weight in the framework."""

    code: str
    weight: Decimal
    score: Decimal

    def __post_init__(self) -> None:
        """Reject a score outside 0–100."""
        if not 0 <= self.score <= POINTS_MAXIMUM:
            raise EvaluationDomainError(
                code=ErrorCode.SCORING_OUT_OF_RANGE,
                zh_hans=f"维度 {self.code} 的评分必须在 0 到 100 之间,而不是 {self.score}。",
                en=f"The score of dimension {self.code} must lie between 0 and 100, not {self.score}.",
            )


def review_points(*, marks: Sequence[DimensionMark], dimensions: Sequence[tuple[str, Decimal]]) -> Decimal:
    """An expert's score of a case: the dimensions' scores weighted as in the framework, two places, half up.

    `dimensions` are the framework's (code, weight) pairs: every one must be scored, and nothing else.
    """
    scored = {mark.code: mark for mark in marks}
    unknown = sorted(set(scored) - {code for code, _ in dimensions})
    if unknown or len(scored) != len(marks):
        raise EvaluationDomainError(
            code=ErrorCode.DESIGNATION_UNKNOWN_DIMENSION,
            zh_hans=f"评分中有重复或未知的维度:{', '.join(unknown) or '重复'}。",
            en=f"The review has repeated or unknown dimensions: {', '.join(unknown) or 'repeated'}.",
        )
    missing = [code for code, _ in dimensions if code not in scored]
    if missing:
        raise EvaluationDomainError(
            code=ErrorCode.DESIGNATION_DIMENSION_MISSING,
            zh_hans=f"每个维度都要评分,还缺:{', '.join(missing)}。",
            en=f"Every dimension is scored; missing: {', '.join(missing)}.",
        )
    total_weight = sum((Fraction(weight) for _, weight in dimensions), Fraction(0))
    # Weights come from the framework, not the marks, so that a stale weight cannot tilt the score.
    mean = sum((Fraction(weight) * Fraction(scored[code].score) for code, weight in dimensions), Fraction(0))
    return round_half_up(mean / total_weight)


# --- the programme's timetable and its steps ------------------------------------------------------------------


@dataclass(frozen=True)
class Timetable:
    """The programme's dates: submissions open and close, the review ends, the list is published."""

    submissions_open_on: date
    submissions_close_on: date
    review_ends_on: date
    publication_on: date

    def __post_init__(self) -> None:
        """Reject dates out of order (a day may hold two steps)."""
        steps = [self.submissions_open_on, self.submissions_close_on, self.review_ends_on, self.publication_on]
        if steps != sorted(steps):
            raise EvaluationDomainError(
                code=ErrorCode.DESIGNATION_TIMETABLE_OUT_OF_ORDER,
                zh_hans="日程顺序有误:申报开始 ≤ 申报截止 ≤ 评审结束 ≤ 公布。",
                en="The timetable is out of order: submissions open ≤ close ≤ review ends ≤ publication.",
            )


class Stage(StrEnum):
    """The programme's stages, in order."""

    DRAFT = "draft"
    OPEN = "open"
    REVIEW = "review"
    SHORTLISTED = "shortlisted"
    APPROVED = "approved"
    PUBLISHED = "published"


# Which stage each step starts from and leads to. A new proposal may replace one not yet approved.
STEPS: dict[str, tuple[frozenset[Stage], Stage]] = {
    "open_submissions": (frozenset({Stage.DRAFT}), Stage.OPEN),
    "close_submissions": (frozenset({Stage.OPEN}), Stage.REVIEW),
    "propose_shortlist": (frozenset({Stage.REVIEW, Stage.SHORTLISTED}), Stage.SHORTLISTED),
    "return_shortlist": (frozenset({Stage.SHORTLISTED}), Stage.REVIEW),
    "approve_shortlist": (frozenset({Stage.SHORTLISTED}), Stage.APPROVED),
    "publish_designations": (frozenset({Stage.APPROVED}), Stage.PUBLISHED),
}
# What may happen in which stage besides the steps.
SUBMITTING = frozenset({Stage.OPEN})
WITHDRAWING = frozenset({Stage.OPEN, Stage.REVIEW})
ASSIGNING = frozenset({Stage.OPEN, Stage.REVIEW})
REVIEWING = frozenset({Stage.REVIEW})


def next_stage(*, step: str, current: Stage) -> Stage | None:
    """The stage a step leads to from `current`, or None when the step is not possible now."""
    starts, leads_to = STEPS[step]
    return leads_to if current in starts else None


def settle_tie(*, shortlist: Shortlist[F], chosen: Sequence[int]) -> tuple[RankedEntry[F], ...]:
    """The designated entries: the proposed ones and exactly the tied ones the committee chose for the free seats."""
    tied_ids = [entry.unit_id for entry in shortlist.tied_at_cutoff]
    picked = sorted(set(chosen))
    if any(unit_id not in tied_ids for unit_id in picked) or len(picked) != shortlist.seats_for_tied:
        raise EvaluationDomainError(
            code=ErrorCode.DESIGNATION_TIE_NOT_SETTLED,
            zh_hans=f"并列的 {len(tied_ids)} 个单位争 {shortlist.seats_for_tied} 个名额:请在并列者中选定恰好"
            f" {shortlist.seats_for_tied} 个。",
            en=f"{len(tied_ids)} units tie for {shortlist.seats_for_tied} seats: choose exactly "
            f"{shortlist.seats_for_tied} of the tied units.",
        )
    return shortlist.proposed + tuple(entry for entry in shortlist.tied_at_cutoff if entry.unit_id in picked)
