"""Reads about people: shared by pages and the API."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from yishi.people.crypto import lookup_hash
from yishi.people.domain.roles import Capability
from yishi.people.models import Household, ImportBatch, Ownership, Person, RoleAssignment
from yishi.people.permissions import can, today
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place


@dataclass(frozen=True, kw_only=True)
class HomeSummary:
    person: Person | None
    home_places: list[Place] = field(default_factory=list)
    roles: list[RoleAssignment] = field(default_factory=list)


def get_home_summary(*, user: Any) -> HomeSummary:
    """The person behind the account, the places above their home, and the roles they hold today."""
    person = user.person if user.person_id else None
    if person is None:
        return HomeSummary(person=None)
    places = list(person.home.ancestors()) if person.home_id else []
    day = today()
    roles = list(
        RoleAssignment.objects.filter(person=person, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("place")
        .order_by("place__path")
    )
    return HomeSummary(person=person, home_places=places, roles=roles)


def list_residents(*, within: Place | None, scope: Q | None, search: str = "") -> QuerySet[Person]:
    """Residents living at or below `within`, inside the viewer's reach, matching a name search."""
    queryset = Person.objects.filter(is_active=True).select_related("home", "home__parent")
    if within is not None:
        low, high = subtree_bounds(within.path)
        queryset = queryset.filter(home__path__gte=low, home__path__lt=high)
    if scope is not None:
        queryset = queryset.filter(scope)
    if search:
        queryset = queryset.filter(name__contains=search.strip())
    return queryset.order_by("name", "id")


def find_by_phone(queryset: QuerySet[Person], phone: str) -> QuerySet[Person]:
    """Narrow to the person with this exact (normalised) phone number, by its keyed hash: never a LIKE on clear text."""
    return queryset.filter(phone_lookup=lookup_hash(phone))


@dataclass(frozen=True, kw_only=True)
class UnitOccupancy:
    residents: list[Person]
    ownerships: list[Ownership]
    households: list[Household]


def get_unit_occupancy(unit: Place) -> UnitOccupancy:
    """Who lives in a unit, who owns it, and its households."""
    return UnitOccupancy(
        residents=list(Person.objects.filter(home=unit, is_active=True).select_related("household").order_by("name")),
        ownerships=list(Ownership.objects.filter(unit=unit).select_related("owner").order_by("id")),
        households=list(Household.objects.filter(unit=unit).select_related("representative").order_by("number")),
    )


@dataclass(frozen=True, kw_only=True)
class PersonPage:
    person: Person
    address: list[Place]
    household_members: list[Person]
    owned: list[tuple[Ownership, list[Ownership]]]
    roles: list[RoleAssignment]
    unit_households: list[Household]


def get_person_page(person: Person) -> PersonPage:
    """Everything the person page shows: address, household, units owned with their co-owners, roles."""
    address = list(person.home.ancestors()) if person.home_id and person.home else []
    members: list[Person] = []
    if person.household_id:
        members = list(
            Person.objects.filter(household_id=person.household_id, is_active=True)
            .exclude(pk=person.pk)
            .order_by("name")
        )
    ownerships = list(Ownership.objects.filter(owner=person).select_related("unit", "unit__parent").order_by("id"))
    co_owners: dict[int, list[Ownership]] = {}
    for other in (
        Ownership.objects.filter(unit_id__in=[item.unit_id for item in ownerships])
        .exclude(owner=person)
        .select_related("owner")
        .order_by("id")
    ):
        co_owners.setdefault(other.unit_id, []).append(other)
    roles = list(RoleAssignment.objects.filter(person=person).select_related("place").order_by("-starts_on", "-id"))
    households = []
    if person.home_id and person.home and person.home.kind == "unit":
        households = list(Household.objects.filter(unit_id=person.home_id).select_related("representative"))
    return PersonPage(
        person=person,
        address=address,
        household_members=members,
        owned=[(ownership, co_owners.get(ownership.unit_id, [])) for ownership in ownerships],
        roles=roles,
        unit_households=households,
    )


def person_in_reach(user: Any, person: Person, capability: Capability) -> bool:
    """Whether the person lives, or holds a role, at a place where the user has `capability`."""
    if user.is_superuser:
        return True
    places = [person.home] if person.home_id and person.home else []
    places += [assignment.place for assignment in RoleAssignment.objects.filter(person=person).select_related("place")]
    return any(can(user, capability, place) for place in places)


def roster_places(scope: Q | None, *, limit: int = 500) -> list[Place]:
    """Places a roster may be narrowed to (district down to compound), inside the viewer's reach, in tree order."""
    queryset = Place.objects.filter(kind__in=["district", "street", "community", "compound"])
    if scope is not None:
        queryset = queryset.filter(scope)
    return list(queryset.order_by("path")[:limit])


def unit_choices(within: Place, *, include_self: bool = False, limit: int = 1000) -> list[tuple[int, str]]:
    """Dwelling units at or below `within` for a select, each named by its path below `within`."""
    kinds = ["unit"]
    units = list(Place.objects.within(within).filter(kind__in=kinds).order_by("path")[:limit])
    ids = {int(part) for unit in units for part in unit.path.strip("/").split("/")}
    names = dict(Place.objects.filter(pk__in=ids, depth__gt=within.depth).values_list("pk", "name"))
    choices = [
        (unit.pk, " › ".join(names[int(part)] for part in unit.path.strip("/").split("/") if int(part) in names))
        for unit in units
    ]
    if include_self and within.kind != "unit":
        choices.insert(0, (within.pk, f"{within.name} ({within.get_kind_display()})"))
    return choices


def list_batches(*, user: Any, limit: int = 10) -> list[ImportBatch]:
    """The user's latest roster imports."""
    batches = ImportBatch.objects.filter(created_by=user).select_related("place")
    return list(batches.order_by("-created_at", "-id")[:limit])
