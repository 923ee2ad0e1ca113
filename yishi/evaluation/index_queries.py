"""Reads of the model-community index: measuring a community from the platform's records (SQL aggregation), the
framework in force, and the scored, rolled-up and ranked index of an area in a constant number of queries."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count as CountOf
from django.db.models import Exists, Min, OuterRef, Q, Sum
from django.utils import timezone

from yishi.audit.models import Channel
from yishi.decisions.models import Ballot, Participation, Vote, VoteStatus
from yishi.deliberation.models import Meeting, MeetingStatus, Post, SignIn
from yishi.disclosure.models import Notice
from yishi.elections.models import Election, RegistrationStatus, Round, RoundKind, VoterRegistration
from yishi.evaluation.domain import indicators as formulas
from yishi.evaluation.domain.framework import FRAMEWORK_2026, Framework, Indicator, IndicatorKind
from yishi.evaluation.domain.indicators import NO_DATA, Measurement, NoData
from yishi.evaluation.domain.scoring import (
    MemberTotal,
    Ranking,
    Rollup,
    ScoreBreakdown,
    member_total,
    rank_rollups,
    rank_scores,
    roll_up,
    score_framework,
)
from yishi.evaluation.index_framework import framework_from_data, measurement_from_data
from yishi.evaluation.index_models import FrameworkVersion, IndicatorSnapshot, QualitativeScore
from yishi.evaluation.models import Survey, SurveyResponse, SurveyStatus
from yishi.implementation.models import Contribution
from yishi.matters.models import Matter, MatterChannel, MatterStatus
from yishi.people.models import Household, Person
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place, PlaceKind

RESOLVED = (MatterStatus.CLOSED, MatterStatus.ANSWERED_DIRECTLY)
STAFF_CHANNELS = (Channel.ASSISTED, Channel.PAPER)


# --- the framework in force -----------------------------------------------------------------------------------


def framework_in_force() -> tuple[Framework, FrameworkVersion | None]:
    """The active stored framework version, or the built-in FRAMEWORK_2026 when none is stored."""
    stored = FrameworkVersion.objects.filter(is_active=True).first()
    if stored is None:
        return FRAMEWORK_2026, None
    return framework_from_data(stored.definition), stored


# --- measuring one community ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    year: int

    @property
    def start(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.year, 1, 1))

    @property
    def end(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.year + 1, 1, 1))

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _participant_q(community: Place, period: Period) -> Q:
    """People who raised a matter, posted in a hall, signed in at a meeting, voted or answered a survey."""
    in_year = {"gte": period.start, "lt": period.end}
    raised = Matter.objects.filter(
        community=community, created_at__gte=in_year["gte"], created_at__lt=in_year["lt"], proposer__isnull=False
    ).values("proposer_id")
    posted = Post.objects.filter(
        hall__community=community, created_at__gte=period.start, created_at__lt=period.end
    ).values("author_id")
    attended = SignIn.objects.filter(
        meeting__community=community, signed_in_at__gte=period.start, signed_in_at__lt=period.end
    ).values("person_id")
    voted = Ballot.objects.filter(
        vote__community=community, cast_at__gte=period.start, cast_at__lt=period.end, entry__person__isnull=False
    ).values("entry__person_id")
    marked = Participation.objects.filter(
        vote__community=community,
        voted_on__gte=period.first_day,
        voted_on__lte=period.last_day,
        entry__person__isnull=False,
    ).values("entry__person_id")
    answered = SurveyResponse.objects.filter(
        survey__community=community, created_at__gte=period.start, created_at__lt=period.end
    ).values("person_id")
    return (
        Q(pk__in=raised)
        | Q(pk__in=posted)
        | Q(pk__in=attended)
        | Q(pk__in=voted)
        | Q(pk__in=marked)
        | Q(pk__in=answered)
    )


def _participations(community: Place, period: Period) -> tuple[int, int]:
    """(participations, those recorded by staff for a resident offline) across every kind of taking part."""
    total = 0
    assisted = 0
    matters = Matter.objects.filter(community=community, created_at__gte=period.start, created_at__lt=period.end)
    counts = matters.aggregate(all=CountOf("pk"), offline=CountOf("pk", filter=~Q(channel=MatterChannel.WEB)))
    total += counts["all"]
    assisted += counts["offline"]
    for queryset in (
        Post.objects.filter(hall__community=community, created_at__gte=period.start, created_at__lt=period.end),
        SignIn.objects.filter(
            meeting__community=community, signed_in_at__gte=period.start, signed_in_at__lt=period.end
        ),
        Ballot.objects.filter(vote__community=community, cast_at__gte=period.start, cast_at__lt=period.end),
        Participation.objects.filter(
            vote__community=community, voted_on__gte=period.first_day, voted_on__lte=period.last_day
        ),
        SurveyResponse.objects.filter(
            survey__community=community, created_at__gte=period.start, created_at__lt=period.end
        ),
    ):
        row = queryset.aggregate(all=CountOf("pk"), staff=CountOf("pk", filter=Q(channel__in=STAFF_CHANNELS)))
        total += row["all"]
        assisted += row["staff"]
    return total, assisted


def _resolution_days(community: Place, period: Period) -> tuple[int, int, list[int]]:
    """(matters raised, resolved, whole days from triage to resolution of the resolved ones)."""
    raised = Matter.objects.filter(community=community, created_at__gte=period.start, created_at__lt=period.end)
    rows = list(
        raised.filter(status__in=RESOLVED)
        .annotate(resolved_at=Min("events__occurred_at", filter=Q(events__status_to__in=RESOLVED)))
        .values_list("triaged_at", "resolved_at")
    )
    durations = [
        (timezone.localdate(done) - timezone.localdate(start)).days
        for start, done in rows
        if start is not None and done is not None and done >= start
    ]
    return raised.count(), len(rows), durations


def _overdue(community: Place, period: Period, today: datetime.date) -> tuple[int, int]:
    """(matters due in the period whose due date has passed, those resolved late or still open)."""
    due = Matter.objects.filter(
        community=community, due_on__gte=period.first_day, due_on__lte=min(period.last_day, today), due_on__lt=today
    ).annotate(resolved_at=Min("events__occurred_at", filter=Q(events__status_to__in=RESOLVED)))
    rows = list(due.values_list("due_on", "status", "resolved_at"))
    overdue = 0
    for due_on, status, resolved_at in rows:
        if due_on is None:
            continue
        if status not in RESOLVED or resolved_at is None or timezone.localdate(resolved_at) > due_on:
            overdue += 1
    return overdue, len(rows)


def _disclosure(community: Place, period: Period, today: datetime.date) -> tuple[int, int]:
    """(notices due in the period that are published or past due, those published by their due date)."""
    rows = list(
        Notice.objects.filter(community=community, due_by__gte=period.first_day, due_by__lte=period.last_day)
        .filter(Q(published_at__isnull=False) | Q(due_by__lt=today))
        .values_list("due_by", "published_at")
    )
    on_time = sum(
        1
        for due_by, published in rows
        if published is not None and due_by is not None and timezone.localdate(published) <= due_by
    )
    return on_time, len(rows)


def _election(community: Place, period: Period) -> tuple[Measurement, Measurement]:
    """Registration rate and turnout of the latest committee election held by the end of the period."""
    election = (
        Election.objects.filter(community=community, election_day__lte=period.last_day)
        .order_by("-election_day", "-id")
        .first()
    )
    if election is None:
        return NO_DATA, NO_DATA
    registered = VoterRegistration.objects.filter(election=election, status=RegistrationStatus.REGISTERED).count()
    registration: Measurement = NO_DATA
    if election.eligible_count:
        registration = formulas.registration_rate(
            registered=min(registered, election.eligible_count), eligible=election.eligible_count
        )
    round_ = (
        Round.objects.filter(election=election, kind=RoundKind.FIRST, voters__isnull=False).order_by("number").first()
    )
    turnout: Measurement = NO_DATA
    if round_ is not None and round_.voters is not None and round_.registered:
        turnout = formulas.turnout(ballots_cast=min(round_.voters, round_.registered), registered=round_.registered)
    return registration, turnout


def measure_community(
    community: Place, year: int, *, today: datetime.date | None = None
) -> tuple[dict[str, Measurement], int]:
    """Every quantitative measurement of FRAMEWORK_2026's indicators for a community and year, and its households."""
    period = Period(year)
    day = today or timezone.localdate()
    low, high = subtree_bounds(community.path)
    residents = Person.objects.filter(is_active=True, home__path__gte=low, home__path__lt=high)
    adult_cutoff = _years_before(period.last_day, 18)
    elder_cutoff = _years_before(period.last_day, 60)
    participants = _participant_q(community, period)
    people = residents.aggregate(
        residents=CountOf("pk"),
        adults=CountOf("pk", filter=Q(birth_date__isnull=True) | Q(birth_date__lte=adult_cutoff)),
        elders=CountOf("pk", filter=Q(birth_date__lte=elder_cutoff)),
    )
    taking_part = residents.filter(participants).aggregate(
        adults=CountOf("pk", filter=Q(birth_date__isnull=True) | Q(birth_date__lte=adult_cutoff)),
        elders=CountOf("pk", filter=Q(birth_date__lte=elder_cutoff)),
    )
    online_member = Person.objects.filter(household=OuterRef("pk"), is_active=True, user__isnull=False)
    homes = Household.objects.filter(unit__path__gte=low, unit__path__lt=high).aggregate(
        households=CountOf("pk"), online=CountOf("pk", filter=Q(Exists(online_member)))
    )
    participations, assisted = _participations(community, period)
    raised, resolved, durations = _resolution_days(community, period)
    overdue, due = _overdue(community, period, day)
    meetings = dict(
        Meeting.objects.filter(
            community=community, status=MeetingStatus.ENDED, starts_at__gte=period.start, starts_at__lt=period.end
        )
        .values_list("kind")
        .annotate(n=CountOf("pk"))
        .values_list("kind", "n")
    )
    decisions = dict(
        Vote.objects.filter(
            community=community,
            status__in=(VoteStatus.COUNTED, VoteStatus.PUBLISHED),
            closes_at__gte=period.start,
            closes_at__lt=period.end,
        )
        .values_list("basis")
        .annotate(n=CountOf("pk"))
        .values_list("basis", "n")
    )
    on_time, disclosures_due = _disclosure(community, period, day)
    ratings = Survey.objects.filter(
        community=community, status=SurveyStatus.CLOSED, closed_at__gte=period.start, closed_at__lt=period.end
    ).aggregate(s=Sum("satisfied"), b=Sum("basically_satisfied"), d=Sum("dissatisfied"))
    registration, turnout = _election(community, period)
    hours = Contribution.objects.filter(
        community=community, kind="labour", received_at__gte=period.start, received_at__lt=period.end
    ).aggregate(hours=Sum("hours"), n=CountOf("pk"))
    volunteer: Measurement = NO_DATA
    if hours["n"]:
        volunteer = formulas.volunteer_hours_per_resident(
            volunteer_hours=hours["hours"] or Decimal(0), residents=people["residents"]
        )
    measurements: dict[str, Measurement] = {
        "online_coverage": formulas.online_coverage(households_online=homes["online"], households=homes["households"]),
        "participation_rate": formulas.participation_rate(
            participants=taking_part["adults"], adult_residents=people["adults"]
        ),
        "elderly_participation": formulas.elderly_participation(
            participants_aged_60_plus=taking_part["elders"], residents_aged_60_plus=people["elders"]
        ),
        "assisted_share": formulas.assisted_share(assisted_participations=assisted, participations=participations),
        "matters_per_100_households": formulas.matters_per_100_households(
            matters_raised=raised, households=homes["households"]
        ),
        "registration_rate": registration,
        "turnout": turnout,
        "volunteer_hours_per_resident": volunteer,
        "meetings_held": formulas.meetings_held(by_kind=meetings),
        "decisions_by_legal_basis": formulas.decisions_by_legal_basis(by_basis=decisions),
        "disclosure_on_time": formulas.disclosure_on_time(published_on_time=on_time, due=disclosures_due),
        "resolution_rate": formulas.resolution_rate(resolved=resolved, raised=raised),
        "median_days_to_resolve": formulas.median_days_to_resolve(durations=durations),
        "overdue_share": formulas.overdue_share(overdue=overdue, due=due),
        "satisfaction_share": formulas.satisfaction_share(
            satisfied=ratings["s"] or 0, basically_satisfied=ratings["b"] or 0, dissatisfied=ratings["d"] or 0
        ),
    }
    return measurements, homes["households"]


# --- the index of an area (constant number of queries) ---------------------------------------------------------


@dataclass(frozen=True)
class CommunityIndex:
    community: Place
    snapshot: IndicatorSnapshot | None
    breakdown: ScoreBreakdown
    households: int


@dataclass(frozen=True)
class AreaIndex:
    """An area (district or street) with every community's breakdown, street roll-ups and rankings."""

    area: Place
    year: int
    framework: Framework
    communities: dict[int, CommunityIndex]
    streets: dict[int, Place]
    street_rollups: dict[int, Rollup]
    total: Rollup
    community_ranking: Ranking[ScoreBreakdown]
    street_ranking: Ranking[Rollup]


def qualitative_measurements(
    framework: Framework, scores: Iterable[QualitativeScore]
) -> dict[int, dict[str, Measurement]]:
    """The mean qualitative score of each community and indicator."""
    by_community: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for score in scores:
        by_community[score.community_id][score.indicator_code].append(score.score)
    qualitative = [
        indicator.code for indicator in framework.indicators if indicator.kind is not IndicatorKind.QUANTITATIVE
    ]
    result: dict[int, dict[str, Measurement]] = {}
    for community_id, codes in by_community.items():
        result[community_id] = {code: formulas.mean_assessment(scores=codes.get(code, [])) for code in qualitative}
    return result


def breakdown_for(
    *, community_id: int, framework: Framework, snapshot: IndicatorSnapshot | None, qualitative: dict[str, Measurement]
) -> ScoreBreakdown:
    """Score a community from its snapshot and its qualitative scores; anything not measured is NO_DATA."""
    stored: dict[str, Any] = snapshot.measurements if snapshot is not None else {}
    measurements: dict[str, Measurement] = {}
    for indicator in framework.indicators:
        if indicator.kind is IndicatorKind.QUANTITATIVE:
            measurements[indicator.code] = measurement_from_data(stored.get(indicator.code))
        else:
            measurements[indicator.code] = qualitative.get(indicator.code, NO_DATA)
    return score_framework(unit_id=community_id, framework=framework, measurements=measurements)


def area_index(area: Place, year: int) -> AreaIndex:
    """Score, roll up and rank every community within a district or street (six queries whatever the size)."""
    framework, _ = framework_in_force()
    low, high = subtree_bounds(area.path)
    places = list(
        Place.objects.filter(path__gte=low, path__lt=high, kind__in=(PlaceKind.COMMUNITY, PlaceKind.STREET)).order_by(
            "path"
        )
    )
    communities = [place for place in places if place.kind == PlaceKind.COMMUNITY]
    streets = {place.pk: place for place in places if place.kind == PlaceKind.STREET}
    if area.kind == PlaceKind.STREET:
        streets[area.pk] = area
    snapshots = {
        snapshot.community_id: snapshot
        for snapshot in IndicatorSnapshot.objects.filter(community__in=communities, year=year)
    }
    qualitative = qualitative_measurements(
        framework, QualitativeScore.objects.filter(community__in=communities, year=year)
    )
    indexes: dict[int, CommunityIndex] = {}
    for community in communities:
        snapshot = snapshots.get(community.pk)
        indexes[community.pk] = CommunityIndex(
            community=community,
            snapshot=snapshot,
            breakdown=breakdown_for(
                community_id=community.pk,
                framework=framework,
                snapshot=snapshot,
                qualitative=qualitative.get(community.pk, {}),
            ),
            households=snapshot.households if snapshot else 0,
        )
    members: dict[int, list[MemberTotal]] = defaultdict(list)
    for item in indexes.values():
        if item.community.parent_id in streets:
            members[item.community.parent_id].append(member_total(score=item.breakdown, households=item.households))
    rollups = {street_id: roll_up(unit_id=street_id, members=members[street_id]) for street_id in streets}
    if area.kind == PlaceKind.STREET:
        total = rollups[area.pk]
    else:
        total = roll_up(unit_id=area.pk, members=[rollup.as_member() for rollup in rollups.values()])
    return AreaIndex(
        area=area,
        year=year,
        framework=framework,
        communities=indexes,
        streets=streets,
        street_rollups=rollups,
        total=total,
        community_ranking=rank_scores(scores=[item.breakdown for item in indexes.values()]),
        street_ranking=rank_rollups(rollups=list(rollups.values())),
    )


def community_index(community: Place, year: int) -> tuple[Framework, CommunityIndex, list[QualitativeScore]]:
    """One community's index with the qualitative scores behind it."""
    framework, _ = framework_in_force()
    snapshot = IndicatorSnapshot.objects.filter(community=community, year=year).first()
    scores = list(QualitativeScore.objects.filter(community=community, year=year).order_by("indicator_code", "id"))
    qualitative = qualitative_measurements(framework, scores).get(community.pk, {})
    breakdown = breakdown_for(
        community_id=community.pk, framework=framework, snapshot=snapshot, qualitative=qualitative
    )
    return (
        framework,
        CommunityIndex(
            community=community,
            snapshot=snapshot,
            breakdown=breakdown,
            households=snapshot.households if snapshot else 0,
        ),
        scores,
    )


def indicator_by_code(framework: Framework) -> dict[str, Indicator]:
    return {indicator.code: indicator for indicator in framework.indicators}


def trend(community: Place) -> list[tuple[int, Decimal | None]]:
    """The community's index total year by year, from its snapshots (two queries)."""
    framework, _ = framework_in_force()
    snapshots = list(IndicatorSnapshot.objects.filter(community=community).order_by("year"))
    scores = list(QualitativeScore.objects.filter(community=community))
    by_year: dict[int, list[QualitativeScore]] = defaultdict(list)
    for score in scores:
        by_year[score.year].append(score)
    result: list[tuple[int, Decimal | None]] = []
    for snapshot in snapshots:
        qualitative = qualitative_measurements(framework, by_year[snapshot.year]).get(community.pk, {})
        breakdown = breakdown_for(
            community_id=community.pk, framework=framework, snapshot=snapshot, qualitative=qualitative
        )
        result.append((snapshot.year, breakdown.total))
    return result


def value_of(measurement: Measurement) -> Fraction | None:
    return None if isinstance(measurement, NoData) else measurement.value
