"""Small template helpers for matters: overdue checks and status badges."""

import datetime
from typing import Any

from django import template

from yishi.matters.domain.lifecycle import FINISHED_STATUSES
from yishi.matters.domain.lifecycle import MatterStatus as StatusName

register = template.Library()

_GOOD = frozenset({StatusName.CLOSED, StatusName.ANSWERED_DIRECTLY, StatusName.REPLIED})


@register.filter
def overdue_on(matter: Any, day: datetime.date) -> bool:
    """Whether the matter is open past its due date on `day`."""
    return bool(matter.is_overdue_on(day))


@register.filter
def status_tone(status: str) -> str:
    """The badge class of a status: ok when handled, bad when declined, warn while open."""
    if status in _GOOD:
        return "ok"
    if status == StatusName.DECLINED:
        return "bad"
    if status in FINISHED_STATUSES:
        return ""
    return "warn"


@register.filter
def place_label(place: Any) -> str:
    """A place as residents name it: a building with its compound."""
    from yishi.matters.texts import place_label as label

    return label(place)
