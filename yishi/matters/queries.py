"""Reads about matters, shared by pages and the API. List queries cost a fixed number of SQL queries per page."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When

from yishi.matters.domain.lifecycle import AWAITING_RESPONSE_STATUSES, FINISHED_STATUSES, OPEN_STATUSES
from yishi.matters.domain.similarity import Candidate, rank_similar
from yishi.matters.models import (
    CatalogueEntry,
    Category,
    Matter,
    MatterEvent,
    MatterStatus,
    Notification,
    NotificationQuerySet,
    Referral,
    ResponsibleLevel,
    TriageClass,
    TriageRecord,
)
from yishi.people.models import Person
from yishi.places.models import Place, PlaceKind

# Similar matters are looked for among the newest open matters of the community only: a bounded,
# indexed read (community, status, created_at) whatever the size of the district.
SIMILAR_CANDIDATES = 300
SIMILAR_SHOWN = 5

_AWAITING = sorted(AWAITING_RESPONSE_STATUSES)
_OPEN = sorted(OPEN_STATUSES)
_FINISHED = sorted(FINISHED_STATUSES)
_UNTRIAGED = [MatterStatus.PROPOSED, MatterStatus.REOPENED]

QUEUE_OPEN = "open"
QUEUE_UNTRIAGED = "untriaged"
QUEUE_OVERDUE = "overdue"
QUEUE_ALL = "all"
PUBLIC_OPEN = "open"
PUBLIC_FINISHED = "finished"
PUBLIC_ALL = "all"
STREET_WAITING = "waiting"
STREET_HANDLING = "handling"
STREET_REPLIED = "replied"
STREET_ALL = "all"

_LIST_RELATED = ("place__parent", "compound", "category", "responsible_place", "community")


def _overdue(day: datetime.date) -> Q:
    return Q(status__in=_AWAITING, due_on__lt=day)


@dataclass(frozen=True, kw_only=True)
class QueueFilter:
    """The triage queue's filters: a status group or one status, a class, a compound, words of the title."""

    status: str = QUEUE_OPEN
    triage_class: str = ""
    compound_id: int | None = None
    search: str = ""


def queue_order(
    *, communities: Iterable[Place] | QuerySet[Place], queue_filter: QueueFilter, day: datetime.date
) -> "QuerySet[Matter, int]":
    """The ids of the two committees' matters in queue order: untriaged first, then overdue, then by due date.

    Only ids are sorted: a community may hold thousands of open matters, and sorting narrow rows read
    from the (community, status, due_on, created_at) index is far cheaper than sorting whole rows with
    their joins. `load_queue` then reads the one page shown (see bench/README.md, matters_lists).
    """
    queryset = Matter.objects.filter(community__in=communities)
    if queue_filter.status == QUEUE_OPEN:
        queryset = queryset.filter(status__in=_OPEN).exclude(status=MatterStatus.MERGED)
    elif queue_filter.status == QUEUE_UNTRIAGED:
        queryset = queryset.filter(status__in=_UNTRIAGED)
    elif queue_filter.status == QUEUE_OVERDUE:
        queryset = queryset.filter(_overdue(day))
    elif queue_filter.status in MatterStatus.values:
        queryset = queryset.filter(status=queue_filter.status)
    if queue_filter.triage_class in TriageClass.values:
        queryset = queryset.filter(triage_class=queue_filter.triage_class)
    if queue_filter.compound_id is not None:
        queryset = queryset.filter(compound_id=queue_filter.compound_id)
    if queue_filter.search:
        queryset = queryset.filter(title__icontains=queue_filter.search)
    rank = Case(
        When(status__in=_UNTRIAGED, then=Value(0)),
        When(_overdue(day), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        queryset.annotate(queue_rank=rank)
        .order_by("queue_rank", F("due_on").asc(nulls_last=True), "created_at", "id")
        .values_list("pk", flat=True)
    )


def _in_order(queryset: QuerySet[Matter], ids: Sequence[int]) -> list[Matter]:
    found = queryset.in_bulk(list(ids))
    return [found[pk] for pk in ids if pk in found]


def load_queue(ids: Sequence[int]) -> list[Matter]:
    """The matters of one page of the queue, in the given order, with what the queue shows of each."""
    unpublished = TriageRecord.objects.filter(matter=OuterRef("pk"), notice__isnull=True)
    rows = Matter.objects.select_related(*_LIST_RELATED).annotate(has_unpublished_triage=Exists(unpublished))
    return _in_order(rows, ids)


def list_queue(
    *, communities: Iterable[Place] | QuerySet[Place], queue_filter: QueueFilter, day: datetime.date, limit: int = 20
) -> list[Matter]:
    """The first `limit` matters of the queue, fully loaded."""
    return load_queue(list(queue_order(communities=communities, queue_filter=queue_filter, day=day)[:limit]))


@dataclass(frozen=True, kw_only=True)
class PublicFilter:
    status: str = PUBLIC_OPEN
    triage_class: str = ""
    search: str = ""


def list_public(*, community: Place, public_filter: PublicFilter) -> QuerySet[Matter]:
    """A community's matters as anyone may see them, newest first; merged duplicates are left out."""
    queryset = Matter.objects.filter(community=community).exclude(status=MatterStatus.MERGED)
    if public_filter.status == PUBLIC_OPEN:
        queryset = queryset.filter(status__in=_OPEN)
    elif public_filter.status == PUBLIC_FINISHED:
        queryset = queryset.filter(status__in=_FINISHED)
    if public_filter.triage_class in TriageClass.values:
        queryset = queryset.filter(triage_class=public_filter.triage_class)
    if public_filter.search:
        queryset = queryset.filter(title__icontains=public_filter.search)
    return queryset.select_related("place__parent", "category", "responsible_place").order_by("-created_at", "-id")


@dataclass(frozen=True, kw_only=True)
class SimilarMatter:
    matter: Matter
    score_percent: int


def similar_open_matters(*, community: Place, text: str, exclude_id: int | None = None) -> list[SimilarMatter]:
    """Open matters of the community whose titles read like `text`, best first (two queries)."""
    if len(text.strip()) < 2:
        return []
    rows = (
        Matter.objects.filter(community=community, status__in=_OPEN)
        .exclude(status=MatterStatus.MERGED)
        .exclude(pk=exclude_id or 0)
        .order_by("-created_at", "-id")
        .values_list("id", "title")[:SIMILAR_CANDIDATES]
    )
    matches = rank_similar(text, [Candidate(key=pk, text=title) for pk, title in rows], limit=SIMILAR_SHOWN)
    if not matches:
        return []
    found = Matter.objects.select_related("place__parent", "category").in_bulk([match.key for match in matches])
    return [
        SimilarMatter(matter=found[match.key], score_percent=int(match.score * 100))
        for match in matches
        if match.key in found
    ]


def get_matter(matter_id: int) -> Matter | None:
    """A matter with everything its page shows about it."""
    return (
        Matter.objects.select_related(
            "community__parent",
            "place__parent",
            "compound",
            "category",
            "proposer",
            "recorded_by__person",
            "responsible_place",
            "merged_into",
        )
        .filter(pk=matter_id)
        .first()
    )


def timeline(matter: Matter, *, full: bool) -> list[MatterEvent]:
    """The matter's steps in order; the public sees only public ones."""
    events = MatterEvent.objects.filter(matter=matter).select_related("notice")
    if not full:
        events = events.filter(is_public=True)
    return list(events.order_by("occurred_at", "id"))


def list_referrals(matter: Matter) -> list[Referral]:
    return list(Referral.objects.filter(matter=matter).order_by("requested_at", "id"))


def list_triages(matter: Matter) -> list[TriageRecord]:
    return list(
        TriageRecord.objects.filter(matter=matter)
        .select_related("responsible_place", "notice")
        .order_by("triaged_at", "id")
    )


def list_my_matters(person: Person) -> QuerySet[Matter]:
    """Matters the person raised or follows, most recently changed first."""
    return (
        Matter.objects.filter(followers__person=person)
        .select_related("place__parent", "category", "responsible_place", "merged_into")
        .order_by("-updated_at", "-id")
    )


@dataclass(frozen=True, kw_only=True)
class StreetFilter:
    status: str = STREET_WAITING
    community_id: int | None = None


def street_order(
    *, streets: Iterable[Place] | QuerySet[Place], street_filter: StreetFilter, day: datetime.date
) -> "QuerySet[Matter, int]":
    """Ids of the big matters sent to the streets: not yet accepted first, then overdue, then by due date."""
    queryset = Matter.objects.filter(responsible_level=ResponsibleLevel.STREET, responsible_place__in=streets)
    if street_filter.status == STREET_WAITING:
        queryset = queryset.filter(status=MatterStatus.REFERRED, street_accepted_at__isnull=True)
    elif street_filter.status == STREET_HANDLING:
        queryset = queryset.filter(status=MatterStatus.REFERRED, street_accepted_at__isnull=False)
    elif street_filter.status == STREET_REPLIED:
        queryset = queryset.filter(status=MatterStatus.REPLIED)
    else:
        queryset = queryset.exclude(status=MatterStatus.MERGED)
    if street_filter.community_id is not None:
        queryset = queryset.filter(community_id=street_filter.community_id)
    rank = Case(
        When(status=MatterStatus.REFERRED, street_accepted_at__isnull=True, then=Value(0)),
        When(_overdue(day), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        queryset.annotate(street_rank=rank)
        .order_by("street_rank", F("due_on").asc(nulls_last=True), "created_at", "id")
        .values_list("pk", flat=True)
    )


def load_street(ids: Sequence[int]) -> list[Matter]:
    """The big matters of one page of the street's list, in order, with whether a department still owes a reply."""
    pending = Referral.objects.filter(matter=OuterRef("pk"), replied_at__isnull=True)
    rows = Matter.objects.select_related(*_LIST_RELATED).annotate(has_pending_referral=Exists(pending))
    return _in_order(rows, ids)


def count_untriaged(communities: QuerySet[Place]) -> int:
    return Matter.objects.filter(community__in=communities, status__in=_UNTRIAGED).count()


def count_overdue(*, communities: QuerySet[Place], day: datetime.date) -> int:
    return Matter.objects.filter(community__in=communities).filter(_overdue(day)).count()


def count_street_waiting(streets: QuerySet[Place]) -> int:
    return Matter.objects.filter(
        responsible_level=ResponsibleLevel.STREET,
        responsible_place__in=streets,
        status=MatterStatus.REFERRED,
        street_accepted_at__isnull=True,
    ).count()


def count_street_overdue(*, streets: QuerySet[Place], day: datetime.date) -> int:
    return (
        Matter.objects.filter(responsible_level=ResponsibleLevel.STREET, responsible_place__in=streets)
        .filter(_overdue(day))
        .count()
    )


def count_unpublished_triages(community: Place) -> int:
    return TriageRecord.objects.filter(community=community, notice__isnull=True).count()


def place_choices(community: Place) -> list[tuple[int, str]]:
    """The places a matter of the community may concern: the community, its compounds and buildings."""
    places = (
        Place.objects.within(community)
        .filter(kind__in=[PlaceKind.COMMUNITY, PlaceKind.COMPOUND, PlaceKind.BUILDING])
        .select_related("parent")
        .order_by("path")
    )
    choices = []
    for place in places:
        if place.kind == PlaceKind.BUILDING and place.parent is not None and place.parent.kind == PlaceKind.COMPOUND:
            choices.append((place.pk, f"{place.parent.name} · {place.name}"))
        else:
            choices.append((place.pk, place.name))
    return choices


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("position", "code")


def catalogue(community: Place) -> list[CatalogueEntry]:
    return list(
        CatalogueEntry.objects.filter(community=community).select_related("category").order_by("category__position")
    )


def list_notifications(person: Person) -> NotificationQuerySet:
    return Notification.objects.filter(person=person).order_by("-created_at", "-id")


def latest_public(community: Place, *, limit: int = 5) -> list[Matter]:
    """The newest matters of a community for its public page."""
    return list(list_public(community=community, public_filter=PublicFilter(status=PUBLIC_ALL))[:limit])
