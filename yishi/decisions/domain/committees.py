"""Committee composition (JW-1, CW-1, CW-22, CW-27, YZ-16), terms (JW-2, CW-2, CW-17) and the annual democratic
evaluation (CW-28)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise
from types import MappingProxyType

from yishi.decisions.domain import citations, texts
from yishi.decisions.domain.deadlines import years_later
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import (
    Citation,
    Condition,
    Explained,
    Provision,
    Quantity,
    assumption,
    bound,
    fact,
    ratio,
)
from yishi.decisions.domain.numbers import FOUR_FIFTHS_OR_MORE, ONE_THIRD_OR_MORE
from yishi.decisions.domain.validation import validate_count, validate_part, validate_unique


class RelationKind(StrEnum):
    """Family relation to another person; all but OTHER are 近亲属 (民法典第一千零四十五条)."""

    SPOUSE = "spouse"
    PARENT = "parent"
    CHILD = "child"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    GRANDCHILD = "grandchild"
    OTHER = "other"


CLOSE_RELATIVES = frozenset(kind for kind in RelationKind if kind is not RelationKind.OTHER)


class VillageRole(StrEnum):
    """Roles that may exclude a person from the 村务监督委员会 (CW-27)."""

    COMMITTEE_MEMBER = "committee_member"
    FINANCE_STAFF = "finance_staff"
    SECRETARY = "secretary"
    COLLECTIVE_ECONOMY_HEAD = "collective_economy_head"


class Rating(StrEnum):
    """Result of a 民主评议 of one committee member (CW-28)."""

    COMPETENT = "competent"
    BASICALLY_COMPETENT = "basically_competent"
    INCOMPETENT = "incompetent"


@dataclass(frozen=True)
class SizeRule:
    """Allowed committee size; JW-1 5 to 9 nationally (河南 narrows it to 5 to 7)."""

    minimum: int
    maximum: int


RESIDENTS_COMMITTEE_SIZE = Provision(SizeRule(5, 9), citations.JW_1)
VILLAGERS_COMMITTEE_SIZE = Provision(SizeRule(3, 7), citations.CW_1)
OWNERS_COMMITTEE_SIZE = Provision(SizeRule(5, 11), citations.YZ_16)
SUPERVISION_EXCLUDED_ROLES = Provision(frozenset({VillageRole.COMMITTEE_MEMBER}), citations.CW_27)
SHANDONG_SUPERVISION_EXCLUDED_ROLES = Provision(frozenset(VillageRole), citations.CW_27_SHANDONG)


@dataclass(frozen=True, kw_only=True)
class CompositionOutcome(Explained):
    """Whether a body is lawfully composed."""

    valid: bool


class TermBody(StrEnum):
    """Committees elected for a term: the 居委会 (JW-2) and the 村委会 (CW-2)."""

    RESIDENTS_COMMITTEE = "residents_committee"
    VILLAGERS_COMMITTEE = "villagers_committee"


TERM_YEARS: Mapping[TermBody, Provision[int]] = MappingProxyType(
    {
        TermBody.RESIDENTS_COMMITTEE: Provision(5, citations.JW_2),
        TermBody.VILLAGERS_COMMITTEE: Provision(5, citations.CW_2),
    }
)


@dataclass(frozen=True, kw_only=True)
class TermOutcome(Explained):
    """Whether a committee's term is still running on a day, and its last day."""

    in_term: bool
    term_ends_on: date
    days_served: int
    term_days: int


@dataclass(frozen=True)
class Relation:
    """A family relation of a candidate to another person."""

    person_id: str
    kind: RelationKind


@dataclass(frozen=True)
class SupervisionCandidate:
    """A proposed member of the 村务监督委员会."""

    person_id: str
    is_villager: bool = True
    roles: frozenset[VillageRole] = frozenset()
    relations: tuple[Relation, ...] = ()
    has_finance_or_management_knowledge: bool = False


@dataclass(frozen=True, kw_only=True)
class SupervisionOutcome(Explained):
    """Eligibility of each proposed supervision-committee member and of the body as a whole."""

    valid: bool
    ineligible: tuple[str, ...]
    has_finance_or_management_knowledge: bool


@dataclass(frozen=True)
class Review:
    """One 民主评议 result of a committee member."""

    held_on: date
    rating: Rating


@dataclass(frozen=True, kw_only=True)
class ReviewOutcome(Explained):
    """Whether two consecutive 不称职 ratings have ended the member's office (CW-28)."""

    office_ends: bool
    ended_on: date | None
    missing_years: tuple[int, ...]


def _size(*, code: str, members: int, rule: Provision[SizeRule]) -> tuple[Condition, Condition]:
    return (
        bound(
            code=f"{code}.size_min",
            value=members,
            limit=rule.value.minimum,
            minimum=True,
            inclusive=True,
            citation=rule.citation,
            quantity=Quantity.PERSONS,
        ),
        bound(
            code=f"{code}.size_max",
            value=members,
            limit=rule.value.maximum,
            minimum=False,
            inclusive=True,
            citation=rule.citation,
            quantity=Quantity.PERSONS,
        ),
    )


def _minority(*, code: str, multi_ethnic: bool, minority_members: int, citation: Citation) -> tuple[Condition, ...]:
    if not multi_ethnic:
        return ()
    return (
        bound(
            code=f"{code}.minority",
            value=minority_members,
            limit=1,
            minimum=True,
            inclusive=True,
            citation=citation,
            quantity=Quantity.PERSONS,
        ),
    )


def evaluate_residents_committee(
    *,
    members: int,
    multi_ethnic: bool = False,
    minority_members: int = 0,
    size: Provision[SizeRule] = RESIDENTS_COMMITTEE_SIZE,
) -> CompositionOutcome:
    """JW-1: 5 to 9 members (configurable locally), and a minority member where several groups live."""
    validate_count(members, field="members", positive=True)
    validate_count(minority_members, field="minority_members")
    validate_part(minority_members, members, field="minority_members", whole_field="members")
    _validate_size(size.value)
    conditions = (
        *_size(code="committee.residents", members=members, rule=size),
        *_minority(
            code="committee.residents",
            multi_ethnic=multi_ethnic,
            minority_members=minority_members,
            citation=citations.JW_1,
        ),
    )
    return CompositionOutcome(valid=all(item.passed for item in conditions), conditions=conditions)


def evaluate_owners_committee(*, members: int, size: Provision[SizeRule] = OWNERS_COMMITTEE_SIZE) -> CompositionOutcome:
    """YZ-16: an owners' committee of 5 to 11 members, an odd number (指导规则第三十一条, a secondary source). Local
    rules differ (北京: five or more, odd; three in estates of up to 100 households): the size is configurable."""
    validate_count(members, field="members", positive=True)
    _validate_size(size.value)
    conditions = (
        *_size(code="committee.owners", members=members, rule=size),
        fact(code="committee.owners.odd", passed=members % 2 == 1, citation=citations.YZ_16),
    )
    return CompositionOutcome(valid=all(item.passed for item in conditions), conditions=conditions)


def evaluate_term(*, body: TermBody, term_started_on: date, on: date) -> TermOutcome:
    """JW-2, CW-2: a committee serves five years and its members may be re-elected; the term ends on the
    corresponding day five years on (民法典第二百零二条), when the next election is due. A member elected at a
    by-election serves until the same day (CW-17, 村组法第十九条)."""
    if on < term_started_on:
        raise DomainError(ErrorCode.DATE_ORDER, field="on", other="term_started_on")
    years = TERM_YEARS[body]
    ends = years_later(term_started_on, years.value)
    served, term = (on - term_started_on).days, (ends - term_started_on).days
    condition = bound(
        code=f"committee.term.{body.value}",
        value=served,
        limit=term,
        minimum=False,
        inclusive=True,
        citation=years.citation,
        quantity=Quantity.DAYS,
    )
    notes = [assumption(code="committee.term.re_election", value=texts.YES, citation=years.citation)]
    if body is TermBody.VILLAGERS_COMMITTEE:
        notes.append(
            assumption(code="committee.term.by_election", value=texts.UNTIL_TERM_ENDS, citation=citations.CW_17)
        )
    return TermOutcome(
        in_term=condition.passed,
        term_ends_on=ends,
        days_served=served,
        term_days=term,
        conditions=(condition,),
        assumptions=tuple(notes),
    )


def _validate_size(rule: SizeRule) -> None:
    validate_count(rule.minimum, field="min_members", positive=True)
    validate_count(rule.maximum, field="max_members", positive=True)
    validate_part(rule.minimum, rule.maximum, field="min_members", whole_field="max_members")


def evaluate_villagers_committee(
    *,
    members: int,
    women_members: int,
    multi_ethnic: bool = False,
    minority_members: int = 0,
    size: Provision[SizeRule] = VILLAGERS_COMMITTEE_SIZE,
) -> CompositionOutcome:
    """CW-1: 3 to 7 members, at least one woman, and a minority member where several groups live."""
    validate_count(members, field="members", positive=True)
    validate_count(women_members, field="women_members")
    validate_count(minority_members, field="minority_members")
    validate_part(women_members, members, field="women_members", whole_field="members")
    validate_part(minority_members, members, field="minority_members", whole_field="members")
    _validate_size(size.value)
    conditions = (
        *_size(code="committee.villagers", members=members, rule=size),
        bound(
            code="committee.villagers.women",
            value=women_members,
            limit=1,
            minimum=True,
            inclusive=True,
            citation=citations.CW_1,
            quantity=Quantity.PERSONS,
        ),
        *_minority(
            code="committee.villagers",
            multi_ethnic=multi_ethnic,
            minority_members=minority_members,
            citation=citations.CW_1,
        ),
    )
    return CompositionOutcome(valid=all(item.passed for item in conditions), conditions=conditions)


def evaluate_representative_assembly_composition(
    *, committee_members: int, representatives: int, women_representatives: int, households: int | None = None
) -> CompositionOutcome:
    """CW-22: representatives ≥ 4/5 and women representatives ≥ 1/3 of all members; 1 per 5-15 households."""
    validate_count(committee_members, field="committee_members")
    validate_count(representatives, field="representatives", positive=True)
    validate_count(women_representatives, field="women_representatives")
    validate_part(women_representatives, representatives, field="women_representatives", whole_field="representatives")
    members = committee_members + representatives
    conditions: list[Condition] = [
        ratio(
            code="committee.villager_representatives.representatives",
            numerator=representatives,
            denominator=members,
            threshold=FOUR_FIFTHS_OR_MORE,
            citation=citations.CW_22,
            quantity=Quantity.PERSONS,
        ),
        ratio(
            code="committee.villager_representatives.women",
            numerator=women_representatives,
            denominator=members,
            threshold=ONE_THIRD_OR_MORE,
            citation=citations.CW_22,
            quantity=Quantity.PERSONS,
        ),
    ]
    if households is not None:
        validate_count(households, field="households", positive=True)
        conditions.extend(
            (
                bound(
                    code="committee.villager_representatives.households_min",
                    value=households,
                    limit=5 * representatives,
                    minimum=True,
                    inclusive=True,
                    citation=citations.CW_22,
                    quantity=Quantity.HOUSEHOLDS,
                ),
                bound(
                    code="committee.villager_representatives.households_max",
                    value=households,
                    limit=15 * representatives,
                    minimum=False,
                    inclusive=True,
                    citation=citations.CW_22,
                    quantity=Quantity.HOUSEHOLDS,
                ),
            )
        )
    return CompositionOutcome(valid=all(item.passed for item in conditions), conditions=tuple(conditions))


def evaluate_supervision_committee(
    *,
    candidates: Sequence[SupervisionCandidate],
    committee_member_ids: frozenset[str],
    excluded_roles: Provision[frozenset[VillageRole]] = SUPERVISION_EXCLUDED_ROLES,
) -> SupervisionOutcome:
    """CW-27: villagers only; no committee member or close relative of one; someone with finance skills."""
    if not candidates:
        raise DomainError(ErrorCode.EMPTY, field="candidates")
    validate_unique((candidate.person_id for candidate in candidates), field="candidates")
    conditions: list[Condition] = []
    ineligible: list[str] = []
    for candidate in candidates:
        is_member = candidate.person_id in committee_member_ids or VillageRole.COMMITTEE_MEMBER in candidate.roles
        excluded = is_member or bool(candidate.roles & excluded_roles.value - {VillageRole.COMMITTEE_MEMBER})
        related = any(
            relation.kind in CLOSE_RELATIVES and relation.person_id in committee_member_ids
            for relation in candidate.relations
        )
        checks = (
            fact(
                code="committee.supervision.villager",
                passed=candidate.is_villager,
                citation=citations.CW_27,
                subject=candidate.person_id,
            ),
            fact(
                code="committee.supervision.not_excluded_role",
                passed=not excluded,
                citation=excluded_roles.citation,
                subject=candidate.person_id,
            ),
            fact(
                code="committee.supervision.not_close_relative",
                passed=not related,
                citation=citations.CW_27,
                subject=candidate.person_id,
            ),
        )
        conditions.extend(checks)
        if not all(item.passed for item in checks):
            ineligible.append(candidate.person_id)
    expertise = any(candidate.has_finance_or_management_knowledge for candidate in candidates)
    conditions.append(fact(code="committee.supervision.expertise", passed=expertise, citation=citations.CW_27))
    return SupervisionOutcome(
        valid=not ineligible and expertise,
        ineligible=tuple(ineligible),
        has_finance_or_management_knowledge=expertise,
        conditions=tuple(conditions),
    )


def evaluate_annual_review(*, reviews: Sequence[Review]) -> ReviewOutcome:
    """CW-28: two consecutive 不称职 ratings end office; evaluations are held at least once a year."""
    if not reviews:
        raise DomainError(ErrorCode.EMPTY, field="reviews")
    for earlier, later in pairwise(reviews):
        if later.held_on < earlier.held_on:
            raise DomainError(ErrorCode.DATE_ORDER, field="reviews")
    ended_on: date | None = None
    for earlier, later in pairwise(reviews):
        if earlier.rating is Rating.INCOMPETENT and later.rating is Rating.INCOMPETENT:
            ended_on = later.held_on
            break
    years = {review.held_on.year for review in reviews}
    missing = tuple(year for year in range(min(years), max(years) + 1) if year not in years)
    conditions = (
        fact(code="committee.review.consecutive_incompetent", passed=ended_on is None, citation=citations.CW_28),
        fact(code="committee.review.annual", passed=not missing, citation=citations.CW_28),
    )
    return ReviewOutcome(
        office_ends=ended_on is not None, ended_on=ended_on, missing_years=missing, conditions=conditions
    )
