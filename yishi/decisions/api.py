"""Votes in the JSON API, and the rules JSON interface at POST /api/rules/evaluate.

Staff create, open, close, count and publish votes and enter ballots; a resident casts their own ballot (with an
Idempotency-Key: a retried request returns the same receipt and is counted once); anyone reads an opened vote,
its masked roll and its explained result. /api/rules/evaluate answers exactly as `manage.py check_rule` does, so
that anyone can re-check a published result without trusting the server.
"""

import datetime
import json
import re
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError, NotFound
from yishi.audit.models import Channel
from yishi.decisions import actions, queries, texts
from yishi.decisions.domain.cases import error_json, evaluate_case
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.models import RollEntry, Vote, VoteStatus
from yishi.matters.models import Matter
from yishi.people.acting import actor_for
from yishi.people.domain.roles import Capability
from yishi.places.models import Place

router = Router(tags=["decisions"])
ROLL_PAGE_SIZE = 200
_FRACTION = re.compile(r"^\s*(\d{1,4})\s*/\s*(\d{1,4})\s*$")


class VoteErrorOut(Schema):
    code: str
    message: str
    field: str | None


class VoteErrorEnvelope(Schema):
    error: VoteErrorOut


class VoteIn(Schema):
    title: str
    question: str
    place_id: int
    basis: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    secrecy: str = "named"
    allow_change: bool = False
    matter_id: int | None = None
    residents_mode: str = ""
    villagers_mode: str = ""
    resolving_body: str = ""
    owners_matter: str = ""
    matter_class_override: str = ""
    count_non_voters: bool = False
    spoiled_counts_as_participating: bool = True
    village_matter: str = "other"
    authorised: bool = False
    authorisation_reference: str = ""
    online_electorate: str = ""
    quorum: str = ""
    quorum_inclusive: bool = True
    threshold: str = ""
    threshold_inclusive: bool = False
    threshold_base: str = "votes_cast"
    residence_rule: str = "registered_and_long_term"


class VoteOut(Schema):
    id: int
    title: str
    question: str
    place_id: int
    community_id: int
    matter_id: int | None
    basis: str
    basis_label: str
    electorate: str
    status: str
    secrecy: str
    allow_change: bool
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    roll_size: int
    roll_total_area: Decimal | None
    rule: str
    url: str


class BallotCastIn(Schema):
    option: str
    entry_number: int | None = None
    idempotency_key: str = ""
    change: bool = False


class BallotEnterIn(Schema):
    entry_number: int
    option: str
    channel: str
    paper_reference: str = ""
    witness: str = ""
    idempotency_key: str = ""
    change: bool = False


class BallotReceiptOut(Schema):
    vote_id: int
    entry_number: int
    entry_name: str
    revision: int
    option: str | None
    channel: str
    recorded_on: datetime.date


class VotePublishIn(Schema):
    if_failed: str = "deliberating"


class VoteResultOut(Schema):
    vote_id: int
    rule: str
    passed: bool
    valid: bool
    headline: str
    figures: dict[str, Any]
    case: dict[str, Any]
    outcome: dict[str, Any]
    conditions: list[dict[str, Any]]
    settings: list[dict[str, Any]]
    explanation: dict[str, list[str]]
    counted_at: datetime.datetime


class VoteRollEntryOut(Schema):
    number: int
    name: str
    unit_label: str


class VoteRollPage(Schema):
    count: int
    page: int
    pages: int
    items: list[VoteRollEntryOut]


class VoteRollQuery(Schema):
    q: str = ""
    page: int = 1


def _vote_out(vote: Vote) -> dict[str, Any]:
    return {
        "id": vote.pk,
        "title": vote.title,
        "question": vote.question,
        "place_id": vote.place_id,
        "community_id": vote.community_id,
        "matter_id": vote.matter_id,
        "basis": vote.basis,
        "basis_label": texts.basis_plain(vote),
        "electorate": vote.electorate,
        "status": vote.status,
        "secrecy": vote.secrecy,
        "allow_change": vote.allow_change,
        "opens_at": vote.opens_at,
        "closes_at": vote.closes_at,
        "roll_size": vote.roll_size,
        "roll_total_area": vote.roll_total_area,
        "rule": texts.basis_rule(vote.basis),
        "url": vote.get_absolute_url(),
    }


def _visible_vote(request: HttpRequest, vote_id: int) -> Vote:
    vote = queries.get_vote(vote_id)
    if vote is None or (
        vote.status == VoteStatus.DRAFT
        and not (queries.can_manage(request.user, vote) or queries.can_record(request.user, vote))
    ):
        raise NotFound(message=None)
    return vote


def _fraction(raw: str, inclusive: bool, field: str) -> actions.RuleFraction | None:
    if not raw.strip():
        return None
    match = _FRACTION.match(raw)
    if match is None:
        raise ActionError(
            _("Write the share as a fraction such as 1/2 or 2/3."), code="rule_fraction_format", field=field
        )
    return actions.RuleFraction(int(match.group(1)), int(match.group(2)), inclusive=inclusive)


@router.post("/rules/evaluate", auth=None, response={200: Any, 400: Any}, summary="Evaluate a case of the rules")
def evaluate_rules(request: HttpRequest) -> HttpResponse:
    """The rules JSON interface (docs/rules-json.md): one case or a list of cases in; the same JSON out as
    `manage.py check_rule`. Invalid input answers 400 with the structured error."""
    try:
        document = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        answer: Any = error_json(DomainError(ErrorCode.INVALID_JSON, field=str(error)))
        return JsonResponse(answer, status=400, json_dumps_params={"ensure_ascii": False})
    if isinstance(document, list):
        answer = [evaluate_case(case) for case in document]
        failed = any("error" in item for item in answer)
        return JsonResponse(
            answer, status=400 if failed else 200, safe=False, json_dumps_params={"ensure_ascii": False}
        )
    answer = evaluate_case(document)
    return JsonResponse(answer, status=400 if "error" in answer else 200, json_dumps_params={"ensure_ascii": False})


@router.post(
    "/decisions/votes", response={201: VoteOut, 400: VoteErrorEnvelope, 403: VoteErrorEnvelope, 404: VoteErrorEnvelope}
)
def create_vote(request: HttpRequest, payload: VoteIn) -> tuple[int, dict[str, Any]]:
    """Draft a vote (staff holding MANAGE_VOTE at the place)."""
    place = Place.objects.filter(pk=payload.place_id).first()
    if place is None:
        raise NotFound()
    matter = Matter.objects.filter(pk=payload.matter_id).first() if payload.matter_id else None
    if payload.matter_id and matter is None:
        raise NotFound()
    settings = actions.VoteSettings(
        residents_mode=payload.residents_mode,
        villagers_mode=payload.villagers_mode,
        resolving_body=payload.resolving_body,
        owners_matter=payload.owners_matter,
        matter_class_override=payload.matter_class_override,
        count_non_voters=payload.count_non_voters,
        spoiled_counts_as_participating=payload.spoiled_counts_as_participating,
        village_matter=payload.village_matter,
        authorised=payload.authorised,
        authorisation_reference=payload.authorisation_reference,
        online_electorate=payload.online_electorate,
        quorum=_fraction(payload.quorum, payload.quorum_inclusive, "quorum"),
        threshold=_fraction(payload.threshold, payload.threshold_inclusive, "threshold"),
        threshold_base=payload.threshold_base,
        residence_rule=payload.residence_rule,
    )
    draft = actions.VoteDraft(
        title=payload.title,
        question=payload.question,
        place=place,
        basis=payload.basis,
        opens_at=payload.opens_at,
        closes_at=payload.closes_at,
        secrecy=payload.secrecy,
        allow_change=payload.allow_change,
        settings=settings,
    )
    vote = actions.create_vote(
        actor=actor_for(request.user, Capability.MANAGE_VOTE, place, channel=Channel.API), draft=draft, matter=matter
    )
    return 201, _vote_out(vote)


@router.get("/decisions/votes/{vote_id}", response={200: VoteOut, 404: VoteErrorEnvelope}, auth=None)
def get_vote(request: HttpRequest, vote_id: int) -> dict[str, Any]:
    """A vote: public once it has opened; a draft only to its staff."""
    return _vote_out(_visible_vote(request, vote_id))


def _staff_step(request: HttpRequest, vote_id: int, capability: Capability, run: Any) -> Any:
    vote = _visible_vote(request, vote_id)
    return run(actor=actor_for(request.user, capability, vote.place, channel=Channel.API), vote=vote)


_STEP_RESPONSES = {200: VoteOut, 400: VoteErrorEnvelope, 403: VoteErrorEnvelope, 404: VoteErrorEnvelope}


@router.post("/decisions/votes/{vote_id}/open", response=_STEP_RESPONSES)
def open_vote(request: HttpRequest, vote_id: int) -> dict[str, Any]:
    """Open the vote: its roll is computed, frozen and published (names and units only)."""
    return _vote_out(_staff_step(request, vote_id, Capability.MANAGE_VOTE, actions.open_vote))


@router.post("/decisions/votes/{vote_id}/close", response=_STEP_RESPONSES)
def close_vote(request: HttpRequest, vote_id: int) -> dict[str, Any]:
    """Close the vote: no more ballots."""
    return _vote_out(_staff_step(request, vote_id, Capability.MANAGE_VOTE, actions.close_vote))


def _result_out(vote: Vote) -> dict[str, Any]:
    result = vote.result
    return {
        "vote_id": vote.pk,
        "rule": result.rule,
        "passed": result.passed,
        "valid": result.valid,
        "headline": texts.outcome_line(result),
        "figures": result.figures,
        "case": result.case,
        "outcome": result.outcome,
        "conditions": result.conditions,
        "settings": result.rule_settings,
        "explanation": result.explanation,
        "counted_at": result.counted_at,
    }


@router.post(
    "/decisions/votes/{vote_id}/count",
    response={200: VoteResultOut, 400: VoteErrorEnvelope, 403: VoteErrorEnvelope, 404: VoteErrorEnvelope},
)
def count_vote(request: HttpRequest, vote_id: int) -> dict[str, Any]:
    """Count the closed vote under its rule; the result is stored with its explanation and never changes."""
    _staff_step(request, vote_id, Capability.MANAGE_VOTE, actions.count_vote)
    vote = _visible_vote(request, vote_id)
    return _result_out(vote)


@router.post("/decisions/votes/{vote_id}/publish", response=_STEP_RESPONSES)
def publish_result(request: HttpRequest, vote_id: int, payload: VotePublishIn) -> dict[str, Any]:
    """Publish the counted result on the community's board and move the matter on."""

    def run(*, actor: Actor, vote: Vote) -> Any:
        return actions.publish_result(actor=actor, vote=vote, if_failed=payload.if_failed)

    _staff_step(request, vote_id, Capability.MANAGE_VOTE, run)
    return _vote_out(_visible_vote(request, vote_id))


def _receipt_response(receipt: actions.Receipt) -> HttpResponse:
    body = BallotReceiptOut(
        vote_id=receipt.vote_id,
        entry_number=receipt.entry_number,
        entry_name=receipt.entry_name,
        revision=receipt.revision,
        option=receipt.option,
        channel=receipt.channel,
        recorded_on=receipt.recorded_on,
    ).model_dump(mode="json")
    response = JsonResponse(body, status=200, json_dumps_params={"ensure_ascii": False})
    if receipt.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _entry(vote: Vote, number: int | None) -> RollEntry | None:
    if number is None:
        return None
    entry: RollEntry | None = RollEntry.objects.filter(vote=vote, number=number).first()
    if entry is None:
        raise ActionError(_("That line is not on this vote's roll."), code="ballot_not_on_roll", field="entry_number")
    return entry


@router.post(
    "/decisions/votes/{vote_id}/cast",
    response={200: BallotReceiptOut, 400: VoteErrorEnvelope, 403: VoteErrorEnvelope, 404: VoteErrorEnvelope},
)
def cast(request: HttpRequest, vote_id: int, payload: BallotCastIn) -> HttpResponse:
    """Cast (or, where allowed, change) one's own ballot. Send an Idempotency-Key header (or field): a retried
    request returns the same receipt, with the header Idempotent-Replayed, and is counted once."""
    vote = _visible_vote(request, vote_id)
    key = payload.idempotency_key or request.headers.get("Idempotency-Key", "")
    receipt = actions.cast_ballot(
        actor=Actor(user=request.user, acting_role="resident", channel=Channel.ONLINE),  # type: ignore[arg-type]
        vote=vote,
        option=payload.option,
        idempotency_key=key,
        entry=_entry(vote, payload.entry_number),
        change=payload.change,
    )
    return _receipt_response(receipt)


@router.post(
    "/decisions/votes/{vote_id}/ballots",
    response={200: BallotReceiptOut, 400: VoteErrorEnvelope, 403: VoteErrorEnvelope, 404: VoteErrorEnvelope},
)
def enter_ballot(request: HttpRequest, vote_id: int, payload: BallotEnterIn) -> HttpResponse:
    """Staff enter a paper ballot (reference and witness), an assisted one (witness) or one cast at the meeting."""
    vote = _visible_vote(request, vote_id)
    entry = _entry(vote, payload.entry_number)
    assert entry is not None
    receipt = actions.enter_ballot(
        actor=actor_for(request.user, Capability.RECORD_BALLOT, vote.place, channel=payload.channel),
        vote=vote,
        entry=entry,
        option=payload.option,
        channel=payload.channel,
        paper_reference=payload.paper_reference,
        witness=payload.witness,
        idempotency_key=payload.idempotency_key or request.headers.get("Idempotency-Key", ""),
        change=payload.change,
    )
    return _receipt_response(receipt)


@router.get("/decisions/votes/{vote_id}/result", response={200: VoteResultOut, 404: VoteErrorEnvelope}, auth=None)
def get_result(request: HttpRequest, vote_id: int) -> dict[str, Any]:
    """The explained result: figures, outcome, each condition with its rule reference, status and citation, and
    the explanation in Chinese and English. Public once published; the vote's staff see it from the count."""
    vote = _visible_vote(request, vote_id)
    staff = queries.can_count(request.user, vote)
    if not hasattr(vote, "result") or not (
        vote.status == VoteStatus.PUBLISHED or (vote.status == VoteStatus.COUNTED and staff)
    ):
        raise NotFound()
    return _result_out(vote)


@router.get("/decisions/votes/{vote_id}/roll", response={200: VoteRollPage, 404: VoteErrorEnvelope}, auth=None)
def get_roll(request: HttpRequest, vote_id: int, query: Query[VoteRollQuery]) -> dict[str, Any]:
    """The frozen roll as published: number, name and unit or group only."""
    vote = _visible_vote(request, vote_id)
    if vote.status == VoteStatus.DRAFT:
        raise NotFound()
    paginator = Paginator(
        queries.roll_entries(vote, search=query.q[:50]).values("number", "name", "unit_label"), ROLL_PAGE_SIZE
    )
    page = paginator.get_page(query.page)
    return {"count": paginator.count, "page": page.number, "pages": paginator.num_pages, "items": list(page)}
