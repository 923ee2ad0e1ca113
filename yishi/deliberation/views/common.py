"""Helpers the deliberation pages share: the actor of a request, lookups that answer 404, small parsers."""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError
from yishi.deliberation import queries
from yishi.deliberation.models import (
    Meeting,
)
from yishi.people.models import Person, Role
from yishi.places.models import Place, PlaceKind

GROUP_ROWS = 4


def actor_for(request: HttpRequest, role: str = "") -> Actor:
    return Actor(user=request.user, acting_role=role)  # type: ignore[arg-type]


def language() -> str:
    return get_language() or "zh-hans"


def to_int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def form_error(form: Any, error: ActionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def community_or_404(community_id: int) -> Place:
    return get_object_or_404(Place.objects.select_related("parent"), pk=community_id, kind=PlaceKind.COMMUNITY)


def meeting_or_404(meeting_id: int) -> Meeting:
    meeting = queries.get_meeting(meeting_id)
    if meeting is None:
        raise Http404
    return meeting


def person_or_none(person_id: int | None) -> Person | None:
    return Person.objects.select_related("home").filter(pk=person_id, is_active=True).first() if person_id else None


def role_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Role.choices}
