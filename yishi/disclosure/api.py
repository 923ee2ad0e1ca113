"""Public notices in the JSON API: anyone reads published notices; staff draft and publish through the actions."""

import datetime
from decimal import Decimal

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from yishi.audit.actions import Actor
from yishi.audit.errors import NotFound
from yishi.audit.models import Channel
from yishi.disclosure import actions, queries
from yishi.disclosure.models import Notice, NoticeKind
from yishi.places.models import Place, PlaceKind

router = Router(tags=["disclosure"])
PAGE_SIZE = 50


class RowSchema(Schema):
    item: str
    amount: Decimal
    date: datetime.date | None = None


class RowIn(Schema):
    item: str
    amount: str
    date: str = ""


class CorrectionRef(Schema):
    id: int
    number: str
    title: str


class NoticeOut(Schema):
    id: int
    community_id: int
    place_id: int
    kind: str
    kind_label: str
    number: str
    title: str
    body: str
    rows: list[RowSchema]
    rows_total: Decimal | None
    status: str
    posted_from: datetime.date | None
    posted_until: datetime.date | None
    due_by: datetime.date | None
    is_on_time: bool | None
    published_at: datetime.datetime | None
    corrects: CorrectionRef | None
    corrected_by: list[CorrectionRef]
    source_url: str
    url: str
    pdf_url: str


class NoticePage(Schema):
    count: int
    page: int
    pages: int
    items: list[NoticeOut]


class BoardQuery(Schema):
    archive: bool = False
    kind: str = ""
    year: int | None = None
    q: str = ""
    page: int = 1


class DraftIn(Schema):
    place_id: int
    kind: str
    title: str
    body: str = ""
    rows: list[RowIn] = []
    source_url: str = ""
    posted_until: datetime.date | None = None
    due_by: datetime.date | None = None


class NewDraftIn(DraftIn):
    corrects_id: int | None = None


def _ref(notice: Notice) -> CorrectionRef:
    return CorrectionRef(id=notice.pk, number=notice.number, title=notice.title)


def _out(request: HttpRequest, notice: Notice) -> NoticeOut:
    rows = notice.table_rows
    corrections = getattr(notice, "published_corrections", None)
    if corrections is None:
        corrections = list(notice.corrections.published())
    return NoticeOut(
        id=notice.pk,
        community_id=notice.community_id,
        place_id=notice.place_id,
        kind=notice.kind,
        kind_label=str(notice.get_kind_display()),
        number=notice.number,
        title=notice.title,
        body=notice.body,
        rows=[RowSchema(item=row.item, amount=row.amount, date=row.date) for row in rows],
        rows_total=notice.rows_total if rows else None,
        status=notice.status,
        posted_from=notice.posted_from,
        posted_until=notice.posted_until,
        due_by=notice.due_by,
        is_on_time=notice.is_on_time,
        published_at=notice.published_at,
        corrects=_ref(notice.corrects) if notice.corrects else None,
        corrected_by=[_ref(item) for item in corrections],
        source_url=notice.source_url,
        url=request.build_absolute_uri(notice.get_absolute_url()),
        pdf_url=request.build_absolute_uri(f"{notice.get_absolute_url()}pdf"),
    )


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=request.user, acting_role="publisher", channel=Channel.API)  # type: ignore[arg-type]


def _place(place_id: int) -> tuple[Place, Place]:
    place = Place.objects.filter(pk=place_id).first()
    community = place.ancestor_of_kind(PlaceKind.COMMUNITY) if place else None
    if place is None or community is None:
        raise NotFound(code="place_not_found")
    return community, place


def _managed(request: HttpRequest, notice_id: int) -> Notice:
    notice = queries.get_readable_notice(request.user, notice_id)
    if notice is None or not queries.may_manage(request.user, notice):
        raise NotFound(code="notice_not_found")
    return notice


def _fresh(request: HttpRequest, notice_id: int) -> NoticeOut:
    notice = queries.get_notice(notice_id)
    assert notice is not None
    return _out(request, notice)


@router.get("/communities/{community_id}/notices", response=NoticePage, auth=None)
def list_notices(request: HttpRequest, community_id: int, filters: Query[BoardQuery]) -> NoticePage:
    """The public notices of a community's board: current ones, or the archive; newest first."""
    community = get_object_or_404(Place, pk=community_id, kind=PlaceKind.COMMUNITY)
    board = queries.BoardFilter(
        tab=queries.ARCHIVE if filters.archive else queries.CURRENT,
        kind=filters.kind if filters.kind in NoticeKind.values else "",
        year=filters.year,
        search=filters.q[:100],
    )
    page = Paginator(queries.list_board(community, board), PAGE_SIZE).get_page(filters.page)
    return NoticePage(
        count=page.paginator.count,
        page=page.number,
        pages=page.paginator.num_pages,
        items=[_out(request, notice) for notice in page.object_list],
    )


@router.get("/notices/{notice_id}", response=NoticeOut, auth=None)
def get_notice(request: HttpRequest, notice_id: int) -> NoticeOut:
    """One notice; a draft only for those who may publish it."""
    notice = queries.get_readable_notice(request.user, notice_id)
    if notice is None:
        raise NotFound(code="notice_not_found")
    return _out(request, notice)


@router.post("/notices", response={201: NoticeOut})
def create_notice_draft(request: HttpRequest, payload: NewDraftIn) -> tuple[int, NoticeOut]:
    """Draft a notice (or a correction, with corrects_id); nothing is public until it is published."""
    community, place = _place(payload.place_id)
    corrects = None
    if payload.corrects_id is not None:
        corrects = Notice.objects.published().filter(pk=payload.corrects_id).first()
        if corrects is None:
            raise NotFound(code="notice_not_found")
    notice = actions.create_draft(
        actor=_actor(request),
        community=community,
        place=place,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        rows=[row.dict() for row in payload.rows],
        source_url=payload.source_url,
        posted_until=payload.posted_until,
        due_by=payload.due_by,
        corrects=corrects,
    )
    return 201, _fresh(request, notice.pk)


@router.put("/notices/{notice_id}", response=NoticeOut)
def update_notice_draft(request: HttpRequest, notice_id: int, payload: DraftIn) -> NoticeOut:
    """Replace what a draft says; a published notice is refused."""
    notice = _managed(request, notice_id)
    _community, place = _place(payload.place_id)
    actions.update_draft(
        actor=_actor(request),
        notice=notice,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        rows=[row.dict() for row in payload.rows],
        place=place,
        source_url=payload.source_url,
        posted_until=payload.posted_until,
        due_by=payload.due_by,
    )
    return _fresh(request, notice.pk)


@router.post("/notices/{notice_id}/publish", response=NoticeOut)
def publish_notice(request: HttpRequest, notice_id: int) -> NoticeOut:
    """Publish a draft on its community's board; from then on it never changes."""
    notice = _managed(request, notice_id)
    actions.publish_notice(actor=_actor(request), notice=notice)
    return _fresh(request, notice.pk)
