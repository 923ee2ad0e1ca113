"""Reads of deliberation, shared by pages, the API, the front-page hooks and the ledgers. List reads cost a fixed
number of SQL queries whatever the number of rows."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from yishi.deliberation.actions import check_meeting_seats, seat_counts
from yishi.deliberation.domain import hall as hall_rules
from yishi.deliberation.domain import seats as seat_rules
from yishi.deliberation.domain.meetings import UPCOMING
from yishi.deliberation.models import (
    AgendaItem,
    CommonGround,
    Dissent,
    Hall,
    Meeting,
    MeetingStatus,
    MinutesEntry,
    OpinionGroup,
    Outcome,
    OutcomeReview,
    OutcomeStatus,
    Post,
    PostReport,
    Seat,
    SignIn,
)
from yishi.matters.models import Matter, MatterFollower
from yishi.people.models import Person, RoleAssignment
from yishi.people.permissions import today
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place

UPCOMING_FILTER = "upcoming"
PAST_FILTER = "past"
ALL_FILTER = "all"
SUGGESTIONS_PER_SEAT = 8
POSTS_PER_PAGE = 10
_UPCOMING = sorted(str(status) for status in UPCOMING)


def list_meetings(*, community: Place, status_filter: str = UPCOMING_FILTER) -> QuerySet[Meeting]:
    """A community's meetings (at the community and its compounds), with their seat and attendance counts."""
    queryset = Meeting.objects.filter(community=community)
    if status_filter == UPCOMING_FILTER:
        queryset = queryset.filter(status__in=_UPCOMING).order_by("starts_at", "id")
    elif status_filter == PAST_FILTER:
        queryset = queryset.exclude(status__in=_UPCOMING).order_by("-starts_at", "-id")
    else:
        queryset = queryset.order_by("-starts_at", "-id")
    return queryset.select_related("place").annotate(
        seat_count=Count("seats", distinct=True), attendance=Count("sign_ins", distinct=True)
    )


def get_meeting(meeting_id: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("community__parent", "place", "chair", "created_by__person")
        .filter(pk=meeting_id)
        .first()
    )


@dataclass(frozen=True, kw_only=True)
class SeatRow:
    seat: Seat
    sign_in: SignIn | None
    label: str


@dataclass(frozen=True, kw_only=True)
class MeetingPage:
    meeting: Meeting
    agenda: list[AgendaItem]
    seats: list[SeatRow]
    attendees_without_seat: list[SignIn]
    minutes: list[MinutesEntry]
    outcomes: list[Outcome]
    seat_check: seat_rules.SeatCheck
    template: seat_rules.SeatTemplate
    attendance: int
    counts: dict[str, int] = field(default_factory=dict)


def _language_label(message: Any, language: str) -> str:
    return str(message.in_language(language))


def get_meeting_page(meeting: Meeting, *, language: str) -> MeetingPage:
    """Everything the meeting page shows (a fixed number of queries)."""
    template = seat_rules.get_template(meeting.seat_template)
    agenda = list(meeting.agenda_items.select_related("matter").order_by("position", "id"))
    seats = list(meeting.seats.select_related("person").order_by("id"))
    sign_ins = list(meeting.sign_ins.select_related("person", "recorded_by__person").order_by("signed_in_at", "id"))
    by_person = {sign_in.person_id: sign_in for sign_in in sign_ins}
    order = {category: index for index, category in enumerate(seat_rules.categories_of(template))}
    seats.sort(key=lambda seat: (order.get(seat_rules.SeatCategory(seat.category), 99), seat.pk))
    counts: dict[str, int] = {}
    for seat in seats:
        counts[seat.category] = counts.get(seat.category, 0) + 1
    rows = [
        SeatRow(
            seat=seat,
            sign_in=by_person.get(seat.person_id),
            label=_language_label(template.seat_label(seat_rules.SeatCategory(seat.category)), language),
        )
        for seat in seats
    ]
    seated = {seat.person_id for seat in seats}
    outcomes = list(
        meeting.outcomes.select_related("agenda_item", "notice", "recorded_by__person")
        .prefetch_related(
            Prefetch("dissents", queryset=Dissent.objects.order_by("recorded_at", "id")),
            Prefetch("reviews", queryset=OutcomeReview.objects.order_by("reviewed_at", "id")),
        )
        .order_by("id")
    )
    return MeetingPage(
        meeting=meeting,
        agenda=agenda,
        seats=rows,
        attendees_without_seat=[sign_in for sign_in in sign_ins if sign_in.person_id not in seated],
        minutes=list(meeting.minutes.select_related("agenda_item").order_by("position", "id")),
        outcomes=outcomes,
        seat_check=check_meeting_seats(meeting, counts=counts),
        template=template,
        attendance=len(sign_ins),
        counts=counts,
    )


@dataclass(frozen=True, kw_only=True)
class Suggestion:
    category: seat_rules.SeatCategory
    label: str
    people: list[tuple[Person, str]]  # the person and why (their role, or "non-registered resident")


def suggest_people(meeting: Meeting, *, language: str, role_labels: dict[str, str]) -> list[Suggestion]:
    """People suggested for each fixed seat of the template, from their roles at the place (two queries)."""
    template = seat_rules.get_template(meeting.seat_template)
    community = meeting.community
    seated = set(meeting.seats.values_list("person_id", flat=True))
    day = today()
    low, high = subtree_bounds(community.path)
    roles = list(
        RoleAssignment.objects.filter(place__path__gte=low, place__path__lt=high, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .filter(person__is_active=True)
        .select_related("person__home", "place")
        .order_by("person__name", "person_id")
    )
    statuses = {status for rule in template.rules for status in rule.residence_statuses}
    place_low, place_high = subtree_bounds(meeting.place.path)
    by_status = (
        list(
            Person.objects.filter(
                is_active=True,
                residence_status__in=sorted(statuses),
                home__path__gte=place_low,
                home__path__lt=place_high,
            ).order_by("name", "id")[: SUGGESTIONS_PER_SEAT * 2]
        )
        if statuses
        else []
    )
    suggestions = []
    for rule in template.rules:
        people: dict[int, tuple[Person, str]] = {}
        for assignment in roles:
            if assignment.person_id in seated or assignment.person_id in people:
                continue
            if seat_rules.rule_matches(
                rule,
                role=assignment.role,
                role_place_path=assignment.place.path,
                community_path=community.path,
                meeting_place_path=meeting.place.path,
                home_path=assignment.person.home.path if assignment.person.home is not None else "",
            ):
                reason = f"{role_labels.get(assignment.role, assignment.role)} · {assignment.place.name}"
                people[assignment.person_id] = (assignment.person, reason)
        for person in by_status:
            if (
                person.residence_status in rule.residence_statuses
                and person.pk not in seated
                and person.pk not in people
            ):
                people[person.pk] = (person, str(person.get_residence_status_display()))
        suggestions.append(
            Suggestion(
                category=rule.category,
                label=_language_label(rule.label, language),
                people=list(people.values())[:SUGGESTIONS_PER_SEAT],
            )
        )
    return suggestions


def stakeholder_candidates(meeting: Meeting, *, search: str = "", limit: int = 20) -> list[Person]:
    """Residents concerned by the agenda: its matters' proposers and followers first, then residents of the
    meeting's place matching a name search."""
    seated = set(meeting.seats.values_list("person_id", flat=True))
    matter_ids = [item.matter_id for item in meeting.agenda_items.all() if item.matter_id is not None]
    found: dict[int, Person] = {}
    if matter_ids:
        followers = (
            Person.objects.filter(is_active=True, followed_matters__matter_id__in=matter_ids)
            .select_related("home")
            .distinct()
            .order_by("name", "id")
        )
        for person in followers[:limit]:
            if person.pk not in seated:
                found[person.pk] = person
    if search.strip():
        low, high = subtree_bounds(meeting.place.path)
        for person in (
            Person.objects.filter(
                is_active=True, home__path__gte=low, home__path__lt=high, name__contains=search.strip()[:50]
            )
            .select_related("home")
            .order_by("name", "id")[:limit]
        ):
            if person.pk not in seated:
                found.setdefault(person.pk, person)
    return list(found.values())[:limit]


def search_people(*, community: Place, search: str, limit: int = 20) -> list[Person]:
    """People living in the community or holding a role in it, by name (for a chair, a speaker, a dissenter)."""
    text = search.strip()[:50]
    if not text:
        return []
    low, high = subtree_bounds(community.path)
    role_holders = RoleAssignment.objects.filter(place__path__gte=low, place__path__lt=high).values("person_id")
    return list(
        Person.objects.filter(is_active=True, name__contains=text)
        .filter(Q(home__path__gte=low, home__path__lt=high) | Q(pk__in=role_holders))
        .select_related("home")
        .order_by("name", "id")[:limit]
    )


def participants(meeting: Meeting) -> list[Person]:
    """Seat holders and everyone who signed in: the people minutes and dissent are recorded for."""
    ids = set(meeting.seats.values_list("person_id", flat=True)) | set(
        meeting.sign_ins.values_list("person_id", flat=True)
    )
    return list(Person.objects.filter(pk__in=ids).order_by("name", "id"))


def get_outcome(outcome_id: int) -> Outcome | None:
    return (
        Outcome.objects.select_related(
            "meeting__community__parent", "meeting__place", "meeting__chair", "agenda_item", "matter", "notice"
        )
        .prefetch_related(
            Prefetch("dissents", queryset=Dissent.objects.order_by("recorded_at", "id")),
            Prefetch("reviews", queryset=OutcomeReview.objects.order_by("reviewed_at", "id")),
        )
        .filter(pk=outcome_id)
        .first()
    )


def review_queue(communities: Iterable[Place] | QuerySet[Place]) -> QuerySet[Outcome]:
    """Outcomes awaiting the party organisation's review, oldest first."""
    return (
        Outcome.objects.filter(status=OutcomeStatus.SUBMITTED, meeting__community__in=communities)
        .select_related("meeting__place", "meeting__community", "agenda_item", "matter")
        .annotate(dissent_count=Count("dissents"))
        .order_by("submitted_at", "id")
    )


def sent_back_outcomes(places: Iterable[Place] | QuerySet[Place]) -> QuerySet[Outcome]:
    """Outcomes sent back for revision at meetings held at or below the given places."""
    query = Q(pk__in=[])
    for place in places:
        low, high = subtree_bounds(place.path)
        query |= Q(meeting__place__path__gte=low, meeting__place__path__lt=high)
    return Outcome.objects.filter(query, status=OutcomeStatus.SENT_BACK).select_related("meeting", "agenda_item")


def my_invitations(person_id: int, *, now: datetime.datetime | None = None) -> QuerySet[Seat]:
    """The person's invitations to meetings that have not ended, soonest first."""
    moment = now or timezone.now()
    return (
        Seat.objects.filter(
            person_id=person_id,
            invited_at__isnull=False,
            meeting__status__in=[MeetingStatus.CONVENED, MeetingStatus.IN_SESSION],
            meeting__starts_at__gte=moment - datetime.timedelta(hours=12),
        )
        .select_related("meeting__place")
        .order_by("meeting__starts_at", "meeting_id")
    )


def reported_posts(places: Iterable[Place] | QuerySet[Place]) -> QuerySet[Post]:
    """Visible posts with reports still to be looked at, in halls of matters at or below the places."""
    query = Q(pk__in=[])
    for place in places:
        low, high = subtree_bounds(place.path)
        query |= Q(hall__matter__place__path__gte=low, hall__matter__place__path__lt=high)
    open_reports = PostReport.objects.filter(post=OuterRef("pk"), resolved_at__isnull=True)
    return (
        Post.objects.filter(query, hidden_at__isnull=True)
        .filter(Exists(open_reports))
        .select_related("hall__matter", "author")
        .order_by("created_at", "id")
    )


def open_reports_count(places: Iterable[Place] | QuerySet[Place]) -> int:
    """How many reported posts await a moderator."""
    return reported_posts(places).count()


def approved_outcomes_for(matter: Matter) -> QuerySet[Outcome]:
    """A matter's approved outcomes, newest first: what the decisions app puts to the vote."""
    return (
        Outcome.objects.filter(matter=matter, status=OutcomeStatus.APPROVED)
        .select_related("meeting", "notice")
        .order_by("-approved_at", "-id")
    )


def upcoming_public(community: Place, *, limit: int = 5) -> list[Meeting]:
    """The community's next meetings, for its public page (no names)."""
    return list(
        Meeting.objects.filter(
            community=community,
            status__in=[MeetingStatus.CONVENED, MeetingStatus.IN_SESSION],
            starts_at__gte=timezone.now() - datetime.timedelta(hours=12),
        )
        .select_related("place")
        .order_by("starts_at", "id")[:limit]
    )


def latest_published_outcomes(community: Place, *, limit: int = 5) -> list[Outcome]:
    return list(
        Outcome.objects.filter(meeting__community=community, status=OutcomeStatus.APPROVED, notice__isnull=False)
        .select_related("meeting", "agenda_item", "notice")
        .order_by("-approved_at", "-id")[:limit]
    )


# The hall ---------------------------------------------------------------------------------------------------------


def get_hall(matter: Matter) -> Hall | None:
    return Hall.objects.filter(matter=matter).first()


def _annotated_posts() -> QuerySet[Post]:
    return Post.objects.select_related("author", "hidden_by__person", "recorded_by__person").annotate(
        open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True))
    )


def hall_posts(hall: Hall) -> QuerySet[Post]:
    """The hall's top-level posts, newest first, each with its replies in order (two queries per page)."""
    replies = _annotated_posts().order_by("created_at", "id")
    return (
        _annotated_posts()
        .filter(hall=hall, parent__isnull=True)
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("-created_at", "-id")
    )


def hall_tally(hall: Hall) -> hall_rules.PositionTally:
    """The positions of the hall's visible posts."""
    return hall_rules.tally(Post.objects.filter(hall=hall, hidden_at__isnull=True).values_list("position", flat=True))


def latest_summary(hall: Hall) -> CommonGround | None:
    return (
        CommonGround.objects.filter(hall=hall)
        .select_related("written_by__person")
        .prefetch_related(Prefetch("groups", queryset=OpinionGroup.objects.order_by("position", "id")))
        .order_by("-written_at", "-id")
        .first()
    )


def visible_posts_for_summary(hall: Hall) -> list[Post]:
    return list(
        Post.objects.filter(hall=hall, hidden_at__isnull=True).select_related("author").order_by("created_at", "id")
    )


def hall_matter(matter_id: int) -> Matter | None:
    return (
        Matter.objects.select_related("community__parent", "place", "category", "proposer").filter(pk=matter_id).first()
    )


def hall_residents(matter: Matter, *, search: str, limit: int = 20) -> list[Person]:
    """Residents the matter concerns matching a name: those living within its place, its proposer and
    followers (for assisted posts)."""
    text = search.strip()[:50]
    if not text:
        return []
    low, high = subtree_bounds(matter.place.path)
    followers = MatterFollower.objects.filter(matter=matter).values("person_id")
    return list(
        Person.objects.filter(is_active=True, name__contains=text)
        .filter(Q(home__path__gte=low, home__path__lt=high) | Q(pk__in=followers))
        .select_related("home")
        .order_by("name", "id")[:limit]
    )


def meetings_sheet_rows(community: Place, start: datetime.date, end: datetime.date) -> list[Meeting]:
    """Meetings held or planned in the period, with the counts the ledger shows."""
    zone = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return list(
        Meeting.objects.filter(community=community, starts_at__gte=low, starts_at__lt=high)
        .select_related("place", "chair")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "id")),
            Prefetch("outcomes", queryset=Outcome.objects.select_related("notice").order_by("id")),
        )
        .annotate(
            seat_count=Count("seats", distinct=True),
            attendance=Count("sign_ins", distinct=True),
            dissent_count=Count("outcomes__dissents", distinct=True),
        )
        .order_by("starts_at", "id")
    )


def seat_total(meeting: Meeting) -> int:
    return sum(seat_counts(meeting).values())
