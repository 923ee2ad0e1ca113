"""业主共同决定 (YZ-1 to YZ-11): matters, voting area, head count, participation and the two majorities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from yishi.decisions.domain import citations, texts
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import (
    Assumption,
    Citation,
    Condition,
    Explained,
    Quantity,
    assumption,
    custom_citation,
    ratio,
    yes_no,
)
from yishi.decisions.domain.numbers import (
    MORE_THAN_HALF,
    THREE_QUARTERS_OR_MORE,
    TWO_THIRDS_OR_MORE,
    Threshold,
    smallest_qualifying_count,
)

ZERO = Decimal(0)


class OwnersMatter(StrEnum):
    """The nine matters of 民法典第二百七十八条第一款, plus 加装电梯 whose item is unconfirmed (YZ-5)."""

    RULES_OF_PROCEDURE = "rules_of_procedure"
    MANAGEMENT_STATUTE = "management_statute"
    OWNERS_COMMITTEE = "owners_committee"
    PROPERTY_MANAGER = "property_manager"
    USE_MAINTENANCE_FUND = "use_maintenance_fund"
    RAISE_MAINTENANCE_FUND = "raise_maintenance_fund"
    REBUILD = "rebuild"
    CHANGE_COMMON_USE = "change_common_use"
    OTHER_MAJOR_MATTER = "other_major_matter"
    INSTALL_ELEVATOR = "install_elevator"


class MatterClass(StrEnum):
    """Ordinary matters need double majorities (YZ-3); major ones three quarters (YZ-4)."""

    ORDINARY = "ordinary"
    MAJOR = "major"


LAW_ITEMS: Mapping[OwnersMatter, int | None] = MappingProxyType(
    {
        OwnersMatter.RULES_OF_PROCEDURE: 1,
        OwnersMatter.MANAGEMENT_STATUTE: 2,
        OwnersMatter.OWNERS_COMMITTEE: 3,
        OwnersMatter.PROPERTY_MANAGER: 4,
        OwnersMatter.USE_MAINTENANCE_FUND: 5,
        OwnersMatter.RAISE_MAINTENANCE_FUND: 6,
        OwnersMatter.REBUILD: 7,
        OwnersMatter.CHANGE_COMMON_USE: 8,
        OwnersMatter.OTHER_MAJOR_MATTER: 9,
        OwnersMatter.INSTALL_ELEVATOR: None,
    }
)

# Civil Code Art. 278(2): items (六) to (八) are major; everything else ordinary. 加装电梯 defaults to
# major by analogy to 改建 (七) / 改变共有部分用途 (八), which is UNCONFIRMED nationally (YZ-5).
DEFAULT_CLASSIFICATION: Mapping[OwnersMatter, MatterClass] = MappingProxyType(
    {
        matter: MatterClass.MAJOR if item in (6, 7, 8) or item is None else MatterClass.ORDINARY
        for matter, item in LAW_ITEMS.items()
    }
)
UNCONFIRMED_MATTERS = frozenset({OwnersMatter.INSTALL_ELEVATOR})


class AreaSource(StrEnum):
    """Where a unit's voting area comes from, in priority order (YZ-6)."""

    REGISTER = "register"
    SURVEYED = "surveyed"
    CONTRACT = "contract"


class Choice(StrEnum):
    """An owner's returned ballot."""

    AGREE = "agree"
    DISAGREE = "disagree"
    ABSTAIN = "abstain"
    SPOILED = "spoiled"


@dataclass(frozen=True)
class OwnersSettings:
    """Configurable owners' rules: classification overrides, YZ-10 attribution and YZ-11 spoiled ballots."""

    classification_overrides: Mapping[OwnersMatter, MatterClass] = field(default_factory=lambda: MappingProxyType({}))
    count_non_voters: bool = False
    spoiled_counts_as_participating: bool = True


@dataclass(frozen=True)
class ExclusivePart:
    """One exclusive part (专有部分): its owners, its areas by source, and the developer flag (YZ-6, YZ-7)."""

    unit_id: str
    owner_ids: tuple[str, ...]
    register_area: Decimal | None = None
    surveyed_area: Decimal | None = None
    contract_area: Decimal | None = None
    is_developer_unsold: bool = False


@dataclass(frozen=True)
class VotingArea:
    """The area a unit votes with and the source it was taken from."""

    area: Decimal
    source: AreaSource


@dataclass(frozen=True)
class OwnerVoter:
    """One person for the head count (YZ-7, YZ-8): a buyer, a co-owned unit's owners, or the developer."""

    owner_ids: tuple[str, ...]
    unit_ids: tuple[str, ...]
    area: Decimal
    is_developer: bool


@dataclass(frozen=True, kw_only=True)
class OwnersRoll(Explained):
    """All owners for YZ-2: persons by the head-count rules and the total exclusive area."""

    voters: tuple[OwnerVoter, ...]
    total_area: Decimal
    total_count: int
    units: int
    area_sources: Mapping[AreaSource, int]


@dataclass(frozen=True)
class OwnersFigures:
    """Aggregate figures for one vote; `participating_*` are valid returned ballots, spoiled separately."""

    total_area: Decimal
    total_count: int
    participating_area: Decimal
    participating_count: int
    agree_area: Decimal
    agree_count: int
    spoiled_area: Decimal = ZERO
    spoiled_count: int = 0


@dataclass(frozen=True, kw_only=True)
class OwnersDecision(Explained):
    """Outcome of a joint decision under 民法典第二百七十八条."""

    matter: OwnersMatter
    law_item: int | None
    matter_class: MatterClass
    participation_met: bool
    agreement_met: bool
    passed: bool
    passed_without_attribution: bool | None
    min_participating_count: int
    min_agree_count: int


def voting_area(*, part: ExclusivePart) -> VotingArea:
    """The unit's voting area: register, else surveyed, else contract area (YZ-6)."""
    candidates = (
        (AreaSource.REGISTER, part.register_area),
        (AreaSource.SURVEYED, part.surveyed_area),
        (AreaSource.CONTRACT, part.contract_area),
    )
    for source, area in candidates:
        if area is not None and area < 0:
            raise DomainError(ErrorCode.NEGATIVE_VALUE, field=f"{part.unit_id}.{source.value}_area")
    for source, area in candidates:
        if area is not None:
            if area == 0:
                raise DomainError(ErrorCode.NOT_POSITIVE, field=f"{part.unit_id}.{source.value}_area")
            return VotingArea(area=area, source=source)
    raise DomainError(ErrorCode.MISSING_AREA, field=part.unit_id)


def _voter_key(part: ExclusivePart) -> tuple[bool, tuple[str, ...]]:
    if part.is_developer_unsold:
        return (True, ())
    if not part.owner_ids or any(not owner for owner in part.owner_ids):
        raise DomainError(ErrorCode.MISSING_OWNER, field=part.unit_id)
    if len(set(part.owner_ids)) != len(part.owner_ids):
        raise DomainError(ErrorCode.DUPLICATE, field=f"{part.unit_id}.owner_ids")
    return (False, tuple(sorted(part.owner_ids)))


def build_roll(*, parts: Sequence[ExclusivePart]) -> OwnersRoll:
    """Head count and total area of all owners (YZ-6, YZ-7, YZ-8)."""
    if not parts:
        raise DomainError(ErrorCode.EMPTY, field="units")
    seen: set[str] = set()
    groups: dict[tuple[bool, tuple[str, ...]], list[tuple[ExclusivePart, VotingArea]]] = {}
    sources = dict.fromkeys(AreaSource, 0)
    for part in parts:
        if not part.unit_id:
            raise DomainError(ErrorCode.MISSING_FIELD, field="unit_id")
        if part.unit_id in seen:
            raise DomainError(ErrorCode.DUPLICATE, field=part.unit_id)
        seen.add(part.unit_id)
        area = voting_area(part=part)
        sources[area.source] += 1
        groups.setdefault(_voter_key(part), []).append((part, area))
    voters = tuple(
        OwnerVoter(
            owner_ids=key[1],
            unit_ids=tuple(part.unit_id for part, _ in members),
            area=sum((area.area for _, area in members), ZERO),
            is_developer=key[0],
        )
        for key, members in groups.items()
    )
    total_area = sum((voter.area for voter in voters), ZERO)
    return OwnersRoll(
        voters=voters,
        total_area=total_area,
        total_count=len(voters),
        units=len(parts),
        area_sources=MappingProxyType(sources),
        conditions=(),
        assumptions=_roll_assumptions(units=len(parts), persons=len(voters), sources=sources),
    )


def _roll_assumptions(*, units: int, persons: int, sources: Mapping[AreaSource, int]) -> tuple[Assumption, ...]:
    return (
        assumption(
            code="owners.roll.area_source",
            value=texts.area_sources({source.value: count for source, count in sources.items()}),
            citation=citations.YZ_6,
        ),
        assumption(
            code="owners.roll.head_count",
            value=texts.head_count_value(units=units, persons=persons),
            citation=citations.YZ_7,
        ),
        assumption(code="owners.roll.co_owned", value=texts.YES, citation=citations.YZ_8),
    )


def tally_ballots(*, roll: OwnersRoll, ballots: Mapping[str, Choice]) -> OwnersFigures:
    """Aggregate figures from ballots keyed by unit id; one person's units must carry the same choice."""
    by_unit = {unit_id: voter for voter in roll.voters for unit_id in voter.unit_ids}
    choices: dict[OwnerVoter, Choice] = {}
    for unit_id, given in ballots.items():
        if unit_id not in by_unit:
            raise DomainError(ErrorCode.UNKNOWN_REFERENCE, field=unit_id)
        if choices.setdefault(by_unit[unit_id], given) is not given:
            raise DomainError(ErrorCode.CONFLICTING_BALLOTS, field=unit_id)
    participating_area = agree_area = spoiled_area = ZERO
    participating_count = agree_count = spoiled_count = 0
    for voter in roll.voters:
        choice = choices.get(voter)
        if choice is None:
            continue
        if choice is Choice.SPOILED:
            spoiled_area += voter.area
            spoiled_count += 1
            continue
        participating_area += voter.area
        participating_count += 1
        if choice is Choice.AGREE:
            agree_area += voter.area
            agree_count += 1
    return OwnersFigures(
        total_area=roll.total_area,
        total_count=roll.total_count,
        participating_area=participating_area,
        participating_count=participating_count,
        agree_area=agree_area,
        agree_count=agree_count,
        spoiled_area=spoiled_area,
        spoiled_count=spoiled_count,
    )


def classify_matter(*, matter: OwnersMatter, settings: OwnersSettings) -> tuple[MatterClass, Citation]:
    """The matter's class and the provision it rests on (law default, unconfirmed default, or override)."""
    default = DEFAULT_CLASSIFICATION[matter]
    citation = citations.YZ_5_ELEVATOR if matter in UNCONFIRMED_MATTERS else citations.YZ_1
    override = settings.classification_overrides.get(matter)
    if override is not None:
        return override, custom_citation(citation)
    return default, citation


def _validate(figures: OwnersFigures) -> None:
    areas = {
        "total_area": figures.total_area,
        "participating_area": figures.participating_area,
        "agree_area": figures.agree_area,
        "spoiled_area": figures.spoiled_area,
    }
    counts = {
        "total_count": figures.total_count,
        "participating_count": figures.participating_count,
        "agree_count": figures.agree_count,
        "spoiled_count": figures.spoiled_count,
    }
    for name, area in areas.items():
        if not area.is_finite():
            raise DomainError(ErrorCode.INVALID_NUMBER, field=name)
        if area < 0:
            raise DomainError(ErrorCode.NEGATIVE_VALUE, field=name)
    for name, count in counts.items():
        if count < 0:
            raise DomainError(ErrorCode.NEGATIVE_VALUE, field=name)
    for name in ("total_area", "total_count"):
        if (areas | counts)[name] == 0:
            raise DomainError(ErrorCode.NOT_POSITIVE, field=name)
    for prefix in ("participating", "agree", "spoiled"):
        if (areas[f"{prefix}_area"] == 0) != (counts[f"{prefix}_count"] == 0):
            raise DomainError(ErrorCode.INCONSISTENT_FIGURES, field=f"{prefix}_area", other=f"{prefix}_count")
    if figures.agree_area > figures.participating_area:
        raise DomainError(ErrorCode.EXCEEDS_TOTAL, field="agree_area", other="participating_area")
    if figures.agree_count > figures.participating_count:
        raise DomainError(ErrorCode.EXCEEDS_TOTAL, field="agree_count", other="participating_count")
    if figures.participating_area + figures.spoiled_area > figures.total_area:
        raise DomainError(ErrorCode.EXCEEDS_TOTAL, field="participating_area", other="total_area")
    if figures.participating_count + figures.spoiled_count > figures.total_count:
        raise DomainError(ErrorCode.EXCEEDS_TOTAL, field="participating_count", other="total_count")


def _attributed(*, agree: Decimal, participating: Decimal, total: Decimal) -> Decimal:
    """Agree figure with non-voters added to the side that holds the majority of those who voted (YZ-10)."""
    if agree * 2 > participating:
        return agree + (total - participating)
    return agree


def evaluate_owners_decision(
    *, matter: OwnersMatter, figures: OwnersFigures, settings: OwnersSettings | None = None
) -> OwnersDecision:
    """Whether the owners' joint decision passes: YZ-2 participation, then YZ-3 or YZ-4 majorities."""
    settings = settings or OwnersSettings()
    _validate(figures)
    matter_class, class_citation = classify_matter(matter=matter, settings=settings)
    spoiled_area = figures.spoiled_area if settings.spoiled_counts_as_participating else ZERO
    spoiled_count = figures.spoiled_count if settings.spoiled_counts_as_participating else 0
    part_area = figures.participating_area + spoiled_area
    part_count = figures.participating_count + spoiled_count
    agreement: Threshold = THREE_QUARTERS_OR_MORE if matter_class is MatterClass.MAJOR else MORE_THAN_HALF
    agreement_citation = citations.YZ_4 if matter_class is MatterClass.MAJOR else citations.YZ_3
    conditions: list[Condition] = [
        ratio(
            code="owners.participation.area",
            numerator=part_area,
            denominator=figures.total_area,
            threshold=TWO_THIRDS_OR_MORE,
            citation=citations.YZ_2,
            quantity=Quantity.AREA,
        ),
        ratio(
            code="owners.participation.count",
            numerator=part_count,
            denominator=figures.total_count,
            threshold=TWO_THIRDS_OR_MORE,
            citation=citations.YZ_2,
            quantity=Quantity.PERSONS,
        ),
        ratio(
            code="owners.agreement.area",
            numerator=figures.agree_area,
            denominator=part_area,
            threshold=agreement,
            citation=agreement_citation,
            quantity=Quantity.AREA,
        ),
        ratio(
            code="owners.agreement.count",
            numerator=figures.agree_count,
            denominator=part_count,
            threshold=agreement,
            citation=agreement_citation,
            quantity=Quantity.PERSONS,
        ),
    ]
    participation_met = conditions[0].passed and conditions[1].passed
    legal_agreement = conditions[2].passed and conditions[3].passed
    agreement_met = legal_agreement
    passed_without_attribution: bool | None = None
    if settings.count_non_voters:
        attributed_citation = citations.YZ_10
        attributed = (
            ratio(
                code="owners.agreement.area.attributed",
                numerator=_attributed(agree=figures.agree_area, participating=part_area, total=figures.total_area),
                denominator=figures.total_area,
                threshold=agreement,
                citation=attributed_citation,
                quantity=Quantity.AREA,
            ),
            ratio(
                code="owners.agreement.count.attributed",
                numerator=_attributed(
                    agree=Decimal(figures.agree_count),
                    participating=Decimal(part_count),
                    total=Decimal(figures.total_count),
                ),
                denominator=figures.total_count,
                threshold=agreement,
                citation=attributed_citation,
                quantity=Quantity.PERSONS,
            ),
        )
        conditions.extend(attributed)
        agreement_met = attributed[0].passed and attributed[1].passed
        passed_without_attribution = participation_met and legal_agreement
    assumptions = (
        assumption(code="owners.matter_class", value=texts.MATTER_CLASS[matter_class.value], citation=class_citation),
        assumption(
            code="owners.spoiled_counts_as_participating",
            value=yes_no(settings.spoiled_counts_as_participating),
            citation=citations.YZ_11 if settings.spoiled_counts_as_participating else custom_citation(citations.YZ_11),
        ),
        assumption(
            code="owners.count_non_voters",
            value=yes_no(settings.count_non_voters),
            citation=custom_citation(citations.YZ_10) if settings.count_non_voters else citations.YZ_10,
        ),
    )
    return OwnersDecision(
        matter=matter,
        law_item=LAW_ITEMS[matter],
        matter_class=matter_class,
        participation_met=participation_met,
        agreement_met=agreement_met,
        passed=participation_met and agreement_met,
        passed_without_attribution=passed_without_attribution,
        min_participating_count=smallest_qualifying_count(total=figures.total_count, threshold=TWO_THIRDS_OR_MORE),
        min_agree_count=smallest_qualifying_count(total=part_count, threshold=agreement),
        conditions=tuple(conditions),
        assumptions=assumptions,
    )
