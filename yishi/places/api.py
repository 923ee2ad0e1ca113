"""Places in the JSON API: the tree down to compounds is public; buildings and dwellings only within reach.

A signed-in user sees every district, street, community and compound (they appear on the public
community pages anyway), and buildings and dwelling units only below a place where they hold a
current role, plus their own home and the places above it. Administrators see everything.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from yishi.audit.errors import NotFound, NotPermitted
from yishi.people.models import Person
from yishi.people.permissions import held_roles
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place, PlaceKind, PlaceQuerySet

router = Router(tags=["places"])

PUBLIC_KINDS = frozenset({PlaceKind.DISTRICT, PlaceKind.STREET, PlaceKind.COMMUNITY, PlaceKind.COMPOUND})
SEARCH_LIMIT = 200


class RefusalDetail(Schema):
    code: str
    message: str
    field: str | None


class Refusal(Schema):
    """The body of every refusal (see the ActionError handler in yishi/api.py)."""

    error: RefusalDetail


class PlaceOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    parent_id: int | None
    path: str
    depth: int
    code: str
    is_rural: bool
    compound_type: str
    exclusive_area: Decimal | None

    @staticmethod
    def resolve_kind_label(obj: Place) -> str:
        return str(obj.get_kind_display())


class PlaceSearch(Schema):
    q: str = Field("", max_length=100, description="Part of the name; empty lists every visible place.")
    kind: PlaceKind | None = Field(None, description="Only places of this kind.")
    limit: int = Field(50, ge=1, le=SEARCH_LIMIT)


def visible_filter(user: Any, *, on: datetime.date | None = None) -> Q | None:
    """A filter keeping the places the user may see; None means every place (administrators)."""
    if user.is_superuser:
        return None
    query = Q(kind__in=[str(kind) for kind in PUBLIC_KINDS])
    if user.person_id is None:
        return query
    for held in held_roles(user.person_id, on=on):
        low, high = subtree_bounds(held.place_path)
        query |= Q(path__gte=low, path__lt=high)
    home_path = Person.objects.filter(pk=user.person_id).values_list("home__path", flat=True).first()
    if home_path:
        query |= Q(pk__in=[int(part) for part in home_path.strip("/").split("/") if part])
    return query


def places_in(scope: Q | None) -> PlaceQuerySet:
    """The places a filter from `visible_filter` keeps."""
    return Place.objects.all() if scope is None else Place.objects.filter(scope)


def get_visible_place(place_id: int, *, scope: Q | None) -> Place:
    """The place, or NotFound when there is none and NotPermitted when it lies outside the scope."""
    place = Place.objects.filter(pk=place_id).first()
    if place is None:
        raise NotFound()
    if scope is not None and not places_in(scope).filter(pk=place.pk).exists():
        raise NotPermitted()
    return place


@router.get("/", response=list[PlaceOut])
def list_roots(request: HttpRequest) -> list[Place]:
    """The top of the tree: the districts and counties."""
    return list(places_in(visible_filter(request.user)).filter(parent__isnull=True).order_by("name", "id"))


@router.get("/{place_id}", response={200: PlaceOut, 403: Refusal, 404: Refusal})
def get_place(request: HttpRequest, place_id: int) -> Place:
    """One place."""
    return get_visible_place(place_id, scope=visible_filter(request.user))


@router.get("/{place_id}/ancestors", response={200: list[PlaceOut], 403: Refusal, 404: Refusal})
def list_ancestors(request: HttpRequest, place_id: int) -> list[Place]:
    """The places above a place, from the top down, itself included (a breadcrumb trail)."""
    return list(get_visible_place(place_id, scope=visible_filter(request.user)).ancestors())


@router.get("/{place_id}/children", response={200: list[PlaceOut], 403: Refusal, 404: Refusal})
def list_children(request: HttpRequest, place_id: int) -> list[Place]:
    """The places directly under a place that the user may see."""
    scope = visible_filter(request.user)
    place = get_visible_place(place_id, scope=scope)
    return list(places_in(scope).filter(parent=place).order_by("name", "id"))


@router.get("/{place_id}/search", response={200: list[PlaceOut], 403: Refusal, 404: Refusal})
def search_subtree(request: HttpRequest, place_id: int, filters: Query[PlaceSearch]) -> list[Place]:
    """Places at or below a place whose name contains `q`, in tree order, at most `limit` of them."""
    scope = visible_filter(request.user)
    found = places_in(scope).within(get_visible_place(place_id, scope=scope))
    if filters.q.strip():
        found = found.filter(name__icontains=filters.q.strip())
    if filters.kind is not None:
        found = found.filter(kind=filters.kind)
    return list(found.order_by("path")[: filters.limit])
