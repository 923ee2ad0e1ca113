"""Recall (罢免, CW-15/16; JW-8), the end of office, and by-elections (补选, CW-17)."""

import datetime
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import Channel
from yishi.decisions.domain import elections as election_rules
from yishi.decisions.domain.errors import DomainError
from yishi.decisions.domain.meetings import ProposalCount
from yishi.disclosure.models import NoticeKind
from yishi.elections import rules
from yishi.elections.actions._common import board_language, day_of, person_id, publish, require_manage
from yishi.elections.models import (
    ByElection,
    ByElectionBody,
    ByElectionVote,
    Election,
    EndReason,
    Mandate,
    Post,
    RecallRequest,
    RecallSigner,
    RecallStatus,
    RegistrationStatus,
    VoterRegistration,
)
from yishi.people.models import Person, Role
from yishi.people.permissions import today


def end_mandate(*, actor: Actor, mandate: Mandate, reason: str, day: datetime.date) -> Mandate:
    """End a member's office on a day, and the committee role that came with it."""
    if mandate.ended_on is not None:
        return mandate
    mandate.ended_on = max(day, mandate.starts_on)
    mandate.end_reason = reason
    mandate.is_flagged_unfit = mandate.is_flagged_unfit or reason == EndReason.REVIEW
    mandate.save(update_fields=["ended_on", "end_reason", "is_flagged_unfit"])
    record_audit(
        actor=actor,
        verb="election.mandate_end",
        target=mandate,
        place=mandate.election.community,
        changes={"ended_on": [None, mandate.ended_on.isoformat()], "end_reason": ["", reason]},
    )
    assignment = mandate.role_assignment
    if assignment is not None and (assignment.ends_on is None or assignment.ends_on > mandate.ended_on):
        before = assignment.ends_on
        assignment.ends_on = max(mandate.ended_on, assignment.starts_on)
        assignment.save(update_fields=["ends_on"])
        record_audit(
            actor=actor,
            verb="role.end",
            target=assignment,
            place=assignment.place,
            changes={
                "ends_on": [before.isoformat() if before else None, assignment.ends_on.isoformat()],
                "basis": [None, reason],
            },
        )
    return mandate


def _roll(election: Election) -> int:
    return VoterRegistration.objects.filter(election=election, status=RegistrationStatus.REGISTERED).count()


def _representatives(election: Election, *, on: datetime.date) -> Q:
    return Q(
        roles__role=Role.RESIDENT_REPRESENTATIVE,
        roles__place=election.community,
        roles__starts_on__lte=on,
    ) & (Q(roles__ends_on__isnull=True) | Q(roles__ends_on__gte=on))


@transaction.atomic
def lodge_recall(*, actor: Actor, mandate: Mandate, reasons: str, on: datetime.date | None = None) -> RecallRequest:
    """Begin a recall request with its reasons; a voter who lodges it online is its first signer."""
    mandate = Mandate.objects.select_related("election", "election__community", "person").get(pk=mandate.pk)
    if mandate.ended_on is not None:
        raise ActionError(_("This member is no longer in office."), code="recall_not_in_office")
    if not reasons.strip():
        raise ActionError(_("A recall must state its reasons (CW-15)."), code="recall_reasons", field="reasons")
    if RecallRequest.objects.filter(
        mandate=mandate, status__in=[RecallStatus.COLLECTING, RecallStatus.STARTED]
    ).exists():
        raise ActionError(_("A recall of this member is already under way."), code="recall_twice")
    own = person_id(actor)
    if actor.channel != Channel.ONLINE:
        require_manage(actor, mandate.election)
    elif (
        own is None
        or not VoterRegistration.objects.filter(
            election=mandate.election, person_id=own, status=RegistrationStatus.REGISTERED
        ).exists()
    ):
        raise NotPermitted(_("Only a registered voter may start a recall request."))
    day = day_of(actor, on)
    request = RecallRequest.objects.create(mandate=mandate, reasons=reasons.strip(), lodged_on=day)
    record_audit(
        actor=actor,
        verb="election.recall_lodge",
        target=request,
        place=mandate.election.community,
        changes={"mandate": [None, mandate.pk]},
    )
    if actor.channel == Channel.ONLINE and own is not None:
        _sign(actor=actor, request=request, person=Person.objects.get(pk=own), as_representative=False, day=day)
    return request


def _sign(
    *, actor: Actor, request: RecallRequest, person: Person, as_representative: bool, day: datetime.date
) -> RecallSigner:
    election = request.mandate.election
    if as_representative:
        if not Person.objects.filter(pk=person.pk).filter(_representatives(election, on=day)).exists():
            raise ActionError(
                _("This person is not a representative here."), code="recall_not_representative", field="person"
            )
    elif not VoterRegistration.objects.filter(
        election=election, person=person, status=RegistrationStatus.REGISTERED
    ).exists():
        raise ActionError(_("Only registered voters sign a recall."), code="recall_not_voter", field="person")
    try:
        with transaction.atomic():
            signer = RecallSigner.objects.create(
                request=request,
                person=person,
                as_representative=as_representative,
                signed_on=day,
                channel=actor.channel,
            )
    except IntegrityError as error:
        raise ActionError(_("This person has already signed."), code="recall_signed_twice", field="person") from error
    record_audit(
        actor=actor,
        verb="election.recall_sign",
        target=signer,
        place=election.community,
        changes={"person": [None, person.pk], "as_representative": [None, as_representative]},
    )
    return signer


@transaction.atomic
def sign_recall(
    *,
    actor: Actor,
    request: RecallRequest,
    person: Person | None = None,
    as_representative: bool = False,
    on: datetime.date | None = None,
) -> RecallSigner:
    """Sign a recall request: online for oneself, or staff entering a signature from the paper list."""
    request = (
        RecallRequest.objects.select_for_update().select_related("mandate__election__community").get(pk=request.pk)
    )
    if request.status != RecallStatus.COLLECTING:
        raise ActionError(_("This request no longer collects signatures."), code="recall_closed")
    own = person_id(actor)
    if actor.channel == Channel.ONLINE:
        if own is None:
            raise NotPermitted()
        person = Person.objects.get(pk=own)
    else:
        require_manage(actor, request.mandate.election)
        if person is None:
            raise ActionError(_("Name the signer."), code="recall_signer", field="person")
    return _sign(
        actor=actor, request=request, person=person, as_representative=as_representative, day=day_of(actor, on)
    )


def check_recall_start(request: RecallRequest, *, on: datetime.date | None = None) -> election_rules.RecallStartOutcome:
    """CW-15 for the signatures gathered so far: a fifth of the voters, or a third of the representatives."""
    election = request.mandate.election
    profile = rules.profile_for(election)
    day = on or today()
    voters = ProposalCount(
        proposers=request.signers.filter(as_representative=False).count(), total=max(_roll(election), 1)
    )
    representatives = None
    reps_total = Person.objects.filter(_representatives(election, on=day)).distinct().count()
    if profile.recall_start_representatives.value is not None and reps_total > 0:
        representatives = ProposalCount(
            proposers=request.signers.filter(as_representative=True).count(), total=reps_total
        )
    return election_rules.evaluate_recall_start(
        voters=voters, representatives=representatives, reasons_stated=bool(request.reasons.strip()), profile=profile
    )


@transaction.atomic
def start_recall(*, actor: Actor, request: RecallRequest, on: datetime.date | None = None) -> RecallRequest:
    """Start the recall once enough voters or representatives signed (CW-15), and publish it with the reasons."""
    request = (
        RecallRequest.objects.select_for_update()
        .select_related("mandate__election__community", "mandate__person")
        .get(pk=request.pk)
    )
    election = request.mandate.election
    require_manage(actor, election)
    if request.status != RecallStatus.COLLECTING:
        raise ActionError(_("This request is already started or settled."), code="recall_status")
    day = day_of(actor, on)
    try:
        outcome = check_recall_start(request, on=day)
    except DomainError as error:
        raise rules.domain_error(error) from error
    if not outcome.may_start:
        raise rules.refuse(
            outcome, message=gettext("Not enough signatures to start the recall:"), code="recall_thresholds"
        )
    request.status = RecallStatus.STARTED
    request.started_on = day
    request.save(update_fields=["status", "started_on"])
    with board_language():
        due = (
            gettext(" The vote is held within %(days)s days.") % {"days": outcome.vote_within_days}
            if outcome.vote_within_days
            else ""
        )
        publish(
            actor=actor,
            community=election.community,
            kind=NoticeKind.ELECTION,
            title=gettext("Recall request: %(name)s (%(post)s)")
            % {"name": request.mandate.person.name, "post": request.mandate.get_post_display()},
            body=gettext("Reasons: %(reasons)s") % {"reasons": request.reasons}
            + due
            + "\n\n"
            + "\n".join(f"- {line.text}" for line in rules.lines(outcome)),
            source=request,
        )
    record_audit(
        actor=actor,
        verb="election.recall_start",
        target=request,
        place=election.community,
        changes={"status": [RecallStatus.COLLECTING, RecallStatus.STARTED]},
    )
    return request


@transaction.atomic
def respond_to_recall(
    *, actor: Actor, request: RecallRequest, response: str, on: datetime.date | None = None
) -> RecallRequest:
    """The member states their defence (申辩意见, CW-15), themselves or through staff entering it."""
    request = (
        RecallRequest.objects.select_for_update().select_related("mandate__election__community").get(pk=request.pk)
    )
    if person_id(actor) != request.mandate.person_id:
        require_manage(actor, request.mandate.election)
    if request.status not in {RecallStatus.COLLECTING, RecallStatus.STARTED}:
        raise ActionError(_("This recall is settled."), code="recall_settled")
    if not response.strip():
        raise ActionError(_("Write the response."), code="recall_response", field="response")
    request.response = response.strip()
    request.responded_on = day_of(actor, on)
    request.save(update_fields=["response", "responded_on"])
    record_audit(
        actor=actor,
        verb="election.recall_respond",
        target=request,
        place=request.mandate.election.community,
        changes={"responded_on": [None, request.responded_on.isoformat()]},
    )
    return request


_BODIES = {
    ByElectionBody.VILLAGERS_ASSEMBLY: election_rules.ByElectionBody.VILLAGERS_ASSEMBLY,
    ByElectionBody.VILLAGER_REPRESENTATIVES: election_rules.ByElectionBody.VILLAGER_REPRESENTATIVES,
    ByElectionBody.RESIDENTS_ASSEMBLY: election_rules.ByElectionBody.RESIDENTS_ASSEMBLY,
}


@transaction.atomic
def record_by_election(
    *,
    actor: Actor,
    election: Election,
    body: str,
    post: str,
    seats: int,
    held_on: datetime.date,
    members: int,
    voters: int,
    votes: Mapping[Person, int],
    recall: RecallRequest | None = None,
) -> ByElection:
    """Record a by-election held by an assembly (CW-17): its turnout, the winners, who serve out the term."""
    election = Election.objects.select_for_update().select_related("community").get(pk=election.pk)
    require_manage(actor, election)
    if body not in _BODIES:
        raise ActionError(_("Unknown assembly."), code="by_election_body", field="body")
    if post not in Post.values:
        raise ActionError(_("Unknown post."), code="by_election_post", field="post")
    if not votes:
        raise ActionError(_("Enter the votes of at least one person."), code="by_election_votes", field="votes")
    if held_on > today():
        raise ActionError(_("A by-election is recorded after it was held."), code="by_election_future", field="held_on")
    current = Mandate.objects.filter(election=election).order_by("-term_ends_on").first()
    if current is None:
        raise ActionError(_("This election seated nobody yet."), code="by_election_no_term")
    labels = {person.pk: f"{person.name}（{index}）" for index, person in enumerate(votes, start=1)}
    try:
        outcome = election_rules.evaluate_by_election(
            body=_BODIES[ByElectionBody(body)],
            members=members,
            voters=voters,
            seats=seats,
            tallies={labels[person.pk]: count for person, count in votes.items()},
            profile=rules.profile_for(election),
        )
    except DomainError as error:
        raise rules.domain_error(error) from error
    by_election = ByElection.objects.create(
        election=election,
        recall=recall,
        body=body,
        post=post,
        seats=seats,
        held_on=held_on,
        members=members,
        voters=voters,
        is_valid=outcome.valid,
    )
    back = {labels[person.pk]: person for person in votes}
    elected_people = [back[label] for label in outcome.elected]
    ByElectionVote.objects.bulk_create(
        ByElectionVote(by_election=by_election, person=person, votes=count, is_elected=person in elected_people)
        for person, count in votes.items()
    )
    from yishi.elections.actions.counting import _start_role

    for person in elected_people:
        mandate = Mandate.objects.create(
            election=election,
            person=person,
            post=post,
            starts_on=held_on,
            term_ends_on=current.term_ends_on,
            by_election=by_election,
        )
        _start_role(actor=actor, mandate=mandate)
    with board_language():
        publish(
            actor=actor,
            community=election.community,
            kind=NoticeKind.ELECTION,
            title=gettext("By-election result: %(title)s") % {"title": election.title},
            body="\n".join(f"- {line.text}" for line in rules.lines(outcome)),
            source=election,
        )
    record_audit(
        actor=actor,
        verb="election.by_election",
        target=by_election,
        place=election.community,
        changes={"valid": [None, outcome.valid], "elected": [None, [person.pk for person in elected_people]]},
    )
    return by_election


def is_representative(person: Person, election: Election, *, on: datetime.date) -> bool:
    return Person.objects.filter(pk=person.pk).filter(_representatives(election, on=on)).exists()


def may_respond(actor: Actor, request: RecallRequest) -> bool:
    return person_id(actor) == request.mandate.person_id
