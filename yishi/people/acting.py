"""Who acts, in which role: the Actor that pages and imports hand to actions."""

from typing import Any

from yishi.audit.actions import Actor
from yishi.audit.models import Channel
from yishi.people.domain.roles import Capability, roles_granting
from yishi.people.permissions import held_roles, today
from yishi.places.models import Place


def acting_role(user: Any, capability: Capability, place: Place | None) -> str:
    """The role in which the user may use `capability` at `place` (the first that grants it), for the record."""
    if user is None or not user.is_authenticated:
        return ""
    if user.person_id is not None:
        day = today()
        granting = roles_granting(capability)
        for held in held_roles(user.person_id, on=day):
            if held.role in granting and (place is None or place.path.startswith(held.place_path)):
                return str(held.role)
    return "administrator" if user.is_superuser else ""


def actor_for(user: Any, capability: Capability, place: Place | None, *, channel: str = Channel.ONLINE) -> Actor:
    """An Actor for the signed-in user acting with `capability` at `place`."""
    return Actor(user=user, acting_role=acting_role(user, capability, place), channel=channel)
