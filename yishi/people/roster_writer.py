"""Writing a checked roster file in bulk, inside the import's transaction.

A 20,000-row file would take minutes through one action call per row (each re-reads the importer's roles and
re-runs its lookups), so the rows are written here in bulk after roster_import has checked every one of them with
the same validation, duplicate and permission rules the single actions use, moments before and against the same
roster. The database's own constraints (unique phone and ID hashes, unique place names under a parent) still
guard the write: a clash raises IntegrityError and the whole transaction is rolled back. Every created row gets
the audit record its single action would have written, with the IMPORT channel.
"""

import uuid
from typing import Any

from django.db import models

from yishi.audit.actions import Actor, diff, snapshot
from yishi.audit.models import AuditRecord
from yishi.people.actions import PERSON_AUDITED_FIELDS, build_person, validate_person_facts
from yishi.people.models import Household, ImportBatch, Ownership, Person, RoleAssignment
from yishi.people.permissions import today
from yishi.people.roster_check import Node, Outcome, Planned, person_facts
from yishi.places.actions import PLACE_AUDITED_FIELDS, update_place
from yishi.places.domain.tree import child_path
from yishi.places.models import CompoundType, Place, PlaceKind

_BATCH = 500


class _AuditTrail:
    """Audit records collected while writing and saved together; the same fields record_audit writes."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.records: list[AuditRecord] = []

    def add(self, *, verb: str, target: models.Model, place: Place | None, changes: dict[str, Any]) -> None:
        self.records.append(
            AuditRecord(
                actor=self.actor.user,
                actor_name=self.actor.name[:100],
                acting_role=self.actor.acting_role[:40],
                verb=verb,
                target_type=target._meta.label_lower,
                target_id=str(target.pk),
                target_label=str(target)[:200],
                place=place,
                channel=self.actor.channel,
                changes=changes,
            )
        )

    def save(self) -> None:
        AuditRecord.objects.bulk_create(self.records, batch_size=_BATCH)
        self.records = []


def _depth(node: Node) -> int:
    depth = 0
    parent = node.parent
    while parent is not None:
        depth += 1
        parent = parent.parent
    return depth


def _create_places(nodes: list[Node], trail: _AuditTrail) -> dict[str, int]:
    """Create the planned places level by level: a place's id is part of its children's paths."""
    counts = {"units": 0, "places": 0}
    for depth in sorted({_depth(node) for node in nodes}):
        level = [node for node in nodes if _depth(node) == depth]
        created: list[Place] = []
        for node in level:
            assert node.parent is not None and node.parent.place is not None
            parent = node.parent.place
            is_unit = node.kind == PlaceKind.UNIT
            created.append(
                Place(
                    kind=node.kind,
                    name=node.name,
                    parent=parent,
                    depth=parent.depth + 1,
                    # A unique stand-in until the id is known, replaced below in the same transaction.
                    path=f"new-{uuid.uuid4().hex}",
                    is_rural=parent.is_rural,
                    compound_type=CompoundType.VILLAGE_GROUP
                    if node.kind == PlaceKind.COMPOUND and parent.is_rural
                    else "",
                    exclusive_area=node.area if is_unit else None,
                    area_source=node.area_source if is_unit and node.area is not None else "",
                )
            )
        Place.objects.bulk_create(created, batch_size=_BATCH)
        for node, place in zip(level, created, strict=True):
            assert place.parent is not None
            place.path = child_path(parent_path=place.parent.path, node_id=place.pk)
            node.place = place
            counts["units" if place.kind == PlaceKind.UNIT else "places"] += 1
        Place.objects.bulk_update(created, ["path"], batch_size=_BATCH)
        for place in created:
            trail.add(
                verb="place.create",
                target=place,
                place=place.parent,
                changes=diff({}, snapshot(place, PLACE_AUDITED_FIELDS)),
            )
    return counts


def write_outcome(*, actor: Actor, batch: ImportBatch, outcome: Outcome) -> dict[str, int]:
    """Write the rows that passed the check; the caller holds the transaction and records the batch."""
    good = outcome.good
    trail = _AuditTrail(actor)
    used = outcome.used_nodes()
    counts = {"rows": len(good), "people": 0, "units": 0, "places": 0, "areas": 0}
    counts.update(_create_places([node for node in outcome.nodes if node.place is None and id(node) in used], trail))

    for node in outcome.nodes:
        if node.gets_area and id(node) in used and node.place is not None:
            update_place(actor=actor, place=node.place, exclusive_area=node.area, area_source=node.area_source)
            counts["areas"] += 1

    people: list[tuple[Planned, Person]] = []
    for item in good:
        if not item.row.is_person:
            continue
        assert item.home is not None and item.home.place is not None
        facts = person_facts(item, home=item.home.place)
        phone, id_number = validate_person_facts(facts)
        people.append((item, build_person(facts=facts, phone=phone, id_number=id_number)))
    Person.objects.bulk_create([person for _item, person in people], batch_size=_BATCH)
    for _item, person in people:
        trail.add(
            verb="person.create",
            target=person,
            place=person.home,
            changes=diff({}, snapshot(person, PERSON_AUDITED_FIELDS)),
        )
    counts["people"] = len(people)

    counts["households"] = _write_households(people, trail)
    counts["ownerships"] = _write_ownerships(good, people, trail)
    counts["roles"] = _write_roles(people, trail)
    trail.save()
    return counts


def _write_households(people: list[tuple[Planned, Person]], trail: _AuditTrail) -> int:
    members = [(item, person) for item, person in people if item.row.household_number and item.unit and item.unit.place]
    if not members:
        return 0
    unit_ids = {item.unit.place.pk for item, _person in members if item.unit and item.unit.place}
    numbers = {item.row.household_number for item, _person in members}
    households: dict[tuple[int, str], Household] = {
        (household.unit_id, household.number): household
        for household in Household.objects.filter(unit_id__in=unit_ids, number__in=numbers)
    }
    new: list[Household] = []
    for item, _person in members:
        assert item.unit is not None and item.unit.place is not None
        key = (item.unit.place.pk, item.row.household_number)
        if key not in households:
            households[key] = Household(unit=item.unit.place, number=item.row.household_number)
            new.append(households[key])
    Household.objects.bulk_create(new, batch_size=_BATCH)
    heads: list[Household] = []
    for item, person in members:
        assert item.unit is not None and item.unit.place is not None
        household = households[(item.unit.place.pk, item.row.household_number)]
        person.household = household
        changes: dict[str, Any] = {"household": [None, household.pk]}
        if item.row.household_head:
            changes["representative"] = [household.representative_id, person.pk]
            household.representative = person
            heads.append(household)
        trail.add(verb="household.add_member", target=household, place=household.unit, changes=changes)
    Household.objects.bulk_update(heads, ["representative"], batch_size=_BATCH)
    Person.objects.bulk_update([person for _item, person in members], ["household"], batch_size=_BATCH)
    for household in new:
        trail.add(
            verb="household.create",
            target=household,
            place=household.unit,
            changes={"number": [None, household.number], "representative": [None, household.representative_id]},
        )
    return len(new)


def _write_ownerships(good: list[Planned], people: list[tuple[Planned, Person]], trail: _AuditTrail) -> int:
    owners = {id(item): person for item, person in people}
    ownerships: list[Ownership] = []
    for item in good:
        unit = item.unit.place if item.unit is not None else None
        if unit is None:
            continue
        if item.row.is_person and item.row.owner:
            ownerships.append(Ownership(unit=unit, owner=owners[id(item)]))
        elif not item.row.is_person and item.row.organisation_name:
            ownerships.append(
                Ownership(
                    unit=unit,
                    organisation_name=item.row.organisation_name,
                    is_developer_unsold=item.row.developer_unsold,
                )
            )
    Ownership.objects.bulk_create(ownerships, batch_size=_BATCH)
    for ownership in ownerships:
        trail.add(
            verb="ownership.create",
            target=ownership,
            place=ownership.unit,
            changes={
                "owner": [None, ownership.owner.pk if ownership.owner else ownership.organisation_name],
                "is_developer_unsold": [None, ownership.is_developer_unsold],
            },
        )
    return len(ownerships)


def _write_roles(people: list[tuple[Planned, Person]], trail: _AuditTrail) -> int:
    day = today()
    assignments: list[RoleAssignment] = []
    for item, person in people:
        for role, node in item.roles:
            assert node.place is not None
            assignments.append(RoleAssignment(person=person, role=role, place=node.place, starts_on=day))
    RoleAssignment.objects.bulk_create(assignments, batch_size=_BATCH)
    for assignment in assignments:
        trail.add(
            verb="role.assign",
            target=assignment,
            place=assignment.place,
            changes={
                "role": [None, assignment.role],
                "person": [None, assignment.person.pk],
                "starts_on": [None, day.isoformat()],
                "ends_on": [None, None],
            },
        )
    return len(assignments)
