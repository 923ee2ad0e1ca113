"""Voting: proxies (CW-13), rounds, the online ballot, polling-station and mobile-box register marks (CW-14),
teller batches, and closing a round by mixing its box (CW-12 secret ballot)."""

import datetime
from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yishi.audit.actions import Actor, record_audit
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import Channel
from yishi.decisions.domain.committees import RelationKind
from yishi.decisions.domain.elections import (
    ProxyFacts,
    ProxyOutcome,
    evaluate_ballot,
    evaluate_mobile_box,
    evaluate_proxy,
)
from yishi.decisions.domain.errors import DomainError
from yishi.disclosure.models import NoticeKind
from yishi.elections import rules
from yishi.elections.actions._common import (
    board_language,
    day_of,
    is_system,
    person_id,
    publish,
    require_count,
    require_manage,
    retry_when_locked,
)
from yishi.elections.domain import batches, mixing, receipts
from yishi.elections.models import (
    Ballot,
    BallotMark,
    BatchCount,
    Candidate,
    CandidateStatus,
    Election,
    MobileBox,
    MobileBoxMonitor,
    OptionKind,
    Phase,
    Proxy,
    RecallRequest,
    RecallStatus,
    RegisterMark,
    RegistrationStatus,
    Relation,
    Round,
    RoundKind,
    RoundOption,
    RoundSeat,
    RoundStatus,
    TellerBatch,
    VoterRegistration,
    VotingChannel,
)
from yishi.elections.outcomes import option_labels, progress
from yishi.people.models import Person
from yishi.people.permissions import today

RECALL_POST = "recall"
_LIVE_PHASES = frozenset({Phase.ROLL_PUBLISHED, Phase.CANDIDATES_PUBLISHED})


# --- proxies ---------------------------------------------------------------------------------------------


def _proxy_facts(
    *,
    election: Election,
    grantor: VoterRegistration,
    holder: VoterRegistration,
    relation: str,
    written: bool,
    grantor_away: bool,
    arranged_on: datetime.date,
    listed_on: datetime.date | None,
    exclude: Proxy | None = None,
) -> ProxyFacts:
    held = Proxy.objects.filter(election=election, holder=holder, is_revoked=False)
    if exclude is not None:
        held = held.exclude(pk=exclude.pk)
    return ProxyFacts(
        grantor_registered=grantor.is_registered,
        grantor_away=grantor_away,
        written=written,
        holder_has_voting_right=holder.is_registered,
        relation=RelationKind(relation),
        holder_is_candidate=Candidate.objects.filter(election=election, person_id=holder.person_id)
        .exclude(status=CandidateStatus.DECLINED)
        .exists(),
        holder_proxies_before=held.count(),
        # Passing on a proxy one holds is sub-delegation (转委托).
        sub_delegation=Proxy.objects.filter(election=election, holder=grantor, is_revoked=False).exists(),
        arranged_on=arranged_on,
        lists_published_on=listed_on,
    )


_PUBLICATION_CODES = frozenset({"election.proxy.lists_published", "election.proxy.lists_days_before"})


@transaction.atomic
def register_proxy(
    *,
    actor: Actor,
    election: Election,
    grantor: VoterRegistration,
    holder: VoterRegistration,
    relation: str,
    written_reference: str,
    grantor_away: bool,
    on: datetime.date | None = None,
) -> Proxy:
    """Record a written proxy of a registered voter who is away, to a close relative who votes here (CW-13);
    the profile's cap, candidate, sub-delegation and deadline rules apply."""
    election = Election.objects.select_for_update().select_related("community").get(pk=election.pk)
    require_manage(actor, election)
    if election.phase not in _LIVE_PHASES:
        raise ActionError(_("Proxies are recorded between the roll's publication and the result."), code="proxy_phase")
    if relation not in Relation.values:
        raise ActionError(_("Unknown relation."), code="proxy_relation", field="relation")
    if grantor.election_id != election.pk or holder.election_id != election.pk:
        raise ActionError(_("Both must be on this election's roll."), code="proxy_roll", field="holder")
    if grantor.pk == holder.pk:
        raise ActionError(_("A voter cannot hold their own proxy."), code="proxy_self", field="holder")
    if Proxy.objects.filter(election=election, grantor=grantor, is_revoked=False).exists():
        raise ActionError(_("This voter has already given a proxy."), code="proxy_twice", field="grantor")
    day = day_of(actor, on)
    facts = _proxy_facts(
        election=election,
        grantor=grantor,
        holder=holder,
        relation=relation,
        written=bool(written_reference.strip()),
        grantor_away=grantor_away,
        arranged_on=day,
        listed_on=day,
    )
    try:
        outcome = evaluate_proxy(facts=facts, election_day=election.election_day, profile=rules.profile_for(election))
    except DomainError as error:
        raise rules.domain_error(error, field="arranged_on") from error
    failing = [item for item in outcome.conditions if not item.passed and item.code not in _PUBLICATION_CODES]
    if failing:
        raise rules.refuse(
            ProxyOutcome(
                valid=False,
                publication_ok=outcome.publication_ok,
                max_proxies=outcome.max_proxies,
                conditions=tuple(failing),
            ),
            message=gettext("This proxy cannot be accepted:"),
            code="proxy_refused",
            field="holder",
        )
    proxy = Proxy.objects.create(
        election=election,
        grantor=grantor,
        holder=holder,
        relation=relation,
        written_reference=written_reference.strip()[:200],
        arranged_on=day,
    )
    record_audit(
        actor=actor,
        verb="election.proxy_register",
        target=proxy,
        place=election.community,
        changes={"grantor": [None, grantor.pk], "holder": [None, holder.pk], "relation": [None, relation]},
    )
    return proxy


@transaction.atomic
def revoke_proxy(*, actor: Actor, proxy: Proxy) -> Proxy:
    """Withdraw a proxy that was not used."""
    proxy = Proxy.objects.select_for_update().select_related("election", "election__community").get(pk=proxy.pk)
    require_manage(actor, proxy.election)
    if RegisterMark.objects.filter(registration=proxy.grantor, by_proxy=True).exists():
        raise ActionError(_("This proxy has been used."), code="proxy_used")
    proxy.is_revoked = True
    proxy.save(update_fields=["is_revoked"])
    record_audit(
        actor=actor,
        verb="election.proxy_revoke",
        target=proxy,
        place=proxy.election.community,
        changes={"is_revoked": [False, True]},
    )
    return proxy


@transaction.atomic
def publish_proxy_lists(*, actor: Actor, election: Election, on: datetime.date | None = None) -> Election:
    """Publish the lists of voters giving and holding proxies (CW-13); proxies not yet listed are listed now."""
    election = Election.objects.select_for_update().select_related("community").get(pk=election.pk)
    require_manage(actor, election)
    day = day_of(actor, on)
    proxies = list(
        Proxy.objects.filter(election=election, is_revoked=False)
        .select_related("grantor__person", "holder__person")
        .order_by("grantor__person__name", "pk")
    )
    if not proxies:
        raise ActionError(_("There are no proxies to publish."), code="proxy_none")
    with board_language():
        lines = [
            f"- {proxy.grantor.person.name} → {proxy.holder.person.name}（{proxy.get_relation_display()}）"
            for proxy in proxies
        ]
        notice = publish(
            actor=actor,
            community=election.community,
            kind=NoticeKind.ELECTION,
            title=gettext("Proxies: %(title)s") % {"title": election.title},
            body=gettext(
                "Voters who are away and the close relatives voting for them "
                "(Villagers' Committees Organic Law Art. 15):"
            )
            + "\n\n"
            + "\n".join(lines),
            source=election,
        )
    Proxy.objects.filter(pk__in=[proxy.pk for proxy in proxies], listed_on__isnull=True).update(listed_on=day)
    election.proxies_published_on = day
    election.proxy_notice = notice
    election.save()
    record_audit(
        actor=actor,
        verb="election.publish_proxies",
        target=election,
        place=election.community,
        changes={"proxies": [None, len(proxies)], "notice": [None, notice.pk]},
    )
    return election


def check_proxy_use(proxy: Proxy, *, day: datetime.date) -> ProxyOutcome:
    """Re-check a proxy when it is used: now its publication counts too (浙江: an unpublished proxy is void)."""
    return evaluate_proxy(
        facts=_proxy_facts(
            election=proxy.election,
            grantor=proxy.grantor,
            holder=proxy.holder,
            relation=proxy.relation,
            written=bool(proxy.written_reference),
            grantor_away=True,
            arranged_on=proxy.arranged_on,
            listed_on=proxy.listed_on,
            exclude=proxy,
        ),
        election_day=max(proxy.election.election_day, proxy.arranged_on, proxy.listed_on or proxy.arranged_on),
        profile=rules.profile_for(proxy.election),
    )


def _usable_proxy(*, round_: Round, grantor: VoterRegistration, holder_person: int | None, day: datetime.date) -> Proxy:
    query = Proxy.objects.filter(election=round_.election, grantor=grantor, is_revoked=False).select_related(
        "election", "grantor", "holder"
    )
    if holder_person is not None:
        query = query.filter(holder__person_id=holder_person)
    proxy = query.first()
    if proxy is None:
        raise NotPermitted(_("There is no proxy for this voter."), code="proxy_missing")
    try:
        outcome = check_proxy_use(proxy, day=day)
    except DomainError as error:
        raise rules.domain_error(error) from error
    if not outcome.valid:
        raise rules.refuse(outcome, message=gettext("This proxy cannot be used:"), code="proxy_invalid")
    return proxy


# --- rounds ----------------------------------------------------------------------------------------------


def _registered(election: Election) -> int:
    return VoterRegistration.objects.filter(election=election, status=RegistrationStatus.REGISTERED).count()


def _new_round(
    *, election: Election, kind: str, voting_day: datetime.date, recall: RecallRequest | None = None
) -> Round:
    number = (election.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return Round.objects.create(
        election=election,
        number=number,
        kind=kind,
        voting_day=voting_day,
        recall=recall,
        registered=_registered(election),
    )


def _add_candidates(round_: Round, post: str, seats: int, candidate_ids: Sequence[int]) -> None:
    RoundSeat.objects.create(round=round_, post=post, seats=seats)
    candidates = Candidate.objects.filter(pk__in=list(candidate_ids)).order_by("ballot_order", "person__name", "pk")
    RoundOption.objects.bulk_create(
        RoundOption(round=round_, post=post, kind=OptionKind.CANDIDATE, candidate=candidate, order=index)
        for index, candidate in enumerate(candidates, start=1)
    )


@transaction.atomic
def open_round(
    *, actor: Actor, election: Election, kind: str = RoundKind.FIRST, voting_day: datetime.date | None = None
) -> Round:
    """Open the vote, a re-vote among tied candidates, or a run-off, as the counted rounds require."""
    election = Election.objects.select_for_update().select_related("community").get(pk=election.pk)
    require_manage(actor, election)
    if election.phase != Phase.CANDIDATES_PUBLISHED:
        raise ActionError(_("Voting starts once the candidate list is published."), code="round_phase")
    day = voting_day or today()
    if day < today() and not is_system(actor):
        raise ActionError(_("A round cannot be opened for a past day."), code="round_past", field="voting_day")
    state = progress(election)
    if state.open_round is not None or state.uncounted_round is not None:
        raise ActionError(_("Another round is still open or not yet counted."), code="round_busy")
    step = next((item for item in state.steps if item.kind == kind), None)
    if step is None:
        raise ActionError(_("The counted rounds do not call for this round now."), code="round_not_due", field="kind")
    round_ = _new_round(election=election, kind=kind, voting_day=day)
    if kind == RoundKind.FIRST:
        for plan in election.seat_plans.all():
            accepted = election.candidates.filter(post=plan.post, status=CandidateStatus.ACCEPTED).values_list(
                "pk", flat=True
            )
            _add_candidates(round_, plan.post, plan.seats, list(accepted))
    else:
        for post, (seats, candidate_ids) in step.posts.items():
            _add_candidates(round_, post, seats, candidate_ids)
    record_audit(
        actor=actor,
        verb="election.round_open",
        target=round_,
        place=election.community,
        changes={"kind": [None, kind], "voting_day": [None, day.isoformat()], "registered": [None, round_.registered]},
    )
    return round_


@transaction.atomic
def open_recall_vote(*, actor: Actor, request: RecallRequest, voting_day: datetime.date | None = None) -> Round:
    """Put a started recall to the vote of the registered voters (CW-16), as a round on the member's election roll."""
    request = (
        RecallRequest.objects.select_for_update().select_related("mandate__election__community").get(pk=request.pk)
    )
    election = request.mandate.election
    require_manage(actor, election)
    if request.status != RecallStatus.STARTED:
        raise ActionError(_("Only a started recall is put to the vote."), code="recall_not_started")
    if request.rounds.exclude(status=RoundStatus.COUNTED).exists():
        raise ActionError(_("The recall vote is already open."), code="recall_vote_open")
    day = voting_day or today()
    if day < today() and not is_system(actor):
        raise ActionError(_("A round cannot be opened for a past day."), code="round_past", field="voting_day")
    round_ = _new_round(election=election, kind=RoundKind.RECALL, voting_day=day, recall=request)
    RoundSeat.objects.create(round=round_, post=RECALL_POST, seats=1)
    RoundOption.objects.create(round=round_, post=RECALL_POST, kind=OptionKind.APPROVE, order=1)
    RoundOption.objects.create(round=round_, post=RECALL_POST, kind=OptionKind.REJECT, order=2)
    record_audit(
        actor=actor,
        verb="election.recall_vote_open",
        target=round_,
        place=election.community,
        changes={"recall": [None, request.pk], "voting_day": [None, day.isoformat()]},
    )
    return round_


def _open_round(round_: Round) -> Round:
    fresh = Round.objects.select_for_update().select_related("election", "election__community").get(pk=round_.pk)
    if fresh.status != RoundStatus.OPEN:
        raise ActionError(_("Voting in this round is closed."), code="round_closed")
    return fresh


def _voting_day(actor: Actor, round_: Round, on: datetime.date | None) -> datetime.date:
    day = day_of(actor, on)
    if day != round_.voting_day:
        raise ActionError(
            gettext("Votes in this round are cast on %(day)s.") % {"day": round_.voting_day.isoformat()},
            code="round_not_voting_day",
        )
    return day


def _mark(
    *,
    actor: Actor,
    round_: Round,
    registration: VoterRegistration,
    channel: str,
    day: datetime.date,
    by_proxy: bool,
    box: MobileBox | None = None,
) -> RegisterMark:
    """Mark the register; the unique constraint refuses a second mark of the voter in this round on any channel."""
    if registration.election_id != round_.election_id or not registration.is_registered:
        raise ActionError(_("This person is not on the roll of this election."), code="vote_not_registered")
    try:
        with transaction.atomic():
            mark = RegisterMark.objects.create(
                round=round_,
                registration=registration,
                channel=channel,
                voted_on=day,
                by_proxy=by_proxy,
                mobile_box=box,
            )
    except IntegrityError as error:
        raise ActionError(
            _("This voter has already voted in this round."), code="vote_twice", field="registration"
        ) from error
    # The audit names the voter, the channel and the day: never the ballot, its key or its choices.
    record_audit(
        actor=actor,
        verb="election.register_mark",
        target=mark,
        place=round_.election.community,
        changes={"channel": [None, channel], "by_proxy": [None, by_proxy], "voted_on": [None, day.isoformat()]},
    )
    return mark


def _validate_choices(round_: Round, choices: Mapping[str, Sequence[int]]) -> list[RoundOption]:
    options = {option.pk: option for option in round_.options.select_related("candidate__person")}
    seats = {seat.post: seat.seats for seat in round_.seats.all()}
    chosen: list[RoundOption] = []
    for post, keys in choices.items():
        if post not in seats:
            raise ActionError(
                _("The ballot names a post this round does not fill."), code="ballot_post", field="choices"
            )
        if len(set(keys)) != len(keys):
            raise ActionError(_("A name is marked twice."), code="ballot_duplicate", field="choices")
        for key in keys:
            option = options.get(key)
            if option is None or option.post != post:
                raise ActionError(
                    _("The ballot marks a name that is not on it."), code="ballot_option", field="choices"
                )
            chosen.append(option)
        if len(keys) > seats[post]:
            raise ActionError(
                gettext("Choose at most %(seats)s for %(post)s.")
                % {"seats": seats[post], "post": rules.post_label(post)},
                code="ballot_too_many",
                field="choices",
            )
    if round_.kind == RoundKind.RECALL:
        return chosen
    labels = option_labels(list(options.values()))
    marks = {
        rules.DOMAIN_POSTS[post]: [labels[option.pk] for option in chosen if option.post == post] for post in seats
    }
    try:
        outcome = evaluate_ballot(
            marks=marks,
            seats={rules.DOMAIN_POSTS[post]: count for post, count in seats.items()},
            profile=rules.profile_for(round_.election),
        )
    except DomainError as error:
        raise rules.domain_error(error, field="choices") from error
    if not outcome.valid:
        raise rules.refuse(outcome, message=gettext("This ballot would be void:"), code="ballot_void", field="choices")
    return chosen


@retry_when_locked
@transaction.atomic
def cast_online(
    *,
    actor: Actor,
    round_: Round,
    choices: Mapping[str, Sequence[int]],
    for_voter: VoterRegistration | None = None,
) -> str:
    """Cast a secret ballot on a phone, for oneself or as the proxy holder of an absent voter; return the receipt.

    The register is marked (voter, channel, day) and the ballot goes into the box with a random key and a random
    receipt, and nothing that leads back to the voter. The receipt is shown once and not kept with the voter.
    """
    round_ = _open_round(round_)
    own = person_id(actor)
    if own is None or actor.channel != Channel.ONLINE:
        raise NotPermitted(_("A ballot is cast online by the voter or their proxy holder themselves."))
    election = round_.election
    day = _voting_day(actor, round_, None)
    mine = VoterRegistration.objects.filter(
        election=election, person_id=own, status=RegistrationStatus.REGISTERED
    ).first()
    if for_voter is None or (mine is not None and for_voter.pk == mine.pk):
        if mine is None:
            raise NotPermitted(_("You are not on the roll of this election."), code="vote_not_registered")
        voter, by_proxy = mine, False
    else:
        _usable_proxy(round_=round_, grantor=for_voter, holder_person=own, day=day)
        voter, by_proxy = for_voter, True
    return put_in_box(actor=actor, round_=round_, voter=voter, by_proxy=by_proxy, choices=choices, day=day)


def put_in_box(
    *,
    actor: Actor,
    round_: Round,
    voter: VoterRegistration,
    by_proxy: bool,
    choices: Mapping[str, Sequence[int]],
    day: datetime.date,
) -> str:
    """Mark the register and drop the ballot in the box (no permission check: `cast_online` and the demo's
    replay of a past election check theirs); return the receipt."""
    chosen = _validate_choices(round_, choices)
    _mark(actor=actor, round_=round_, registration=voter, channel=VotingChannel.ONLINE, day=day, by_proxy=by_proxy)
    for _attempt in range(5):
        receipt = receipts.new_receipt()
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(round=round_, receipt=receipt)
        except IntegrityError:
            continue
        BallotMark.objects.bulk_create(BallotMark(ballot=ballot, option=option) for option in chosen)
        return receipt
    raise ActionError(_("Please try again."), code="ballot_receipt_collision")


@retry_when_locked
@transaction.atomic
def mark_at_station(
    *,
    actor: Actor,
    round_: Round,
    registration: VoterRegistration,
    by_proxy: bool = False,
    on: datetime.date | None = None,
) -> RegisterMark:
    """A teller ticks a voter (or their proxy holder) off the register and hands out a paper ballot."""
    round_ = _open_round(round_)
    require_count(actor, round_.election)
    day = _voting_day(actor, round_, on)
    if by_proxy:
        _usable_proxy(round_=round_, grantor=registration, holder_person=None, day=day)
    return _mark(
        actor=actor, round_=round_, registration=registration, channel=VotingChannel.STATION, day=day, by_proxy=by_proxy
    )


@transaction.atomic
def create_mobile_box(
    *,
    actor: Actor,
    round_: Round,
    name: str,
    monitors: Sequence[Person],
    township_approved: bool = False,
    voter_list_published: bool = False,
) -> MobileBox:
    """Send out a mobile ballot box with its vote monitors (at least three, CW-14; 浙江 also approval and a list)."""
    round_ = _open_round(round_)
    require_manage(actor, round_.election)
    if not name.strip():
        raise ActionError(_("Name the box (for example the route it takes)."), code="box_name", field="name")
    unique = {person.pk: person for person in monitors}
    try:
        outcome = evaluate_mobile_box(
            monitors=len(unique),
            profile=rules.profile_for(round_.election),
            township_approved=township_approved,
            voter_list_published=voter_list_published,
        )
    except DomainError as error:
        raise rules.domain_error(error, field="monitors") from error
    if not outcome.valid:
        raise rules.refuse(
            outcome, message=gettext("This mobile box cannot go out:"), code="box_refused", field="monitors"
        )
    if MobileBox.objects.filter(round=round_, name=name.strip()).exists():
        raise ActionError(_("A box with this name already exists in this round."), code="box_name_taken", field="name")
    box = MobileBox.objects.create(
        round=round_,
        name=name.strip()[:100],
        township_approved=township_approved,
        voter_list_published=voter_list_published,
    )
    MobileBoxMonitor.objects.bulk_create(MobileBoxMonitor(box=box, person=person) for person in unique.values())
    record_audit(
        actor=actor,
        verb="election.mobile_box_create",
        target=box,
        place=round_.election.community,
        changes={"monitors": [None, sorted(unique)], "township_approved": [None, township_approved]},
    )
    return box


@retry_when_locked
@transaction.atomic
def serve_by_mobile_box(
    *,
    actor: Actor,
    box: MobileBox,
    registration: VoterRegistration,
    by_proxy: bool = False,
    on: datetime.date | None = None,
) -> RegisterMark:
    """Record a voter the mobile box served (the list of voters served is public; their ballots are not linked)."""
    round_ = _open_round(box.round)
    require_count(actor, round_.election)
    day = _voting_day(actor, round_, on)
    if hasattr(box, "batch"):
        raise ActionError(_("This box has been counted."), code="box_counted")
    if by_proxy:
        _usable_proxy(round_=round_, grantor=registration, holder_person=None, day=day)
    return _mark(
        actor=actor,
        round_=round_,
        registration=registration,
        channel=VotingChannel.MOBILE_BOX,
        day=day,
        by_proxy=by_proxy,
        box=box,
    )


BATCH_MESSAGES = {
    batches.BatchProblem.NEGATIVE: _("No figure can be negative (%(subject)s: %(value)s)."),
    batches.BatchProblem.PARTS_EXCEED_BOX: _(
        "The figures do not add up: %(ballots_in_box)s ballots in the box, but %(blank)s blank and %(spoiled)s spoiled."
    ),
    batches.BatchProblem.OPTION_EXCEEDS_BALLOTS: _(
        "The figures do not add up: %(subject)s has %(votes)s votes but only %(ballots)s ballots carry any mark."
    ),
    batches.BatchProblem.POST_EXCEEDS_SEATS: _(
        "The figures do not add up: %(subject)s has %(marks)s marks in all, more than %(ballots)s marked ballots "
        "× %(seats)s seats = %(limit)s."
    ),
}


@transaction.atomic
def enter_batch(
    *,
    actor: Actor,
    round_: Round,
    label: str,
    ballots_in_box: int,
    blank: int,
    spoiled: int,
    counts: Mapping[int, int],
    mobile_box: MobileBox | None = None,
    on: datetime.date | None = None,
) -> TellerBatch:
    """Enter the hand count of one ballot box; refused with the figures when it does not add up."""
    round_ = Round.objects.select_for_update().select_related("election", "election__community").get(pk=round_.pk)
    require_count(actor, round_.election)
    if round_.status == RoundStatus.COUNTED:
        raise ActionError(_("This round is already counted."), code="batch_counted")
    label = label.strip()
    if mobile_box is not None:
        if mobile_box.round_id != round_.pk:
            raise ActionError(_("The box belongs to another round."), code="batch_box_round", field="mobile_box")
        label = label or mobile_box.name
        if TellerBatch.objects.filter(mobile_box=mobile_box).exists():
            raise ActionError(_("This box has been counted."), code="box_counted", field="mobile_box")
    if not label:
        raise ActionError(_("Name the ballot box."), code="batch_label", field="label")
    if TellerBatch.objects.filter(round=round_, label=label).exists():
        raise ActionError(_("This box has been counted."), code="batch_label_taken", field="label")
    options = {option.pk: option for option in round_.options.select_related("candidate__person")}
    if any(key not in options for key in counts):
        raise ActionError(
            _("The count names a candidate who is not on this ballot."), code="batch_option", field="counts"
        )
    labels = option_labels(list(options.values()))
    posts = {
        seat.post: batches.PostCounts(
            seats=seat.seats,
            counts={labels[key]: counts.get(key, 0) for key, option in options.items() if option.post == seat.post},
        )
        for seat in round_.seats.all()
    }
    check = batches.check_batch(
        batches.BatchFigures(ballots_in_box=ballots_in_box, blank=blank, spoiled=spoiled, posts=posts)
    )
    if not check.adds_up:
        finding = check.findings[0]
        subject = rules.post_label(finding.subject) if finding.subject in posts else finding.subject
        raise ActionError(
            BATCH_MESSAGES[finding.problem] % {"subject": subject, **finding.figures},
            code=str(finding.problem),
            field="counts",
        )
    batch = TellerBatch.objects.create(
        round=round_,
        label=label[:100],
        mobile_box=mobile_box,
        ballots_in_box=ballots_in_box,
        blank=blank,
        spoiled=spoiled,
        entered_by=actor.user,
        entered_on=day_of(actor, on),
    )
    BatchCount.objects.bulk_create(
        BatchCount(batch=batch, option_id=key, votes=votes) for key, votes in counts.items() if votes
    )
    record_audit(
        actor=actor,
        verb="election.batch_enter",
        target=batch,
        place=round_.election.community,
        changes={
            "ballots_in_box": [None, ballots_in_box],
            "blank": [None, blank],
            "spoiled": [None, spoiled],
            "counts": [None, {str(key): votes for key, votes in counts.items()}],
        },
    )
    return batch


@transaction.atomic
def close_round(*, actor: Actor, round_: Round, on: datetime.date | None = None) -> Round:
    """Close voting and mix the box in one transaction: every ballot is taken out and put back in random order
    under fresh random keys, so that neither row order nor keys tell the order of casting (CW-12)."""
    round_ = _open_round(round_)
    require_manage(actor, round_.election)
    day = day_of(actor, on)
    ballots = list(Ballot.objects.filter(round=round_).prefetch_related("marks"))
    stored = [
        mixing.StoredBallot(receipt=ballot.receipt, options=tuple(mark.option_id for mark in ballot.marks.all()))
        for ballot in ballots
    ]
    box = mixing.mix(stored)
    if not mixing.same_contents(stored, box.ballots):
        raise ActionError(_("Mixing the box failed; nothing was changed."), code="mix_failed")
    BallotMark.objects.filter(ballot__round=round_).delete()
    Ballot.objects.filter(round=round_).delete()
    Ballot.objects.bulk_create(
        (Ballot(id=ballot.key, round=round_, receipt=ballot.receipt) for ballot in box.ballots), batch_size=500
    )
    BallotMark.objects.bulk_create(
        (BallotMark(id=mark.key, ballot_id=mark.ballot_key, option_id=mark.option) for mark in box.marks),
        batch_size=500,
    )
    round_.status = RoundStatus.CLOSED
    round_.closed_on = day
    round_.save(update_fields=["status", "closed_on"])
    record_audit(
        actor=actor,
        verb="election.round_close",
        target=round_,
        place=round_.election.community,
        changes={"status": [RoundStatus.OPEN, RoundStatus.CLOSED], "online_ballots": [None, len(box.ballots)]},
    )
    return round_
