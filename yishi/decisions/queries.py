"""Reads about votes, shared by pages, the API and the front-page hooks."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from yishi.decisions.domain import basis as basis_rules
from yishi.decisions.domain.explain import explanation
from yishi.decisions.domain.meetings import VillageMatter as VillageMatterName
from yishi.decisions.domain.meetings import VillagersAssemblyMode
from yishi.decisions.domain.owners import OwnersMatter as OwnersMatterName
from yishi.decisions.domain.village import (
    FourTwoOutcome,
    FourTwoSettings,
    PartyMeeting,
    Resolution,
    StepRecord,
    evaluate_four_two,
)
from yishi.decisions.domain.village import FourTwoStep as StepName
from yishi.decisions.domain.village import ResolvingBody as BodyName
from yishi.decisions.models import (
    Authority,
    AuthorityKind,
    Ballot,
    FourTwoRecord,
    FourTwoSequence,
    Participation,
    RollEntry,
    RollVoter,
    Vote,
    VoteStatus,
)
from yishi.matters.models import Matter
from yishi.people.domain.roles import Capability
from yishi.people.models import Role, RoleAssignment
from yishi.people.permissions import can, scope_filter
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place, PlaceKind

B = basis_rules.VoteBasis


def get_vote(vote_id: int) -> Vote | None:
    return (
        Vote.objects.select_related("place", "place__parent", "community", "matter", "roll_notice", "result_notice")
        .filter(pk=vote_id)
        .first()
    )


def can_manage(user: Any, vote: Vote) -> bool:
    return bool(user.is_authenticated) and can(user, Capability.MANAGE_VOTE, vote.place)


def can_record(user: Any, vote: Vote) -> bool:
    return bool(user.is_authenticated) and can(user, Capability.RECORD_BALLOT, vote.place)


def can_count(user: Any, vote: Vote) -> bool:
    return can_manage(user, vote) or (bool(user.is_authenticated) and can(user, Capability.COUNT_BALLOTS, vote.place))


def list_staff_votes(user: Any) -> QuerySet[Vote]:
    """Votes at the places where the user manages votes or records ballots, newest first."""
    if not user.is_authenticated:
        return Vote.objects.none()
    queryset = Vote.objects.select_related("place", "community")
    manage = scope_filter(user, Capability.MANAGE_VOTE, field="place__path")
    record = scope_filter(user, Capability.RECORD_BALLOT, field="place__path")
    if manage is not None and record is not None:
        queryset = queryset.filter(manage | record)
    return queryset.order_by("-opens_at", "-id")


def voted_filter(entry_field: str = "pk") -> Q:
    """Entries (or rows pointing at entries) that have a named ballot or a secret participation mark."""
    return Q(Exists(Ballot.objects.filter(entry_id=OuterRef(entry_field)))) | Q(
        Exists(Participation.objects.filter(entry_id=OuterRef(entry_field)))
    )


@dataclass(frozen=True, kw_only=True)
class MyVote:
    """A vote the person is on the roll of (or holds an authority for), and whether each line has voted."""

    vote: Vote
    entries: list[RollEntry]
    voted: bool


def _my_entry_ids(person_id: int, *, vote_filter: Q) -> dict[int, set[int]]:
    chosen_elsewhere = Authority.objects.filter(
        entry_id=OuterRef("entry_id"), kind=AuthorityKind.CHOSEN_CO_OWNER
    ).exclude(person_id=person_id)
    own = (
        RollVoter.objects.filter(person_id=person_id)
        .filter(vote_filter)
        .exclude(Exists(chosen_elsewhere))
        .values_list("vote_id", "entry_id")
    )
    agent = Authority.objects.filter(person_id=person_id, kind=AuthorityKind.AGENT).filter(vote_filter)
    found: dict[int, set[int]] = {}
    for vote_id, entry_id in [*own, *agent.values_list("vote_id", "entry_id")]:
        found.setdefault(vote_id, set()).add(entry_id)
    return found


def list_my_votes(person_id: int | None, *, limit: int = 50) -> list[MyVote]:
    """The votes a person may vote in (opened ones), newest first, with whether they voted."""
    if person_id is None:
        return []
    found = _my_entry_ids(person_id, vote_filter=~Q(vote__status=VoteStatus.DRAFT))
    if not found:
        return []
    votes = Vote.objects.select_related("place", "community").filter(pk__in=found).order_by("-opens_at", "-id")[:limit]
    all_entries = [entry_id for ids in found.values() for entry_id in ids]
    entries = RollEntry.objects.filter(pk__in=all_entries).annotate(has_voted=voted_filter()).order_by("number")
    by_vote: dict[int, list[RollEntry]] = {}
    for entry in entries:
        by_vote.setdefault(entry.vote_id, []).append(entry)
    return [
        MyVote(
            vote=vote,
            entries=by_vote.get(vote.pk, []),
            voted=all(getattr(entry, "has_voted", False) for entry in by_vote.get(vote.pk, [])),
        )
        for vote in votes
    ]


def awaiting_ballots(person_id: int | None) -> list[Vote]:
    """Open ballot votes, inside their window, in which the person may still cast a line that has not voted."""
    if person_id is None:
        return []
    now = timezone.now()
    live = Q(vote__status=VoteStatus.OPEN, vote__opens_at__lte=now, vote__closes_at__gt=now) & ~Q(
        vote__basis__in=[basis.value for basis in basis_rules.MEETING_BASES]
    )
    found = _my_entry_ids(person_id, vote_filter=live)
    if not found:
        return []
    pending = (
        RollEntry.objects.filter(pk__in=[entry for ids in found.values() for entry in ids])
        .exclude(voted_filter())
        .values_list("vote_id", flat=True)
    )
    return list(Vote.objects.filter(pk__in=set(pending)).order_by("closes_at"))


def votes_to_close(user: Any) -> QuerySet[Vote]:
    """Open votes past their closing time, and counted ones not yet published, where the user manages votes."""
    if not user.is_authenticated:
        return Vote.objects.none()
    now = timezone.now()
    queryset = Vote.objects.filter(
        Q(status=VoteStatus.OPEN, closes_at__lte=now) | Q(status__in=[VoteStatus.CLOSED, VoteStatus.COUNTED])
    )
    scope = scope_filter(user, Capability.MANAGE_VOTE, field="place__path")
    if scope is not None:
        queryset = queryset.filter(scope)
    return queryset.order_by("closes_at")


def roll_entries(vote: Vote, *, search: str = "", with_status: bool = False) -> QuerySet[RollEntry]:
    """The frozen roll, by number; searched by name or unit; optionally with whether each line has voted."""
    queryset = RollEntry.objects.filter(vote=vote)
    search = search.strip()
    if search:
        queryset = queryset.filter(Q(name__contains=search) | Q(unit_label__contains=search))
    if with_status:
        queryset = queryset.annotate(has_voted=voted_filter())
        if vote.is_meeting:
            queryset = queryset.select_related("attendance")
    return queryset.order_by("number")


def latest_results(community: Place, *, limit: int = 5) -> list[Vote]:
    """The community's latest published results, for its public page."""
    return list(
        Vote.objects.filter(community=community, status=VoteStatus.PUBLISHED)
        .select_related("result", "place")
        .order_by("-published_at")[:limit]
    )


def open_votes_of(community: Place, *, limit: int = 5) -> list[Vote]:
    return list(
        Vote.objects.filter(community=community, status=VoteStatus.OPEN)
        .select_related("place")
        .order_by("closes_at")[:limit]
    )


# --- the basis of a matter's decision ---------------------------------------------------------------------

_SCOPE_REACH = {
    "single_compound": basis_rules.Reach.COMPOUND,
    "several_compounds": basis_rules.Reach.SEVERAL_COMPOUNDS,
    "whole_community": basis_rules.Reach.COMMUNITY,
    "several_communities": basis_rules.Reach.COMMUNITY,
}


def reach_of(matter: Matter) -> basis_rules.Reach:
    """How far the matter reaches: its place's kind, widened by the scope triage gave it."""
    kind = matter.place.kind
    if kind in (PlaceKind.BUILDING, PlaceKind.UNIT):
        return basis_rules.Reach.BUILDING
    if matter.scope in _SCOPE_REACH:
        return _SCOPE_REACH[matter.scope]
    return basis_rules.Reach.COMPOUND if kind == PlaceKind.COMPOUND else basis_rules.Reach.COMMUNITY


def _has_representatives(village: Place) -> bool:
    low, high = subtree_bounds(village.path)
    return RoleAssignment.objects.filter(
        role=Role.RESIDENT_REPRESENTATIVE, place__path__gte=low, place__path__lt=high, ends_on__isnull=True
    ).exists()


def suggest_for_matter(
    matter: Matter,
    *,
    owners_matter: str | None = None,
    village_matter: str = VillageMatterName.OTHER,
    representatives_authorised: bool = False,
) -> basis_rules.BasisSuggestion:
    """The domain's proposal of the basis for deciding the matter (staff confirm it)."""
    village = matter.community.is_rural
    facts = basis_rules.MatterFacts(
        reach=reach_of(matter),
        is_rural=village,
        owners_matter=OwnersMatterName(owners_matter) if owners_matter else None,
        village_matter=VillageMatterName(village_matter or VillageMatterName.OTHER),
        has_representatives_assembly=village and _has_representatives(matter.community),
        representatives_authorised=representatives_authorised,
    )
    return basis_rules.suggest_basis(facts=facts)


# --- 四议两公开 -------------------------------------------------------------------------------------------


def _resolution(vote: Vote) -> Resolution | None:
    result = getattr(vote, "result", None)
    if result is None:
        return None
    body = (
        BodyName.VILLAGER_REPRESENTATIVES
        if vote.basis == B.VILLAGER_REPRESENTATIVES or vote.resolving_body == BodyName.VILLAGER_REPRESENTATIVES
        else BodyName.VILLAGERS_ASSEMBLY
    )
    figures = result.figures
    return Resolution(
        body=body,
        base=int(figures["roll_size"]),
        present=int(figures.get("present", 0)),
        yes=int(figures["ballots"]["agree"]),
        mode=VillagersAssemblyMode(vote.villagers_mode or VillagersAssemblyMode.INDIVIDUAL),
        matter=VillageMatterName(vote.village_matter),
        authorised=vote.authorised,
    )


def sequence_records(sequence: FourTwoSequence) -> list[FourTwoRecord]:
    return list(
        sequence.records.select_related("resolution_vote", "resolution_vote__result", "notice").order_by("position")
    )


def evaluate_sequence(sequence: FourTwoSequence, *, extra: FourTwoRecord | None = None) -> FourTwoOutcome:
    """Where the matter stands in 四议两公开 (SY-1), with the resolution's validity (CW-19, CW-24, CW-21)."""
    records: Iterable[FourTwoRecord] = sequence_records(sequence) + ([extra] if extra is not None else [])
    steps: list[StepRecord] = []
    resolution: Resolution | None = None
    party: PartyMeeting | None = None
    for record in records:
        steps.append(StepRecord(step=StepName(record.step), on=record.on))
        if record.resolution_vote is not None:
            resolution = _resolution(record.resolution_vote)
        if record.party_members is not None and record.party_present is not None:
            party = PartyMeeting(members=record.party_members, present=record.party_present)
    settings = FourTwoSettings()
    if sequence.allow_merged_proposal:
        settings = FourTwoSettings(allow_merged_proposal=settings.allow_merged_proposal.customised(True))
    return evaluate_four_two(steps=steps, resolution=resolution, party_meeting=party, settings=settings)


def sequence_explanation(outcome: FourTwoOutcome) -> dict[str, tuple[str, ...]]:
    return explanation(outcome)


def list_sequences(user: Any) -> QuerySet[FourTwoSequence]:
    if not user.is_authenticated:
        return FourTwoSequence.objects.none()
    queryset = FourTwoSequence.objects.select_related("matter", "village")
    scope = scope_filter(user, Capability.MANAGE_VOTE, field="village__path")
    if scope is not None:
        queryset = queryset.filter(scope)
    return queryset.order_by("-created_at")


def village_matters_without_sequence(user: Any, *, limit: int = 20) -> list[Matter]:
    """Open matters of the villages where the user manages votes that have no 四议两公开 record yet."""
    if not user.is_authenticated:
        return []
    queryset = Matter.objects.filter(community__is_rural=True, four_two__isnull=True).exclude(
        status__in=["closed", "declined", "answered_directly", "merged", "referred", "replied", "proposed"]
    )
    scope = scope_filter(user, Capability.MANAGE_VOTE, field="community__path")
    if scope is not None:
        queryset = queryset.filter(scope)
    return list(queryset.select_related("community").order_by("-created_at")[:limit])
