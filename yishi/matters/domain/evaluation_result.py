"""The result of a matter's satisfaction survey (民事民评): close the matter, reopen it, or no data.

Seed 004: "按'服务谁、谁评价'的原则 ... 邀请参与议事协商代表及居(村)民群众进行满意度调查".
The default rule closes a matter when at least two thirds of the responses are "satisfied" or
"basically satisfied", i.e. (satisfied + basically satisfied) × 3 ≥ 2 × responses: the same
two-thirds bar residents know from their assemblies, so a result that only a bare majority
accepts goes back for more work. Both the threshold and whether "basically satisfied" counts as
favourable are configurable; the arithmetic is exact (integers and Fraction).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from yishi.matters.domain.errors import ErrorCode, MatterDomainError, Message


class Rating(StrEnum):
    """A respondent's answer in the satisfaction survey."""

    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"

    @property
    def label(self) -> Message:
        """The rating's name in both languages."""
        return _RATING_LABELS[self]


_RATING_LABELS: dict[Rating, Message] = {
    Rating.SATISFIED: Message(zh_hans="满意", en="satisfied"),
    Rating.BASICALLY_SATISFIED: Message(zh_hans="基本满意", en="basically satisfied"),
    Rating.DISSATISFIED: Message(zh_hans="不满意", en="dissatisfied"),
}


class SatisfactionOutcome(StrEnum):
    """What the survey means for the matter."""

    CLOSE = "close"
    REOPEN = "reopen"
    NO_DATA = "no_data"
    INSUFFICIENT_RESPONSES = "insufficient_responses"


@dataclass(frozen=True)
class RatingCounts:
    """How many respondents gave each rating."""

    satisfied: int
    basically_satisfied: int
    dissatisfied: int

    def __post_init__(self) -> None:
        """Reject negative counts."""
        for rating, count in self.as_pairs():
            if count < 0:
                raise MatterDomainError(
                    code=ErrorCode.EVALUATION_NEGATIVE_COUNT,
                    zh_hans=f"“{rating.label.zh_hans}”的人数不能为负数:{count}。",
                    en=f"The count of '{rating.label.en}' cannot be negative: {count}.",
                )

    @property
    def responses(self) -> int:
        """All responses."""
        return self.satisfied + self.basically_satisfied + self.dissatisfied

    def as_pairs(self) -> tuple[tuple[Rating, int], ...]:
        """The counts as (rating, count) pairs in the survey's order."""
        return (
            (Rating.SATISFIED, self.satisfied),
            (Rating.BASICALLY_SATISFIED, self.basically_satisfied),
            (Rating.DISSATISFIED, self.dissatisfied),
        )


def count_ratings(*, ratings: Sequence[Rating]) -> RatingCounts:
    """Count individual ratings."""
    return RatingCounts(
        satisfied=ratings.count(Rating.SATISFIED),
        basically_satisfied=ratings.count(Rating.BASICALLY_SATISFIED),
        dissatisfied=ratings.count(Rating.DISSATISFIED),
    )


@dataclass(frozen=True)
class SatisfactionRule:
    """When a survey closes a matter: the favourable share needed, and who counts as favourable."""

    threshold: Fraction = Fraction(2, 3)
    count_basically_satisfied: bool = True
    minimum_responses: int = 1

    def __post_init__(self) -> None:
        """Reject a threshold outside (0, 1] and a minimum below one response."""
        if not Fraction(0) < self.threshold <= Fraction(1):
            raise MatterDomainError(
                code=ErrorCode.EVALUATION_INVALID_THRESHOLD,
                zh_hans=f"满意度门槛必须大于 0 且不超过 1,而不是 {self.threshold}。",
                en=f"The satisfaction threshold must be above 0 and at most 1, not {self.threshold}.",
            )
        if self.minimum_responses < 1:
            raise MatterDomainError(
                code=ErrorCode.EVALUATION_INVALID_MINIMUM,
                zh_hans=f"最少答卷数必须至少为 1,而不是 {self.minimum_responses}。",
                en=f"The minimum number of responses must be at least 1, not {self.minimum_responses}.",
            )


DEFAULT_RULE = SatisfactionRule()


@dataclass(frozen=True)
class SatisfactionResult:
    """The outcome with the figures behind it, for the published evaluation."""

    outcome: SatisfactionOutcome
    counts: RatingCounts
    favourable: int
    responses: int
    share: Fraction | None
    rule: SatisfactionRule


def satisfaction_outcome(*, counts: RatingCounts, rule: SatisfactionRule = DEFAULT_RULE) -> SatisfactionResult:
    """Close when the favourable share reaches the threshold, else reopen; no responses gives no data."""
    favourable = counts.satisfied + (counts.basically_satisfied if rule.count_basically_satisfied else 0)
    responses = counts.responses
    if responses == 0:
        # Never report 0 % satisfaction for a survey nobody answered.
        return SatisfactionResult(
            outcome=SatisfactionOutcome.NO_DATA,
            counts=counts,
            favourable=0,
            responses=0,
            share=None,
            rule=rule,
        )
    share = Fraction(favourable, responses)
    if responses < rule.minimum_responses:
        outcome = SatisfactionOutcome.INSUFFICIENT_RESPONSES
    elif share >= rule.threshold:
        outcome = SatisfactionOutcome.CLOSE
    else:
        outcome = SatisfactionOutcome.REOPEN
    return SatisfactionResult(
        outcome=outcome, counts=counts, favourable=favourable, responses=responses, share=share, rule=rule
    )
