"""People and roles in the JSON API. Phone and ID numbers are always masked here; the full number is
only ever shown through people.actions.reveal_personal_data, on the staff pages, with a reason."""

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from yishi.audit.actions import Actor
from yishi.audit.errors import NotFound, NotPermitted
from yishi.audit.models import Channel
from yishi.people.actions import assign_role, end_role
from yishi.people.domain.roles import Capability
from yishi.people.models import Person, RoleAssignment
from yishi.people.permissions import can, require, today
from yishi.people.queries import list_residents
from yishi.places.api import Refusal
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place

router = Router(tags=["people"])

PAGE_LIMIT = 200


class PersonOut(Schema):
    id: int
    name: str
    sex: str
    residence_status: str
    home_id: int | None
    home_name: str | None
    household_id: int | None
    phone_masked: str
    id_number_masked: str
    has_political_rights: bool

    @staticmethod
    def resolve_home_name(obj: Person) -> str | None:
        return obj.home.name if obj.home is not None else None


class RoleOut(Schema):
    id: int
    person_id: int
    person_name: str
    role: str
    role_label: str
    place_id: int
    place_name: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    note: str
    is_current: bool

    @staticmethod
    def resolve_person_name(obj: RoleAssignment) -> str:
        return obj.person.name

    @staticmethod
    def resolve_role_label(obj: RoleAssignment) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_place_name(obj: RoleAssignment) -> str:
        return obj.place.name

    @staticmethod
    def resolve_is_current(obj: RoleAssignment) -> bool:
        day = today()
        return obj.starts_on <= day and (obj.ends_on is None or day <= obj.ends_on)


class PersonDetailOut(PersonOut):
    ethnicity: str
    birth_date: datetime.date | None
    resident_since: datetime.date | None
    owned_unit_ids: list[int]
    roles: list[RoleOut]

    @staticmethod
    def resolve_owned_unit_ids(obj: Person) -> list[int]:
        return sorted(ownership.unit_id for ownership in obj.ownerships.all())

    @staticmethod
    def resolve_roles(obj: Person) -> list[RoleAssignment]:
        return list(obj.roles.all())


class ResidentSearch(Schema):
    place: int = Field(..., description="Residents living at or below this place.")
    q: str = Field("", max_length=50, description="Part of the name.")


class RoleFilter(Schema):
    place: int = Field(..., description="Roles held at this place.")
    below: bool = Field(False, description="Also the roles held at places below it.")
    current: bool = Field(True, description="Only the roles held today.")


class RoleIn(Schema):
    person_id: int
    role: str
    place_id: int
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    note: str = Field("", max_length=200)


class RoleEndIn(Schema):
    ends_on: datetime.date


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=request.user, channel=Channel.API)  # type: ignore[arg-type]


def _place(place_id: int) -> Place:
    place = Place.objects.filter(pk=place_id).first()
    if place is None:
        raise NotFound()
    return place


def _roles() -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.select_related("person", "place")


@router.get("/", response={200: list[PersonOut], 403: Refusal, 404: Refusal})
@paginate(LimitOffsetPagination, max_limit=PAGE_LIMIT)
def list_people(request: HttpRequest, filters: Query[ResidentSearch]) -> Any:
    """Residents living at or below a place whose roster the user may view, by name."""
    place = _place(filters.place)
    require(request.user, Capability.VIEW_ROSTER, place)  # type: ignore[arg-type]
    return list_residents(within=place, scope=None, search=filters.q)


@router.get("/roles", response={200: list[RoleOut], 403: Refusal, 404: Refusal})
def list_roles(request: HttpRequest, filters: Query[RoleFilter]) -> list[RoleAssignment]:
    """The roles held at a place (and below it, on request), for a user who may view its roster."""
    place = _place(filters.place)
    require(request.user, Capability.VIEW_ROSTER, place)  # type: ignore[arg-type]
    roles = _roles()
    if filters.below:
        low, high = subtree_bounds(place.path)
        roles = roles.filter(place__path__gte=low, place__path__lt=high)
    else:
        roles = roles.filter(place=place)
    if filters.current:
        day = today()
        roles = roles.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    return list(roles.order_by("place__path", "role", "starts_on", "id"))


@router.post("/roles", response={201: RoleOut, 400: Refusal, 403: Refusal, 404: Refusal})
def create_role(request: HttpRequest, payload: RoleIn) -> Status[RoleAssignment]:
    """Give a person a role at a place (needs the right to assign roles there)."""
    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None:
        raise NotFound()
    assignment = assign_role(
        actor=_actor(request),
        person=person,
        role=payload.role,
        place=_place(payload.place_id),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        note=payload.note.strip(),
    )
    return Status(201, _roles().get(pk=assignment.pk))


@router.post("/roles/{role_id}/end", response={200: RoleOut, 400: Refusal, 403: Refusal, 404: Refusal})
def end_role_assignment(request: HttpRequest, role_id: int, payload: RoleEndIn) -> RoleAssignment:
    """End a role on a day (inclusive)."""
    assignment = _roles().filter(pk=role_id).first()
    if assignment is None:
        raise NotFound()
    end_role(actor=_actor(request), assignment=assignment, ends_on=payload.ends_on)
    return assignment


@router.get("/{person_id}", response={200: PersonDetailOut, 403: Refusal, 404: Refusal})
def get_person(request: HttpRequest, person_id: int) -> Person:
    """One person, for a user who may view the roster where they live or hold a role (or the person themself)."""
    person = (
        Person.objects.select_related("home")
        .prefetch_related("ownerships", Prefetch("roles", queryset=_roles().order_by("starts_on", "id")))
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise NotFound()
    if person.pk != getattr(request.user, "person_id", None):
        places = [person.home] if person.home is not None else []
        places.extend(assignment.place for assignment in person.roles.all())
        if not any(can(request.user, Capability.VIEW_ROSTER, place) for place in places):  # type: ignore[arg-type]
            raise NotPermitted()
    return person
