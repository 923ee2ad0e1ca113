"""Candidates: direct nomination by registered voters, acceptance, the 差额 check and the published list (CW-6)."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import Channel
from yishi.decisions.domain.elections import CandidateListOutcome, evaluate_candidate_list
from yishi.decisions.domain.errors import DomainError
from yishi.disclosure.models import NoticeKind
from yishi.elections import rules
from yishi.elections.actions._common import board_language, day_of, may_manage, person_id, publish, require_manage
from yishi.elections.actions.plan import leave_committee
from yishi.elections.models import (
    Candidate,
    CandidateMeeting,
    CandidateStatus,
    CommitteeMember,
    Election,
    Nomination,
    Phase,
    Post,
    RegistrationStatus,
    VoterRegistration,
)
from yishi.elections.queries import group_index
from yishi.people.models import Person, Sex


def _registration(election: Election, person: Person) -> VoterRegistration | None:
    return VoterRegistration.objects.filter(
        election=election, person=person, status=RegistrationStatus.REGISTERED
    ).first()


@transaction.atomic
def nominate(
    *,
    actor: Actor,
    election: Election,
    post: str,
    person: Person,
    nominators: Sequence[VoterRegistration] = (),
    statement: str = "",
    on: datetime.date | None = None,
) -> Candidate:
    """Registered voters nominate a registered voter for a post (CW-6); a nominated member of the election
    committee leaves it (CW-2, 村组法第十二条)."""
    election = Election.objects.select_for_update().select_related("community").get(pk=election.pk)
    if election.phase != Phase.ROLL_PUBLISHED:
        raise ActionError(
            _("Nominations open once the roll is published and close when the candidate list is published."),
            code="nomination_closed",
        )
    if not election.seat_plans.filter(post=post).exists():
        raise ActionError(_("This election has no such post."), code="nomination_post", field="post")
    own = person_id(actor)
    if actor.channel == Channel.ONLINE:
        if own is None:
            raise NotPermitted(_("Only a registered voter may nominate online."))
        mine = VoterRegistration.objects.filter(
            election=election, person_id=own, status=RegistrationStatus.REGISTERED
        ).first()
        if mine is None:
            raise NotPermitted(_("Only a registered voter may nominate."))
        nominators = [mine]
    else:
        require_manage(actor, election)
    if not nominators:
        raise ActionError(
            _("Name at least one registered voter who nominates."), code="nomination_no_nominator", field="nominators"
        )
    for nominator in nominators:
        if nominator.election_id != election.pk or not nominator.is_registered:
            raise ActionError(
                _("Only voters registered for this election may nominate."),
                code="nomination_nominator",
                field="nominators",
            )
    if _registration(election, person) is None:
        raise ActionError(
            _("Only a voter registered for this election may stand."), code="nomination_not_registered", field="person"
        )
    if post == Post.WOMEN_MEMBER and person.sex != Sex.FEMALE:
        raise ActionError(_("The women's member post is for a woman."), code="nomination_women_post", field="person")
    day = day_of(actor, on)
    candidate = Candidate.objects.select_for_update().filter(election=election, person=person).first()
    if candidate is not None and candidate.post != post and candidate.status != CandidateStatus.DECLINED:
        raise ActionError(
            gettext("%(name)s is already nominated for %(post)s; a person stands for one post.")
            % {"name": person.name, "post": candidate.get_post_display()},
            code="nomination_other_post",
            field="post",
        )
    if candidate is None:
        candidate = Candidate.objects.create(
            election=election, post=post, person=person, nominated_on=day, statement=statement.strip()
        )
    elif candidate.status == CandidateStatus.DECLINED:
        candidate.post = post
        candidate.status = CandidateStatus.NOMINATED
        candidate.answered_on = None
        candidate.nominated_on = day
        candidate.save()
    added = 0
    for nominator in nominators:
        _nomination, created = Nomination.objects.get_or_create(
            candidate=candidate, nominator=nominator, defaults={"nominated_on": day, "channel": actor.channel}
        )
        added += int(created)
    if added == 0:
        raise ActionError(_("You have already nominated this person."), code="nomination_twice", field="person")
    member = CommitteeMember.objects.filter(election=election, person=person, left_on__isnull=True).first()
    if member is not None:
        leave_committee(actor=actor, member=member, reason=gettext("Nominated as a candidate (CW-2, Art. 12)"), day=day)
    record_audit(
        actor=actor,
        verb="election.nominate",
        target=candidate,
        place=election.community,
        changes={
            "post": [None, post],
            "person": [None, person.pk],
            "nominators": [None, [item.pk for item in nominators]],
        },
    )
    return candidate


@transaction.atomic
def answer_nomination(
    *, actor: Actor, candidate: Candidate, accept: bool, statement: str = "", on: datetime.date | None = None
) -> Candidate:
    """The nominee accepts or declines (themselves online, or staff entering their signed answer)."""
    candidate = (
        Candidate.objects.select_for_update().select_related("election", "election__community").get(pk=candidate.pk)
    )
    election = candidate.election
    if person_id(actor) != candidate.person_id:
        require_manage(actor, election)
    if election.phase != Phase.ROLL_PUBLISHED:
        raise ActionError(_("The candidate list is already published."), code="nomination_closed")
    before = candidate.status
    candidate.status = CandidateStatus.ACCEPTED if accept else CandidateStatus.DECLINED
    candidate.answered_on = day_of(actor, on)
    if statement.strip():
        candidate.statement = statement.strip()
    candidate.save()
    record_audit(
        actor=actor,
        verb="election.answer_nomination",
        target=candidate,
        place=election.community,
        changes={"status": [before, candidate.status]},
    )
    return candidate


def check_candidate_list(election: Election) -> dict[str, CandidateListOutcome]:
    """The 差额 check of every post: accepted candidates against the seats, under the profile (CW-6)."""
    profile = rules.profile_for(election)
    accepted: dict[str, int] = {}
    for candidate in election.candidates.filter(status=CandidateStatus.ACCEPTED):
        accepted[candidate.post] = accepted.get(candidate.post, 0) + 1
    result: dict[str, CandidateListOutcome] = {}
    for plan in election.seat_plans.all():
        try:
            result[plan.post] = evaluate_candidate_list(
                post=rules.DOMAIN_POSTS[plan.post],
                seats=plan.seats,
                candidates=accepted.get(plan.post, 0),
                profile=profile,
            )
        except DomainError as error:
            raise rules.domain_error(error) from error
    return result


@transaction.atomic
def publish_candidate_list(*, actor: Actor, election: Election, on: datetime.date | None = None) -> Election:
    """Publish the candidates of every post, once each post has more candidates than seats (差额)."""
    election = Election.objects.select_for_update().select_related("community").get(pk=election.pk)
    require_manage(actor, election)
    if election.phase != Phase.ROLL_PUBLISHED:
        raise ActionError(_("The candidate list can be published once, after the roll."), code="candidates_phase")
    checks = check_candidate_list(election)
    for post, outcome in checks.items():
        if not outcome.valid:
            raise rules.refuse(
                outcome,
                message=gettext("Not enough candidates for %(post)s:") % {"post": rules.post_label(post)},
                code="candidates_not_differential",
            )
    day = day_of(actor, on)
    with board_language():
        groups = group_index(election.community)
        lines: list[str] = []
        for plan in election.seat_plans.all():
            accepted = list(
                election.candidates.filter(post=plan.post, status=CandidateStatus.ACCEPTED)
                .select_related("person", "person__home")
                .order_by("person__name", "pk")
            )
            for order, candidate in enumerate(accepted, start=1):
                candidate.ballot_order = order
                candidate.save(update_fields=["ballot_order"])
            names = "、".join(f"{item.person.name}（{groups(item.person.home)}）" for item in accepted)
            lines.append(
                gettext("**%(post)s** (%(seats)s seats, %(count)s candidates): %(names)s")
                % {"post": plan.get_post_display(), "seats": plan.seats, "count": len(accepted), "names": names}
            )
        intro = gettext(
            "The election committee publishes the candidates for the election on %(day)s, nominated directly by "
            "registered voters, in the order of their names."
        ) % {"day": election.election_day.isoformat()}
        notice = publish(
            actor=actor,
            community=election.community,
            kind=NoticeKind.CANDIDATE_LIST,
            title=gettext("Candidates: %(title)s") % {"title": election.title},
            body=intro + "\n\n" + "\n\n".join(lines),
            source=election,
        )
    election.candidates_published_on = day
    election.candidate_notice = notice
    election.phase = Phase.CANDIDATES_PUBLISHED
    election.save()
    record_audit(
        actor=actor,
        verb="election.publish_candidates",
        target=election,
        place=election.community,
        changes={"candidates_published_on": [None, day.isoformat()], "notice": [None, notice.pk]},
    )
    return election


@transaction.atomic
def record_candidate_meeting(
    *,
    actor: Actor,
    election: Election,
    held_on: datetime.date,
    location: str,
    attendees: int,
    notes: str = "",
) -> CandidateMeeting:
    """Record the candidates' meeting with the voters (CW-6: the election committee must arrange it)."""
    require_manage(actor, election)
    if not location.strip():
        raise ActionError(_("Say where the meeting was held."), code="meeting_location", field="location")
    if attendees < 0:
        raise ActionError(_("Attendance cannot be negative."), code="meeting_attendees", field="attendees")
    if held_on > election.election_day:
        raise ActionError(_("The meeting is held before election day."), code="meeting_after_election", field="held_on")
    meeting = CandidateMeeting.objects.create(
        election=election, held_on=held_on, location=location.strip()[:200], attendees=attendees, notes=notes.strip()
    )
    record_audit(
        actor=actor,
        verb="election.candidate_meeting",
        target=meeting,
        place=election.community,
        changes={"held_on": [None, held_on.isoformat()], "attendees": [None, attendees]},
    )
    return meeting


def may_answer(actor: Actor, candidate: Candidate) -> bool:
    return person_id(actor) == candidate.person_id or may_manage(actor, candidate.election)
