"""Who may see and handle which matters; built on yishi.people.permissions, one role query per check."""

import datetime
from typing import Any

from django.db.models import Q

from yishi.matters.models import Matter
from yishi.people.domain.roles import Capability, HeldRole, grants
from yishi.people.permissions import held_roles, places_where, today
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place, PlaceKind, PlaceQuerySet

# Staff who see a matter in full (its description, photos, proposer and every step).
FULL_VIEW_CAPABILITIES = (
    Capability.TRIAGE_MATTER,
    Capability.RECORD_FOR_RESIDENT,
    Capability.ANSWER_REFERRAL,
    Capability.SUPERVISE,
)


def _places_of_kind_reached(user: Any, capability: Capability, kind: str) -> PlaceQuerySet:
    """Places of `kind` at or below the places where the user holds `capability`, or holding such a place."""
    if not user.is_authenticated:
        return Place.objects.none()
    if user.is_superuser:
        return Place.objects.of_kind(kind)
    query = Q(pk__in=[])
    for place in places_where(user, capability):
        low, high = subtree_bounds(place.path)
        query |= Q(path__gte=low, path__lt=high)
        # A role held below `kind` (a building leader) reaches the one place of that kind above it.
        query |= Q(pk__in=place.ancestor_ids())
    return Place.objects.of_kind(kind).filter(query)


def communities_where(user: Any, capability: Capability) -> PlaceQuerySet:
    """The communities in which the user may use `capability` (at least at some place inside)."""
    return _places_of_kind_reached(user, capability, PlaceKind.COMMUNITY)


def streets_where(user: Any, capability: Capability) -> PlaceQuerySet:
    """The streets in which the user may use `capability`."""
    return _places_of_kind_reached(user, capability, PlaceKind.STREET)


class Access:
    """The user's roles read once, answering several questions about one request."""

    def __init__(self, user: Any, *, on: datetime.date | None = None) -> None:
        self.user = user
        self.day = on or today()
        self.held: list[HeldRole] = []
        if user.is_authenticated and not user.is_superuser and user.person_id is not None:
            self.held = held_roles(user.person_id, on=self.day)

    def can(self, capability: Capability, place: Place) -> bool:
        if not self.user.is_authenticated:
            return False
        if self.user.is_superuser:
            return True
        return grants(held=self.held, capability=capability, target_path=place.path, on=self.day)

    @property
    def person_id(self) -> int | None:
        return self.user.person_id if self.user.is_authenticated else None

    def is_staff_for(self, matter: Matter) -> bool:
        """Staff of the matter's community, the street above it or its supervisors."""
        return any(self.can(capability, matter.place) for capability in FULL_VIEW_CAPABILITIES)

    def sees_in_full(self, matter: Matter) -> bool:
        """The proposer, the staff member who recorded it, and staff who handle or oversee it."""
        if not self.user.is_authenticated:
            return False
        if self.person_id is not None and matter.proposer_id == self.person_id:
            return True
        if matter.recorded_by_id == self.user.pk:
            return True
        return self.is_staff_for(matter)

    def may_triage(self, matter: Matter) -> bool:
        return self.can(Capability.TRIAGE_MATTER, matter.community)

    def may_answer_referral(self, matter: Matter) -> bool:
        return matter.responsible_place is not None and self.can(Capability.ANSWER_REFERRAL, matter.responsible_place)
