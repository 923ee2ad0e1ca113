"""Writes about a meeting's record: minutes, the agreed outcome (协商意见) and its dissent, submission to the
community party organisation and its review (approve: published and the matter moves on; or send back)."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, diff, record_audit, snapshot
from yishi.audit.errors import ActionError
from yishi.audit.models import Channel
from yishi.deliberation import events
from yishi.deliberation.actions.common import (
    NAME_MAX,
    OUTCOME_AUDITED,
    OUTCOME_MAX,
    STARTABLE,
    TEXT_MAX,
    check_agenda_item,
    clean_text,
    domain_refusal,
    form_label,
    holders,
    locked_meeting,
    permit,
    seat_of,
    status_refusal,
    when_text,
)
from yishi.deliberation.domain import meetings as meeting_rules
from yishi.deliberation.domain.texts import DeliberationDomainError
from yishi.deliberation.models import (
    AgendaItem,
    Dissent,
    Meeting,
    MeetingStatus,
    MinutesEntry,
    Outcome,
    OutcomeReview,
    OutcomeRoute,
    OutcomeStatus,
    ReviewDecision,
    SeatCategory,
    SignIn,
)
from yishi.matters.actions import advance_matter
from yishi.matters.events import record_event
from yishi.matters.models import Matter, MatterStatus
from yishi.matters.notifications import notify_many
from yishi.people.domain.roles import Capability
from yishi.people.models import Person


@transaction.atomic
def add_minutes_entry(
    *,
    actor: Actor,
    meeting: Meeting,
    summary: str,
    speaker: Person | None = None,
    speaker_name: str = "",
    agenda_item: AgendaItem | None = None,
) -> MinutesEntry:
    """Write down who spoke and the gist of what they said."""
    meeting = locked_meeting(meeting)
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    status_refusal(meeting, meeting_rules.MINUTES_OPEN)
    check_agenda_item(meeting, agenda_item)
    name = speaker.name if speaker is not None else " ".join(speaker_name.split())
    name = clean_text(
        name,
        limit=NAME_MAX,
        code="minutes_speaker",
        field="speaker",
        required=True,
        empty=_("Say who spoke."),
    )
    summary = clean_text(
        summary,
        limit=TEXT_MAX,
        code="minutes_summary",
        field="summary",
        required=True,
        empty=_("Write what the speaker said."),
    )
    position = (meeting.minutes.aggregate(last=Max("position"))["last"] or 0) + 1
    entry = MinutesEntry.objects.create(
        meeting=meeting,
        position=position,
        agenda_item=agenda_item,
        speaker=speaker,
        speaker_name=name,
        speaker_seat=seat_of(meeting, speaker),
        summary=summary,
        channel=Channel.MEETING,
        recorded_by=actor.user,
    )
    record_audit(
        actor=actor,
        verb="meeting.minutes_add",
        target=meeting,
        place=meeting.place,
        changes={"minutes": [None, {"position": position, "speaker": name}]},
    )
    return entry


def _check_outcome(text: str, route: str, vote_required: bool) -> str:
    text = clean_text(
        text,
        limit=OUTCOME_MAX,
        code="outcome_text",
        field="text",
        required=True,
        empty=_("Write the outcome the meeting agreed."),
    )
    if route not in OutcomeRoute.values:
        raise ActionError(_("Choose where the outcome goes next."), code="outcome_route_unknown", field="route")
    try:
        meeting_rules.check_route(route=meeting_rules.OutcomeRoute(route), vote_required=vote_required)
    except DeliberationDomainError as error:
        raise domain_refusal(error, field="route") from error
    return text


@transaction.atomic
def record_outcome(
    *,
    actor: Actor,
    meeting: Meeting,
    text: str,
    route: str,
    vote_required: bool = False,
    agenda_item: AgendaItem | None = None,
) -> Outcome:
    """Record the agreed outcome (协商意见) of an agenda item, or of the meeting's topic when it stands alone."""
    meeting = locked_meeting(meeting)
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    status_refusal(meeting, meeting_rules.MINUTES_OPEN)
    check_agenda_item(meeting, agenda_item)
    text = _check_outcome(text, route, vote_required)
    if agenda_item is None and meeting.agenda_items.filter(matter__isnull=False).exists():
        raise ActionError(
            _("Choose the agenda item the outcome is about."), code="outcome_agenda_item_required", field="agenda_item"
        )
    exists = Outcome.objects.filter(meeting=meeting, agenda_item=agenda_item).exists()
    if exists:
        raise ActionError(
            _("An outcome is already recorded for this item; revise it instead."),
            code="outcome_duplicate",
            field="agenda_item",
        )
    outcome = Outcome.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        matter=agenda_item.matter if agenda_item is not None else None,
        text=text,
        route=route,
        vote_required=vote_required,
        recorded_by=actor.user,
    )
    record_audit(
        actor=actor,
        verb="outcome.record",
        target=outcome,
        place=meeting.place,
        changes=diff({}, snapshot(outcome, OUTCOME_AUDITED)),
    )
    return outcome


def _locked_outcome(outcome: Outcome) -> Outcome:
    fresh = (
        Outcome.objects.select_for_update(of=("self",))
        .select_related("meeting__place", "meeting__community", "agenda_item", "matter")
        .filter(pk=outcome.pk)
        .first()
    )
    if fresh is None:
        raise ActionError(_("This outcome no longer exists."), code="outcome_gone")
    return fresh


def _revisable(outcome: Outcome) -> None:
    try:
        meeting_rules.check_revisable(outcome.status_name)
    except DeliberationDomainError as error:
        raise domain_refusal(error) from error


@transaction.atomic
def revise_outcome(*, actor: Actor, outcome: Outcome, text: str, route: str, vote_required: bool) -> Outcome:
    """Change a draft outcome, or revise one the party organisation sent back (a new version)."""
    outcome = _locked_outcome(outcome)
    permit(actor, Capability.CHAIR_MEETING, outcome.meeting.place)
    _revisable(outcome)
    text = _check_outcome(text, route, vote_required)
    before = snapshot(outcome, OUTCOME_AUDITED)
    if outcome.status == OutcomeStatus.SENT_BACK and outcome.reviews.filter(version=outcome.version).exists():
        outcome.version += 1
    outcome.text, outcome.route, outcome.vote_required = text, route, vote_required
    outcome.save()
    changes = diff(before, snapshot(outcome, OUTCOME_AUDITED))
    if changes:
        record_audit(actor=actor, verb="outcome.revise", target=outcome, place=outcome.meeting.place, changes=changes)
    return outcome


@transaction.atomic
def record_dissent(
    *, actor: Actor, outcome: Outcome, text: str, person: Person | None = None, name: str = ""
) -> Dissent:
    """Record who disagreed with the outcome and what they hold; it stays with the outcome and is published."""
    outcome = _locked_outcome(outcome)
    meeting = outcome.meeting
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    _revisable(outcome)
    who = person.name if person is not None else " ".join(name.split())
    who = clean_text(
        who, limit=NAME_MAX, code="dissent_name", field="person", required=True, empty=_("Say who dissents.")
    )
    text = clean_text(
        text, limit=TEXT_MAX, code="dissent_text", field="text", required=True, empty=_("Write what they hold.")
    )
    dissent = Dissent.objects.create(
        outcome=outcome,
        person=person,
        name=who,
        seat_category=seat_of(meeting, person),
        text=text,
        channel=Channel.MEETING,
        recorded_by=actor.user,
    )
    record_audit(
        actor=actor,
        verb="outcome.dissent",
        target=outcome,
        place=meeting.place,
        changes={"dissent": [None, {"name": who, "person": person.pk if person else None}]},
    )
    return dissent


@transaction.atomic
def submit_outcome(*, actor: Actor, outcome: Outcome) -> Outcome:
    """Send the outcome to the community party organisation for review, once the meeting has ended."""
    outcome = _locked_outcome(outcome)
    meeting = outcome.meeting
    permit(actor, Capability.CHAIR_MEETING, meeting.place)
    if meeting.status != MeetingStatus.ENDED:
        raise ActionError(_("End the meeting before submitting its outcome."), code="outcome_meeting_not_ended")
    try:
        meeting_rules.check_outcome_transition(
            from_status=outcome.status_name, to_status=meeting_rules.OutcomeStatus.SUBMITTED
        )
    except DeliberationDomainError as error:
        raise domain_refusal(error) from error
    before = snapshot(outcome, OUTCOME_AUDITED)
    outcome.status = OutcomeStatus.SUBMITTED
    outcome.submitted_at = timezone.now()
    outcome.save(update_fields=["status", "submitted_at", "updated_at"])
    record_audit(
        actor=actor,
        verb="outcome.submit",
        target=outcome,
        place=meeting.place,
        changes=diff(before, snapshot(outcome, OUTCOME_AUDITED)),
    )
    notify_many(
        persons=holders(Capability.REVIEW_OUTCOME, meeting.community),
        title=format_lazy(_("An outcome awaits your review: “{subject}”"), subject=outcome.subject),
        url=outcome.get_absolute_url(),
        matter=outcome.matter,
    )
    if outcome.matter is not None:
        record_event(
            matter=outcome.matter,
            kind=events.OUTCOME_SUBMITTED,
            actor=actor,
            public=False,
            url=outcome.get_absolute_url(),
            data={"outcome_id": outcome.pk, "version": outcome.version},
        )
    return outcome


def _notice_text(outcome: Outcome) -> tuple[str, str]:
    """The title and body of the published outcome, in Chinese; names of dissenters are left out (PI-1: the
    notice needs what was held, not who held it), full phone and ID numbers masked."""
    from yishi.disclosure.domain.privacy import mask_identifiers

    meeting = outcome.meeting
    with translation.override(settings.LANGUAGE_CODE):
        seats = meeting.seats.count()
        attended = SignIn.objects.filter(meeting=meeting).count()
        title = gettext("Deliberation outcome on “%(subject)s”") % {"subject": outcome.subject}
        lines = [
            gettext("Meeting: %(form)s “%(title)s”") % {"form": form_label(meeting), "title": meeting.title},
            gettext("Held: %(when)s, %(place)s") % {"when": when_text(meeting), "place": meeting.place.name},
            gettext("Participants: %(seats)s seated, %(attended)s present") % {"seats": seats, "attended": attended},
            "",
            "**" + gettext("Agreed outcome") + "**",
            "",
            mask_identifiers(outcome.text),
            "",
            "**" + gettext("Next step") + "**: " + str(OutcomeRoute(outcome.route).label),
        ]
        if outcome.vote_required:
            lines.append(gettext("The law requires a vote on this matter; the consultation does not replace it."))
        dissents = list(outcome.dissents.order_by("recorded_at", "id"))
        lines += ["", "**" + gettext("Dissent") + "**", ""]
        if dissents:
            for dissent in dissents:
                who = (
                    str(SeatCategory(dissent.seat_category).label)
                    if dissent.seat_category
                    else gettext("A participant")
                )
                lines.append(f"- {who}: {mask_identifiers(' '.join(dissent.text.split()))}")
        else:
            lines.append(gettext("No dissent was recorded."))
        lines += [
            "",
            gettext(
                "Reviewed and approved by the community party organisation. Comments may be made to the "
                "residents' (villagers') committee while this notice is posted."
            ),
        ]
    return title[:200], "\n".join(lines)


def _move_matter(*, actor: Actor, outcome: Outcome, notice: Any) -> None:
    """After approval: deliberating → outcome reviewed → deciding / implementing / closed, on the timeline."""
    matter = outcome.matter
    if matter is None:
        return
    fresh = Matter.objects.get(pk=matter.pk)
    target = meeting_rules.matter_status_after_approval(meeting_rules.OutcomeRoute(outcome.route))
    headline = outcome.subject
    data = {"outcome_id": outcome.pk, "route": outcome.route, "vote_required": outcome.vote_required}
    if fresh.status in STARTABLE:
        advance_matter(
            actor=actor,
            matter=fresh,
            to_status=MatterStatus.DELIBERATING,
            capability=Capability.REVIEW_OUTCOME,
            public=False,
            data=data,
        )
        fresh = Matter.objects.get(pk=matter.pk)
    if fresh.status == MatterStatus.DELIBERATING:
        # The review itself is a step the public sees with its notice; the intermediate status is internal,
        # so that followers get one message, not two.
        advance_matter(
            actor=actor,
            matter=fresh,
            to_status=MatterStatus.OUTCOME_REVIEWED,
            capability=Capability.REVIEW_OUTCOME,
            public=False,
            data=data,
        )
        advance_matter(
            actor=actor,
            matter=Matter.objects.get(pk=matter.pk),
            to_status=target.value,
            capability=Capability.REVIEW_OUTCOME,
            kind=events.OUTCOME_APPROVED,
            title=headline,
            text=outcome.text,
            notice=notice,
            data=data,
        )
        return
    # A later meeting on a matter already past deliberation (a coordination or review meeting): on the record only.
    record_event(
        matter=fresh,
        kind=events.OUTCOME_APPROVED,
        actor=actor,
        title=headline,
        text=outcome.text,
        notice=notice,
        data=data,
    )


@transaction.atomic
def review_outcome(*, actor: Actor, outcome: Outcome, approve: bool, reasons: str = "") -> OutcomeReview:
    """The community party organisation approves the outcome (it is published and its matter moves on) or sends
    it back with reasons (it is revised and submitted again)."""
    outcome = _locked_outcome(outcome)
    meeting = outcome.meeting
    permit(actor, Capability.REVIEW_OUTCOME, meeting.community)
    target = meeting_rules.OutcomeStatus.APPROVED if approve else meeting_rules.OutcomeStatus.SENT_BACK
    try:
        meeting_rules.check_outcome_transition(from_status=outcome.status_name, to_status=target)
        reasons = meeting_rules.check_review_reasons(approve=approve, reasons=reasons)
    except DeliberationDomainError as error:
        raise domain_refusal(error, field="reasons" if error.code.startswith("review.") else None) from error
    before = snapshot(outcome, OUTCOME_AUDITED)
    review = OutcomeReview.objects.create(
        outcome=outcome,
        version=outcome.version,
        text_reviewed=outcome.text,
        decision=ReviewDecision.APPROVE if approve else ReviewDecision.SEND_BACK,
        reasons=reasons,
        reviewer=actor.user,
        reviewer_name=actor.name[:100],
        acting_role=actor.acting_role[:40],
        channel=actor.channel,
    )
    outcome.status = target.value
    if approve:
        outcome.approved_at = review.reviewed_at
        title, body = _notice_text(outcome)
        from yishi.disclosure.actions import publish_for
        from yishi.disclosure.models import NoticeKind

        notice = publish_for(
            actor=actor,
            community=meeting.community,
            kind=NoticeKind.DELIBERATION_OUTCOME,
            title=title,
            body=body,
            source=outcome,
            place=meeting.place,
        )
        outcome.notice = notice
    outcome.save()
    record_audit(
        actor=actor,
        verb="outcome.approve" if approve else "outcome.send_back",
        target=outcome,
        place=meeting.place,
        changes=diff(before, snapshot(outcome, OUTCOME_AUDITED)),
        note=reasons,
    )
    recorder = outcome.recorded_by.person if outcome.recorded_by is not None else None
    told = [person for person in (recorder, meeting.chair) if person is not None]
    if approve:
        notify_many(
            persons=told,
            title=format_lazy(_("Approved and published: the outcome on “{subject}”"), subject=outcome.subject),
            url=outcome.get_absolute_url(),
            matter=outcome.matter,
        )
        _move_matter(actor=actor, outcome=outcome, notice=outcome.notice)
    else:
        notify_many(
            persons=told,
            title=format_lazy(_("Sent back for revision: the outcome on “{subject}”"), subject=outcome.subject),
            url=outcome.get_absolute_url(),
            matter=outcome.matter,
        )
        if outcome.matter is not None:
            record_event(
                matter=outcome.matter,
                kind=events.OUTCOME_SENT_BACK,
                actor=actor,
                text=reasons,
                public=False,
                url=outcome.get_absolute_url(),
                data={"outcome_id": outcome.pk, "version": outcome.version, "reason": reasons},
            )
    return review
