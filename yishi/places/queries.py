"""Reads of the place tree for staff pages: where a user may look, a place's children with their counts."""

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Func, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Concat, Length, Substr

from yishi.people.domain.roles import Capability
from yishi.people.models import Person
from yishi.people.permissions import can, places_where
from yishi.places.domain.tree import ALLOWED_PARENTS, PlaceKind, subtree_bounds
from yishi.places.models import Place

BROWSE_CAPABILITIES = (Capability.VIEW_ROSTER, Capability.MANAGE_PLACES)
MAX_MOVE_TARGETS = 500


def _subtree_end(path: Any) -> Any:
    """SQL for the end of the subtree range of `path`: its last '/' replaced by '0' (see domain.tree)."""
    return Concat(Substr(path, 1, Length(path) - Value(1)), Value("0"))


def _count(queryset: QuerySet[Any]) -> Subquery:
    """A correlated COUNT(*) subquery; Func keeps Django from adding a GROUP BY."""
    return Subquery(
        queryset.order_by().annotate(total=Func(F("pk"), function="COUNT")).values("total")[:1],
        output_field=IntegerField(),
    )


def with_counts(queryset: QuerySet[Place]) -> QuerySet[Place]:
    """Annotate every place with the dwelling units and active residents at or below it: one query in all."""
    units = Place.objects.filter(
        kind=PlaceKind.UNIT, path__gte=OuterRef("path"), path__lt=_subtree_end(OuterRef("path"))
    )
    residents = Person.objects.filter(
        is_active=True, home__path__gte=OuterRef("path"), home__path__lt=_subtree_end(OuterRef("path"))
    )
    return queryset.annotate(unit_count=_count(units), resident_count=_count(residents))


def may_view(user: Any, place: Place) -> bool:
    """Whether the user may browse this place (and everything below it)."""
    return any(can(user, capability, place) for capability in BROWSE_CAPABILITIES)


def reach_roots(user: Any) -> list[Place]:
    """The highest places the user may browse; a place inside another one listed is left out."""
    if user.is_authenticated and user.is_superuser:
        return list(Place.objects.filter(parent__isnull=True).order_by("name"))
    ids: set[int] = set()
    for capability in BROWSE_CAPABILITIES:
        ids.update(places_where(user, capability).values_list("pk", flat=True))
    places = sorted(Place.objects.filter(pk__in=ids), key=lambda place: place.path)
    roots: list[Place] = []
    for place in places:
        if not any(place.path.startswith(root.path) for root in roots):
            roots.append(place)
    return roots


def list_roots(user: Any) -> list[Place]:
    """The user's root places with their counts."""
    roots = reach_roots(user)
    return list(with_counts(Place.objects.filter(pk__in=[root.pk for root in roots])).order_by("path"))


def list_children(place: Place) -> list[Place]:
    """The places directly under `place`, with their counts, by name."""
    return list(with_counts(Place.objects.filter(parent=place)).order_by("kind", "name"))


@dataclass(frozen=True)
class Crumb:
    place: Place
    may_open: bool


def breadcrumbs(user: Any, place: Place) -> list[Crumb]:
    """The places from the root down to `place`; those above the user's reach are shown but not linked."""
    roots = reach_roots(user)
    return [
        Crumb(place=ancestor, may_open=any(ancestor.path.startswith(root.path) for root in roots))
        for ancestor in place.ancestors()
    ]


def child_kinds(place: Place) -> list[str]:
    """The kinds of place that may stand directly under `place`."""
    parent_kind = PlaceKind(place.kind)
    return [kind.value for kind in PlaceKind if parent_kind in ALLOWED_PARENTS[kind]]


def move_targets(user: Any, place: Place) -> list[tuple[Place, str]]:
    """Places the user manages that may hold `place`, outside its own subtree, each with its full name."""
    parent_kinds = [kind.value for kind in ALLOWED_PARENTS[PlaceKind(place.kind)] if kind is not None]
    roots = [root for root in reach_roots(user) if can(user, Capability.MANAGE_PLACES, root)]
    if not parent_kinds or not roots:
        return []
    low, high = subtree_bounds(place.path)
    candidates: list[Place] = []
    for root in roots:
        candidates.extend(
            Place.objects.within(root)
            .filter(kind__in=parent_kinds)
            .exclude(path__gte=low, path__lt=high)
            .exclude(pk=place.parent_id or 0)
            .order_by("path")[:MAX_MOVE_TARGETS]
        )
    ancestor_ids = {int(part) for candidate in candidates for part in candidate.path.strip("/").split("/")}
    names = dict(Place.objects.filter(pk__in=ancestor_ids).values_list("pk", "name"))
    labelled = [
        (candidate, " › ".join(names.get(int(part), "?") for part in candidate.path.strip("/").split("/")))
        for candidate in candidates
    ]
    return sorted(labelled, key=lambda item: item[1])[:MAX_MOVE_TARGETS]
