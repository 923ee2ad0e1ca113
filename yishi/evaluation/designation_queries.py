"""Reads of the designation programme: an expert's ties to places, a unit's indicator snapshot, the ranking of a
programme's cases with the figures behind each rank, the case library, and the designations shown on public pages.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from yishi.evaluation.designation_models import (
    Designation,
    DesignationKind,
    Programme,
    ProgrammeStage,
    Review,
    ReviewerAssignment,
    Submission,
    SubmissionStatus,
)
from yishi.evaluation.domain.designation import (
    AggregationRule,
    ReviewAggregate,
    ReviewScore,
    Shortlist,
    ShortlistRule,
    Tie,
    TieKind,
    aggregate_reviews,
    propose_shortlist,
    rank_reviews,
    ties_within,
)
from yishi.evaluation.domain.framework import Framework
from yishi.evaluation.domain.scoring import Ranking
from yishi.evaluation.index_framework import framework_from_data, framework_to_data, measurement_to_data
from yishi.evaluation.index_models import IndicatorSnapshot
from yishi.evaluation.index_queries import area_index, community_index
from yishi.people.domain.roles import Capability
from yishi.people.models import Ownership, RoleAssignment
from yishi.people.permissions import places_where, today
from yishi.places.models import Place, PlaceKind

# --- conflicts of interest ------------------------------------------------------------------------------------


def ties_of(user: Any) -> list[Tie]:
    """The places an expert is tied to today: where they hold a role, where they live, the dwellings they own."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    day = today()
    ties = [
        Tie(kind=TieKind.ROLE, place_id=item.place_id, place_path=item.place.path)
        for item in RoleAssignment.objects.filter(person_id=person_id, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("place")
        .order_by("place__path", "pk")
    ]
    home = Place.objects.filter(residents__pk=person_id).first()
    if home is not None:
        ties.append(Tie(kind=TieKind.RESIDENCE, place_id=home.pk, place_path=home.path))
    ties += [
        Tie(kind=TieKind.OWNERSHIP, place_id=item.unit_id, place_path=item.unit.path)
        for item in Ownership.objects.filter(owner_id=person_id).select_related("unit").order_by("unit__path")
    ]
    return ties


def conflicting_ties(user: Any, unit: Place) -> tuple[Tie, ...]:
    """The expert's ties at the unit or inside it; any one bars them from reviewing its case."""
    return ties_within(ties=ties_of(user), unit_path=unit.path)


# --- the framework of a programme and the unit's indicators ---------------------------------------------------


def programme_framework(programme: Programme) -> Framework:
    """The framework fixed when the programme was created."""
    return framework_from_data(programme.framework_definition)


def _text(text: Any) -> dict[str, str]:
    return {"zh_hans": text.zh_hans, "en": text.en}


def indicator_snapshot_of(unit: Place, year: int) -> dict[str, Any]:
    """A copy of the unit's index for the year as JSON: for a community its indicators, figures and points; for a
    street its total and each community's. Missing community snapshots are computed first."""
    from yishi.evaluation.index_actions import compute_snapshot

    communities = (
        [unit] if unit.kind == PlaceKind.COMMUNITY else list(Place.objects.within(unit).of_kind(PlaceKind.COMMUNITY))
    )
    have = set(
        IndicatorSnapshot.objects.filter(community__in=communities, year=year).values_list("community_id", flat=True)
    )
    for community in communities:
        if community.pk not in have:
            compute_snapshot(community_id=community.pk, year=year)
    data: dict[str, Any] = {"year": year, "unit_kind": unit.kind, "taken_at": timezone.now().isoformat()}
    if unit.kind == PlaceKind.COMMUNITY:
        framework, item, _scores = community_index(unit, year)
        breakdown = item.breakdown
        data["framework_version"] = framework.version
        data["total"] = None if breakdown.total is None else str(breakdown.total)
        data["households"] = item.households
        data["dimensions"] = [
            {"code": dimension.code, "name": _text(dimension.name), "points": _points(score.points)}
            for dimension, score in zip(framework.dimensions, breakdown.dimensions, strict=True)
        ]
        data["indicators"] = [
            {
                "code": indicator.code,
                "dimension": dimension.code,
                "name": _text(indicator.name),
                "unit": str(indicator.unit),
                "measurement": measurement_to_data(breakdown.indicator(indicator.code).measurement),
                "points": _points(breakdown.indicator(indicator.code).points),
            }
            for dimension in framework.dimensions
            for indicator in dimension.indicators
        ]
        return data
    index = area_index(unit, year)
    rollup = index.street_rollups.get(unit.pk)
    data["framework_version"] = index.framework.version
    data["total"] = None if rollup is None or rollup.total is None else str(rollup.total)
    data["households"] = rollup.households if rollup else 0
    data["members"] = [
        {"id": item.community.pk, "name": item.community.name, "total": _points(item.breakdown.total)}
        for item in sorted(index.communities.values(), key=lambda item: item.community.path)
    ]
    return data


def _points(points: Decimal | None) -> str | None:
    return None if points is None else str(points)


def framework_data(framework: Framework) -> dict[str, Any]:
    return framework_to_data(framework)


# --- programmes and cases -------------------------------------------------------------------------------------


def list_programmes() -> QuerySet[Programme]:
    return Programme.objects.select_related("district").order_by("-year", "-id")


def get_programme(programme_id: int) -> Programme | None:
    return Programme.objects.select_related("district").filter(pk=programme_id).first()


def get_submission(submission_id: int) -> Submission | None:
    return (
        Submission.objects.select_related("programme__district", "unit__parent", "submitted_by")
        .filter(pk=submission_id)
        .first()
    )


def list_submissions(programme: Programme, *, active_only: bool = False) -> QuerySet[Submission]:
    submissions = Submission.objects.filter(programme=programme).select_related("unit__parent")
    if active_only:
        submissions = submissions.filter(status=SubmissionStatus.SUBMITTED)
    return submissions.prefetch_related(
        Prefetch("assignments", queryset=ReviewerAssignment.objects.order_by("assigned_at", "pk")),
        Prefetch("reviews", queryset=Review.objects.order_by("reviewed_at", "pk")),
    ).order_by("unit__path", "pk")


def assignments_of(user: Any) -> QuerySet[ReviewerAssignment]:
    """The cases an expert is assigned to, newest programme first."""
    return (
        ReviewerAssignment.objects.filter(expert=user, submission__status=SubmissionStatus.SUBMITTED)
        .select_related("submission__programme", "submission__unit")
        .order_by("-submission__programme__year", "submission__unit__path", "pk")
    )


def reviews_of(submission: Submission) -> list[Review]:
    return list(submission.reviews.prefetch_related("marks").order_by("reviewed_at", "pk"))


@dataclass(frozen=True)
class KindRanking:
    """The ranking of one kind of designation (bases or stations) and the shortlist its rule proposes."""

    kind: str
    label: str
    quota: int
    ranking: Ranking[ReviewAggregate]
    shortlist: Shortlist[ReviewAggregate]
    submissions: dict[int, Submission]
    short_of_reviews: list[Submission]


def programme_ranking(programme: Programme) -> list[KindRanking]:
    """Each kind's ranking by the experts' trimmed mean, with every score counted or dropped, and the shortlist the
    programme's threshold and quota propose. Cases with fewer reviews than needed are listed apart, unranked."""
    submissions = list(list_submissions(programme, active_only=True))
    rule = AggregationRule(trim_from=programme.trim_from)
    result = []
    for kind, label in DesignationKind.choices:
        of_kind = [submission for submission in submissions if submission.kind == kind]
        ready = [s for s in of_kind if len(s.reviews.all()) >= max(programme.minimum_reviews, 1)]
        short = [s for s in of_kind if s not in ready]
        aggregates = [
            aggregate_reviews(
                unit_id=submission.pk,
                reviews=[
                    ReviewScore(expert_id=review.expert_id, unit_id=submission.pk, score=review.points)
                    for review in submission.reviews.all()
                ],
                rule=rule,
            )
            for submission in ready
        ]
        ranking = rank_reviews(aggregates=aggregates)
        quota = programme.base_quota if kind == DesignationKind.BASE else programme.station_quota
        shortlist = propose_shortlist(
            ranking=ranking, rule=ShortlistRule(threshold=programme.threshold, quota=max(quota, 1))
        )
        if quota == 0:
            # No seats for this kind this year: nobody is proposed, everyone stays ranked.
            shortlist = Shortlist(
                proposed=(),
                tied_at_cutoff=(),
                seats_for_tied=0,
                over_quota=ranking.entries,
                below_threshold=(),
                rule=shortlist.rule,
            )
        result.append(
            KindRanking(
                kind=kind,
                label=str(label),
                quota=quota,
                ranking=ranking,
                shortlist=shortlist,
                submissions={submission.pk: submission for submission in of_kind},
                short_of_reviews=short,
            )
        )
    return result


def programme_officers(district: Place) -> list[Any]:
    """The active users who may run the district's programmes today: a role granting MANAGE_PROGRAMME held at the
    district or above it (the administrators of the platform are not counted: they are not the district's staff)."""
    from django.contrib.auth import get_user_model

    from yishi.people.domain.roles import roles_granting

    ancestors = [district.path[: index + 1] for index, char in enumerate(district.path) if char == "/"]
    day = today()
    person_ids = (
        RoleAssignment.objects.filter(
            role__in=[str(role) for role in roles_granting(Capability.MANAGE_PROGRAMME)],
            place__path__in=ancestors,
            starts_on__lte=day,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .values("person_id")
    )
    users = get_user_model().objects.filter(person_id__in=person_ids, is_active=True).select_related("person")
    return list(users.order_by("pk"))


@dataclass(frozen=True)
class ApprovalCheck:
    """Whether a user may approve a proposed shortlist, and why: the proposer approves only when they are the
    district's only programme officer (`alone`); `others` are those who may approve instead."""

    allowed: bool
    is_proposer: bool
    alone: bool
    others: tuple[Any, ...]


def approval_check(user: Any, programme: Programme) -> ApprovalCheck:
    """Separation of duties: the officer who proposed the shortlist does not approve it, unless nobody else can."""
    if programme.proposed_by_id is None or programme.proposed_by_id != getattr(user, "pk", None):
        return ApprovalCheck(allowed=True, is_proposer=False, alone=False, others=())
    others = tuple(officer for officer in programme_officers(programme.district) if officer.pk != user.pk)
    return ApprovalCheck(allowed=not others, is_proposer=True, alone=not others, others=others)


# --- what awaits a person: cases to review, cases to submit, shortlists to approve ----------------------------


def cases_to_review(user: Any) -> list[tuple[Programme, int]]:
    """Each programme under review with the number of cases assigned to the expert that they have not scored yet."""
    from django.db.models import Count, Exists, OuterRef

    scored = Review.objects.filter(submission_id=OuterRef("submission_id"), expert_id=user.pk)
    rows = (
        ReviewerAssignment.objects.filter(
            expert_id=user.pk,
            submission__status=SubmissionStatus.SUBMITTED,
            submission__programme__stage=ProgrammeStage.REVIEW,
        )
        .exclude(Exists(scored))
        .values("submission__programme_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["submission__programme_id"]: row["count"] for row in rows}
    programmes = Programme.objects.filter(pk__in=counts).order_by("review_ends_on", "pk")
    return [(programme, counts[programme.pk]) for programme in programmes]


def cases_to_submit(user: Any) -> list[tuple[Programme, list[Place]]]:
    """Each programme open for submissions (not yet past its closing day) with the units the user answers for that
    have no case in it: the communities and streets where the user holds a role granting SUBMIT_CASE (a street
    officer answers for the street's case, the communities' committees for their own)."""
    units = [
        place
        for place in places_where(user, Capability.SUBMIT_CASE).order_by("path")
        if place.kind in (PlaceKind.COMMUNITY, PlaceKind.STREET)
    ]
    if not units:
        return []
    open_programmes = list(
        Programme.objects.filter(stage=ProgrammeStage.OPEN, submissions_close_on__gte=timezone.localdate())
        .select_related("district")
        .order_by("submissions_close_on", "pk")
    )
    if not open_programmes:
        return []
    submitted = set(
        Submission.objects.filter(
            programme__in=open_programmes, unit__in=units, status=SubmissionStatus.SUBMITTED
        ).values_list("programme_id", "unit_id")
    )
    result = []
    for programme in open_programmes:
        missing = [
            unit
            for unit in units
            if unit.path.startswith(programme.district.path) and (programme.pk, unit.pk) not in submitted
        ]
        if missing:
            result.append((programme, missing))
    return result


def shortlists_to_approve(user: Any) -> list[Programme]:
    """The proposed shortlists of the districts where the user runs programmes and may approve them (not the ones
    they proposed themselves while another officer can approve)."""
    districts = [place for place in places_where(user, Capability.MANAGE_PROGRAMME) if place.kind == PlaceKind.DISTRICT]
    if not districts:
        return []
    waiting = Q(pk__in=[])
    for district in districts:
        waiting |= Q(district__path__startswith=district.path)
    programmes = Programme.objects.filter(waiting, stage=ProgrammeStage.SHORTLISTED).select_related("district")
    return [
        programme
        for programme in programmes.order_by("publication_on", "pk")
        if approval_check(user, programme).allowed
    ]


def list_designations(programme: Programme) -> QuerySet[Designation]:
    return Designation.objects.filter(programme=programme).select_related("unit__parent", "submission")


# --- the public side: badges and the case library -------------------------------------------------------------


def published_designations_for(community: Place) -> list[Designation]:
    """The published designations of a community and of its street, newest first."""
    units = [community.pk] + ([community.parent_id] if community.parent_id else [])
    return list(
        Designation.objects.filter(unit_id__in=units, is_published=True)
        .select_related("programme", "unit", "submission")
        .order_by("-programme__year", "unit__path", "pk")
    )


def library(*, text: str = "", theme: str = "", kind: str = "") -> QuerySet[Submission]:
    """Published cases (of designated units) matching a text and a theme, newest programme first."""
    cases = Submission.objects.filter(
        designation__is_published=True, programme__stage=ProgrammeStage.PUBLISHED
    ).select_related("programme", "unit__parent", "designation")
    if theme:
        cases = cases.filter(theme=theme)
    if kind:
        cases = cases.filter(kind=kind)
    for word in text.split()[:5]:
        matches = Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        cases = cases.filter(matches | Q(unit__name__icontains=word))
    return cases.order_by("-programme__year", "unit__path", "pk")


def library_case(submission_id: int) -> Submission | None:
    return library().prefetch_related("attachments").filter(pk=submission_id).first()


def is_in_library(submission: Submission) -> bool:
    return library().filter(pk=submission.pk).exists()


def theme_counts() -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for theme in library().values_list("theme", flat=True):
        counts[theme] += 1
    return dict(counts)
