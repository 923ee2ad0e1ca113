"""Reads about people: shared by pages and the API."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from yishi.people.models import Person, RoleAssignment
from yishi.people.permissions import today
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
