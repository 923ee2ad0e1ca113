"""Who may be registered to vote in an election: facts from the resident roll, judged by CW-3/CW-4 (JW-3).

Read-only; shared by the registration actions and the proposals page.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import QuerySet

from yishi.decisions.domain.elections import RegistrantFacts, RegistrationOutcome, evaluate_registration
from yishi.decisions.domain.errors import DomainError
from yishi.decisions.domain.profiles import ElectionProfile
from yishi.elections import rules
from yishi.elections.models import Election, RegistrationDay, RegistrationStatus, VoterRegistration
from yishi.people.models import Person, ResidenceStatus
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place


class ProposalState(StrEnum):
    READY = "ready"
    NEEDS_APPLICATION = "needs_application"
    NOT_ELIGIBLE = "not_eligible"
    REGISTERED_ELSEWHERE = "registered_elsewhere"
    MISSING_DATA = "missing_data"
    REGISTERED = "registered"


@dataclass(frozen=True)
class Proposal:
    """One resident and what the rules say about registering them."""

    person: Person
    state: ProposalState
    outcome: RegistrationOutcome | None
    problem: str = ""

    @property
    def outcome_lines(self) -> list[rules.Line]:
        return rules.lines(self.outcome) if self.outcome is not None else []


def period_days(election: Election) -> list[datetime.date]:
    """Every day from registration opening to election day: the period a registration claims."""
    span = (election.election_day - election.registration_opens_on).days
    return [election.registration_opens_on + datetime.timedelta(days=offset) for offset in range(span + 1)]


def residents_of(community: Place) -> QuerySet[Person]:
    """Active people whose home lies in the community."""
    low, high = subtree_bounds(community.path)
    return Person.objects.filter(is_active=True, home__path__gte=low, home__path__lt=high).select_related("home")


def registered_elsewhere_ids(election: Election, person_ids: Iterable[int]) -> set[int]:
    """People already on another roll of the same kind for a day of this election's period."""
    return set(
        RegistrationDay.objects.filter(
            person_id__in=list(person_ids),
            kind=election.kind,
            day__gte=election.registration_opens_on,
            day__lte=election.election_day,
        )
        .exclude(registration__election=election)
        .values_list("person_id", flat=True)
    )


def facts_for(
    person: Person,
    election: Election,
    *,
    hukou_here: bool,
    lives_here: bool,
    registered_elsewhere: bool,
    expressed_wish: bool = False,
    applied: bool = False,
    assembly_agreed: bool = False,
) -> RegistrantFacts:
    assert person.birth_date is not None
    return RegistrantFacts(
        birth_date=person.birth_date,
        hukou_here=hukou_here,
        lives_here=lives_here,
        registered_elsewhere=registered_elsewhere,
        deprived_of_political_rights=not person.has_political_rights,
        expressed_wish=expressed_wish,
        applied=applied,
        assembly_agreed=assembly_agreed,
        resident_since=person.resident_since if lives_here else None,
    )


def judge(
    person: Person,
    election: Election,
    *,
    hukou_here: bool,
    lives_here: bool,
    registered_elsewhere: bool,
    expressed_wish: bool = False,
    applied: bool = False,
    assembly_agreed: bool = False,
    profile: ElectionProfile | None = None,
) -> RegistrationOutcome:
    """The rules' verdict on registering a person (raises DomainError when facts are missing or impossible)."""
    facts = facts_for(
        person,
        election,
        hukou_here=hukou_here,
        lives_here=lives_here,
        registered_elsewhere=registered_elsewhere,
        expressed_wish=expressed_wish,
        applied=applied,
        assembly_agreed=assembly_agreed,
    )
    return evaluate_registration(
        facts=facts, election_day=election.election_day, profile=profile or rules.profile_for(election)
    )


_APPLICATION_CODES = frozenset({"election.registration.applied", "election.registration.assembly_agreed"})


def list_proposals(election: Election) -> list[Proposal]:
    """Every resident of the community with the verdict for registering them as living here."""
    people = list(residents_of(election.community).order_by("name", "id"))
    registered = set(
        VoterRegistration.objects.filter(election=election, status=RegistrationStatus.REGISTERED).values_list(
            "person_id", flat=True
        )
    )
    elsewhere = registered_elsewhere_ids(election, [person.pk for person in people])
    profile = rules.profile_for(election)
    proposals: list[Proposal] = []
    for person in people:
        if person.pk in registered:
            proposals.append(Proposal(person=person, state=ProposalState.REGISTERED, outcome=None))
            continue
        if person.birth_date is None:
            proposals.append(
                Proposal(person=person, state=ProposalState.MISSING_DATA, outcome=None, problem="birth_date")
            )
            continue
        try:
            outcome = judge(
                person,
                election,
                hukou_here=person.residence_status == ResidenceStatus.REGISTERED,
                lives_here=True,
                registered_elsewhere=person.pk in elsewhere,
                profile=profile,
            )
        except DomainError as error:
            proposals.append(
                Proposal(person=person, state=ProposalState.MISSING_DATA, outcome=None, problem=error.field or "")
            )
            continue
        proposals.append(Proposal(person=person, state=_state(outcome, person.pk in elsewhere), outcome=outcome))
    return proposals


def _state(outcome: RegistrationOutcome, elsewhere: bool) -> ProposalState:
    if outcome.registrable:
        return ProposalState.READY
    if elsewhere:
        return ProposalState.REGISTERED_ELSEWHERE
    failing = {item.code for item in outcome.conditions if not item.passed}
    if failing and failing <= _APPLICATION_CODES:
        return ProposalState.NEEDS_APPLICATION
    return ProposalState.NOT_ELIGIBLE


def eligible_count(election: Election) -> int:
    """Residents who should be on this roll (应登记选民): those ready, those who may still apply, those
    registered; plus people registered here who live elsewhere. People on another roll are not counted."""
    counted = {ProposalState.READY, ProposalState.NEEDS_APPLICATION, ProposalState.REGISTERED}
    residents = sum(1 for proposal in list_proposals(election) if proposal.state in counted)
    away = (
        VoterRegistration.objects.filter(election=election, status=RegistrationStatus.REGISTERED)
        .exclude(person__in=residents_of(election.community))
        .count()
    )
    return residents + away
