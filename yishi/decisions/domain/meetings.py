"""Meetings: 居民会议 (JW-6, JW-7), 居民代表会议, 村民会议 (CW-18, CW-19), 村民代表会议 (CW-21 to CW-24),
村民小组会议 (CW-25) and a committee's own decisions (JW-9)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from yishi.decisions.domain import citations
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import (
    Citation,
    Condition,
    Explained,
    Provision,
    Quantity,
    bound,
    fact,
    ratio,
)
from yishi.decisions.domain.numbers import (
    MORE_THAN_HALF,
    ONE_FIFTH_OR_MORE,
    ONE_TENTH_OR_MORE,
    ONE_THIRD_OR_MORE,
    TWO_THIRDS_OR_MORE,
    Threshold,
    smallest_qualifying_count,
)
from yishi.decisions.domain.validation import validate_count, validate_part


class ResidentsAssemblyMode(StrEnum):
    """Who attends a 居民会议 (JW-6): residents 18+, household or group representatives."""

    ALL_RESIDENTS = "all_residents"
    HOUSEHOLD_REPRESENTATIVES = "household_representatives"
    GROUP_REPRESENTATIVES = "group_representatives"


class VillagersAssemblyMode(StrEnum):
    """Quorum basis of a 村民会议 or 村民小组会议: villagers 18+ or households (CW-19, CW-25)."""

    INDIVIDUAL = "individual"
    HOUSEHOLD = "household"


class VillageMatter(StrEnum):
    """Matters of 村组法第二十四条 (CW-21): 村民会议 or authorised 村民代表会议 only; OTHER is unlisted."""

    ALLOWANCES = "allowances"
    COLLECTIVE_INCOME = "collective_income"
    PUBLIC_WORKS = "public_works"
    LAND_CONTRACTING = "land_contracting"
    COLLECTIVE_PROJECTS = "collective_projects"
    HOMESTEADS = "homesteads"
    LAND_COMPENSATION = "land_compensation"
    COLLECTIVE_PROPERTY = "collective_property"
    RESERVED_BY_ASSEMBLY = "reserved_by_assembly"
    OTHER = "other"


@dataclass(frozen=True, kw_only=True)
class MeetingOutcome(Explained):
    """Whether a meeting could be held (quorum) and whether its decision passed."""

    quorate: bool
    decision_passed: bool
    within_authority: bool
    passed: bool
    min_present: int
    min_yes: int


@dataclass(frozen=True, kw_only=True)
class ConveneOutcome(Explained):
    """Whether the proposals received oblige the convenor to call the meeting."""

    must_convene: bool


@dataclass(frozen=True)
class BodyRule:
    """Quorum over members and decision over those present, for bodies the law leaves open (configurable)."""

    quorum: Provision[Threshold]
    decision: Provision[Threshold]


RESIDENTS_REPRESENTATIVES_DEFAULT = BodyRule(
    quorum=Provision(MORE_THAN_HALF, citations.RESIDENTS_REPRESENTATIVES_DEFAULT),
    decision=Provision(MORE_THAN_HALF, citations.RESIDENTS_REPRESENTATIVES_DEFAULT),
)
COMMITTEE_DECISION_DEFAULT = BodyRule(
    quorum=Provision(MORE_THAN_HALF, citations.JW_9_DEFAULT),
    decision=Provision(MORE_THAN_HALF, citations.JW_9_DEFAULT),
)


@dataclass(frozen=True)
class _Attendance:
    base: int
    present: int
    yes: int


def _attendance(*, base: int, present: int, yes: int) -> _Attendance:
    validate_count(base, field="base", positive=True)
    validate_count(present, field="present")
    validate_count(yes, field="yes")
    validate_part(present, base, field="present", whole_field="base")
    validate_part(yes, present, field="yes", whole_field="present")
    return _Attendance(base=base, present=present, yes=yes)


def _meeting(
    *,
    prefix: str,
    attendance: _Attendance,
    quorum: Threshold,
    quorum_citation: Citation,
    decision: Threshold,
    decision_citation: Citation,
    quorum_quantity: Quantity = Quantity.PERSONS,
    extra: tuple[Condition, ...] = (),
    within_authority: bool = True,
) -> MeetingOutcome:
    quorum_condition = ratio(
        code=f"{prefix}.quorum",
        numerator=attendance.present,
        denominator=attendance.base,
        threshold=quorum,
        citation=quorum_citation,
        quantity=quorum_quantity,
    )
    decision_condition = ratio(
        code=f"{prefix}.decision",
        numerator=attendance.yes,
        denominator=attendance.present,
        threshold=decision,
        citation=decision_citation,
        quantity=Quantity.PERSONS,
    )
    extras_passed = all(item.passed for item in extra)
    return MeetingOutcome(
        quorate=quorum_condition.passed,
        decision_passed=decision_condition.passed,
        within_authority=within_authority,
        passed=quorum_condition.passed and decision_condition.passed and within_authority and extras_passed,
        min_present=smallest_qualifying_count(total=attendance.base, threshold=quorum),
        min_yes=smallest_qualifying_count(total=attendance.present, threshold=decision),
        conditions=(quorum_condition, decision_condition, *extra),
    )


def evaluate_residents_assembly(
    *, mode: ResidentsAssemblyMode, base: int, present: int, yes: int, groups: int | None = None
) -> MeetingOutcome:
    """居民会议 (JW-6): quorum present*2 > base; decision yes*2 > present."""
    attendance = _attendance(base=base, present=present, yes=yes)
    extra: tuple[Condition, ...] = ()
    if groups is not None:
        if mode is not ResidentsAssemblyMode.GROUP_REPRESENTATIVES:
            raise DomainError(ErrorCode.NOT_APPLICABLE, field="groups")
        validate_count(groups, field="groups", positive=True)
        extra = (
            bound(
                code="meeting.residents_assembly.group_representatives_min",
                value=base,
                limit=2 * groups,
                minimum=True,
                inclusive=True,
                citation=citations.JW_6,
                quantity=Quantity.PERSONS,
            ),
            bound(
                code="meeting.residents_assembly.group_representatives_max",
                value=base,
                limit=3 * groups,
                minimum=False,
                inclusive=True,
                citation=citations.JW_6,
                quantity=Quantity.PERSONS,
            ),
        )
    quantity = Quantity.HOUSEHOLDS if mode is ResidentsAssemblyMode.HOUSEHOLD_REPRESENTATIVES else Quantity.PERSONS
    return _meeting(
        prefix="meeting.residents_assembly",
        attendance=attendance,
        quorum=MORE_THAN_HALF,
        quorum_citation=citations.JW_6,
        decision=MORE_THAN_HALF,
        decision_citation=citations.JW_6,
        quorum_quantity=quantity,
        extra=extra,
    )


@dataclass(frozen=True)
class ProposalCount:
    """Proposers and the body they belong to, for a must-convene test."""

    proposers: int
    total: int


def _convene(*, pairs: dict[str, tuple[ProposalCount | None, Threshold, Citation, Quantity]]) -> ConveneOutcome:
    conditions: list[Condition] = []
    for code, (pair, threshold, citation, quantity) in pairs.items():
        if pair is None:
            continue
        validate_count(pair.total, field=f"{code}.total", positive=True)
        validate_count(pair.proposers, field=f"{code}.proposers")
        validate_part(pair.proposers, pair.total, field=f"{code}.proposers", whole_field=f"{code}.total")
        conditions.append(
            ratio(
                code=code,
                numerator=pair.proposers,
                denominator=pair.total,
                threshold=threshold,
                citation=citation,
                quantity=quantity,
            )
        )
    if not conditions:
        raise DomainError(ErrorCode.NO_CRITERIA, field="proposals")
    return ConveneOutcome(must_convene=any(item.passed for item in conditions), conditions=tuple(conditions))


def residents_assembly_must_convene(
    *,
    residents: ProposalCount | None = None,
    households: ProposalCount | None = None,
    groups: ProposalCount | None = None,
) -> ConveneOutcome:
    """JW-7: ≥1/5 of residents 18+, ≥1/5 of households or ≥1/3 of residents' groups oblige a 居民会议."""
    return _convene(
        pairs={
            "meeting.residents_assembly.convene.residents": (
                residents,
                ONE_FIFTH_OR_MORE,
                citations.JW_7,
                Quantity.PERSONS,
            ),
            "meeting.residents_assembly.convene.households": (
                households,
                ONE_FIFTH_OR_MORE,
                citations.JW_7,
                Quantity.HOUSEHOLDS,
            ),
            "meeting.residents_assembly.convene.groups": (
                groups,
                ONE_THIRD_OR_MORE,
                citations.JW_7,
                Quantity.GROUPS,
            ),
        }
    )


def evaluate_body(*, prefix: str, members: int, present: int, yes: int, rule: BodyRule) -> MeetingOutcome:
    """A body whose quorum and decision thresholds are configurable (居民代表会议, committee decisions)."""
    attendance = _attendance(base=members, present=present, yes=yes)
    return _meeting(
        prefix=prefix,
        attendance=attendance,
        quorum=rule.quorum.value,
        quorum_citation=rule.quorum.citation,
        decision=rule.decision.value,
        decision_citation=rule.decision.citation,
    )


def evaluate_residents_representatives(
    *, members: int, present: int, yes: int, rule: BodyRule = RESIDENTS_REPRESENTATIVES_DEFAULT
) -> MeetingOutcome:
    """居民代表会议: national law silent, so quorum and decision are configurable (default > 1/2)."""
    return evaluate_body(
        prefix="meeting.residents_representatives", members=members, present=present, yes=yes, rule=rule
    )


def evaluate_committee_decision(
    *, members: int, present: int, yes: int, rule: BodyRule = COMMITTEE_DECISION_DEFAULT
) -> MeetingOutcome:
    """JW-9 少数服从多数: configurable quorum and majority (default > 1/2 of members, > 1/2 of present)."""
    return evaluate_body(prefix="meeting.committee_decision", members=members, present=present, yes=yes, rule=rule)


def villagers_assembly_must_convene(
    *, villagers: ProposalCount | None = None, representatives: ProposalCount | None = None
) -> ConveneOutcome:
    """CW-18: ≥1/10 of villagers 18+ or ≥1/3 of 村民代表 oblige the committee to call a 村民会议."""
    return _convene(
        pairs={
            "meeting.villagers_assembly.convene.villagers": (
                villagers,
                ONE_TENTH_OR_MORE,
                citations.CW_18,
                Quantity.PERSONS,
            ),
            "meeting.villagers_assembly.convene.representatives": (
                representatives,
                ONE_THIRD_OR_MORE,
                citations.CW_18,
                Quantity.PERSONS,
            ),
        }
    )


def evaluate_villagers_assembly(*, mode: VillagersAssemblyMode, base: int, present: int, yes: int) -> MeetingOutcome:
    """村民会议 (CW-19): quorum > 1/2 of villagers 18+ or ≥ 2/3 of households; decision > 1/2 of present."""
    attendance = _attendance(base=base, present=present, yes=yes)
    household = mode is VillagersAssemblyMode.HOUSEHOLD
    return _meeting(
        prefix=f"meeting.villagers_assembly.{mode.value}",
        attendance=attendance,
        quorum=TWO_THIRDS_OR_MORE if household else MORE_THAN_HALF,
        quorum_citation=citations.CW_19,
        decision=MORE_THAN_HALF,
        decision_citation=citations.CW_19,
        quorum_quantity=Quantity.HOUSEHOLDS if household else Quantity.PERSONS,
    )


def villager_representatives_must_convene(*, representatives: ProposalCount) -> ConveneOutcome:
    """CW-23: ≥1/5 of 村民代表 oblige the committee to call a 村民代表会议."""
    return _convene(
        pairs={
            "meeting.villager_representatives.convene": (
                representatives,
                ONE_FIFTH_OR_MORE,
                citations.CW_23,
                Quantity.PERSONS,
            )
        }
    )


def evaluate_villager_representatives(
    *,
    members: int,
    present: int,
    yes: int,
    matter: VillageMatter = VillageMatter.OTHER,
    authorised: bool = False,
) -> MeetingOutcome:
    """村民代表会议 (CW-24): quorum ≥ 2/3 of all members; decision > 1/2 of present; CW-21 authorisation."""
    attendance = _attendance(base=members, present=present, yes=yes)
    extra: tuple[Condition, ...] = ()
    within_authority = True
    if matter is not VillageMatter.OTHER:
        authority = fact(
            code="meeting.villager_representatives.authorised", passed=authorised, citation=citations.CW_21
        )
        extra = (authority,)
        within_authority = authorised
    return _meeting(
        prefix="meeting.villager_representatives",
        attendance=attendance,
        quorum=TWO_THIRDS_OR_MORE,
        quorum_citation=citations.CW_24,
        decision=MORE_THAN_HALF,
        decision_citation=citations.CW_24,
        extra=extra,
        within_authority=within_authority,
    )


def evaluate_villager_group(*, mode: VillagersAssemblyMode, base: int, present: int, yes: int) -> MeetingOutcome:
    """村民小组会议 (CW-25): quorum ≥ 2/3 of villagers 18+ or households; decision > 1/2 of present."""
    attendance = _attendance(base=base, present=present, yes=yes)
    household = mode is VillagersAssemblyMode.HOUSEHOLD
    return _meeting(
        prefix=f"meeting.villager_group.{mode.value}",
        attendance=attendance,
        quorum=TWO_THIRDS_OR_MORE,
        quorum_citation=citations.CW_25,
        decision=MORE_THAN_HALF,
        decision_citation=citations.CW_25,
        quorum_quantity=Quantity.HOUSEHOLDS if household else Quantity.PERSONS,
    )
