"""Reads of the elections app, shared by pages and the API."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from yishi.elections.models import (
    AnnualReview,
    Ballot,
    BallotMark,
    Candidate,
    CandidateStatus,
    Election,
    Mandate,
    Phase,
    Proxy,
    RecallRequest,
    RegistrationStatus,
    Round,
    RoundStatus,
    VoterRegistration,
)
from yishi.places.models import Place, PlaceKind


def group_index(community: Place) -> Callable[[Place | None], str]:
    """A function naming the villagers' group or compound of a home, from one query of the community's compounds."""
    compounds = sorted(
        Place.objects.within(community).filter(kind=PlaceKind.COMPOUND).values_list("path", "name"),
        key=lambda item: -len(item[0]),
    )

    def name(home: Place | None) -> str:
        if home is None:
            return gettext("No group recorded")
        for path, compound in compounds:
            if home.path.startswith(path):
                return compound
        return gettext("Not in a group")

    return name


def list_public_elections(*, community: Place | None = None) -> QuerySet[Election]:
    """Elections whose roll is published (what the public may follow), newest first."""
    queryset = Election.objects.exclude(phase=Phase.PLANNING).select_related("community", "community__parent")
    if community is not None:
        queryset = queryset.filter(community=community)
    return queryset.order_by("-election_day", "-pk")


def list_managed_elections(*, places: QuerySet[Place] | None, person_id: int | None) -> QuerySet[Election]:
    """Elections at or below the places where the user manages elections, or whose committee they sit on."""
    query = Q(pk__in=[])
    if places is not None:
        for place in places:
            query |= Q(community__path__startswith=place.path)
    if person_id is not None:
        query |= Q(committee_members__person_id=person_id, committee_members__left_on__isnull=True)
    return Election.objects.filter(query).distinct().select_related("community").order_by("-election_day", "-pk")


def get_election(election_id: int) -> Election | None:
    return (
        Election.objects.select_related(
            "community", "community__parent", "roll_notice", "candidate_notice", "result_notice"
        )
        .prefetch_related("seat_plans")
        .filter(pk=election_id)
        .first()
    )


def list_candidates(election: Election, *, accepted_only: bool = False) -> QuerySet[Candidate]:
    queryset = (
        Candidate.objects.filter(election=election)
        .select_related("person", "person__home")
        .annotate(nominator_count=Count("nominations"))
        .order_by("post", "ballot_order", "person__name", "pk")
    )
    if accepted_only:
        queryset = queryset.filter(status=CandidateStatus.ACCEPTED)
    return queryset


def list_rounds(election: Election) -> QuerySet[Round]:
    return (
        Round.objects.filter(election=election)
        .prefetch_related("seats", Prefetch("options", queryset=_options()))
        .annotate(marks=Count("register_marks", distinct=True))
        .order_by("number")
    )


def _options() -> Any:
    from yishi.elections.models import RoundOption

    return RoundOption.objects.select_related("candidate", "candidate__person").order_by("post", "order", "pk")


def get_round(round_id: int) -> Round | None:
    return (
        Round.objects.select_related("election", "election__community", "recall", "recall__mandate__person")
        .prefetch_related("seats", Prefetch("options", queryset=_options()), "mobile_boxes", "batches")
        .filter(pk=round_id)
        .first()
    )


@dataclass(frozen=True)
class PublishedBallot:
    receipt: str
    choices: list[str]


def list_published_ballots(round_: Round) -> list[PublishedBallot]:
    """The ballot list of a counted round: receipt code and choices, ordered by receipt (order carries nothing)."""
    if round_.status != RoundStatus.COUNTED:
        return []
    names: dict[str, list[str]] = {}
    marks = (
        BallotMark.objects.filter(ballot__round=round_)
        .select_related("option", "option__candidate__person")
        .values_list("ballot__receipt", "option__kind", "option__candidate__person__name", "option__post")
    )
    for receipt, kind, name, _post in marks:
        names.setdefault(receipt, []).append(name or _recall_label(kind))
    return [
        PublishedBallot(receipt=receipt, choices=sorted(names.get(receipt, [])))
        for receipt in Ballot.objects.filter(round=round_).order_by("receipt").values_list("receipt", flat=True)
    ]


def _recall_label(kind: str) -> str:
    from yishi.elections.models import OptionKind, label_of

    return label_of(kind, OptionKind)


def find_ballot(round_: Round, receipt: str) -> PublishedBallot | None:
    for ballot in list_published_ballots(round_):
        if ballot.receipt == receipt:
            return ballot
    return None


@dataclass(frozen=True)
class MyElection:
    """What one person sees of an election: their registration, the candidates, and any ballot they may cast."""

    election: Election
    registration: VoterRegistration | None
    open_round: Round | None
    has_voted: bool
    proxies_held: list[Proxy]
    proxies_voted: set[int]
    candidacy: Candidate | None


def my_elections(person_id: int) -> list[MyElection]:
    """The elections a person is on the roll of, or that are under way in their community."""
    from yishi.people.models import Person

    person = Person.objects.select_related("home").filter(pk=person_id).first()
    if person is None:
        return []
    registrations = {
        item.election_id: item
        for item in VoterRegistration.objects.filter(person=person, status=RegistrationStatus.REGISTERED)
    }
    query = Q(pk__in=list(registrations))
    if person.home is not None:
        for community in person.home.ancestors().filter(kind=PlaceKind.COMMUNITY):
            query |= Q(community=community)
    elections = Election.objects.filter(query).select_related("community").order_by("-election_day", "-pk")[:10]
    result: list[MyElection] = []
    for election in elections:
        registration = registrations.get(election.pk)
        open_round = election.rounds.filter(status=RoundStatus.OPEN).order_by("-number").first()
        voted = bool(
            registration and open_round and open_round.register_marks.filter(registration=registration).exists()
        )
        held = list(
            Proxy.objects.filter(election=election, holder__person=person, is_revoked=False).select_related(
                "grantor__person"
            )
        )
        proxies_voted: set[int] = set()
        if open_round is not None and held:
            proxies_voted = set(
                open_round.register_marks.filter(registration__in=[proxy.grantor for proxy in held]).values_list(
                    "registration_id", flat=True
                )
            )
        candidacy = Candidate.objects.filter(election=election, person=person).first()
        result.append(
            MyElection(
                election=election,
                registration=registration,
                open_round=open_round,
                has_voted=voted,
                proxies_held=held,
                proxies_voted=proxies_voted,
                candidacy=candidacy,
            )
        )
    return result


def list_mandates(community: Place, *, current: bool = True) -> QuerySet[Mandate]:
    queryset = Mandate.objects.filter(election__community=community).select_related("person", "election")
    if current:
        queryset = queryset.filter(ended_on__isnull=True)
    return queryset.order_by("ended_on", "post", "person__name")


def list_recalls(community: Place) -> QuerySet[RecallRequest]:
    return (
        RecallRequest.objects.filter(mandate__election__community=community)
        .select_related("mandate", "mandate__person")
        .annotate(signer_count=Count("signers"))
        .order_by("-lodged_on", "-pk")
    )


def list_reviews(community: Place) -> QuerySet[AnnualReview]:
    return AnnualReview.objects.filter(community=community).order_by("-year")
