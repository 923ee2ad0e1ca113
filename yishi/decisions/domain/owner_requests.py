"""What owners ask of each other: a temporary owners' meeting (YZ-14) and turning a home into business premises
(YZ-17)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from yishi.decisions.domain import citations
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Condition, Explained, Quantity, fact, ratio
from yishi.decisions.domain.numbers import ONE_FIFTH_OR_MORE, Threshold, smallest_qualifying_count
from yishi.decisions.domain.validation import validate_count, validate_part

ALL = Threshold(Fraction(1), inclusive=True)


@dataclass(frozen=True, kw_only=True)
class OwnersConveneOutcome(Explained):
    """Whether the proposals oblige the owners' committee to call a temporary meeting of the owners' assembly."""

    must_convene: bool
    min_proposers: int


@dataclass(frozen=True)
class AreaShare:
    """The proposers' exclusive area and the total exclusive area (YZ-6)."""

    proposing: Decimal
    total: Decimal


def owners_meeting_must_convene(*, proposers: int, owners: int, area: AreaShare | None = None) -> OwnersConveneOutcome:
    """YZ-14: a proposal of 20 % or more of the owners (head count as YZ-7) obliges the owners' committee to call a
    temporary meeting (物业管理条例第十三条). Where the assembly's rules adopt the wording of the 指导规则 (第二十一条,
    a secondary source), the proposers must also hold 20 % or more of the exclusive area: give `area` to test it."""
    validate_count(owners, field="owners", positive=True)
    validate_count(proposers, field="proposers")
    validate_part(proposers, owners, field="proposers", whole_field="owners")
    conditions: list[Condition] = [
        ratio(
            code="owners.convene.count",
            numerator=proposers,
            denominator=owners,
            threshold=ONE_FIFTH_OR_MORE,
            citation=citations.YZ_14,
            quantity=Quantity.PERSONS,
        )
    ]
    if area is not None:
        if area.total <= 0:
            raise DomainError(ErrorCode.NOT_POSITIVE, field="area.total")
        if area.proposing < 0:
            raise DomainError(ErrorCode.NEGATIVE_VALUE, field="area.proposing")
        if area.proposing > area.total:
            raise DomainError(ErrorCode.EXCEEDS_TOTAL, field="area.proposing", other="area.total")
        conditions.append(
            ratio(
                code="owners.convene.area",
                numerator=area.proposing,
                denominator=area.total,
                threshold=ONE_FIFTH_OR_MORE,
                citation=citations.YZ_14_GUIDING_RULES,
                quantity=Quantity.AREA,
            )
        )
    return OwnersConveneOutcome(
        must_convene=all(condition.passed for condition in conditions),
        min_proposers=smallest_qualifying_count(total=owners, threshold=ONE_FIFTH_OR_MORE),
        conditions=tuple(conditions),
    )


@dataclass(frozen=True, kw_only=True)
class BusinessUseOutcome(Explained):
    """Whether a home may be turned into business premises, and how many interested owners have yet to consent."""

    permitted: bool
    consents_missing: int


def evaluate_business_use(*, interested: int, consenting: int, within_rules: bool = True) -> BusinessUseOutcome:
    """YZ-17: turning a home into business premises needs the consent of every interested owner (民法典第二百七十九条);
    every other owner of the same building is interested (解释第十一条), and a majority is no defence (第十条第二款).
    It must also keep to the laws, regulations and the management statute (第二百七十九条)."""
    validate_count(interested, field="interested", positive=True)
    validate_count(consenting, field="consenting")
    validate_part(consenting, interested, field="consenting", whole_field="interested")
    conditions = (
        fact(code="owners.business_use.rules", passed=within_rules, citation=citations.YZ_17),
        ratio(
            code="owners.business_use.consent",
            numerator=consenting,
            denominator=interested,
            threshold=ALL,
            citation=citations.YZ_17_INTERESTED,
            quantity=Quantity.PERSONS,
        ),
    )
    return BusinessUseOutcome(
        permitted=all(condition.passed for condition in conditions),
        consents_missing=interested - consenting,
        conditions=conditions,
    )
