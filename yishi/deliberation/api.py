"""Deliberation in the JSON API: a community's meetings and a meeting (names only for staff and participants), the
posts of a matter's online deliberation hall (read and write, for the residents it concerns), and the party
organisation's review of an outcome (approve or send back)."""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from yishi.audit.actions import Actor
from yishi.audit.errors import NotFound, NotPermitted
from yishi.audit.models import Channel
from yishi.deliberation import actions, queries
from yishi.deliberation.models import Meeting, Outcome, OutcomeStatus, Post
from yishi.deliberation.permissions import Access
from yishi.places.models import Place, PlaceKind

router = Router(tags=["deliberation"])
PAGE_SIZE = 50


def _reader(request: HttpRequest) -> Any:
    """Anyone may read the public parts; a bearer token, when sent, identifies the reader."""
    from yishi.api import TokenAuth

    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return TokenAuth().authenticate(request, header.removeprefix("Bearer ").strip())
    return request.user


def _actor(request: HttpRequest, role: str) -> Actor:
    return Actor(user=request.user, acting_role=role, channel=Channel.API)  # type: ignore[arg-type]


class MeetingSummary(Schema):
    id: int
    title: str
    kind: str
    form: str
    community_id: int
    place: str
    venue: str
    location: str
    scheduling: str
    seat_template: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    status: str
    status_label: str
    url: str


class MeetingPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[MeetingSummary]


class AgendaOut(Schema):
    position: int
    title: str
    matter_id: int | None


class SeatOut(Schema):
    category: str
    seat: str
    name: str
    invited: bool
    present: bool
    channel: str


class MinutesOut(Schema):
    position: int
    speaker: str
    seat: str
    agenda_item: str
    summary: str


class DissentOut(Schema):
    name: str | None
    seat: str
    text: str


class ReviewOut(Schema):
    version: int
    decision: str
    reasons: str
    reviewed_at: datetime.datetime


class OutcomeOut(Schema):
    id: int
    meeting_id: int
    matter_id: int | None
    subject: str
    text: str
    route: str
    route_label: str
    vote_required: bool
    status: str
    version: int
    notice_url: str | None
    dissents: list[DissentOut]
    reviews: list[ReviewOut]


class MeetingDetail(MeetingSummary):
    purpose: str
    full_view: bool
    agenda: list[AgendaOut]
    seat_warnings: list[str]
    attendance: int | None
    seats: list[SeatOut]
    minutes: list[MinutesOut]
    outcomes: list[OutcomeOut]


def _summary(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "kind": meeting.kind,
        "form": meeting.form_label,
        "community_id": meeting.community_id,
        "place": meeting.place.name,
        "venue": meeting.venue,
        "location": meeting.location,
        "scheduling": meeting.scheduling,
        "seat_template": meeting.seat_template,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "status": meeting.status,
        "status_label": str(meeting.get_status_display()),
        "url": meeting.get_absolute_url(),
    }


def _outcome(outcome: Outcome, *, full: bool) -> dict[str, Any]:
    return {
        "id": outcome.pk,
        "meeting_id": outcome.meeting_id,
        "matter_id": outcome.matter_id,
        "subject": outcome.subject,
        "text": outcome.text,
        "route": outcome.route,
        "route_label": str(outcome.get_route_display()),
        "vote_required": outcome.vote_required,
        "status": outcome.status,
        "version": outcome.version,
        "notice_url": outcome.notice.get_absolute_url() if outcome.notice is not None else None,
        "dissents": [
            {
                "name": dissent.name if full else None,
                "seat": str(dissent.get_seat_category_display()) if dissent.seat_category else "",
                "text": dissent.text,
            }
            for dissent in outcome.dissents.all()
        ],
        "reviews": [
            {
                "version": review.version,
                "decision": review.decision,
                "reasons": review.reasons,
                "reviewed_at": review.reviewed_at,
            }
            for review in outcome.reviews.all()
        ]
        if full
        else [],
    }


@router.get("/communities/{community_id}/meetings", response=MeetingPageOut, auth=None)
def list_meetings(
    request: HttpRequest, community_id: int, show: str = queries.UPCOMING_FILTER, page: int = 1
) -> dict[str, Any]:
    """A community's meetings (upcoming, past or all); public, without names."""
    community = get_object_or_404(Place, pk=community_id, kind=PlaceKind.COMMUNITY)
    paginator = Paginator(queries.list_meetings(community=community, status_filter=show), PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "items": [_summary(meeting) for meeting in current.object_list],
    }


@router.get("/meetings/{meeting_id}", response=MeetingDetail, auth=None)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """A meeting; seats, attendance, minutes and unreviewed outcomes only for its staff and participants."""
    meeting = queries.get_meeting(meeting_id)
    if meeting is None:
        raise NotFound()
    user = _reader(request)
    full = user is not None and Access(user).sees_meeting_in_full(meeting)
    data = _summary(meeting)
    agenda = list(meeting.agenda_items.order_by("position", "id"))
    data.update(
        purpose=meeting.purpose,
        full_view=full,
        agenda=[{"position": item.position, "title": item.title, "matter_id": item.matter_id} for item in agenda],
        seat_warnings=list(meeting.seat_warnings),
        attendance=None,
        seats=[],
        minutes=[],
    )
    outcomes = meeting.outcomes.select_related("agenda_item", "notice", "meeting").prefetch_related(
        "dissents", "reviews"
    )
    if full:
        page = queries.get_meeting_page(meeting, language="zh-hans")
        data.update(
            attendance=page.attendance,
            seats=[
                {
                    "category": row.seat.category,
                    "seat": row.label,
                    "name": row.seat.person.name,
                    "invited": row.seat.invited_at is not None,
                    "present": row.sign_in is not None,
                    "channel": row.sign_in.channel if row.sign_in is not None else "",
                }
                for row in page.seats
            ],
            minutes=[
                {
                    "position": entry.position,
                    "speaker": entry.speaker_name,
                    "seat": entry.speaker_seat,
                    "agenda_item": entry.agenda_item.title if entry.agenda_item is not None else "",
                    "summary": entry.summary,
                }
                for entry in page.minutes
            ],
        )
    else:
        outcomes = outcomes.filter(status=OutcomeStatus.APPROVED)
    data["outcomes"] = [_outcome(outcome, full=full) for outcome in outcomes.order_by("id")]
    return data


@router.get("/outcomes/{outcome_id}", response=OutcomeOut, auth=None)
def get_outcome(request: HttpRequest, outcome_id: int) -> dict[str, Any]:
    """An outcome: public once approved (without names); before that only for staff and participants."""
    outcome = queries.get_outcome(outcome_id)
    if outcome is None:
        raise NotFound()
    user = _reader(request)
    full = user is not None and Access(user).sees_meeting_in_full(outcome.meeting)
    if outcome.status != OutcomeStatus.APPROVED and not full:
        raise NotFound()
    return _outcome(outcome, full=full)


class ApproveIn(Schema):
    note: str = ""


class SendBackIn(Schema):
    reasons: str


def _reviewed(outcome_id: int) -> dict[str, Any]:
    outcome = queries.get_outcome(outcome_id)
    if outcome is None:  # pragma: no cover - it was just reviewed
        raise NotFound()
    return _outcome(outcome, full=True)


@router.post("/outcomes/{outcome_id}/approve", response=OutcomeOut)
def approve_outcome(request: HttpRequest, outcome_id: int, payload: ApproveIn) -> dict[str, Any]:
    """The community party organisation approves: the outcome is published and its matter moves on."""
    outcome = get_object_or_404(Outcome, pk=outcome_id)
    actions.review_outcome(
        actor=_actor(request, "party_secretary"), outcome=outcome, approve=True, reasons=payload.note
    )
    return _reviewed(outcome_id)


@router.post("/outcomes/{outcome_id}/send-back", response=OutcomeOut)
def send_back_outcome(request: HttpRequest, outcome_id: int, payload: SendBackIn) -> dict[str, Any]:
    """The community party organisation sends the outcome back with reasons."""
    outcome = get_object_or_404(Outcome, pk=outcome_id)
    actions.review_outcome(
        actor=_actor(request, "party_secretary"), outcome=outcome, approve=False, reasons=payload.reasons
    )
    return _reviewed(outcome_id)


class PostOut(Schema):
    id: int
    parent_id: int | None
    author: str
    position: str
    text: str | None
    hidden: bool
    hidden_reason: str
    channel: str
    created_at: datetime.datetime
    replies: list["PostOut"] = []


class PostPageOut(Schema):
    count: int
    page: int
    pages: int
    hall_open: bool
    items: list[PostOut]


class PostIn(Schema):
    text: str
    position: str = ""
    parent_id: int | None = None


def _post(post: Post, *, replies: bool) -> dict[str, Any]:
    return {
        "id": post.pk,
        "parent_id": post.parent_id,
        "author": post.author.name,
        "position": post.position,
        "text": None if post.is_hidden else post.text,
        "hidden": post.is_hidden,
        "hidden_reason": post.hidden_reason,
        "channel": post.channel,
        "created_at": post.created_at,
        "replies": [_post(reply, replies=False) for reply in post.replies.all()] if replies else [],
    }


def _visible_hall(request: HttpRequest, matter_id: int) -> tuple[Any, Any]:
    matter = queries.hall_matter(matter_id)
    if matter is None:
        raise NotFound()
    hall = queries.get_hall(matter)
    if not Access(request.user).may_view_hall(matter, hall):
        raise NotPermitted()
    if hall is None:
        raise NotFound()
    return matter, hall


class PostQuery(Schema):
    page: int = 1


@router.get("/matters/{matter_id}/posts", response=PostPageOut)
def list_posts(request: HttpRequest, matter_id: int, filters: Query[PostQuery]) -> dict[str, Any]:
    """The hall's posts, newest first, with their replies (hidden ones show only the moderator's reason)."""
    _matter, hall = _visible_hall(request, matter_id)
    paginator = Paginator(queries.hall_posts(hall), PAGE_SIZE)
    current = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "hall_open": hall.is_open,
        "items": [_post(post, replies=True) for post in current.object_list],
    }


@router.post("/matters/{matter_id}/posts", response={201: PostOut})
def create_post(request: HttpRequest, matter_id: int, payload: PostIn) -> tuple[int, dict[str, Any]]:
    """Post in the hall (or reply to a post) as the signed-in resident."""
    matter = queries.hall_matter(matter_id)
    if matter is None:
        raise NotFound()
    hall = queries.get_hall(matter)
    if hall is None:
        raise NotFound()
    parent = Post.objects.filter(pk=payload.parent_id, hall=hall).first() if payload.parent_id else None
    if payload.parent_id and parent is None:
        raise NotFound()
    post = actions.post_in_hall(
        actor=_actor(request, "resident"), hall=hall, text=payload.text, position=payload.position, parent=parent
    )
    return 201, _post(Post.objects.select_related("author").get(pk=post.pk), replies=False)
