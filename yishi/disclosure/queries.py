"""Reads of public disclosure, shared by pages, the API and the ledgers."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min, Prefetch, Q
from django.utils import timezone

from yishi.disclosure.domain.privacy import Finding, find_identifiers
from yishi.disclosure.models import Notice, NoticeQuerySet, NoticeStatus
from yishi.people.domain.roles import Capability
from yishi.people.permissions import can, scope_filter
from yishi.places.models import Place, PlaceKind, PlaceQuerySet

CURRENT = "current"
ARCHIVE = "archive"


def _published_corrections() -> Prefetch[Any]:
    return Prefetch(
        "corrections",
        queryset=Notice.objects.published().only("id", "number", "title", "corrects_id", "published_at"),
        to_attr="published_corrections",
    )


@dataclass(frozen=True, kw_only=True)
class BoardFilter:
    """What a reader asked the board for: current or archive, a kind, a year, words of the title."""

    tab: str = CURRENT
    kind: str = ""
    year: int | None = None
    search: str = ""


def list_board(community: Place, board: BoardFilter, *, on: datetime.date | None = None) -> NoticeQuerySet:
    """The public notices of a community's board, newest first.

    "Current" means published and inside the posting period; everything else that was published is
    in the archive, whether or not the archiving task has run yet.
    """
    day = on or timezone.localdate()
    queryset = Notice.objects.published().filter(community=community)
    current = Q(status=NoticeStatus.PUBLISHED, posted_until__gte=day)
    queryset = queryset.filter(current) if board.tab != ARCHIVE else queryset.exclude(current)
    if board.kind:
        queryset = queryset.filter(kind=board.kind)
    if board.year:
        queryset = queryset.filter(published_at__year=board.year)
    if board.search.strip():
        queryset = queryset.filter(title__icontains=board.search.strip())
    return (
        queryset.select_related("place", "corrects")
        .prefetch_related(_published_corrections())
        .order_by("-published_at", "-id")
    )


def board_years(community: Place) -> list[int]:
    """The years from the community's first notice to its latest, newest first (the board's year filter).

    Read from the first and last publication dates (one index range, whatever the number of notices): a year
    without notices between them is offered too and shows an empty list. Truncating every row to its year
    instead runs a function per notice, which on SQLite is Python code and grows with the board.
    """
    span = (
        Notice.objects.published()
        .filter(community=community)
        .aggregate(first=Min("published_at"), last=Max("published_at"))
    )
    if span["first"] is None or span["last"] is None:
        return []
    first, last = timezone.localtime(span["first"]).year, timezone.localtime(span["last"]).year
    return list(range(last, first - 1, -1))


def latest_notices(community: Place, *, limit: int = 5) -> list[Notice]:
    """The newest notices currently on the community's board."""
    return list(list_board(community, BoardFilter())[:limit])


def get_notice(notice_id: int) -> Notice | None:
    """A notice with what its page shows: places, the notice it corrects, its published corrections."""
    return (
        Notice.objects.select_related("community", "community__parent", "place", "corrects", "published_by")
        .prefetch_related(_published_corrections())
        .filter(pk=notice_id)
        .first()
    )


def may_manage(user: Any, notice: Notice) -> bool:
    """Whether the user may see, edit and publish this notice while it is a draft, or correct it."""
    return bool(user.is_authenticated) and can(user, Capability.PUBLISH_NOTICE, notice.place)


def get_readable_notice(user: Any, notice_id: int) -> Notice | None:
    """A notice the user may read: any published one; a draft only for those who may publish it."""
    notice = get_notice(notice_id)
    if notice is None or (notice.is_draft and not may_manage(user, notice)):
        return None
    return notice


def list_drafts_for(user: Any) -> NoticeQuerySet:
    """Drafts waiting to be published at the places where the user may publish."""
    if not user.is_authenticated:
        return Notice.objects.none()
    scope = scope_filter(user, Capability.PUBLISH_NOTICE, field="place__path")
    queryset = Notice.objects.filter(status=NoticeStatus.DRAFT)
    if scope is not None:
        queryset = queryset.filter(scope)
    return queryset.select_related("community", "place").order_by("-updated_at", "-id")


def publishing_places(user: Any) -> PlaceQuerySet:
    """Communities and compounds where the user may publish, for the compose form."""
    queryset = Place.objects.filter(kind__in=[PlaceKind.COMMUNITY, PlaceKind.COMPOUND])
    scope = scope_filter(user, Capability.PUBLISH_NOTICE)
    if scope is not None:
        queryset = queryset.filter(scope)
    return queryset.select_related("parent").order_by("path")


def ledger_communities(user: Any) -> PlaceQuerySet:
    """Communities whose ledgers the user may export: where they publish notices or oversee them."""
    if not user.is_authenticated:
        return Place.objects.none()
    queryset = Place.objects.filter(kind=PlaceKind.COMMUNITY)
    publish = scope_filter(user, Capability.PUBLISH_NOTICE)
    audit = scope_filter(user, Capability.VIEW_AUDIT)
    if publish is not None and audit is not None:
        queryset = queryset.filter(publish | audit)
    return queryset.select_related("parent").order_by("path")


def personal_data_findings(notice: Notice) -> list[Finding]:
    """Full mobile or ID numbers in a draft, masked, so the preview can warn before publishing."""
    fields = {"title": notice.title, "body": notice.body}
    for index, row in enumerate(notice.rows or [], start=1):
        fields[f"row{index}"] = str(row.get("item", ""))
    return find_identifiers(fields)


def notices_in_period(community: Place, start: datetime.date, end: datetime.date) -> NoticeQuerySet:
    """Notices of a community published between two days (both included, Asia/Shanghai dates)."""
    zone = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return (
        Notice.objects.published()
        .filter(community=community, published_at__gte=low, published_at__lt=high)
        .select_related("place", "corrects")
        .order_by("published_at", "id")
    )
