"""A bare threshold test (NUM-1 to NUM-4) with its explanation, for checking figures by hand."""

from __future__ import annotations

from dataclasses import dataclass

from yishi.decisions.domain import citations
from yishi.decisions.domain.explain import Explained, Quantity, ratio
from yishi.decisions.domain.numbers import Number, Threshold, smallest_qualifying_count


@dataclass(frozen=True, kw_only=True)
class ThresholdOutcome(Explained):
    """Whether a value reaches a threshold of a total; the smallest whole count when the total is a count."""

    met: bool
    smallest_count: int | None


def evaluate_threshold(*, value: Number, total: Number, threshold: Threshold) -> ThresholdOutcome:
    """Whether value reaches `threshold` of total, by exact cross-multiplication."""
    condition = ratio(
        code="number.threshold",
        numerator=value,
        denominator=total,
        threshold=threshold,
        citation=citations.NUM_1,
        quantity=Quantity.COUNT,
    )
    smallest = smallest_qualifying_count(total=total, threshold=threshold) if type(total) is int else None
    return ThresholdOutcome(met=condition.passed, smallest_count=smallest, conditions=(condition,))
