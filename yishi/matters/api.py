"""Matters in the JSON API: raise one, read a community's public list, read one with its timeline,
triage it (the two committees) and handle a big matter at the street office.

Reading is open to anyone (the public view, as on the pages); the proposer and staff get the full view
when they authenticate with their session or a bearer token.
"""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Query, Router, Schema

from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError, NotFound
from yishi.audit.models import Channel
from yishi.matters import actions, queries
from yishi.matters.models import Category, Matter, MatterEvent, Referral
from yishi.matters.permissions import Access
from yishi.people.permissions import today
from yishi.places.models import Place, PlaceKind

router = Router(tags=["matters"])
PAGE_SIZE = 50


def _reader(request: HttpRequest) -> Any:
    """Anyone may read; a bearer token, when sent, must be valid and identifies the reader."""
    from yishi.api import TokenAuth

    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return TokenAuth().authenticate(request, header.removeprefix("Bearer ").strip())
    return request.user


def _actor(request: HttpRequest, role: str) -> Actor:
    return Actor(user=request.user, acting_role=role, channel=Channel.API)  # type: ignore[arg-type]


class CategoryOut(Schema):
    code: str
    name: str


class MatterSummary(Schema):
    id: int
    title: str
    community_id: int
    place: str
    category: str
    status: str
    status_label: str
    triage_class: str
    triage_class_label: str
    responsible_body: str
    created_at: datetime.datetime
    due_on: datetime.date | None
    overdue: bool
    residents_concerned: int


class EventOut(Schema):
    kind: str
    headline: str
    occurred_at: datetime.datetime
    text: str
    is_public: bool
    status_to: str
    notice_url: str | None


class ReferralOut(Schema):
    id: int
    department_name: str
    request: str
    requested_at: datetime.datetime
    reply_text: str
    result: str
    replied_at: datetime.datetime | None


class MatterDetail(MatterSummary):
    proposer: str
    channel: str
    description: str | None
    full_view: bool
    merged_into_id: int | None
    referrals: list[ReferralOut]
    events: list[EventOut]


class MatterPage(Schema):
    count: int
    page: int
    pages: int
    items: list[MatterSummary]


def _summary(matter: Matter, day: datetime.date) -> dict[str, Any]:
    return {
        "id": matter.pk,
        "title": matter.title,
        "community_id": matter.community_id,
        "place": matter.place.name,
        "category": matter.category.label,
        "status": matter.status,
        "status_label": str(matter.get_status_display()),
        "triage_class": matter.triage_class,
        "triage_class_label": str(matter.get_triage_class_display()) if matter.triage_class else "",
        "responsible_body": matter.responsible_body_label(),
        "created_at": matter.created_at,
        "due_on": matter.due_on,
        "overdue": matter.is_overdue_on(day),
        "residents_concerned": matter.follower_count,
    }


def _event(event: MatterEvent) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "headline": event.headline(),
        "occurred_at": event.occurred_at,
        "text": event.text,
        "is_public": event.is_public,
        "status_to": event.status_to,
        "notice_url": event.notice.get_absolute_url() if event.notice is not None else None,
    }


def _referral(referral: Referral) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "department_name": referral.department_name,
        "request": referral.request,
        "requested_at": referral.requested_at,
        "reply_text": referral.reply_text,
        "result": referral.result,
        "replied_at": referral.replied_at,
    }


def _detail(request: HttpRequest, matter_id: int) -> dict[str, Any]:
    matter = queries.get_matter(matter_id)
    if matter is None:
        raise NotFound()
    full = Access(request.user).sees_in_full(matter)
    proposer = (matter.proposer.name if matter.proposer else "") if full else matter.proposer_public_name()
    return {
        **_summary(matter, today()),
        "proposer": proposer,
        "channel": matter.channel,
        "description": matter.description if full else None,
        "full_view": full,
        "merged_into_id": matter.merged_into_id,
        "referrals": [_referral(referral) for referral in queries.list_referrals(matter)],
        "events": [_event(event) for event in queries.timeline(matter, full=full)],
    }


@router.get("/categories", response=list[CategoryOut], auth=None)
def list_categories(request: HttpRequest) -> list[dict[str, str]]:
    """The categories a matter may have, in the request's language."""
    return [{"code": category.code, "name": category.label} for category in queries.active_categories()]


class ListParams(Schema):
    status: str = queries.PUBLIC_OPEN
    triage_class: str = ""
    q: str = ""
    page: int = 1


@router.get("/c/{community_id}", response=MatterPage, auth=None)
def list_community(request: HttpRequest, community_id: int, params: Query[ListParams]) -> dict[str, Any]:
    """A community's matters as anyone may see them (no personal data), newest first, 50 per page."""
    community = Place.objects.filter(pk=community_id, kind=PlaceKind.COMMUNITY).first()
    if community is None:
        raise NotFound()
    public_filter = queries.PublicFilter(status=params.status, triage_class=params.triage_class, search=params.q[:50])
    page = Paginator(queries.list_public(community=community, public_filter=public_filter), PAGE_SIZE).get_page(
        params.page
    )
    day = today()
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "items": [_summary(matter, day) for matter in page],
    }


@router.get("/{matter_id}", response=MatterDetail, auth=_reader)
def get_matter(request: HttpRequest, matter_id: int) -> dict[str, Any]:
    """One matter with its timeline: public steps for anyone, all steps for its proposer and staff."""
    return _detail(request, matter_id)


class RaiseIn(Schema):
    title: str
    description: str
    place_id: int
    category: str
    anonymous_to_public: bool = False
    urgency: str = "normal"


def _category(code: str) -> Category:
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise ActionError(gettext("Choose a category from the list."), code="matter_category_unknown", field="category")
    return category


@router.post("/", response={201: MatterDetail})
def raise_matter(request: HttpRequest, payload: RaiseIn) -> tuple[int, dict[str, Any]]:
    """The signed-in resident raises a matter at a place of their community (photos: use the page)."""
    place = Place.objects.filter(pk=payload.place_id).first()
    if place is None:
        raise ActionError(
            gettext("Choose a place in your community: the whole community, a compound or a building."),
            code="matter_place_outside",
            field="place",
        )
    matter = actions.raise_matter(
        actor=_actor(request, "resident"),
        draft=actions.MatterDraft(
            title=payload.title,
            description=payload.description,
            place=place,
            category=_category(payload.category),
            anonymous_to_public=payload.anonymous_to_public,
            urgency=payload.urgency,
        ),
    )
    return 201, _detail(request, matter.pk)


@router.post("/{matter_id}/follow", response=MatterDetail)
def follow(request: HttpRequest, matter_id: int) -> dict[str, Any]:
    """ "This is my matter too": the signed-in resident follows the matter."""
    actions.follow_matter(actor=_actor(request, "resident"), matter=get_object_or_404(Matter, pk=matter_id))
    return _detail(request, matter_id)


class TriageIn(Schema):
    triage_class: str
    scope: str
    government_service: bool = False
    reason: str = ""
    answer: str = ""
    joint_meeting_reference: str = ""
    place_id: int | None = None
    publish: bool = True


def _decided(payload: TriageIn) -> actions.TriageInput:
    place = Place.objects.filter(pk=payload.place_id).first() if payload.place_id else None
    return actions.TriageInput(
        triage_class=payload.triage_class,
        scope=payload.scope,
        government_service=payload.government_service,
        reason=payload.reason,
        answer=payload.answer,
        joint_meeting_reference=payload.joint_meeting_reference,
        place=place,
    )


@router.post("/{matter_id}/triage", response=MatterDetail)
def triage(request: HttpRequest, matter_id: int, payload: TriageIn) -> dict[str, Any]:
    """The two committees classify a new matter (TRIAGE_MATTER at its community); a second triage is refused."""
    matter = get_object_or_404(Matter, pk=matter_id)
    actions.triage_matter(
        actor=_actor(request, "committee_member"), matter=matter, decided=_decided(payload), publish=payload.publish
    )
    return _detail(request, matter_id)


@router.post("/{matter_id}/reclassify", response=MatterDetail)
def reclassify(request: HttpRequest, matter_id: int, payload: TriageIn) -> dict[str, Any]:
    """Correct an earlier triage, with a reason that is published."""
    matter = get_object_or_404(Matter, pk=matter_id)
    actions.reclassify_matter(
        actor=_actor(request, "committee_member"), matter=matter, decided=_decided(payload), publish=payload.publish
    )
    return _detail(request, matter_id)


class NoteIn(Schema):
    note: str = ""


class DepartmentIn(Schema):
    department_name: str
    request: str


class ReplyIn(Schema):
    reply_text: str
    result: str


class ResultIn(Schema):
    text: str


@router.post("/{matter_id}/street/accept", response=MatterDetail)
def street_accept(request: HttpRequest, matter_id: int, payload: NoteIn) -> dict[str, Any]:
    """The street office accepts a big matter (ANSWER_REFERRAL at the street)."""
    actions.accept_referral(
        actor=_actor(request, "street_officer"), matter=get_object_or_404(Matter, pk=matter_id), note=payload.note
    )
    return _detail(request, matter_id)


@router.post("/{matter_id}/street/referrals", response={201: ReferralOut})
def street_refer(request: HttpRequest, matter_id: int, payload: DepartmentIn) -> tuple[int, dict[str, Any]]:
    """The street office asks a department to act (吹哨)."""
    referral = actions.refer_to_department(
        actor=_actor(request, "street_officer"),
        matter=get_object_or_404(Matter, pk=matter_id),
        department_name=payload.department_name,
        request=payload.request,
    )
    return 201, _referral(referral)


@router.post("/{matter_id}/street/referrals/{referral_id}/reply", response=ReferralOut)
def street_reply(request: HttpRequest, matter_id: int, referral_id: int, payload: ReplyIn) -> dict[str, Any]:
    """Record a department's reply and its result."""
    referral = get_object_or_404(Referral, pk=referral_id, matter_id=matter_id)
    referral = actions.record_department_reply(
        actor=_actor(request, "street_officer"), referral=referral, reply_text=payload.reply_text, result=payload.result
    )
    return _referral(referral)


@router.post("/{matter_id}/street/result", response=MatterDetail)
def street_result(request: HttpRequest, matter_id: int, payload: ResultIn) -> dict[str, Any]:
    """The street office tells residents what came of the matter."""
    actions.record_street_result(
        actor=_actor(request, "street_officer"), matter=get_object_or_404(Matter, pk=matter_id), text=payload.text
    )
    return _detail(request, matter_id)
