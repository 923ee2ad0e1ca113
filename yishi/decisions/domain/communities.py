"""The size of a residents' committee area (JW-10): normally 100 to 700 households, advisory."""

from __future__ import annotations

from dataclasses import dataclass

from yishi.decisions.domain import citations, texts
from yishi.decisions.domain.explain import Explained, Quantity, assumption, bound
from yishi.decisions.domain.validation import validate_count

USUAL_MIN_HOUSEHOLDS = 100
USUAL_MAX_HOUSEHOLDS = 700


@dataclass(frozen=True, kw_only=True)
class ResidentsAreaOutcome(Explained):
    """Whether an area is within the usual size; advisory, never a condition of validity."""

    within_usual_range: bool
    advisory: bool
    usual_min: int
    usual_max: int


def evaluate_residents_area(*, households: int) -> ResidentsAreaOutcome:
    """JW-10: a 居民委员会 is "一般" set up for 100 to 700 households (居组法第六条), both ends included. The word
    "一般" makes the range a guideline: the government that sets the committee up may depart from it."""
    validate_count(households, field="households", positive=True)
    conditions = (
        bound(
            code="community.residents_area.min",
            value=households,
            limit=USUAL_MIN_HOUSEHOLDS,
            minimum=True,
            inclusive=True,
            citation=citations.JW_10,
            quantity=Quantity.HOUSEHOLDS,
        ),
        bound(
            code="community.residents_area.max",
            value=households,
            limit=USUAL_MAX_HOUSEHOLDS,
            minimum=False,
            inclusive=True,
            citation=citations.JW_10,
            quantity=Quantity.HOUSEHOLDS,
        ),
    )
    return ResidentsAreaOutcome(
        within_usual_range=all(condition.passed for condition in conditions),
        advisory=True,
        usual_min=USUAL_MIN_HOUSEHOLDS,
        usual_max=USUAL_MAX_HOUSEHOLDS,
        conditions=conditions,
        assumptions=(
            assumption(code="community.residents_area.advisory", value=texts.ADVISORY_RANGE, citation=citations.JW_10),
        ),
    )
