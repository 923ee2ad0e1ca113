"""Computing a vote's roll from places, roles, residence status and ownership, at the moment the vote opens.

Owners' rolls follow the domain's `owners.build_roll` (YZ-6 area source, YZ-7 head count, YZ-8 co-owners);
assemblies take residents aged 18 or over, household representatives or representatives (JW-6, CW-19, CW-22,
CW-25); online votes take the residents, households or owners of the place as configured. The result is
written once (`freeze_roll`) and never changed.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext

from yishi.audit.errors import ActionError
from yishi.decisions.domain import owners as owner_rules
from yishi.decisions.domain.basis import Electorate
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import explanation
from yishi.decisions.errors import domain_refusal
from yishi.decisions.models import (
    AreaCorrection,
    Capacity,
    EntryKind,
    ResidenceRule,
    RollEntry,
    RollVoter,
    Vote,
)
from yishi.people.models import Household, Ownership, Person, ResidenceStatus, RoleAssignment
from yishi.people.models import Role as PersonRole
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place, PlaceKind

BATCH_SIZE = 2000
LABEL_UNITS_SHOWN = 3
ADULT_AGE = 18

_STATUSES: dict[str, frozenset[str]] = {
    ResidenceRule.REGISTERED_AND_LONG_TERM: frozenset({ResidenceStatus.REGISTERED, ResidenceStatus.LONG_TERM}),
    ResidenceRule.REGISTERED: frozenset({ResidenceStatus.REGISTERED}),
    ResidenceRule.EVERYONE: frozenset(ResidenceStatus.values),
}


@dataclass
class EntryDraft:
    """A line of the roll before it is written."""

    kind: str
    name: str
    unit_label: str = ""
    person_id: int | None = None
    household_id: int | None = None
    area: Decimal | None = None
    unit_ids: list[int] = field(default_factory=list)
    voters: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class RollDraft:
    """The computed roll, its totals and what was left out (and why), for the preview and the freeze."""

    entries: list[EntryDraft]
    total_area: Decimal | None = None
    units: int = 0
    left_out: dict[str, int] = field(default_factory=dict)
    explanation: dict[str, list[str]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.entries)

    def summary(self) -> dict[str, object]:
        """What is kept on the vote: counts, totals, the head-count explanation and what was left out."""
        return {
            "entries": self.size,
            "units": self.units,
            "total_area": None if self.total_area is None else format(self.total_area, "f"),
            "left_out": dict(self.left_out),
            "explanation": self.explanation,
        }


def adult_cutoff(on: datetime.date) -> datetime.date:
    """The latest birth date of someone 18 or over on `on` (born 29 February: 18 on 1 March)."""
    try:
        return on.replace(year=on.year - ADULT_AGE)
    except ValueError:  # `on` is 29 February and the year eighteen years before has none
        return datetime.date(on.year - ADULT_AGE, 2, 28)


def _within(place: Place, field_name: str) -> Q:
    low, high = subtree_bounds(place.path)
    return Q(**{f"{field_name}__gte": low, f"{field_name}__lt": high})


def _unit_label(unit_name: str, parent_name: str | None, parent_kind: str | None) -> str:
    if parent_name and parent_kind == PlaceKind.BUILDING:
        return f"{parent_name} {unit_name}"
    return unit_name


def unit_label(unit: Place | None) -> str:
    """ "1号楼 101" for a unit in a building, the unit's name otherwise."""
    if unit is None:
        return ""
    parent = unit.parent
    return _unit_label(unit.name, parent.name if parent else None, parent.kind if parent else None)


def compute_roll(vote: Vote, *, on: datetime.date) -> RollDraft:
    """The roll of the vote's place for its electorate, as it stands on `on`."""
    electorate = Electorate(vote.electorate)
    if electorate is Electorate.OWNERS:
        return _owners(vote)
    if electorate is Electorate.ADULTS:
        return _adults(vote, on=on)
    if electorate is Electorate.HOUSEHOLD_REPRESENTATIVES:
        return _households(vote)
    roles = [PersonRole.RESIDENT_REPRESENTATIVE]
    if electorate is Electorate.ASSEMBLY_MEMBERS:
        # CW-22: the 村民代表会议 is the villagers' committee members and the villager representatives.
        roles.append(PersonRole.COMMITTEE_MEMBER)
    return _role_holders(vote, roles=roles, on=on)


def _adults(vote: Vote, *, on: datetime.date) -> RollDraft:
    statuses = _STATUSES[vote.residence_rule]
    base = Person.objects.filter(_within(vote.place, "home__path"), is_active=True)
    no_birth_date = base.filter(birth_date__isnull=True).count()
    other_status = base.filter(birth_date__lte=adult_cutoff(on)).exclude(residence_status__in=statuses).count()
    rows = (
        base.filter(birth_date__lte=adult_cutoff(on), residence_status__in=statuses)
        .order_by("home__path", "name", "id")
        .values_list("id", "name", "home__name", "home__parent__name", "home__parent__kind")
    )
    entries = [
        EntryDraft(
            kind=EntryKind.PERSON,
            name=name,
            unit_label=_unit_label(home, parent, parent_kind),
            person_id=person_id,
            voters=[(person_id, Capacity.SELF)],
        )
        for person_id, name, home, parent, parent_kind in rows
    ]
    return RollDraft(entries=entries, left_out=_nonzero(no_birth_date=no_birth_date, other_status=other_status))


def _households(vote: Vote) -> RollDraft:
    statuses = _STATUSES[vote.residence_rule]
    rows = (
        Household.objects.filter(_within(vote.place, "unit__path"))
        .order_by("unit__path", "id")
        .values_list(
            "id",
            "representative_id",
            "representative__name",
            "representative__is_active",
            "representative__residence_status",
            "unit__name",
            "unit__parent__name",
            "unit__parent__kind",
        )
    )
    entries: list[EntryDraft] = []
    no_representative = other_status = 0
    for household_id, person_id, name, active, status, unit, parent, parent_kind in rows:
        if person_id is None or not active:
            no_representative += 1
            continue
        if status not in statuses:
            other_status += 1
            continue
        entries.append(
            EntryDraft(
                kind=EntryKind.HOUSEHOLD,
                name=name,
                unit_label=_unit_label(unit, parent, parent_kind),
                person_id=person_id,
                household_id=household_id,
                voters=[(person_id, Capacity.HOUSEHOLD_REPRESENTATIVE)],
            )
        )
    return RollDraft(entries=entries, left_out=_nonzero(no_representative=no_representative, other_status=other_status))


def _role_holders(vote: Vote, *, roles: Sequence[str], on: datetime.date) -> RollDraft:
    person_ids = (
        RoleAssignment.objects.filter(_within(vote.place, "place__path"), role__in=roles, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .values("person_id")
    )
    rows = (
        Person.objects.filter(pk__in=person_ids, is_active=True)
        .order_by("name", "id")
        .values_list("id", "name", "home__name", "home__parent__name", "home__parent__kind")
    )
    entries = [
        EntryDraft(
            kind=EntryKind.PERSON,
            name=name,
            unit_label=_unit_label(home, parent, parent_kind) if home else "",
            person_id=person_id,
            voters=[(person_id, Capacity.SELF)],
        )
        for person_id, name, home, parent, parent_kind in rows
    ]
    return RollDraft(entries=entries)


def _nonzero(**counts: int) -> dict[str, int]:
    return {key: value for key, value in counts.items() if value}


# --- owners --------------------------------------------------------------------------------------------


_SOURCES = {
    "register": owner_rules.AreaSource.REGISTER,
    "surveyed": owner_rules.AreaSource.SURVEYED,
    "contract": owner_rules.AreaSource.CONTRACT,
}
AREA_SOURCES: tuple[str, ...] = tuple(_SOURCES)


def _part(
    unit_id: int, area: Decimal | None, source: str, owners: list[tuple[int | None, str, bool]]
) -> owner_rules.ExclusivePart:
    developer = any(is_developer for _, _, is_developer in owners)
    owner_ids = tuple(
        f"p{person_id}" if person_id is not None else f"o:{organisation}"
        for person_id, organisation, is_developer in owners
        if not is_developer
    )
    # YZ-6: the register's area first, else the surveyed, else the contract's; one stored area per unit.
    kind = _SOURCES.get(source, owner_rules.AreaSource.REGISTER)
    return owner_rules.ExclusivePart(
        unit_id=str(unit_id),
        owner_ids=owner_ids,
        register_area=area if kind is owner_rules.AreaSource.REGISTER else None,
        surveyed_area=area if kind is owner_rules.AreaSource.SURVEYED else None,
        contract_area=area if kind is owner_rules.AreaSource.CONTRACT else None,
        is_developer_unsold=developer,
    )


def _owners(vote: Vote) -> RollDraft:
    units = list(
        Place.objects.filter(_within(vote.place, "path"), kind=PlaceKind.UNIT)
        .order_by("path")
        .values_list("id", "name", "parent__name", "parent__kind", "exclusive_area", "area_source")
    )
    if not units:
        raise ActionError(
            gettext("There are no dwelling units at this place, so there are no owners to vote."),
            code="roll_no_units",
            field="place",
        )
    holdings: dict[int, list[tuple[int | None, str, bool]]] = {}
    names: dict[int, str] = {}
    ownerships = (
        Ownership.objects.filter(_within(vote.place, "unit__path"))
        .order_by("unit_id", "id")
        .values_list("unit_id", "owner_id", "owner__name", "organisation_name", "is_developer_unsold")
    )
    for unit_id, owner_id, owner_name, organisation, is_developer in ownerships:
        holdings.setdefault(unit_id, []).append((owner_id, organisation, is_developer))
        if owner_id is not None:
            names.setdefault(owner_id, owner_name)
    corrections = {
        unit_id: (area, source)
        for unit_id, area, source in AreaCorrection.objects.filter(vote=vote).values_list("unit_id", "area", "source")
    }
    labels: dict[str, str] = {}
    parts: list[owner_rules.ExclusivePart] = []
    for unit_id, name, parent, parent_kind, area, source in units:
        labels[str(unit_id)] = _unit_label(name, parent, parent_kind)
        if area is None and unit_id in corrections:
            area, source = corrections[unit_id]
        parts.append(_part(unit_id, area, source, holdings.get(unit_id, [])))
    try:
        roll = owner_rules.build_roll(parts=parts)
    except DomainError as error:
        raise _roll_refusal(error, labels) from error
    developers = {
        organisation for owners in holdings.values() for _, organisation, flag in owners if flag and organisation
    }
    rank = {person: position for position, person in enumerate(names)}
    entries = [
        _owner_entry(voter, labels=labels, names=names, rank=rank, developers=developers) for voter in roll.voters
    ]
    return RollDraft(
        entries=entries,
        total_area=roll.total_area,
        units=roll.units,
        explanation={language: list(lines) for language, lines in explanation(roll).items()},
    )


def _owner_entry(
    voter: owner_rules.OwnerVoter,
    *,
    labels: dict[str, str],
    names: dict[int, str],
    rank: dict[int, int],
    developers: set[str],
) -> EntryDraft:
    unit_labels = [labels[unit_id] for unit_id in voter.unit_ids]
    shown = "、".join(unit_labels[:LABEL_UNITS_SHOWN])
    if len(unit_labels) > LABEL_UNITS_SHOWN:
        shown += gettext(" and %(count)s more") % {"count": len(unit_labels) - LABEL_UNITS_SHOWN}
    unit_ids = [int(unit_id) for unit_id in voter.unit_ids]
    if voter.is_developer:
        return EntryDraft(
            kind=EntryKind.DEVELOPER,
            name="、".join(sorted(developers))[:200] or str(EntryKind.DEVELOPER.label),
            unit_label=shown,
            area=voter.area,
            unit_ids=unit_ids,
        )
    # Co-owners are named in the order their ownership was registered (`names` keeps that order).
    people = sorted((int(owner[1:]) for owner in voter.owner_ids if owner.startswith("p")), key=rank.__getitem__)
    organisations = [owner[2:] for owner in voter.owner_ids if owner.startswith("o:")]
    name = "、".join([names[person] for person in people] + organisations)
    if not people:
        kind = EntryKind.ORGANISATION
    elif len(voter.owner_ids) == 1:
        kind = EntryKind.OWNER
    else:
        kind = EntryKind.CO_OWNERS
    capacity = Capacity.OWNER if len(voter.owner_ids) == 1 else Capacity.CO_OWNER
    return EntryDraft(
        kind=kind,
        name=name[:200],
        unit_label=shown[:200],
        person_id=people[0] if len(voter.owner_ids) == 1 and people else None,
        area=voter.area,
        unit_ids=unit_ids,
        voters=[(person, capacity) for person in people],
    )


def _roll_refusal(error: DomainError, labels: dict[str, str]) -> ActionError:
    unit = labels.get((error.field or "").split(".")[0], error.field or "")
    if error.code is ErrorCode.MISSING_AREA:
        message = gettext(
            "Unit %(unit)s has no exclusive area on record. Enter its registered, surveyed or contract area "
            "on the roll source before the vote opens."
        )
    elif error.code in (ErrorCode.NEGATIVE_VALUE, ErrorCode.NOT_POSITIVE):
        message = gettext("The exclusive area of unit %(unit)s must be greater than zero.")
    elif error.code is ErrorCode.MISSING_OWNER:
        message = gettext(
            "Unit %(unit)s has no owner on record. Record its owners (or mark it as the developer's unsold unit) "
            "before the vote opens."
        )
    else:
        return domain_refusal(error, field="roll")
    return ActionError(message % {"unit": unit}, code=f"roll_{error.code.value}", field="roll")


# --- freezing -------------------------------------------------------------------------------------------


def freeze_roll(vote: Vote, draft: RollDraft) -> None:
    """Write the roll once, in batches: the entries, then the people who may cast each entry's ballot."""
    entries = [
        RollEntry(
            vote=vote,
            number=number,
            kind=item.kind,
            person_id=item.person_id,
            household_id=item.household_id,
            name=item.name,
            unit_label=item.unit_label,
            area=item.area,
            unit_ids=item.unit_ids,
        )
        for number, item in enumerate(draft.entries, start=1)
    ]
    created = RollEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    RollVoter.objects.bulk_create(_voters(vote, created, draft.entries), batch_size=BATCH_SIZE)


def _voters(vote: Vote, created: Iterable[RollEntry], drafts: Sequence[EntryDraft]) -> Iterable[RollVoter]:
    for entry, item in zip(created, drafts, strict=True):
        for person_id, capacity in item.voters:
            yield RollVoter(vote=vote, entry=entry, person_id=person_id, capacity=capacity)
