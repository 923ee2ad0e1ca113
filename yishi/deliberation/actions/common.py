"""What the deliberation actions share: permission checks for people and the system actor, text limits, the
lifecycle sets, and small helpers about meetings."""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import Channel
from yishi.deliberation.domain import meetings as meeting_rules
from yishi.deliberation.domain.texts import DeliberationDomainError
from yishi.deliberation.models import (
    AgendaItem,
    Hall,
    Meeting,
    MeetingKind,
    Seat,
)
from yishi.matters.domain.lifecycle import FINISHED_STATUSES
from yishi.matters.domain.lifecycle import MatterStatus as MatterStatusName
from yishi.matters.models import Matter
from yishi.people.domain.roles import Capability, roles_granting
from yishi.people.models import Person, RoleAssignment
from yishi.people.permissions import can, today
from yishi.places.models import Place, PlaceKind

TITLE_MAX = 150
TEXT_MAX = 5000
OUTCOME_MAX = 10000
NAME_MAX = 50
NOTE_MAX = 100
LOCATION_MAX = 200
AGENDA_MAX = 20
MEETING_PLACE_KINDS = frozenset({PlaceKind.COMMUNITY, PlaceKind.COMPOUND})

MEETING_AUDITED = (
    "place",
    "kind",
    "is_dialogue",
    "title",
    "purpose",
    "venue",
    "location",
    "scheduling",
    "seat_template",
    "starts_at",
    "ends_at",
    "chair",
    "status",
)
OUTCOME_AUDITED = ("text", "route", "vote_required", "status", "version", "notice")
# Matters may be put on an agenda once triaged for deliberation and until they are finished: a coordination
# meeting during implementation or a review meeting (评议会) on its result is held on the same matter.
AGENDA_STATUSES = (
    frozenset(MatterStatusName) - FINISHED_STATUSES - {MatterStatusName.PROPOSED, MatterStatusName.REFERRED}
)
# A matter's deliberation starts (its status moves to deliberating) from these statuses.
STARTABLE = frozenset({MatterStatusName.TRIAGED, MatterStatusName.REOPENED})


def domain_refusal(error: DeliberationDomainError, *, field: str | None = None) -> ActionError:
    """A domain refusal as an ActionError, in the language of the current request."""
    return ActionError(
        error.message.in_language(get_language() or settings.LANGUAGE_CODE), code=error.code, field=field
    )


def permitted(actor: Actor, capability: Capability, place: Place) -> bool:
    if actor.user is None:
        return actor.channel == Channel.SYSTEM
    return can(actor.user, capability, place)  # type: ignore[arg-type]


def permit(actor: Actor, capability: Capability, place: Place) -> None:
    if not permitted(actor, capability, place):
        raise NotPermitted()


def permit_any(actor: Actor, capabilities: Sequence[Capability], place: Place) -> Capability:
    """The first of the capabilities the actor holds at the place; NotPermitted when none."""
    for capability in capabilities:
        if permitted(actor, capability, place):
            return capability
    raise NotPermitted()


def clean_text(value: str, *, limit: int, code: str, field: str, required: bool, empty: str | Promise = "") -> str:
    cleaned = value.strip()
    if required and not cleaned:
        raise ActionError(empty or _("This field is required."), code=f"{code}_empty", field=field)
    if len(cleaned) > limit:
        raise ActionError(
            _("The text is longer than %(limit)s characters.") % {"limit": limit}, code=f"{code}_long", field=field
        )
    return cleaned


def person_of(actor: Actor) -> Person:
    user = actor.user
    person = user.person if user is not None and user.person_id is not None else None
    if person is None:
        raise NotPermitted(_("Sign in as a resident to take part."))
    return person


def reachable(person: Person, community: Place) -> bool:
    """A person who lives in the community, or holds a role in it or above it (a street officer, an expert)."""
    if person.home_id is not None and person.home is not None and person.home.path.startswith(community.path):
        return True
    day = today()
    roles = RoleAssignment.objects.filter(person=person, starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    return any(
        community.path.startswith(item.place.path) or item.place.path.startswith(community.path)
        for item in roles.select_related("place")
    )


def locked_meeting(meeting: Meeting) -> Meeting:
    fresh = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("place", "community")
        .filter(pk=meeting.pk)
        .first()
    )
    if fresh is None:
        raise ActionError(_("This meeting no longer exists."), code="meeting_gone")
    return fresh


def status_refusal(meeting: Meeting, allowed: Iterable[meeting_rules.MeetingStatus]) -> None:
    if meeting.status_name not in allowed:
        raise ActionError(
            _("This cannot be done while the meeting is %(status)s.") % {"status": meeting.get_status_display()},
            code="meeting_status",
        )


def invited_people(meeting: Meeting) -> list[Person]:
    return [seat.person for seat in meeting.seats.filter(invited_at__isnull=False).select_related("person")]


def when_text(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"


def form_label(meeting: Meeting) -> Promise:
    if meeting.is_dialogue and meeting.kind == MeetingKind.DELIBERATION:
        return _("Democratic dialogue")
    return MeetingKind(meeting.kind).label


def ensure_hall(actor: Actor, matter: Matter) -> tuple[Hall, bool]:
    hall = Hall.objects.filter(matter=matter).first()
    if hall is not None:
        return hall, False
    hall = Hall.objects.create(matter=matter, community=matter.community, opened_by=actor.user)
    record_audit(actor=actor, verb="hall.open", target=hall, place=matter.place)
    return hall, True


def holders(capability: Capability, place: Place) -> list[Person]:
    """People holding a role that grants `capability` at the place (at it or above it), today."""
    day = today()
    person_ids = (
        RoleAssignment.objects.filter(
            role__in=[str(role) for role in roles_granting(capability)],
            place_id__in=place.ancestor_ids(),
            starts_on__lte=day,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .values("person_id")
    )
    return list(Person.objects.filter(pk__in=person_ids, is_active=True).order_by("pk"))


def seat_of(meeting: Meeting, person: Person | None) -> str:
    if person is None:
        return ""
    return Seat.objects.filter(meeting=meeting, person=person).values_list("category", flat=True).first() or ""


def check_agenda_item(meeting: Meeting, item: AgendaItem | None) -> None:
    if item is not None and item.meeting_id != meeting.pk:
        raise ActionError(_("Choose an item of this meeting's agenda."), code="agenda_item_other", field="agenda_item")
