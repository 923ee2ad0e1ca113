"""Triage (议题分流) of matters into big, small and micro matters, after seed 004 (宜昌 "三事分流").

Seed 004: "'大事'即跨社区(村)事务或涉及街道(乡镇)管理事项和基本公共服务事项,由街道(乡镇)办理;
'小事'为跨小区(小组)事务、社区(村)公共事务,由居(村)民议事协商委员会组织议事协商;'微事'即小区
(小组)内公共事务,由社区(村)'两委'成员组织议事协商 ... 紧急事项要立即组织协商".
The two committees' joint meeting decides; `suggest_class` only proposes a class for that meeting.
"""

from dataclasses import dataclass
from enum import StrEnum

from yishi.matters.domain.errors import ErrorCode, MatterDomainError, Message


class TriageClass(StrEnum):
    """The class a joint meeting of the two committees gives a matter."""

    BIG = "big"
    SMALL = "small"
    MICRO = "micro"
    URGENT = "urgent"
    DIRECT_ANSWER = "direct_answer"
    DECLINED = "declined"

    @property
    def label(self) -> Message:
        """The class's name in both languages."""
        return _CLASS_LABELS[self]


_CLASS_LABELS: dict[TriageClass, Message] = {
    TriageClass.BIG: Message(zh_hans="大事", en="big matter"),
    TriageClass.SMALL: Message(zh_hans="小事", en="small matter"),
    TriageClass.MICRO: Message(zh_hans="微事", en="micro matter"),
    TriageClass.URGENT: Message(zh_hans="紧急事项", en="urgent matter"),
    TriageClass.DIRECT_ANSWER: Message(zh_hans="直接答复", en="answered directly"),
    TriageClass.DECLINED: Message(zh_hans="不予受理", en="declined"),
}

# Classes that go on to deliberation (民事民议); the others are referred, answered or declined.
DELIBERATED_CLASSES: frozenset[TriageClass] = frozenset({TriageClass.SMALL, TriageClass.MICRO, TriageClass.URGENT})


class PlaceScope(StrEnum):
    """How far the places a matter concerns reach."""

    SEVERAL_COMMUNITIES = "several_communities"
    WHOLE_COMMUNITY = "whole_community"
    SEVERAL_COMPOUNDS = "several_compounds"
    SINGLE_COMPOUND = "single_compound"


class ResponsibleLevel(StrEnum):
    """The body that leads the handling of a matter, ordered from the highest level down."""

    STREET = "street"
    COMMUNITY = "community"
    COMPOUND = "compound"

    @property
    def label(self) -> Message:
        """The body's name in both languages."""
        return _LEVEL_LABELS[self]

    @property
    def rank(self) -> int:
        """0 for the street, 1 for the community, 2 for the compound: lower is higher up."""
        return _LEVEL_ORDER.index(self)


_LEVEL_ORDER: tuple[ResponsibleLevel, ...] = tuple(ResponsibleLevel)

_LEVEL_LABELS: dict[ResponsibleLevel, Message] = {
    ResponsibleLevel.STREET: Message(zh_hans="街道(乡镇)办事处", en="street office"),
    ResponsibleLevel.COMMUNITY: Message(zh_hans="居(村)民议事协商委员会", en="community deliberation committee"),
    ResponsibleLevel.COMPOUND: Message(zh_hans="小区(小组)议事协商会", en="compound-level deliberation"),
}

_SCOPE_LEVEL: dict[PlaceScope, ResponsibleLevel] = {
    PlaceScope.SEVERAL_COMMUNITIES: ResponsibleLevel.STREET,
    PlaceScope.WHOLE_COMMUNITY: ResponsibleLevel.COMMUNITY,
    PlaceScope.SEVERAL_COMPOUNDS: ResponsibleLevel.COMMUNITY,
    PlaceScope.SINGLE_COMPOUND: ResponsibleLevel.COMPOUND,
}

_CLASS_LEVEL: dict[TriageClass, ResponsibleLevel] = {
    TriageClass.BIG: ResponsibleLevel.STREET,
    TriageClass.SMALL: ResponsibleLevel.COMMUNITY,
    TriageClass.MICRO: ResponsibleLevel.COMPOUND,
}


def scope_level(*, scope: PlaceScope) -> ResponsibleLevel:
    """The lowest body whose remit covers every place in the scope."""
    return _SCOPE_LEVEL[scope]


def responsible_level(
    *, triage_class: TriageClass, scope: PlaceScope, government_service: bool = False
) -> ResponsibleLevel:
    """The body that leads the matter, from its class and the places it spans; raises if they clash."""
    if triage_class in (TriageClass.DIRECT_ANSWER, TriageClass.DECLINED):
        # The residents' committee answers or declines on behalf of the joint meeting, whatever the scope.
        return ResponsibleLevel.COMMUNITY
    needed = ResponsibleLevel.STREET if government_service else scope_level(scope=scope)
    if triage_class is TriageClass.URGENT:
        # Seed 004: urgent matters are taken up at once by whichever body the scope calls for.
        return needed
    level = _CLASS_LEVEL[triage_class]
    if government_service and level is not ResponsibleLevel.STREET:
        raise MatterDomainError(
            code=ErrorCode.TRIAGE_GOVERNMENT_SERVICE_REQUIRES_STREET,
            zh_hans="涉及街道(乡镇)管理事项或基本公共服务事项的议题应列为大事,由街道(乡镇)办理。",
            en="A matter of street administration or basic public services is a big matter for the street.",
        )
    if level.rank > needed.rank:
        # A higher body may take up a matter of narrower scope, never the other way round.
        raise MatterDomainError(
            code=ErrorCode.TRIAGE_SCOPE_EXCEEDS_CLASS,
            zh_hans=f"“{triage_class.label.zh_hans}”由{level.label.zh_hans}办理,"
            f"但议题范围需由{needed.label.zh_hans}办理。",
            en=f"A {triage_class.label.en} is led by the {level.label.en}, "
            f"but the places it spans need the {needed.label.en}.",
        )
    return level


@dataclass(frozen=True)
class TriageDecision:
    """A validated triage: the class, the scope, the body that leads and, for the street, which one."""

    triage_class: TriageClass
    scope: PlaceScope
    level: ResponsibleLevel
    government_service: bool
    street_id: int | None
    reason: str


def build_triage_decision(
    *,
    triage_class: TriageClass,
    scope: PlaceScope,
    government_service: bool = False,
    in_deliberation_catalogue: bool = False,
    street_id: int | None = None,
    reason: str = "",
) -> TriageDecision:
    """Check a joint meeting's triage and derive the responsible level; raises MatterDomainError."""
    reason = reason.strip()
    if triage_class is TriageClass.DECLINED and not reason:
        # The reason for declining is published (DOMAIN: "declined, with the reason published").
        raise MatterDomainError(
            code=ErrorCode.TRIAGE_REASON_REQUIRED,
            zh_hans="不予受理的议题必须说明理由,理由将予公开。",
            en="A declined matter needs a reason; the reason is published.",
        )
    if triage_class is TriageClass.DIRECT_ANSWER and in_deliberation_catalogue:
        raise MatterDomainError(
            code=ErrorCode.TRIAGE_CATALOGUE_REQUIRES_DELIBERATION,
            zh_hans="该类事项列入议事协商目录,必须经议事协商,不能直接答复。",
            en="This kind of matter is in the deliberation catalogue and must be deliberated, not answered.",
        )
    level = responsible_level(triage_class=triage_class, scope=scope, government_service=government_service)
    if level is ResponsibleLevel.STREET and street_id is None:
        raise MatterDomainError(
            code=ErrorCode.TRIAGE_STREET_REQUIRED,
            zh_hans="由街道(乡镇)办理的议题必须指定接办的街道(乡镇)。",
            en="A matter for the street office must name the street that takes it.",
        )
    if level is not ResponsibleLevel.STREET and street_id is not None:
        raise MatterDomainError(
            code=ErrorCode.TRIAGE_STREET_NOT_APPLICABLE,
            zh_hans="只有由街道(乡镇)办理的议题才指定街道(乡镇)。",
            en="Only a matter for the street office names a street.",
        )
    return TriageDecision(
        triage_class=triage_class,
        scope=scope,
        level=level,
        government_service=government_service,
        street_id=street_id,
        reason=reason,
    )


@dataclass(frozen=True)
class TriageSuggestion:
    """A proposed class for the joint meeting, with the scope it assumed and why."""

    triage_class: TriageClass
    scope: PlaceScope
    level: ResponsibleLevel
    rationale: Message


def scope_from_flags(
    *, spans_communities: bool, spans_compounds: bool, concerns_whole_community: bool = False
) -> PlaceScope:
    """The place scope described by the three yes/no questions a proposer or officer answers."""
    if spans_communities:
        return PlaceScope.SEVERAL_COMMUNITIES
    if concerns_whole_community:
        return PlaceScope.WHOLE_COMMUNITY
    if spans_compounds:
        return PlaceScope.SEVERAL_COMPOUNDS
    return PlaceScope.SINGLE_COMPOUND


def suggest_class(
    *,
    spans_communities: bool,
    spans_compounds: bool,
    government_service: bool,
    urgent: bool,
    concerns_whole_community: bool = False,
    answerable_directly: bool = False,
    in_deliberation_catalogue: bool = False,
) -> TriageSuggestion:
    """Suggest a class following seed 004's rules; never suggests declining, which needs a person."""
    scope = scope_from_flags(
        spans_communities=spans_communities,
        spans_compounds=spans_compounds,
        concerns_whole_community=concerns_whole_community,
    )
    # Order matters: a request that staff can simply answer (a repair, a question) needs no
    # deliberation even when it is pressing, unless the catalogue says this kind must be deliberated.
    if answerable_directly and not in_deliberation_catalogue:
        triage_class = TriageClass.DIRECT_ANSWER
        rationale = Message(
            zh_hans="可由社区直接答复或办理的诉求,无需协商。",
            en="A request the community can answer or handle directly needs no deliberation.",
        )
    elif urgent:
        triage_class = TriageClass.URGENT
        rationale = Message(
            zh_hans="紧急事项要立即组织协商,确保群众诉求及时解决。",
            en="Urgent matters are deliberated at once so that residents' needs are met in time.",
        )
    elif spans_communities or government_service:
        triage_class = TriageClass.BIG
        rationale = Message(
            zh_hans="跨社区事务或涉及街道管理、基本公共服务的事项为大事,由街道办理。",
            en="Matters across communities or of street administration or public services are big "
            "matters for the street office.",
        )
    elif spans_compounds or concerns_whole_community:
        triage_class = TriageClass.SMALL
        rationale = Message(
            zh_hans="跨小区事务和社区公共事务为小事,由居民议事协商委员会组织协商。",
            en="Matters across compounds or of the whole community are small matters for the "
            "community deliberation committee.",
        )
    else:
        triage_class = TriageClass.MICRO
        rationale = Message(
            zh_hans="小区内公共事务为微事,由社区“两委”成员组织小区议事协商。",
            en="Public matters inside one compound are micro matters, deliberated in the compound "
            "and convened by two-committee members.",
        )
    level = responsible_level(triage_class=triage_class, scope=scope, government_service=government_service)
    return TriageSuggestion(triage_class=triage_class, scope=scope, level=level, rationale=rationale)
