"""The one place that answers "may this user do this to that place, on this day"."""

import datetime
from typing import Protocol

from django.db.models import Q
from django.utils import timezone

from yishi.audit.errors import NotPermitted
from yishi.people.domain.roles import Capability, HeldRole, Role, grants, roles_granting
from yishi.people.models import RoleAssignment
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place, PlaceQuerySet


class UserLike(Protocol):
    is_authenticated: bool
    is_superuser: bool
    person_id: int | None


def today() -> datetime.date:
    """The calendar day in the platform's time zone (Asia/Shanghai), not the server's UTC date."""
    return timezone.localdate()


def held_roles(person_id: int, *, on: datetime.date | None = None) -> list[HeldRole]:
    """The roles a person holds on a day, with the path of the place each is held at."""
    day = on or today()
    assignments = (
        RoleAssignment.objects.filter(person_id=person_id, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("place")
    )
    return [
        HeldRole(role=Role(item.role), place_path=item.place.path, starts_on=item.starts_on, ends_on=item.ends_on)
        for item in assignments
    ]


def can(user: UserLike, capability: Capability, place: Place, *, on: datetime.date | None = None) -> bool:
    """Whether the user may use `capability` at `place` on the day `on` (today by default)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if user.person_id is None:
        return False
    day = on or today()
    return grants(held=held_roles(user.person_id, on=day), capability=capability, target_path=place.path, on=day)


def require(user: UserLike, capability: Capability, place: Place, *, on: datetime.date | None = None) -> None:
    """Raise NotPermitted unless `can` says yes."""
    if not can(user, capability, place, on=on):
        raise NotPermitted()


def places_where(user: UserLike, capability: Capability, *, on: datetime.date | None = None) -> PlaceQuerySet:
    """The places (roots of subtrees) at which the user holds a role granting `capability`."""
    if not user.is_authenticated or user.person_id is None:
        return Place.objects.none()
    if user.is_superuser:
        return Place.objects.filter(parent__isnull=True)
    day = on or today()
    roles = [str(role) for role in roles_granting(capability)]
    place_ids = (
        RoleAssignment.objects.filter(person_id=user.person_id, role__in=roles, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .values("place_id")
    )
    return Place.objects.filter(pk__in=place_ids)


def scope_filter(user: UserLike, capability: Capability, *, field: str = "path") -> Q | None:
    """A Q that keeps rows whose place path (`field`) lies within the user's reach; None means all."""
    if user.is_superuser:
        return None
    query = Q(pk__in=[])
    for place in places_where(user, capability):
        low, high = subtree_bounds(place.path)
        query |= Q(**{f"{field}__gte": low, f"{field}__lt": high})
    return query
