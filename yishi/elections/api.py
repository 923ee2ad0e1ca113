"""Elections in the JSON API: public reads of elections and results, and the same writes as the pages."""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from yishi.audit.actions import Actor
from yishi.audit.errors import NotFound
from yishi.audit.models import Channel
from yishi.elections import actions, queries, rules
from yishi.elections.models import Election, Phase, RoundStatus, VoterRegistration
from yishi.elections.outcomes import compute_round, option_labels

router = Router(tags=["elections"])


class SeatOut(Schema):
    post: str
    label: str
    seats: int


class CandidateOut(Schema):
    id: int
    post: str
    name: str


class RoundOut(Schema):
    id: int
    number: int
    kind: str
    status: str
    voting_day: datetime.date
    is_valid: bool | None


class ElectionOut(Schema):
    id: int
    title: str
    community: str
    kind: str
    phase: str
    election_day: datetime.date
    roll_published_on: datetime.date | None
    announced_on: datetime.date | None
    seats: list[SeatOut]


class ElectionDetailOut(ElectionOut):
    candidates: list[CandidateOut]
    rounds: list[RoundOut]


class LineOut(Schema):
    text: str
    passed: bool | None
    unconfirmed: bool


class OptionOut(Schema):
    id: int
    post: str
    label: str
    votes: int | None
    elected: bool


class PostOut(Schema):
    post: str
    seats: int
    explanation: list[LineOut]


class RoundResultOut(Schema):
    round: RoundOut
    registered: int
    voters: int | None
    ballots_in_box: int | None
    blank: int | None
    spoiled: int | None
    valid: bool
    validity: list[LineOut]
    recall: list[LineOut]
    options: list[OptionOut]
    posts: list[PostOut]


class BallotOut(Schema):
    receipt: str
    choices: list[str]


class MyElectionOut(Schema):
    election: ElectionOut
    registered: bool
    open_round: int | None
    has_voted: bool
    proxies_for: list[int]


class BallotIn(Schema):
    choices: dict[str, list[int]]
    for_voter: int | None = None


class ReceiptOut(Schema):
    receipt: str


class BatchIn(Schema):
    label: str = ""
    mobile_box: int | None = None
    ballots_in_box: int
    blank: int = 0
    spoiled: int = 0
    counts: dict[int, int]


class BatchOut(Schema):
    id: int
    label: str


class MarkIn(Schema):
    registration: int
    by_proxy: bool = False


class MarkOut(Schema):
    id: int
    channel: str
    voted_on: datetime.date


def _election_out(election: Election) -> ElectionOut:
    return ElectionOut(
        id=election.pk,
        title=election.title,
        community=election.community.name,
        kind=election.kind,
        phase=election.phase,
        election_day=election.election_day,
        roll_published_on=election.roll_published_on,
        announced_on=election.announced_on,
        seats=[
            SeatOut(post=plan.post, label=rules.post_label(plan.post), seats=plan.seats)
            for plan in election.seat_plans.all()
        ],
    )


def _round_out(round_: object) -> RoundOut:
    from yishi.elections.models import Round

    assert isinstance(round_, Round)
    return RoundOut(
        id=round_.pk,
        number=round_.number,
        kind=round_.kind,
        status=round_.status,
        voting_day=round_.voting_day,
        is_valid=round_.is_valid,
    )


def _lines(items: list[rules.Line]) -> list[LineOut]:
    return [LineOut(text=item.text, passed=item.passed, unconfirmed=item.unconfirmed) for item in items]


@router.get("/", response=list[ElectionOut], auth=None)
def list_elections(request: HttpRequest) -> list[ElectionOut]:
    """Elections in public view (the roll is published), newest first."""
    return [_election_out(item) for item in queries.list_public_elections().prefetch_related("seat_plans")[:100]]


@router.get("/mine", response=list[MyElectionOut])
def my_elections(request: HttpRequest) -> list[MyElectionOut]:
    """The signed-in person's elections: registration, the open round, whether they voted."""
    person_id = request.user.person_id  # type: ignore[union-attr]
    if person_id is None:
        return []
    return [
        MyElectionOut(
            election=_election_out(item.election),
            registered=item.registration is not None,
            open_round=item.open_round.pk if item.open_round else None,
            has_voted=item.has_voted,
            proxies_for=[proxy.grantor_id for proxy in item.proxies_held if proxy.grantor_id not in item.proxies_voted],
        )
        for item in queries.my_elections(person_id)
    ]


@router.get("/{election_id}", response=ElectionDetailOut, auth=None)
def get_election(request: HttpRequest, election_id: int) -> ElectionDetailOut:
    """One election: plan, candidates once published, rounds."""
    election = queries.get_election(election_id)
    if election is None or election.phase == Phase.PLANNING:
        raise NotFound()
    published = election.phase in {Phase.CANDIDATES_PUBLISHED, Phase.ANNOUNCED}
    base = _election_out(election)
    return ElectionDetailOut(
        **base.dict(),
        candidates=[
            CandidateOut(id=item.pk, post=item.post, name=item.person.name)
            for item in (queries.list_candidates(election, accepted_only=True) if published else [])
        ],
        rounds=[_round_out(item) for item in election.rounds.order_by("number")],
    )


@router.get("/rounds/{round_id}/result", response=RoundResultOut, auth=None)
def round_result(request: HttpRequest, round_id: int) -> RoundResultOut:
    """A counted round with its figures and explanation (conditions, thresholds, articles) in the request's language."""
    round_ = queries.get_round(round_id)
    if round_ is None or round_.status != RoundStatus.COUNTED:
        raise NotFound()
    result = compute_round(round_)
    assert result is not None
    options = list(round_.options.all())
    labels = option_labels(options)
    return RoundResultOut(
        round=_round_out(round_),
        registered=round_.registered,
        voters=round_.voters,
        ballots_in_box=round_.ballots_in_box,
        blank=round_.blank_ballots,
        spoiled=round_.spoiled_ballots,
        valid=result.is_valid,
        validity=_lines(result.validity_lines),
        recall=_lines(result.recall_lines),
        options=[
            OptionOut(
                id=option.pk,
                post=option.post,
                label=labels[option.pk] if option.candidate_id else option.kind,
                votes=option.votes,
                elected=option.is_elected,
            )
            for option in options
        ],
        posts=[PostOut(post=post.post, seats=post.seats, explanation=_lines(post.lines)) for post in result.posts],
    )


@router.get("/rounds/{round_id}/ballots", response=list[BallotOut], auth=None)
def published_ballots(request: HttpRequest, round_id: int) -> list[BallotOut]:
    """The published ballot list of a counted round: receipt code and choices, by receipt."""
    round_ = queries.get_round(round_id)
    if round_ is None or round_.status != RoundStatus.COUNTED:
        raise NotFound()
    return [BallotOut(receipt=item.receipt, choices=item.choices) for item in queries.list_published_ballots(round_)]


@router.post("/rounds/{round_id}/ballots", response={201: ReceiptOut})
def cast_ballot(request: HttpRequest, round_id: int, payload: BallotIn) -> tuple[int, ReceiptOut]:
    """Cast one's own ballot (or as proxy holder for `for_voter`); the receipt is in this response only."""
    round_ = queries.get_round(round_id)
    if round_ is None:
        raise NotFound()
    for_voter = None
    if payload.for_voter is not None:
        for_voter = VoterRegistration.objects.filter(pk=payload.for_voter, election=round_.election).first()
        if for_voter is None:
            raise NotFound()
    actor = Actor(user=request.user, acting_role="voter", channel=Channel.ONLINE)  # type: ignore[arg-type]
    receipt = actions.cast_online(actor=actor, round_=round_, choices=payload.choices, for_voter=for_voter)
    return 201, ReceiptOut(receipt=receipt)


@router.post("/rounds/{round_id}/batches", response={201: BatchOut})
def enter_batch(request: HttpRequest, round_id: int, payload: BatchIn) -> tuple[int, BatchOut]:
    """A teller enters the hand count of one box; refused with the figures when it does not add up."""
    round_ = queries.get_round(round_id)
    if round_ is None:
        raise NotFound()
    box = round_.mobile_boxes.filter(pk=payload.mobile_box).first() if payload.mobile_box else None
    if payload.mobile_box and box is None:
        raise NotFound()
    actor = Actor(user=request.user, acting_role="teller", channel=Channel.API)  # type: ignore[arg-type]
    batch = actions.enter_batch(
        actor=actor,
        round_=round_,
        label=payload.label,
        ballots_in_box=payload.ballots_in_box,
        blank=payload.blank,
        spoiled=payload.spoiled,
        counts=payload.counts,
        mobile_box=box,
    )
    return 201, BatchOut(id=batch.pk, label=batch.label)


@router.post("/rounds/{round_id}/register-marks", response={201: MarkOut})
def mark_register(request: HttpRequest, round_id: int, payload: MarkIn) -> tuple[int, MarkOut]:
    """A teller ticks a voter off the register at the polling station."""
    round_ = queries.get_round(round_id)
    if round_ is None:
        raise NotFound()
    registration = VoterRegistration.objects.filter(pk=payload.registration, election=round_.election).first()
    if registration is None:
        raise NotFound()
    actor = Actor(user=request.user, acting_role="teller", channel=Channel.API)  # type: ignore[arg-type]
    mark = actions.mark_at_station(actor=actor, round_=round_, registration=registration, by_proxy=payload.by_proxy)
    return 201, MarkOut(id=mark.pk, channel=mark.channel, voted_on=mark.voted_on)
