"""Aggregating the ratings of one member in an annual review (述职评议) into that year's result.

CW-28 says what two consecutive 不称职 results mean, not how one result is reached from many ratings.
The rule here is the common local practice, stated so the page can show it: a member is 不称职 when more
than half of the ratings say so, 称职 when more than half say 称职, and 基本称职 otherwise.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class RatingValue(StrEnum):
    """The three ratings residents give (mirrors yishi.decisions.domain.committees.Rating)."""

    COMPETENT = "competent"
    BASICALLY_COMPETENT = "basically_competent"
    INCOMPETENT = "incompetent"


@dataclass(frozen=True)
class RatingTally:
    """How one member was rated, and the result."""

    competent: int
    basically_competent: int
    incompetent: int
    result: RatingValue | None

    @property
    def total(self) -> int:
        return self.competent + self.basically_competent + self.incompetent


def tally_ratings(ratings: Iterable[str]) -> RatingTally:
    """Count the ratings and derive the result; None when nobody rated."""
    counts = dict.fromkeys(RatingValue, 0)
    for rating in ratings:
        counts[RatingValue(rating)] += 1
    total = sum(counts.values())
    result: RatingValue | None
    if total == 0:
        result = None
    elif counts[RatingValue.INCOMPETENT] * 2 > total:
        result = RatingValue.INCOMPETENT
    elif counts[RatingValue.COMPETENT] * 2 > total:
        result = RatingValue.COMPETENT
    else:
        result = RatingValue.BASICALLY_COMPETENT
    return RatingTally(
        competent=counts[RatingValue.COMPETENT],
        basically_competent=counts[RatingValue.BASICALLY_COMPETENT],
        incompetent=counts[RatingValue.INCOMPETENT],
        result=result,
    )
