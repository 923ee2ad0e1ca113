"""Writes about meetings: preparing one (facts, agenda, seats), convening it (invitations), opening, ending or
cancelling it, and signing participants in (by QR code or by staff)."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, diff, record_audit, snapshot
from yishi.audit.errors import ActionError
from yishi.audit.models import Channel
from yishi.deliberation import events
from yishi.deliberation.actions.common import (
    AGENDA_MAX,
    AGENDA_STATUSES,
    LOCATION_MAX,
    MEETING_AUDITED,
    MEETING_PLACE_KINDS,
    NOTE_MAX,
    STARTABLE,
    TEXT_MAX,
    TITLE_MAX,
    clean_text,
    domain_refusal,
    ensure_hall,
    form_label,
    invited_people,
    locked_meeting,
    permit,
    permit_any,
    person_of,
    reachable,
    status_refusal,
    when_text,
)
from yishi.deliberation.domain import meetings as meeting_rules
from yishi.deliberation.domain import seats as seat_rules
from yishi.deliberation.domain.texts import DeliberationDomainError
from yishi.deliberation.models import (
    AgendaItem,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Scheduling,
    Seat,
    SeatCategory,
    SignIn,
    Venue,
    new_nonce,
)
from yishi.deliberation.signin import check_token
from yishi.matters.actions import advance_matter
from yishi.matters.domain.triage import DELIBERATED_CLASSES
from yishi.matters.events import record_event
from yishi.matters.models import Matter, MatterStatus
from yishi.matters.notifications import notify, notify_many
from yishi.people.domain.roles import Capability
from yishi.people.models import Person
from yishi.places.models import Place, PlaceKind


@dataclass(frozen=True, kw_only=True)
class MeetingFacts:
    """What staff say about a meeting when they create or change it."""

    place: Place
    kind: str
    title: str
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None = None
    is_dialogue: bool = False
    purpose: str = ""
    venue: str = Venue.ROOM
    location: str = ""
    scheduling: str = Scheduling.SCHEDULED
    seat_template: str = ""
    chair: Person | None = None


@dataclass(frozen=True)
class _CheckedFacts:
    place: Place
    community: Place
    kind: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    is_dialogue: bool
    purpose: str
    venue: str
    location: str
    scheduling: str
    seat_template: str
    chair: Person | None


def _check_facts(facts: MeetingFacts) -> _CheckedFacts:
    place = facts.place
    if place.kind not in MEETING_PLACE_KINDS:
        raise ActionError(
            _("A meeting is held for a community (village) or a compound (villagers' group)."),
            code="meeting_place_kind",
            field="place",
        )
    community = place.ancestor_of_kind(PlaceKind.COMMUNITY)
    if community is None:
        raise ActionError(_("Choose a place inside a community."), code="meeting_place_outside", field="place")
    title = " ".join(facts.title.split())
    if not title:
        raise ActionError(_("Give the meeting a title."), code="meeting_title_empty", field="title")
    if len(title) > TITLE_MAX:
        raise ActionError(
            _("The title is longer than %(limit)s characters.") % {"limit": TITLE_MAX},
            code="meeting_title_long",
            field="title",
        )
    if facts.kind not in MeetingKind.values:
        raise ActionError(_("Choose the kind of meeting."), code="meeting_kind_unknown", field="kind")
    try:
        meeting_rules.check_dialogue(kind=meeting_rules.MeetingKind(facts.kind), is_dialogue=facts.is_dialogue)
    except DeliberationDomainError as error:
        raise domain_refusal(error, field="is_dialogue") from error
    if facts.venue not in Venue.values:
        raise ActionError(_("Choose where the meeting is held."), code="meeting_venue_unknown", field="venue")
    if facts.scheduling not in Scheduling.values:
        raise ActionError(
            _("Say whether the meeting is scheduled or ad hoc."), code="meeting_scheduling_unknown", field="scheduling"
        )
    if facts.starts_at is None:
        raise ActionError(_("Say when the meeting starts."), code="meeting_start_missing", field="starts_at")
    if facts.ends_at is not None and facts.ends_at <= facts.starts_at:
        raise ActionError(_("The meeting must end after it starts."), code="meeting_end_before_start", field="ends_at")
    location = clean_text(facts.location, limit=LOCATION_MAX, code="meeting_location", field="location", required=False)
    purpose = clean_text(facts.purpose, limit=TEXT_MAX, code="meeting_purpose", field="purpose", required=False)
    try:
        template = (
            seat_rules.get_template(facts.seat_template)
            if facts.seat_template
            else seat_rules.template_for(place_kind=place.kind, is_rural=place.is_rural)
        )
    except DeliberationDomainError as error:
        raise domain_refusal(error, field="seat_template") from error
    if facts.chair is not None and not reachable(facts.chair, community):
        raise ActionError(
            _("The chair must live or hold a role in this community."), code="meeting_chair_outside", field="chair"
        )
    return _CheckedFacts(
        place=place,
        community=community,
        kind=facts.kind,
        title=title,
        starts_at=facts.starts_at,
        ends_at=facts.ends_at,
        is_dialogue=facts.is_dialogue,
        purpose=purpose,
        venue=facts.venue,
        location=location,
        scheduling=facts.scheduling,
        seat_template=template.code.value,
        chair=facts.chair,
    )


def check_agenda_matter(meeting: Meeting, matter: Matter) -> None:
    if matter.community_id != meeting.community_id or not matter.place.path.startswith(meeting.place.path):
        raise ActionError(
            _("“%(title)s” concerns a place outside this meeting's community or compound.") % {"title": matter.title},
            code="agenda_matter_outside",
            field="matters",
        )
    if matter.triage_class not in {str(item) for item in DELIBERATED_CLASSES}:
        raise ActionError(
            _("“%(title)s” was not triaged for deliberation (a small, micro or urgent matter).")
            % {"title": matter.title},
            code="agenda_matter_not_deliberated",
            field="matters",
        )
    if matter.status not in {str(item) for item in AGENDA_STATUSES}:
        raise ActionError(
            _("“%(title)s” is %(status)s and cannot be put on an agenda.")
            % {"title": matter.title, "status": matter.get_status_display()},
            code="agenda_matter_status",
            field="matters",
        )


@transaction.atomic
def create_meeting(*, actor: Actor, facts: MeetingFacts, matters: Sequence[Matter] = ()) -> Meeting:
    """Staff prepare a meeting at a community or compound, with the matters on its agenda (or standing alone)."""
    checked = _check_facts(facts)
    permit(actor, Capability.CHAIR_MEETING, checked.place)
    if len(matters) > AGENDA_MAX:
        raise ActionError(
            _("An agenda holds at most %(limit)s items.") % {"limit": AGENDA_MAX},
            code="agenda_too_long",
            field="matters",
        )
    meeting = Meeting(
        community=checked.community,
        place=checked.place,
        kind=checked.kind,
        is_dialogue=checked.is_dialogue,
        title=checked.title,
        purpose=checked.purpose,
        venue=checked.venue,
        location=checked.location,
        scheduling=checked.scheduling,
        seat_template=checked.seat_template,
        starts_at=checked.starts_at,
        ends_at=checked.ends_at,
        chair=checked.chair,
        created_by=actor.user,
    )
    for matter in matters:
        check_agenda_matter(meeting, matter)
    meeting.save()
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, position=index, matter=matter, title=matter.title[:TITLE_MAX])
            for index, matter in enumerate(dict.fromkeys(matters), start=1)
        ]
    )
    record_audit(
        actor=actor,
        verb="meeting.create",
        target=meeting,
        place=meeting.place,
        changes={**diff({}, snapshot(meeting, MEETING_AUDITED)), "agenda": [[], [matter.pk for matter in matters]]},
    )
    return meeting


@transaction.atomic
def update_meeting(*, actor: Actor, meeting: Meeting, facts: MeetingFacts) -> Meeting:
    """Change a meeting before it is opened; invited participants are told of a new time or place."""
    meeting = locked_meeting(meeting)
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    status_refusal(meeting, meeting_rules.EDITABLE)
    checked = _check_facts(facts)
    permit(actor, Capability.CHAIR_MEETING, checked.place)
    if checked.place.pk != meeting.place_id and meeting.agenda_items.filter(matter__isnull=False).exists():
        for item in meeting.agenda_items.select_related("matter__place").filter(matter__isnull=False):
            if item.matter is not None and not item.matter.place.path.startswith(checked.place.path):
                raise ActionError(
                    _("The matters on the agenda lie outside the new place."),
                    code="meeting_place_agenda",
                    field="place",
                )
    before = snapshot(meeting, MEETING_AUDITED)
    for name in (
        "place",
        "community",
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
    ):
        setattr(meeting, name, getattr(checked, name))
    meeting.save()
    changes = diff(before, snapshot(meeting, MEETING_AUDITED))
    if changes:
        record_audit(actor=actor, verb="meeting.update", target=meeting, place=meeting.place, changes=changes)
    moved = {"starts_at", "venue", "location", "place"} & set(changes)
    if moved and meeting.status == MeetingStatus.CONVENED:
        notify_many(
            persons=invited_people(meeting),
            title=format_lazy(
                _("Changed: {form} “{title}” is now on {when}, {where}"),
                form=form_label(meeting),
                title=meeting.title,
                when=when_text(meeting),
                where=meeting.location or meeting.place.name,
            ),
            url=meeting.get_absolute_url(),
            sms=True,
        )
    return meeting


@transaction.atomic
def add_agenda_item(
    *, actor: Actor, meeting: Meeting, matter: Matter | None = None, title: str = "", note: str = ""
) -> AgendaItem:
    """Put a matter (or a topic of its own) on the agenda."""
    meeting = locked_meeting(meeting)
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    status_refusal(meeting, meeting_rules.EDITABLE)
    if matter is not None:
        check_agenda_matter(meeting, matter)
        if meeting.agenda_items.filter(matter=matter).exists():
            raise ActionError(_("This matter is already on the agenda."), code="agenda_duplicate", field="matter")
        title = title.strip() or matter.title
    title = clean_text(title, limit=TITLE_MAX, code="agenda_title", field="title", required=True)
    note = clean_text(note, limit=TEXT_MAX, code="agenda_note", field="note", required=False)
    if meeting.agenda_items.count() >= AGENDA_MAX:
        raise ActionError(_("An agenda holds at most %(limit)s items.") % {"limit": AGENDA_MAX}, code="agenda_too_long")
    position = (meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0) + 1
    item = AgendaItem.objects.create(meeting=meeting, position=position, matter=matter, title=title, note=note)
    record_audit(
        actor=actor,
        verb="meeting.agenda_add",
        target=meeting,
        place=meeting.place,
        changes={"agenda_item": [None, title], "matter": [None, matter.pk if matter else None]},
    )
    if matter is not None and meeting.status == MeetingStatus.CONVENED:
        start_deliberation(actor=actor, meeting=meeting, matters=[matter], kind=events.MEETING_CONVENED)
    return item


@transaction.atomic
def remove_agenda_item(*, actor: Actor, item: AgendaItem) -> None:
    """Take an item off the agenda before the meeting opens."""
    meeting = locked_meeting(item.meeting)
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    status_refusal(meeting, meeting_rules.EDITABLE)
    record_audit(
        actor=actor,
        verb="meeting.agenda_remove",
        target=meeting,
        place=meeting.place,
        changes={"agenda_item": [item.title, None], "matter": [item.matter_id, None]},
    )
    item.delete()


def seat_counts(meeting: Meeting) -> dict[str, int]:
    """How many people sit in each category."""
    counts: dict[str, int] = {}
    for category in meeting.seats.values_list("category", flat=True):
        counts[category] = counts.get(category, 0) + 1
    return counts


def check_meeting_seats(meeting: Meeting, *, counts: dict[str, int] | None = None) -> seat_rules.SeatCheck:
    """The template check of the meeting's seats: blocking for a scheduled meeting, a warning for an ad hoc one."""
    return seat_rules.check_seats(
        template=seat_rules.get_template(meeting.seat_template),
        filled=counts if counts is not None else seat_counts(meeting),
        ad_hoc=meeting.scheduling == Scheduling.AD_HOC,
        needs_stakeholders=meeting.agenda_items.filter(matter__isnull=False).exists(),
    )


def _invite(meeting: Meeting, seats: Sequence[Seat]) -> None:
    if not seats:
        return
    now = timezone.now()
    Seat.objects.filter(pk__in=[seat.pk for seat in seats]).update(invited_at=now)
    notify_many(
        persons=[seat.person for seat in seats],
        title=format_lazy(
            _("Invitation: {form} “{title}” on {when}, {where}"),
            form=form_label(meeting),
            title=meeting.title,
            when=when_text(meeting),
            where=meeting.location or meeting.place.name,
        ),
        url=meeting.get_absolute_url(),
        sms=True,
    )


@transaction.atomic
def add_seat(*, actor: Actor, meeting: Meeting, person: Person, category: str, note: str = "") -> Seat:
    """Seat a person in a category of the meeting's template, or as a stakeholder or guest; invited at once if the
    invitations have gone out."""
    meeting = locked_meeting(meeting)
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    status_refusal(meeting, meeting_rules.SEATS_CHANGEABLE)
    template = seat_rules.get_template(meeting.seat_template)
    if category not in {str(item) for item in seat_rules.categories_of(template)}:
        raise ActionError(
            _("Choose one of the seats of this meeting's template."), code="seat_category_unknown", field="category"
        )
    if not person.is_active:
        raise ActionError(_("This person is no longer on the roster."), code="seat_person_inactive", field="person")
    if category != SeatCategory.GUESTS and not reachable(person, meeting.community):
        raise ActionError(
            _("Only people who live or hold a role in this community take a seat; invite others as guests."),
            code="seat_person_outside",
            field="person",
        )
    note = clean_text(note, limit=NOTE_MAX, code="seat_note", field="note", required=False)
    try:
        with transaction.atomic():
            seat = Seat.objects.create(
                meeting=meeting, category=category, person=person, note=note, added_by=actor.user
            )
    except IntegrityError as error:
        raise ActionError(
            _("This person already has a seat at the meeting."), code="seat_duplicate", field="person"
        ) from error
    record_audit(
        actor=actor,
        verb="meeting.seat_add",
        target=meeting,
        place=meeting.place,
        changes={"seat": [None, {"person": person.pk, "category": category}]},
    )
    if meeting.status in (MeetingStatus.CONVENED, MeetingStatus.IN_SESSION):
        _invite(meeting, [seat])
        seat.refresh_from_db()
    return seat


@transaction.atomic
def remove_seat(*, actor: Actor, seat: Seat) -> None:
    """Take a seat away before its holder signed in; an invited holder is told."""
    meeting = locked_meeting(seat.meeting)
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    status_refusal(meeting, meeting_rules.SEATS_CHANGEABLE)
    if SignIn.objects.filter(seat=seat).exists():
        raise ActionError(_("This participant has signed in; the seat stays on the record."), code="seat_signed_in")
    record_audit(
        actor=actor,
        verb="meeting.seat_remove",
        target=meeting,
        place=meeting.place,
        changes={"seat": [{"person": seat.person_id, "category": seat.category}, None]},
    )
    if seat.invited_at is not None:
        notify(
            person=seat.person,
            title=format_lazy(_("Your invitation to “{title}” was withdrawn."), title=meeting.title),
            url=meeting.get_absolute_url(),
        )
    seat.delete()


def start_deliberation(*, actor: Actor, meeting: Meeting, matters: Iterable[Matter], kind: str) -> None:
    """The agenda's matters enter deliberation: their status moves on, their hall opens, followers are told."""
    capability = permit_any(actor, (Capability.CHAIR_MEETING,), meeting.place)
    title = f"{meeting.title} · {when_text(meeting)}"
    for matter in matters:
        hall, _created = ensure_hall(actor, matter)
        fresh = Matter.objects.get(pk=matter.pk)
        if fresh.status in STARTABLE:
            advance_matter(
                actor=actor,
                matter=fresh,
                to_status=MatterStatus.DELIBERATING,
                capability=capability,
                kind=kind,
                title=title,
                url=hall.get_absolute_url(),
                data={"meeting_id": meeting.pk},
            )
        else:
            record_event(
                matter=fresh,
                kind=kind,
                actor=actor,
                title=title,
                url=hall.get_absolute_url(),
                data={"meeting_id": meeting.pk},
            )


def agenda_matters(meeting: Meeting) -> list[Matter]:
    return [item.matter for item in meeting.agenda_items.select_related("matter__place") if item.matter is not None]


@transaction.atomic
def convene_meeting(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Send the invitations (in the app and by text message). A scheduled meeting needs every template seat filled;
    an ad hoc one goes ahead and its unfilled seats are kept as a warning on the record."""
    meeting = locked_meeting(meeting)
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    try:
        meeting_rules.check_meeting_transition(
            from_status=meeting.status_name,
            to_status=meeting_rules.MeetingStatus.CONVENED,
            scheduling=meeting_rules.Scheduling(meeting.scheduling),
        )
    except DeliberationDomainError as error:
        raise domain_refusal(error) from error
    seats = list(meeting.seats.select_related("person"))
    if not seats:
        raise ActionError(_("Seat the participants before sending the invitations."), code="meeting_no_seats")
    check = check_meeting_seats(meeting)
    if check.blocks:
        names = "、".join(gap.label.in_language(get_language() or settings.LANGUAGE_CODE) for gap in check.gaps)
        raise ActionError(
            _("Fill every seat of the template before sending the invitations: %(seats)s.") % {"seats": names},
            code="meeting_seats_unfilled",
        )
    before = snapshot(meeting, MEETING_AUDITED)
    meeting.status = MeetingStatus.CONVENED
    meeting.convened_at = timezone.now()
    meeting.seat_warnings = [str(gap.category) for gap in check.gaps]
    meeting.save(update_fields=["status", "convened_at", "seat_warnings", "updated_at"])
    _invite(meeting, [seat for seat in seats if seat.invited_at is None])
    record_audit(
        actor=actor,
        verb="meeting.convene",
        target=meeting,
        place=meeting.place,
        changes={**diff(before, snapshot(meeting, MEETING_AUDITED)), "invited": [0, len(seats)]},
        note=("unfilled seats: " + ", ".join(meeting.seat_warnings)) if meeting.seat_warnings else "",
    )
    start_deliberation(actor=actor, meeting=meeting, matters=agenda_matters(meeting), kind=events.MEETING_CONVENED)
    return meeting


@transaction.atomic
def open_meeting(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Open the meeting: sign-in and minutes begin. An ad hoc meeting may open without invitations."""
    meeting = locked_meeting(meeting)
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    from_status = meeting.status_name
    try:
        meeting_rules.check_meeting_transition(
            from_status=from_status,
            to_status=meeting_rules.MeetingStatus.IN_SESSION,
            scheduling=meeting_rules.Scheduling(meeting.scheduling),
        )
    except DeliberationDomainError as error:
        raise domain_refusal(error) from error
    before = snapshot(meeting, MEETING_AUDITED)
    meeting.status = MeetingStatus.IN_SESSION
    meeting.opened_at = timezone.now()
    fields = ["status", "opened_at", "updated_at"]
    if from_status is meeting_rules.MeetingStatus.PLANNED:
        meeting.seat_warnings = [str(gap.category) for gap in check_meeting_seats(meeting).gaps]
        fields.append("seat_warnings")
    meeting.save(update_fields=fields)
    record_audit(
        actor=actor,
        verb="meeting.open",
        target=meeting,
        place=meeting.place,
        changes=diff(before, snapshot(meeting, MEETING_AUDITED)),
        note=("unfilled seats: " + ", ".join(meeting.seat_warnings)) if meeting.seat_warnings else "",
    )
    if from_status is meeting_rules.MeetingStatus.PLANNED:
        start_deliberation(actor=actor, meeting=meeting, matters=agenda_matters(meeting), kind=events.MEETING_OPENED)
    return meeting


@transaction.atomic
def end_meeting(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Close the session; its outcomes may then be submitted to the party organisation."""
    meeting = locked_meeting(meeting)
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    try:
        meeting_rules.check_meeting_transition(
            from_status=meeting.status_name,
            to_status=meeting_rules.MeetingStatus.ENDED,
            scheduling=meeting_rules.Scheduling(meeting.scheduling),
        )
    except DeliberationDomainError as error:
        raise domain_refusal(error) from error
    before = snapshot(meeting, MEETING_AUDITED)
    meeting.status = MeetingStatus.ENDED
    meeting.ended_at = timezone.now()
    meeting.save(update_fields=["status", "ended_at", "updated_at"])
    attended = SignIn.objects.filter(meeting=meeting).count()
    record_audit(
        actor=actor,
        verb="meeting.end",
        target=meeting,
        place=meeting.place,
        changes={**diff(before, snapshot(meeting, MEETING_AUDITED)), "attended": [0, attended]},
    )
    for matter in agenda_matters(meeting):
        record_event(
            matter=matter,
            kind=events.MEETING_HELD,
            actor=actor,
            title=f"{meeting.title} · {when_text(meeting)}",
            url=meeting.get_absolute_url(),
            data={"meeting_id": meeting.pk, "attended": attended},
            sms=False,
        )
    return meeting


@transaction.atomic
def cancel_meeting(*, actor: Actor, meeting: Meeting, reason: str) -> Meeting:
    """Call a meeting off with the reason; the invited are told and the sign-in codes stop working."""
    meeting = locked_meeting(meeting)
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    reason = clean_text(
        reason,
        limit=TEXT_MAX,
        code="meeting_cancel_reason",
        field="reason",
        required=True,
        empty=_("Say why the meeting is cancelled."),
    )
    try:
        meeting_rules.check_meeting_transition(
            from_status=meeting.status_name,
            to_status=meeting_rules.MeetingStatus.CANCELLED,
            scheduling=meeting_rules.Scheduling(meeting.scheduling),
        )
    except DeliberationDomainError as error:
        raise domain_refusal(error) from error
    before = snapshot(meeting, MEETING_AUDITED)
    was_convened = meeting.status == MeetingStatus.CONVENED
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_at = timezone.now()
    meeting.cancel_reason = reason
    meeting.sign_in_nonce = new_nonce()
    meeting.save(update_fields=["status", "cancelled_at", "cancel_reason", "sign_in_nonce", "updated_at"])
    record_audit(
        actor=actor,
        verb="meeting.cancel",
        target=meeting,
        place=meeting.place,
        changes=diff(before, snapshot(meeting, MEETING_AUDITED)),
        note=reason,
    )
    if was_convened:
        notify_many(
            persons=invited_people(meeting),
            title=format_lazy(_("Cancelled: “{title}” on {when}"), title=meeting.title, when=when_text(meeting)),
            url=meeting.get_absolute_url(),
            sms=True,
        )
        for matter in agenda_matters(meeting):
            record_event(
                matter=matter,
                kind=events.MEETING_CANCELLED,
                actor=actor,
                title=meeting.title,
                text=reason,
                data={"meeting_id": meeting.pk},
                sms=False,
            )
    return meeting


@transaction.atomic
def renew_sign_in_code(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Withdraw the sign-in codes shown so far (a photo of the code went round); a new one is shown."""
    meeting = locked_meeting(meeting)
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    meeting.sign_in_nonce = new_nonce()
    meeting.save(update_fields=["sign_in_nonce", "updated_at"])
    record_audit(actor=actor, verb="meeting.sign_in_code_renew", target=meeting, place=meeting.place)
    return meeting


@dataclass(frozen=True)
class SignInResult:
    sign_in: SignIn
    created: bool


def _sign_in(*, actor: Actor, meeting: Meeting, person: Person) -> SignInResult:
    status_refusal(meeting, meeting_rules.SIGN_IN_OPEN)
    existing = SignIn.objects.filter(meeting=meeting, person=person).first()
    if existing is not None:
        return SignInResult(existing, False)
    seat = Seat.objects.filter(meeting=meeting, person=person).first()
    lives_here = person.home is not None and person.home.path.startswith(meeting.place.path)
    if seat is None and not lives_here:
        raise ActionError(
            _("Only the invited participants and residents of %(place)s sign in to this meeting.")
            % {"place": meeting.place.name},
            code="sign_in_not_participant",
        )
    try:
        with transaction.atomic():
            sign_in = SignIn.objects.create(
                meeting=meeting,
                person=person,
                seat=seat,
                channel=actor.channel,
                recorded_by=actor.user if actor.channel != Channel.ONLINE else None,
            )
    except IntegrityError:
        # The same phone tapped twice: the first sign-in stands.
        return SignInResult(SignIn.objects.get(meeting=meeting, person=person), False)
    record_audit(
        actor=actor,
        verb="meeting.sign_in",
        target=meeting,
        place=meeting.place,
        changes={"signed_in": [None, {"person": person.pk, "seat": seat.category if seat else ""}]},
    )
    return SignInResult(sign_in, True)


@transaction.atomic
def sign_in_with_code(*, actor: Actor, meeting: Meeting, token: str) -> SignInResult:
    """A participant signs in on their own phone with the meeting's QR code."""
    person = person_of(actor)
    meeting = locked_meeting(meeting)
    check_token(meeting, token)
    online = Actor(user=actor.user, acting_role=actor.acting_role or "participant", channel=Channel.ONLINE)
    return _sign_in(actor=online, meeting=meeting, person=person)


@transaction.atomic
def sign_in_for(*, actor: Actor, meeting: Meeting, person: Person) -> SignInResult:
    """Staff sign a participant in at the door (assisted: no phone, or the code would not scan)."""
    meeting = locked_meeting(meeting)
    permit_any(actor, (Capability.CHAIR_MEETING, Capability.RECORD_FOR_RESIDENT), meeting.place)
    assisted = Actor(user=actor.user, acting_role=actor.acting_role or "staff", channel=Channel.ASSISTED)
    return _sign_in(actor=assisted, meeting=meeting, person=person)
