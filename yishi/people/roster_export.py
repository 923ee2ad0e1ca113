"""Exporting a place's roster in the format the import reads (.xlsx or .csv), masked unless asked and permitted."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError
from yishi.people import crypto
from yishi.people.domain.roles import Capability
from yishi.people.domain.roster import COLUMNS, IMPORTABLE_ROLES, RosterRow, export_values, format_area
from yishi.people.models import Ownership, Person, RoleAssignment
from yishi.people.permissions import require, today
from yishi.people.spreadsheets import write_csv, write_xlsx
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place, PlaceKind

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class ExportFile:
    name: str
    content_type: str
    content: bytes
    rows: int


def _address(path: str, places: dict[int, Place]) -> dict[str, str]:
    names: dict[str, str] = {}
    for part in path.strip("/").split("/"):
        place = places.get(int(part))
        if place is not None:
            names[place.kind] = place.name
    return names


def roster_rows(place: Place, *, full_numbers: bool) -> list[RosterRow]:
    """One row per active resident at or below `place`, then one per organisation owner and per unit nobody
    lives in, so that importing the file elsewhere rebuilds the same units, areas, households and owners."""
    low, high = subtree_bounds(place.path)
    places = {item.pk: item for item in Place.objects.within(place)}
    places.update({item.pk: item for item in place.ancestors()})
    people = list(
        Person.objects.filter(is_active=True, home__path__gte=low, home__path__lt=high)
        .select_related("household")
        .order_by("home__path", "name", "id")
    )
    owned = set(
        Ownership.objects.filter(unit__path__gte=low, unit__path__lt=high, owner__isnull=False).values_list(
            "unit_id", "owner_id"
        )
    )
    day = today()
    roles: dict[int, list[str]] = defaultdict(list)
    for person_id, role in (
        RoleAssignment.objects.filter(
            person__is_active=True,
            person__home__path__gte=low,
            person__home__path__lt=high,
            role__in=[str(role) for role in IMPORTABLE_ROLES],
            starts_on__lte=day,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("id")
        .values_list("person_id", "role")
    ):
        if role not in roles[person_id]:
            roles[person_id].append(role)

    def unit_values(unit: Place | None) -> dict[str, Any]:
        if unit is None or unit.kind != PlaceKind.UNIT:
            return {}
        return {"exclusive_area": format_area(unit.exclusive_area), "area_source": unit.area_source}

    rows: list[RosterRow] = []
    lived_in: set[int] = set()
    for person in people:
        assert person.home_id is not None
        home = places.get(person.home_id)
        address = _address(home.path, places) if home else {}
        lived_in.add(person.home_id)
        household = person.household
        rows.append(
            RosterRow(
                row=len(rows) + 2,
                name=person.name,
                sex=person.sex,
                ethnicity=person.ethnicity,
                birth_date=person.birth_date,
                phone=crypto.decrypt(person.phone_ciphertext) if full_numbers else person.phone_masked,
                id_number=crypto.decrypt(person.id_number_ciphertext) if full_numbers else person.id_number_masked,
                residence_status=person.residence_status,
                resident_since=person.resident_since,
                community=address.get(PlaceKind.COMMUNITY, ""),
                compound=address.get(PlaceKind.COMPOUND, ""),
                building=address.get(PlaceKind.BUILDING, ""),
                unit=address.get(PlaceKind.UNIT, ""),
                owner=(person.home_id, person.pk) in owned,
                household_number=household.number if household else "",
                household_head=bool(household and household.representative_id == person.pk),
                roles=tuple(roles.get(person.pk, [])),
                **unit_values(home),
            )
        )
    organisation_units: set[int] = set()
    for ownership in Ownership.objects.filter(unit__path__gte=low, unit__path__lt=high, owner__isnull=True).order_by(
        "unit__path", "id"
    ):
        unit = places.get(ownership.unit_id)
        if unit is None:
            continue
        organisation_units.add(unit.pk)
        address = _address(unit.path, places)
        rows.append(
            RosterRow(
                row=len(rows) + 2,
                community=address.get(PlaceKind.COMMUNITY, ""),
                compound=address.get(PlaceKind.COMPOUND, ""),
                building=address.get(PlaceKind.BUILDING, ""),
                unit=unit.name,
                organisation_name=ownership.organisation_name,
                developer_unsold=ownership.is_developer_unsold,
                **unit_values(unit),
            )
        )
    for unit in sorted(places.values(), key=lambda item: item.path):
        if unit.kind != PlaceKind.UNIT or unit.pk in lived_in or unit.pk in organisation_units:
            continue
        if not unit.path.startswith(place.path):
            continue
        address = _address(unit.path, places)
        rows.append(
            RosterRow(
                row=len(rows) + 2,
                community=address.get(PlaceKind.COMMUNITY, ""),
                compound=address.get(PlaceKind.COMPOUND, ""),
                building=address.get(PlaceKind.BUILDING, ""),
                unit=unit.name,
                **unit_values(unit),
            )
        )
    return rows


def export_roster(
    *, actor: Actor, place: Place, file_format: str, include_full_numbers: bool, language: str
) -> ExportFile:
    """The roster of `place` as a file. Full phone and ID numbers only for those who may reveal them and ask to;
    every export is on the audit record, with whether it held full numbers."""
    require(actor.user, Capability.IMPORT_ROSTER, place)  # type: ignore[arg-type]
    if include_full_numbers:
        require(actor.user, Capability.REVEAL_PERSONAL_DATA, place)  # type: ignore[arg-type]
    if file_format not in CONTENT_TYPES:
        raise ActionError(_("Unknown file format."), code="export_format", field="file_format")
    rows = roster_rows(place, full_numbers=include_full_numbers)
    headers = [column.header(language) for column in COLUMNS]
    values = [export_values(row, language) for row in rows]
    title = "名册" if language != "en" else "Roster"
    content = write_xlsx([(title, headers, values)]) if file_format == "xlsx" else write_csv(headers, values)
    record_audit(
        actor=actor,
        verb="roster.export",
        target=place,
        place=place,
        changes={
            "rows": [None, len(rows)],
            "file_format": [None, file_format],
            "full_numbers": [None, include_full_numbers],
        },
    )
    suffix = "-full" if include_full_numbers else ""
    return ExportFile(
        name=f"roster-{place.pk}-{today():%Y%m%d}{suffix}.{file_format}",
        content_type=CONTENT_TYPES[file_format],
        content=content,
        rows=len(rows),
    )
