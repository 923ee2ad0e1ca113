"""The voter roll: registering voters (CW-4, JW-3), publishing the roll (CW-5) and deciding objections to it."""

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError
from yishi.audit.models import Channel
from yishi.decisions.domain import deadlines
from yishi.decisions.domain.errors import DomainError
from yishi.disclosure.conf import minimum_posting_days
from yishi.disclosure.models import NoticeKind
from yishi.elections import rules
from yishi.elections.actions._common import board_language, day_of, person_id, publish, require_manage
from yishi.elections.models import (
    AssemblyBody,
    Election,
    ObjectionDecision,
    ObjectionKind,
    Phase,
    RegistrationCategory,
    RegistrationDay,
    RegistrationStatus,
    RollObjection,
    VoterRegistration,
)
from yishi.elections.queries import group_index
from yishi.elections.registration import ProposalState, judge, list_proposals, period_days, registered_elsewhere_ids
from yishi.elections.registration import eligible_count as count_eligible
from yishi.people.models import Person, ResidenceStatus
from yishi.people.permissions import today


def _lives_in(person: Person, election: Election) -> bool:
    return (
        person.home_id is not None and person.home is not None and person.home.path.startswith(election.community.path)
    )


def _claim_days(registration: VoterRegistration) -> None:
    """Claim the election period for the person; the database refuses an overlapping claim of the same kind."""
    election = registration.election
    try:
        with transaction.atomic():
            RegistrationDay.objects.bulk_create(
                RegistrationDay(
                    registration=registration, person_id=registration.person_id, kind=election.kind, day=day
                )
                for day in period_days(election)
            )
    except IntegrityError as error:
        raise ActionError(
            _("This person is already registered in another election of the same kind for an overlapping period."),
            code="registration_elsewhere",
            field="person",
        ) from error


def _write_registration(
    *,
    actor: Actor,
    election: Election,
    person: Person,
    hukou_here: bool,
    lives_here: bool,
    expressed_wish: bool,
    applied: bool,
    approval_body: str,
    approval_on: datetime.date | None,
    approval_reference: str,
    day: datetime.date,
    channel: str,
) -> VoterRegistration:
    if approval_body and approval_body not in AssemblyBody.values:
        raise ActionError(_("Unknown approving body."), code="registration_approval_body", field="approval_body")
    assembly_agreed = bool(approval_body and approval_on and approval_reference.strip())
    if approval_on is not None and approval_on > day:
        raise ActionError(
            _("The approval cannot come after the registration."),
            code="registration_approval_date",
            field="approval_on",
        )
    if person.birth_date is None:
        raise ActionError(
            _("The resident roll has no birth date for this person; record it first."),
            code="registration_no_birth_date",
            field="person",
        )
    elsewhere = person.pk in registered_elsewhere_ids(election, [person.pk])
    try:
        outcome = judge(
            person,
            election,
            hukou_here=hukou_here,
            lives_here=lives_here,
            registered_elsewhere=elsewhere,
            expressed_wish=expressed_wish,
            applied=applied,
            assembly_agreed=assembly_agreed,
        )
    except DomainError as error:
        raise rules.domain_error(error, field="person") from error
    if not outcome.registrable or outcome.category is None:
        raise rules.refuse(
            outcome,
            message=gettext("%(name)s cannot be registered:") % {"name": person.name},
            code="registration_refused",
            field="person",
        )
    existing = VoterRegistration.objects.filter(election=election, person=person).first()
    if existing is not None and existing.is_registered:
        raise ActionError(_("This person is already on the roll."), code="registration_twice", field="person")
    if existing is not None:
        registration = existing
        registration.status = RegistrationStatus.REGISTERED
        registration.removed_on = None
        registration.removal_reason = ""
    else:
        registration = VoterRegistration(election=election, person=person)
    registration.category = RegistrationCategory(outcome.category.value)
    registration.expressed_wish = expressed_wish
    registration.applied = applied
    registration.approval_body = approval_body if assembly_agreed else ""
    registration.approval_on = approval_on if assembly_agreed else None
    registration.approval_reference = approval_reference.strip()[:200] if assembly_agreed else ""
    registration.registered_on = day
    registration.channel = channel
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        raise ActionError(
            _("This person is already on the roll."), code="registration_twice", field="person"
        ) from error
    _claim_days(registration)
    record_audit(
        actor=actor,
        verb="election.register_voter",
        target=registration,
        place=election.community,
        changes={
            "person": [None, person.pk],
            "category": [None, registration.category],
            "approval_body": [None, registration.approval_body],
            "approval_reference": [None, registration.approval_reference],
        },
    )
    return registration


@transaction.atomic
def register_voter(
    *,
    actor: Actor,
    election: Election,
    person: Person,
    hukou_here: bool | None = None,
    lives_here: bool | None = None,
    expressed_wish: bool = False,
    applied: bool = False,
    approval_body: str = "",
    approval_on: datetime.date | None = None,
    approval_reference: str = "",
    on: datetime.date | None = None,
) -> VoterRegistration:
    """Put a person on the roll under CW-4: (a) 户籍 and living here; (b) 户籍 here, away, asked; (c) living here
    a year or more without 户籍, applied and approved by the 村民会议 or 村民代表会议 (recorded)."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    require_manage(actor, election)
    if election.phase != Phase.PLANNING:
        raise ActionError(
            _("The roll is published; changes now go through an objection and its decision."),
            code="registration_roll_published",
        )
    return _write_registration(
        actor=actor,
        election=election,
        person=person,
        hukou_here=person.residence_status == ResidenceStatus.REGISTERED if hukou_here is None else hukou_here,
        lives_here=_lives_in(person, election) if lives_here is None else lives_here,
        expressed_wish=expressed_wish,
        applied=applied,
        approval_body=approval_body,
        approval_on=approval_on,
        approval_reference=approval_reference,
        day=day_of(actor, on),
        channel=actor.channel if actor.channel != Channel.ONLINE else Channel.ASSISTED,
    )


@transaction.atomic
def register_proposed(*, actor: Actor, election: Election, on: datetime.date | None = None) -> int:
    """Register every resident the rules put on the roll without an application; return how many."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    require_manage(actor, election)
    if election.phase != Phase.PLANNING:
        raise ActionError(
            _("The roll is published; changes now go through an objection and its decision."),
            code="registration_roll_published",
        )
    day = day_of(actor, on)
    ready = [proposal for proposal in list_proposals(election) if proposal.state is ProposalState.READY]
    for proposal in ready:
        _write_registration(
            actor=actor,
            election=election,
            person=proposal.person,
            hukou_here=proposal.person.residence_status == ResidenceStatus.REGISTERED,
            lives_here=True,
            expressed_wish=False,
            applied=False,
            approval_body="",
            approval_on=None,
            approval_reference="",
            day=day,
            channel=Channel.ASSISTED if actor.channel == Channel.ONLINE else actor.channel,
        )
    return len(ready)


def _remove(*, actor: Actor, registration: VoterRegistration, reason: str, day: datetime.date) -> VoterRegistration:
    if not registration.is_registered:
        raise ActionError(_("This person is not on the roll."), code="registration_absent", field="registration")
    if registration.register_marks.exists() or registration.nominations.exists():
        raise ActionError(
            _("This voter has already voted or nominated; the roll can no longer drop them."),
            code="registration_in_use",
            field="registration",
        )
    registration.status = RegistrationStatus.REMOVED
    registration.removed_on = day
    registration.removal_reason = reason.strip()[:300]
    registration.save()
    registration.days.all().delete()
    record_audit(
        actor=actor,
        verb="election.remove_voter",
        target=registration,
        place=registration.election.community,
        changes={
            "status": [RegistrationStatus.REGISTERED, RegistrationStatus.REMOVED],
            "reason": ["", registration.removal_reason],
        },
    )
    return registration


@transaction.atomic
def remove_registration(
    *, actor: Actor, registration: VoterRegistration, reason: str, on: datetime.date | None = None
) -> VoterRegistration:
    """Take a person off the roll before it is published (afterwards only through an objection)."""
    election = Election.objects.select_for_update().get(pk=registration.election_id)
    require_manage(actor, election)
    if election.phase != Phase.PLANNING:
        raise ActionError(
            _("The roll is published; changes now go through an objection and its decision."),
            code="registration_roll_published",
        )
    if not reason.strip():
        raise ActionError(_("Say why the person is taken off the roll."), code="registration_reason", field="reason")
    return _remove(actor=actor, registration=registration, reason=reason, day=day_of(actor, on))


def _posted_until(until: datetime.date) -> datetime.date | None:
    """Keep a notice up until `until`, unless that is shorter than the board's minimum (then the default)."""
    minimum = today() + datetime.timedelta(days=minimum_posting_days() + 1)
    return until if until >= minimum else None


def roll_text(election: Election) -> tuple[str, int]:
    """The roll as a notice body: names by villagers' group or compound only (PI-1), and the count."""
    registrations = list(
        VoterRegistration.objects.filter(election=election, status=RegistrationStatus.REGISTERED)
        .select_related("person", "person__home")
        .order_by("person__name", "pk")
    )
    groups = group_index(election.community)
    by_group: dict[str, list[str]] = defaultdict(list)
    for registration in registrations:
        by_group[groups(registration.person.home)].append(registration.person.name)
    parts = [
        gettext("%(group)s (%(count)s): %(names)s")
        % {"group": f"**{group}**", "count": len(names), "names": "、".join(names)}
        for group, names in sorted(by_group.items())
    ]
    return "\n\n".join(parts), len(registrations)


@transaction.atomic
def publish_roll(*, actor: Actor, election: Election, on: datetime.date | None = None) -> Election:
    """Publish the roll on the community's board at least 20 days before election day (CW-5)."""
    election = Election.objects.select_for_update().select_related("community").get(pk=election.pk)
    require_manage(actor, election)
    if election.phase != Phase.PLANNING:
        raise ActionError(_("The roll is already published."), code="roll_published_twice")
    day = day_of(actor, on)
    try:
        notice_check = deadlines.check_notice(
            kind=deadlines.NoticeKind.VOTER_LIST, event_date=election.election_day, notice_date=day
        )
    except DomainError as error:
        raise rules.domain_error(error, field="election_day") from error
    if not notice_check.timely:
        raise rules.refuse(
            notice_check,
            message=gettext("Too late to publish the roll for this election day:"),
            code="roll_too_late",
        )
    with board_language():
        names, count = roll_text(election)
        if count == 0:
            raise ActionError(_("Nobody is registered yet."), code="roll_empty")
        last_objection = deadlines.period_last_day(
            start=day, days=deadlines.PERIOD_DAYS[deadlines.PeriodKind.VOTER_LIST_COMPLAINT].value
        )
        intro = gettext(
            "The election committee publishes the list of registered voters for the election on %(day)s: "
            "%(count)s people. Anyone who finds the list wrong may object to the election committee within "
            "five days of publication, by %(last)s (Villagers' Committees Organic Law Art. 14)."
        ) % {"day": election.election_day.isoformat(), "count": count, "last": last_objection.isoformat()}
        notice = publish(
            actor=actor,
            community=election.community,
            kind=NoticeKind.VOTER_LIST,
            title=gettext("Registered voters: %(title)s") % {"title": election.title},
            body=f"{intro}\n\n{names}",
            source=election,
            due_by=notice_check.latest_notice_date,
            posted_until=_posted_until(election.election_day),
        )
    election.eligible_count = count_eligible(election)
    election.roll_published_on = day
    election.roll_notice = notice
    election.phase = Phase.ROLL_PUBLISHED
    election.save()
    record_audit(
        actor=actor,
        verb="election.publish_roll",
        target=election,
        place=election.community,
        changes={
            "roll_published_on": [None, day.isoformat()],
            "registered": [None, count],
            "notice": [None, notice.pk],
        },
    )
    return election


@transaction.atomic
def lodge_objection(
    *,
    actor: Actor,
    election: Election,
    kind: str,
    grounds: str,
    subject: Person | None = None,
    lodged_by: Person | None = None,
    on: datetime.date | None = None,
) -> RollObjection:
    """Object to the published roll, within five days of its publication (CW-5); late objections are refused."""
    election = Election.objects.select_related("community").get(pk=election.pk)
    if kind not in ObjectionKind.values:
        raise ActionError(_("Unknown kind of objection."), code="objection_kind", field="kind")
    if not grounds.strip():
        raise ActionError(_("Say what is wrong with the roll."), code="objection_grounds", field="grounds")
    if election.roll_published_on is None:
        raise ActionError(_("The roll is not published yet."), code="objection_no_roll")
    if kind != ObjectionKind.DETAILS and subject is None:
        raise ActionError(_("Name the person the objection is about."), code="objection_subject", field="subject")
    own = person_id(actor)
    if actor.channel == Channel.ONLINE:
        if own is None:
            raise ActionError(_("Only a resident may object online."), code="objection_no_person")
        lodged_by = Person.objects.get(pk=own)
    else:
        require_manage(actor, election)
    day = day_of(actor, on)
    period = deadlines.check_period(
        kind=deadlines.PeriodKind.VOTER_LIST_COMPLAINT,
        start=election.roll_published_on,
        action=max(day, election.roll_published_on),
    )
    if not period.in_time:
        raise ActionError(
            gettext(
                "Too late: objections to the roll published on %(published)s had to be lodged within five days, "
                "by %(last)s (Villagers' Committees Organic Law Art. 14)."
            )
            % {"published": election.roll_published_on.isoformat(), "last": period.last_day.isoformat()},
            code="objection_late",
            field="grounds",
        )
    objection = RollObjection.objects.create(
        election=election,
        kind=kind,
        subject=subject,
        lodged_by=lodged_by,
        grounds=grounds.strip(),
        lodged_on=day,
        channel=actor.channel,
    )
    record_audit(
        actor=actor,
        verb="election.objection_lodge",
        target=objection,
        place=election.community,
        changes={
            "kind": [None, kind],
            "subject": [None, subject.pk if subject else None],
            "lodged_on": [None, day.isoformat()],
        },
    )
    return objection


@transaction.atomic
def decide_objection(
    *, actor: Actor, objection: RollObjection, upheld: bool, reason: str, on: datetime.date | None = None
) -> RollObjection:
    """Decide an objection (due within three days, CW-5), change the roll if upheld, and publish the decision."""
    objection = (
        RollObjection.objects.select_for_update(of=("self",))
        .select_related("election", "election__community", "subject")
        .get(pk=objection.pk)
    )
    election = objection.election
    require_manage(actor, election)
    if objection.decision != ObjectionDecision.PENDING:
        raise ActionError(_("This objection is already decided."), code="objection_decided")
    if not reason.strip():
        raise ActionError(_("Give the reasons for the decision."), code="objection_reason", field="reason")
    day = day_of(actor, on)
    if day < objection.lodged_on:
        raise ActionError(_("A decision cannot precede the objection."), code="objection_date", field="on")
    period = deadlines.check_period(kind=deadlines.PeriodKind.COMPLAINT_DECISION, start=objection.lodged_on, action=day)
    subject = objection.subject
    if upheld and subject is not None:
        registration = VoterRegistration.objects.filter(election=election, person=subject).first()
        if objection.kind == ObjectionKind.WRONGLY_LISTED and registration is not None and registration.is_registered:
            _remove(actor=actor, registration=registration, reason=reason, day=day)
        elif objection.kind == ObjectionKind.OMITTED and (registration is None or not registration.is_registered):
            _write_registration(
                actor=actor,
                election=election,
                person=subject,
                hukou_here=subject.residence_status == ResidenceStatus.REGISTERED,
                lives_here=_lives_in(subject, election),
                expressed_wish=not _lives_in(subject, election),
                applied=False,
                approval_body="",
                approval_on=None,
                approval_reference="",
                day=day,
                channel=actor.channel,
            )
    objection.decision = ObjectionDecision.UPHELD if upheld else ObjectionDecision.REJECTED
    objection.decided_on = day
    objection.decision_reason = reason.strip()
    objection.decided_in_time = period.in_time
    with board_language():
        who = subject.name if subject is not None else gettext("the roll")
        body = gettext(
            "An objection lodged on %(lodged)s about %(who)s (%(kind)s) was %(decision)s on %(decided)s. "
            "Reasons: %(reason)s"
        ) % {
            "lodged": objection.lodged_on.isoformat(),
            "who": who,
            "kind": objection.get_kind_display(),
            "decision": objection.get_decision_display(),
            "decided": day.isoformat(),
            "reason": objection.decision_reason,
        }
        objection.decision_notice = publish(
            actor=actor,
            community=election.community,
            kind=NoticeKind.VOTER_LIST,
            title=gettext("Decision on an objection to the voter roll: %(title)s") % {"title": election.title},
            body=body,
            source=election,
            due_by=period.last_day,
        )
    objection.save()
    record_audit(
        actor=actor,
        verb="election.objection_decide",
        target=objection,
        place=election.community,
        changes={
            "decision": [ObjectionDecision.PENDING, objection.decision],
            "decided_on": [None, day.isoformat()],
            "decided_in_time": [None, period.in_time],
        },
    )
    return objection
