"""Committee elections (CW-3 to CW-17, CW-28; JW-3 to JW-5, JW-8) under a rule profile."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from yishi.decisions.domain import citations, texts
from yishi.decisions.domain.committees import CLOSE_RELATIVES, RelationKind
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import (
    Condition,
    Explained,
    Quantity,
    assumption,
    bound,
    fact,
    ratio,
)
from yishi.decisions.domain.meetings import ProposalCount
from yishi.decisions.domain.numbers import Threshold, smallest_qualifying_count
from yishi.decisions.domain.profiles import (
    ElectionProfile,
    Electorate,
    Post,
    TieHandling,
    TooManyNames,
)
from yishi.decisions.domain.validation import validate_count, validate_part, validate_unique

ADULT_AGE = 18


class ElectionRound(StrEnum):
    """First round of voting, or the 另行选举 for unfilled seats (CW-10)."""

    FIRST = "first"
    RUNOFF = "runoff"


class RegistrationCategory(StrEnum):
    """CW-4: (a) 户籍 and residence here, (b) 户籍 here, away, wishes to vote, (c) resident without 户籍."""

    HUKOU_AND_RESIDENT = "hukou_and_resident"
    HUKOU_AWAY = "hukou_away"
    NON_HUKOU_RESIDENT = "non_hukou_resident"


class ByElectionBody(StrEnum):
    """Who holds a by-election (CW-17, JW-8)."""

    VILLAGERS_ASSEMBLY = "villagers_assembly"
    VILLAGER_REPRESENTATIVES = "villager_representatives"
    RESIDENTS_ASSEMBLY = "residents_assembly"


def anniversary(*, start: date, years: int) -> date:
    """The date `years` years after `start`; 29 February falls on 28 February (民法典第二百零二条)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 2, 28)


def completed_years(*, since: date, on: date) -> int:
    """Whole years from `since` to `on` (周岁), the anniversary itself included."""
    if since > on:
        raise DomainError(ErrorCode.DATE_ORDER, field="since", other="on")
    years = on.year - since.year
    return years if anniversary(start=since, years=years) <= on else years - 1


@dataclass(frozen=True)
class RegistrantFacts:
    """Facts about one person for voter registration (CW-3, CW-4; JW-3)."""

    birth_date: date
    hukou_here: bool
    lives_here: bool
    registered_elsewhere: bool = False
    deprived_of_political_rights: bool = False
    expressed_wish: bool = False
    applied: bool = False
    assembly_agreed: bool = False
    resident_since: date | None = None
    works_here_since: date | None = None


@dataclass(frozen=True, kw_only=True)
class RegistrationOutcome(Explained):
    """Whether a person has the right to vote and is to be put on the list of registered voters."""

    age: int
    has_voting_right: bool
    registrable: bool
    category: RegistrationCategory | None


@dataclass(frozen=True, kw_only=True)
class ValidityOutcome(Explained):
    """Whether a round of voting is valid: turnout (CW-7) and ballots in the box (CW-11)."""

    valid: bool
    turnout_met: bool
    ballot_count_ok: bool
    min_voters: int


@dataclass(frozen=True, kw_only=True)
class BallotOutcome(Explained):
    """Whether one ballot is valid, which posts on it are void, and the marks that count."""

    valid: bool
    void_posts: tuple[Post, ...]
    counted: Mapping[Post, tuple[str, ...]]


@dataclass(frozen=True, kw_only=True)
class WinnersOutcome(Explained):
    """First-round winners (CW-8, CW-9), any tie to re-vote, unfilled seats and run-off candidates (CW-10)."""

    elected: tuple[str, ...]
    majority_reached: tuple[str, ...]
    revote_candidates: tuple[str, ...]
    revote_seats: int
    unfilled_seats: int
    runoff_candidates: tuple[str, ...]
    runoff_possible: bool
    min_votes: int


@dataclass(frozen=True, kw_only=True)
class RunoffOutcome(Explained):
    """Result of a 另行选举 (CW-10): winners by most votes, each with at least one third of ballots cast."""

    valid: bool
    elected: tuple[str, ...]
    revote_candidates: tuple[str, ...]
    revote_seats: int
    unfilled_seats: int
    min_votes: int


@dataclass(frozen=True, kw_only=True)
class VacancyOutcome(Explained):
    """Whether unfilled seats must go to a run-off or may stay vacant (CW-10, local rules)."""

    unfilled_seats: int
    runoff_required: bool
    may_leave_vacant: bool
    assembly_decision_required: bool
    runoff_within_days: int | None


@dataclass(frozen=True, kw_only=True)
class CandidateListOutcome(Explained):
    """Whether the number of candidates for a post meets the 差额 rule (CW-6, local)."""

    valid: bool
    min_candidates: int
    max_candidates: int | None


@dataclass(frozen=True, kw_only=True)
class RecallStartOutcome(Explained):
    """Whether enough signatures with reasons were gathered to start a recall (CW-15)."""

    may_start: bool
    vote_within_days: int | None


@dataclass(frozen=True, kw_only=True)
class RecallVoteOutcome(Explained):
    """Whether a recall vote removed the member (CW-16; JW-8 for 居委会)."""

    recalled: bool
    turnout_met: bool
    approval_met: bool


@dataclass(frozen=True, kw_only=True)
class ByElectionOutcome(Explained):
    """Result of a by-election (CW-17); the person elected serves out the current term."""

    valid: bool
    elected: tuple[str, ...]
    revote_candidates: tuple[str, ...]
    revote_seats: int
    unfilled_seats: int


@dataclass(frozen=True)
class ProxyFacts:
    """Facts about one proxy (委托投票) under CW-13 and local rules."""

    grantor_registered: bool
    grantor_away: bool
    written: bool
    holder_has_voting_right: bool
    relation: RelationKind
    holder_is_candidate: bool = False
    holder_proxies_before: int = 0
    sub_delegation: bool = False
    arranged_on: date | None = None
    lists_published_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class ProxyOutcome(Explained):
    """Whether a proxy is valid, and whether the lists of proxies were published as required."""

    valid: bool
    publication_ok: bool
    max_proxies: int | None


@dataclass(frozen=True, kw_only=True)
class MobileBoxOutcome(Explained):
    """Whether a mobile ballot box (流动票箱) is properly staffed and authorised (CW-14)."""

    valid: bool


def evaluate_registration(
    *, facts: RegistrantFacts, election_day: date, profile: ElectionProfile
) -> RegistrationOutcome:
    """Voting right (age on election day, political rights) and registration category (CW-3, CW-4; JW-3)."""
    if facts.birth_date > election_day:
        raise DomainError(ErrorCode.DATE_ORDER, field="birth_date", other="election_day")
    for name, since in (
        ("resident_since", facts.resident_since),
        ("works_here_since", facts.works_here_since),
    ):
        if since is not None and since > election_day:
            raise DomainError(ErrorCode.DATE_ORDER, field=name, other="election_day")
    age = completed_years(since=facts.birth_date, on=election_day)
    rights_citation = citations.CW_3 if profile.electorate is Electorate.VILLAGE else citations.JW_3
    conditions: list[Condition] = [
        bound(
            code="election.registration.age",
            value=age,
            limit=ADULT_AGE,
            minimum=True,
            inclusive=True,
            citation=profile.age_reference,
            quantity=Quantity.AGE,
        ),
        fact(
            code="election.registration.political_rights",
            passed=not facts.deprived_of_political_rights,
            citation=rights_citation,
        ),
        fact(
            code="election.registration.not_registered_elsewhere",
            passed=not facts.registered_elsewhere,
            citation=profile.registration,
        ),
    ]
    has_right = conditions[0].passed and conditions[1].passed
    category, category_conditions = _category(facts=facts, election_day=election_day, profile=profile)
    conditions.extend(category_conditions)
    return RegistrationOutcome(
        age=age,
        has_voting_right=has_right,
        registrable=all(item.passed for item in conditions),
        category=category,
        conditions=tuple(conditions),
    )


def _category(
    *, facts: RegistrantFacts, election_day: date, profile: ElectionProfile
) -> tuple[RegistrationCategory | None, tuple[Condition, ...]]:
    if facts.hukou_here and facts.lives_here:
        return RegistrationCategory.HUKOU_AND_RESIDENT, (
            fact(code="election.registration.hukou_and_resident", passed=True, citation=profile.registration),
        )
    if facts.hukou_here:
        return RegistrationCategory.HUKOU_AWAY, (
            fact(
                code="election.registration.expressed_wish",
                passed=facts.expressed_wish,
                citation=profile.registration,
            ),
        )
    works = profile.work_counts_as_residence.value and facts.works_here_since is not None
    if not (facts.lives_here or works):
        return None, (fact(code="election.registration.category", passed=False, citation=profile.registration),)
    if profile.electorate is Electorate.RESIDENTS:
        return RegistrationCategory.NON_HUKOU_RESIDENT, (
            fact(code="election.registration.resident", passed=True, citation=profile.registration),
        )
    spans = [
        completed_years(since=since, on=election_day)
        for since in (
            facts.resident_since if facts.lives_here else None,
            facts.works_here_since if works else None,
        )
        if since is not None
    ]
    if not spans:
        raise DomainError(ErrorCode.MISSING_FIELD, field="resident_since")
    minimum = profile.non_hukou_min_years
    return RegistrationCategory.NON_HUKOU_RESIDENT, (
        bound(
            code="election.registration.residence_years",
            value=max(spans),
            limit=minimum.value,
            minimum=True,
            inclusive=True,
            citation=minimum.citation,
            quantity=Quantity.YEARS,
        ),
        fact(code="election.registration.applied", passed=facts.applied, citation=profile.registration),
        fact(
            code="election.registration.assembly_agreed",
            passed=facts.assembly_agreed,
            citation=profile.registration,
        ),
    )


def _turnout_conditions(
    *, registered: int, voters: int, ballots_in_box: int, profile: ElectionProfile, round_: ElectionRound
) -> tuple[Condition, ...]:
    conditions: list[Condition] = []
    if round_ is ElectionRound.FIRST or profile.runoff_requires_turnout.value:
        citation = (
            profile.turnout.citation if round_ is ElectionRound.FIRST else profile.runoff_requires_turnout.citation
        )
        conditions.append(
            ratio(
                code="election.validity.turnout",
                numerator=voters,
                denominator=registered,
                threshold=profile.turnout.value,
                citation=citation,
                quantity=Quantity.PERSONS,
            )
        )
    conditions.append(
        bound(
            code="election.validity.ballot_box",
            value=ballots_in_box,
            limit=voters,
            minimum=False,
            inclusive=True,
            citation=profile.ballot_box,
            quantity=Quantity.BALLOTS,
        )
    )
    return tuple(conditions)


def evaluate_validity(
    *,
    registered: int,
    voters: int,
    ballots_in_box: int,
    profile: ElectionProfile,
    round_: ElectionRound = ElectionRound.FIRST,
) -> ValidityOutcome:
    """CW-7 turnout > 1/2 of registered voters, and CW-11 no more ballots in the box than voters."""
    validate_count(registered, field="registered", positive=True)
    validate_count(voters, field="voters")
    validate_count(ballots_in_box, field="ballots_in_box")
    validate_part(voters, registered, field="voters", whole_field="registered")
    conditions = _turnout_conditions(
        registered=registered, voters=voters, ballots_in_box=ballots_in_box, profile=profile, round_=round_
    )
    turnout = [item for item in conditions if item.code == "election.validity.turnout"]
    turnout_met = all(item.passed for item in turnout)
    return ValidityOutcome(
        valid=all(item.passed for item in conditions),
        turnout_met=turnout_met,
        ballot_count_ok=conditions[-1].passed,
        min_voters=smallest_qualifying_count(total=registered, threshold=profile.turnout.value) if turnout else 0,
        conditions=conditions,
    )


def evaluate_ballot(
    *,
    marks: Mapping[Post, Sequence[str]],
    seats: Mapping[Post, int],
    profile: ElectionProfile,
    legible: bool = True,
) -> BallotOutcome:
    """CW-11: more names than seats voids the ballot (per profile); 浙江 also one person for two posts."""
    if not seats:
        raise DomainError(ErrorCode.EMPTY, field="seats")
    for post, count in seats.items():
        validate_count(count, field=f"seats.{post.value}", positive=True)
    for post, names in marks.items():
        if post not in seats:
            raise DomainError(ErrorCode.UNKNOWN_REFERENCE, field=f"marks.{post.value}")
        validate_unique(names, field=f"marks.{post.value}")
    conditions: list[Condition] = [fact(code="election.ballot.legible", passed=legible, citation=profile.ballot_box)]
    over = [
        bound(
            code="election.ballot.names",
            value=len(names),
            limit=seats[post],
            minimum=False,
            inclusive=True,
            citation=profile.too_many_names.citation,
            quantity=Quantity.PERSONS,
            subject=texts.POSTS[post.value].zh + " / " + texts.POSTS[post.value].en,
        )
        for post, names in marks.items()
    ]
    conditions.extend(over)
    over_posts = tuple(post for post, item in zip(marks, over, strict=True) if not item.passed)
    same_person_ok = True
    if profile.same_person_two_posts_void.value:
        named = [name for names in marks.values() for name in names]
        same_person_ok = len(named) == len(set(named))
        conditions.append(
            fact(
                code="election.ballot.one_post_per_person",
                passed=same_person_ok,
                citation=profile.same_person_two_posts_void.citation,
            )
        )
    void_ballot = profile.too_many_names.value is TooManyNames.VOID_BALLOT
    valid = legible and same_person_ok and (not over_posts or not void_ballot)
    void_posts = tuple(marks) if not valid else over_posts
    counted = {post: tuple(names) for post, names in marks.items() if post not in void_posts}
    notes = (
        assumption(
            code="election.ballot.too_many_names",
            value=texts.TOO_MANY_NAMES[profile.too_many_names.value.value],
            citation=profile.too_many_names.citation,
        ),
    )
    return BallotOutcome(
        valid=valid,
        void_posts=void_posts,
        counted=MappingProxyType(counted),
        conditions=tuple(conditions),
        assumptions=notes,
    )


def _validate_tallies(tallies: Mapping[str, int], *, total: int, seats: int, total_field: str) -> None:
    validate_unique(tallies, field="tallies")
    for name, votes in tallies.items():
        validate_count(votes, field=f"tallies.{name}")
        validate_part(votes, total, field=f"tallies.{name}", whole_field=total_field)
    if sum(tallies.values()) > total * seats:
        raise DomainError(ErrorCode.TOO_MANY_VOTES, field="tallies", other=total_field)


def _ranked(tallies: Mapping[str, int], names: Sequence[str]) -> list[str]:
    return sorted(names, key=lambda name: (-tallies[name], name))


def _fill(
    *, tallies: Mapping[str, int], qualified: Sequence[str], seats: int
) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """Highest vote-getters among `qualified` fill `seats`; a tie across the last seat is returned apart."""
    ranked = _ranked(tallies, qualified)
    if len(ranked) <= seats or tallies[ranked[seats]] < tallies[ranked[seats - 1]]:
        return tuple(ranked[:seats]), (), 0
    cut = tallies[ranked[seats - 1]]
    above = tuple(name for name in ranked if tallies[name] > cut)
    tied = tuple(name for name in ranked if tallies[name] == cut)
    return above, tied, seats - len(above)


def _tie_conditions(
    *, qualified: int, seats: int, tied: tuple[str, ...], profile: ElectionProfile
) -> tuple[Condition, ...]:
    conditions: list[Condition] = []
    if qualified > seats:
        conditions.append(fact(code="election.winners.ranked", passed=True, citation=profile.tie_handling.citation))
    if tied:
        conditions.append(fact(code="election.winners.tie", passed=False, citation=profile.tie_handling.citation))
    return tuple(conditions)


def _resolve_tie(
    *, elected: tuple[str, ...], tied: tuple[str, ...], tie_seats: int, seats: int, profile: ElectionProfile
) -> tuple[tuple[str, ...], int, int]:
    """(revote candidates, revote seats, unfilled seats) under the profile's tie handling."""
    if profile.tie_handling.value is TieHandling.REVOTE_AMONG_TIED:
        return tied, tie_seats, seats - len(elected) - tie_seats
    return (), 0, seats - len(elected)


def determine_winners(
    *, voters: int, seats: int, tallies: Mapping[str, int], profile: ElectionProfile, post: Post = Post.MEMBER
) -> WinnersOutcome:
    """CW-8: votes*2 > voters (everyone who voted, spoiled ballots included); CW-9 ranking and ties."""
    validate_count(voters, field="voters", positive=True)
    validate_count(seats, field="seats", positive=True)
    _validate_tallies(tallies, total=voters, seats=seats, total_field="voters")
    threshold = profile.winning.value
    conditions: list[Condition] = [
        ratio(
            code="election.winners.majority",
            numerator=tallies[name],
            denominator=voters,
            threshold=threshold,
            citation=profile.winning.citation,
            quantity=Quantity.VOTES,
            denominator_quantity=Quantity.PERSONS,
            subject=name,
        )
        for name in _ranked(tallies, list(tallies))
    ]
    qualified = [item.subject for item in conditions if item.passed and item.subject is not None]
    elected, tied, tie_seats = _fill(tallies=tallies, qualified=qualified, seats=seats)
    revote, revote_seats, unfilled = _resolve_tie(
        elected=elected, tied=tied, tie_seats=tie_seats, seats=seats, profile=profile
    )
    conditions.extend(_tie_conditions(qualified=len(qualified), seats=seats, tied=tied, profile=profile))
    pool = [name for name in _ranked(tallies, list(tallies)) if name not in elected and name not in revote]
    runoff = _runoff_candidates(tallies=tallies, pool=pool, unfilled=unfilled, post=post, profile=profile)
    return WinnersOutcome(
        elected=elected,
        majority_reached=tuple(qualified),
        revote_candidates=revote,
        revote_seats=revote_seats,
        unfilled_seats=unfilled,
        runoff_candidates=runoff,
        runoff_possible=unfilled > 0 and len(runoff) > unfilled,
        min_votes=smallest_qualifying_count(total=voters, threshold=threshold),
        conditions=tuple(conditions),
        assumptions=(
            assumption(
                code="election.tie_handling",
                value=texts.TIE_HANDLING[profile.tie_handling.value.value],
                citation=profile.tie_handling.citation,
            ),
        ),
    )


def _runoff_candidates(
    *, tallies: Mapping[str, int], pool: Sequence[str], unfilled: int, post: Post, profile: ElectionProfile
) -> tuple[str, ...]:
    """CW-10: non-winners with most votes, more of them than unfilled seats; ties at the cut all stay in."""
    if unfilled == 0:
        return ()
    needed = unfilled + max(1, profile.candidate_surplus.value[post].minimum)
    if len(pool) <= needed:
        return tuple(pool)
    cut = tallies[pool[needed - 1]]
    return tuple(name for name in pool if tallies[name] >= cut)


def evaluate_runoff(
    *,
    registered: int,
    voters: int,
    ballots_cast: int,
    seats: int,
    candidates: Sequence[str],
    tallies: Mapping[str, int],
    profile: ElectionProfile,
) -> RunoffOutcome:
    """CW-10 另行选举: candidates outnumber seats; most votes win with votes*3 >= ballots cast."""
    validate_count(registered, field="registered", positive=True)
    validate_count(voters, field="voters")
    validate_count(ballots_cast, field="ballots_cast")
    validate_count(seats, field="seats", positive=True)
    validate_part(voters, registered, field="voters", whole_field="registered")
    if not candidates:
        raise DomainError(ErrorCode.EMPTY, field="candidates")
    validate_unique(candidates, field="candidates")
    _validate_tallies(tallies, total=ballots_cast, seats=seats, total_field="ballots_cast")
    conditions: list[Condition] = [
        bound(
            code="election.runoff.candidates",
            value=len(candidates),
            limit=seats,
            minimum=True,
            inclusive=False,
            citation=citations.CW_10,
            quantity=Quantity.PERSONS,
        ),
        *_turnout_conditions(
            registered=registered,
            voters=voters,
            ballots_in_box=ballots_cast,
            profile=profile,
            round_=ElectionRound.RUNOFF,
        ),
    ]
    valid = all(item.passed for item in conditions)
    floor = profile.runoff_floor
    floors = [
        ratio(
            code="election.runoff.floor",
            numerator=tallies[name],
            denominator=ballots_cast,
            threshold=floor.value,
            citation=floor.citation,
            quantity=Quantity.VOTES,
            denominator_quantity=Quantity.BALLOTS,
            subject=name,
        )
        for name in _ranked(tallies, list(tallies))
    ]
    conditions.extend(floors)
    qualified = [item.subject for item in floors if item.passed and item.subject and tallies[item.subject] > 0]
    elected, tied, tie_seats = _fill(tallies=tallies, qualified=qualified, seats=seats) if valid else ((), (), 0)
    revote, revote_seats, unfilled = _resolve_tie(
        elected=elected, tied=tied, tie_seats=tie_seats, seats=seats, profile=profile
    )
    if tied:
        conditions.append(fact(code="election.winners.tie", passed=False, citation=profile.tie_handling.citation))
    return RunoffOutcome(
        valid=valid,
        elected=elected,
        revote_candidates=revote,
        revote_seats=revote_seats,
        unfilled_seats=unfilled,
        min_votes=max(1, smallest_qualifying_count(total=ballots_cast, threshold=floor.value)),
        conditions=tuple(conditions),
    )


def evaluate_vacancies(
    *, seats: int, elected: int, chair_elected: bool, stage: ElectionRound, profile: ElectionProfile
) -> VacancyOutcome:
    """After a round, whether unfilled seats go to 另行选举 or may stay vacant (CW-10, local rules)."""
    validate_count(seats, field="seats", positive=True)
    validate_count(elected, field="elected")
    validate_part(elected, seats, field="elected", whole_field="seats")
    unfilled = seats - elected
    rule = profile.vacancy
    applies = rule.value.after_first_round if stage is ElectionRound.FIRST else rule.value.after_runoff
    conditions: list[Condition] = []
    if unfilled and applies:
        conditions.append(
            bound(
                code="election.vacancies.min_elected",
                value=elected,
                limit=rule.value.min_elected,
                minimum=True,
                inclusive=True,
                citation=rule.citation,
                quantity=Quantity.PERSONS,
            )
        )
        if rule.value.requires_chair:
            conditions.append(
                fact(code="election.vacancies.chair_elected", passed=chair_elected, citation=rule.citation)
            )
    elif unfilled:
        conditions.append(fact(code="election.vacancies.stage", passed=False, citation=rule.citation))
    may_leave = bool(unfilled) and all(item.passed for item in conditions)
    runoff_required = bool(unfilled) and not may_leave
    return VacancyOutcome(
        unfilled_seats=unfilled,
        runoff_required=runoff_required,
        may_leave_vacant=may_leave,
        assembly_decision_required=may_leave and rule.value.assembly_decides,
        runoff_within_days=profile.runoff_within_days.value if runoff_required else None,
        conditions=tuple(conditions),
    )


def evaluate_candidate_list(
    *, post: Post, seats: int, candidates: int, profile: ElectionProfile, self_nomination: bool = False
) -> CandidateListOutcome:
    """CW-6 差额: more candidates than seats, per the profile's surplus; or 自荐直选 if allowed."""
    validate_count(seats, field="seats", positive=True)
    validate_count(candidates, field="candidates")
    if self_nomination:
        allowed = profile.self_nomination_allowed
        condition = fact(code="election.candidates.self_nomination", passed=allowed.value, citation=allowed.citation)
        return CandidateListOutcome(
            valid=condition.passed, min_candidates=0, max_candidates=None, conditions=(condition,)
        )
    surplus = profile.candidate_surplus.value[post]
    citation = profile.candidate_surplus.citation
    subject = texts.POSTS[post.value].zh + " / " + texts.POSTS[post.value].en
    conditions: list[Condition] = [
        bound(
            code="election.candidates.min",
            value=candidates,
            limit=seats + surplus.minimum,
            minimum=True,
            inclusive=True,
            citation=citation,
            quantity=Quantity.PERSONS,
            subject=subject,
        )
    ]
    if surplus.maximum is not None:
        conditions.append(
            bound(
                code="election.candidates.max",
                value=candidates,
                limit=seats + surplus.maximum,
                minimum=False,
                inclusive=True,
                citation=citation,
                quantity=Quantity.PERSONS,
                subject=subject,
            )
        )
    return CandidateListOutcome(
        valid=all(item.passed for item in conditions),
        min_candidates=seats + surplus.minimum,
        max_candidates=None if surplus.maximum is None else seats + surplus.maximum,
        conditions=tuple(conditions),
    )


def evaluate_recall_start(
    *,
    voters: ProposalCount | None = None,
    representatives: ProposalCount | None = None,
    reasons_stated: bool,
    profile: ElectionProfile,
) -> RecallStartOutcome:
    """CW-15: ≥1/5 of voters or ≥1/3 of 村民代表 sign, with reasons stated."""
    pairs: list[tuple[str, ProposalCount, Threshold, Quantity]] = []
    if voters is not None:
        pairs.append(("election.recall_start.voters", voters, profile.recall_start_voters.value, Quantity.PERSONS))
    if representatives is not None:
        if profile.recall_start_representatives.value is None:
            raise DomainError(ErrorCode.NOT_APPLICABLE, field="representatives")
        pairs.append(
            (
                "election.recall_start.representatives",
                representatives,
                profile.recall_start_representatives.value,
                Quantity.PERSONS,
            )
        )
    if not pairs:
        raise DomainError(ErrorCode.NO_CRITERIA, field="signers")
    conditions: list[Condition] = []
    for code, pair, threshold, quantity in pairs:
        validate_count(pair.total, field=f"{code}.total", positive=True)
        validate_count(pair.proposers, field=f"{code}.signers")
        validate_part(pair.proposers, pair.total, field=f"{code}.signers", whole_field=f"{code}.total")
        citation = (
            profile.recall_start_voters.citation
            if code.endswith("voters")
            else profile.recall_start_representatives.citation
        )
        conditions.append(
            ratio(
                code=code,
                numerator=pair.proposers,
                denominator=pair.total,
                threshold=threshold,
                citation=citation,
                quantity=quantity,
            )
        )
    signatures = any(item.passed for item in conditions)
    reasons = fact(
        code="election.recall_start.reasons",
        passed=reasons_stated,
        citation=profile.recall_start_voters.citation,
    )
    return RecallStartOutcome(
        may_start=signatures and reasons_stated,
        vote_within_days=profile.recall_vote_within_days.value,
        conditions=(*conditions, reasons),
    )


def evaluate_recall_vote(*, registered: int, voted: int, approve: int, profile: ElectionProfile) -> RecallVoteOutcome:
    """CW-16: voted*2 > registered and approve*2 > voted."""
    validate_count(registered, field="registered", positive=True)
    validate_count(voted, field="voted")
    validate_count(approve, field="approve")
    validate_part(voted, registered, field="voted", whole_field="registered")
    validate_part(approve, voted, field="approve", whole_field="voted")
    turnout = ratio(
        code="election.recall_vote.turnout",
        numerator=voted,
        denominator=registered,
        threshold=profile.recall_turnout.value,
        citation=profile.recall_turnout.citation,
        quantity=Quantity.PERSONS,
    )
    approval = ratio(
        code="election.recall_vote.approval",
        numerator=approve,
        denominator=voted,
        threshold=profile.recall_approval.value,
        citation=profile.recall_approval.citation,
        quantity=Quantity.VOTES,
        denominator_quantity=Quantity.PERSONS,
    )
    return RecallVoteOutcome(
        recalled=turnout.passed and approval.passed,
        turnout_met=turnout.passed,
        approval_met=approval.passed,
        conditions=(turnout, approval),
    )


def evaluate_by_election(
    *,
    body: ByElectionBody,
    members: int,
    voters: int,
    seats: int,
    tallies: Mapping[str, int],
    profile: ElectionProfile,
) -> ByElectionOutcome:
    """CW-17 补选 by the 村民会议 (> 1/2 voting) or 村民代表会议 (≥ 2/3); JW-8 for 居委会."""
    residents_body = body is ByElectionBody.RESIDENTS_ASSEMBLY
    if residents_body != (profile.electorate is Electorate.RESIDENTS):
        raise DomainError(ErrorCode.NOT_APPLICABLE, field="body")
    turnout = (
        profile.by_election_turnout_representatives
        if body is ByElectionBody.VILLAGER_REPRESENTATIVES
        else profile.by_election_turnout_assembly
    )
    threshold = turnout.value
    if threshold is None:
        raise DomainError(ErrorCode.NOT_APPLICABLE, field="body")
    validate_count(members, field="members", positive=True)
    validate_count(voters, field="voters", positive=True)
    validate_part(voters, members, field="voters", whole_field="members")
    turnout_condition = ratio(
        code="election.by_election.turnout",
        numerator=voters,
        denominator=members,
        threshold=threshold,
        citation=turnout.citation,
        quantity=Quantity.PERSONS,
    )
    winners = determine_winners(voters=voters, seats=seats, tallies=tallies, profile=profile)
    valid = turnout_condition.passed
    term_citation = citations.CW_17 if profile.electorate is Electorate.VILLAGE else citations.JW_8
    return ByElectionOutcome(
        valid=valid,
        elected=winners.elected if valid else (),
        revote_candidates=winners.revote_candidates if valid else (),
        revote_seats=winners.revote_seats if valid else 0,
        unfilled_seats=winners.unfilled_seats if valid else seats,
        conditions=(turnout_condition, *winners.conditions),
        assumptions=(
            *winners.assumptions,
            assumption(code="election.by_election.term", value=texts.TERM_ENDS_WITH_COMMITTEE, citation=term_citation),
        ),
    )


def evaluate_proxy(*, facts: ProxyFacts, election_day: date, profile: ElectionProfile) -> ProxyOutcome:
    """CW-13: written proxy of an absent voter, held by a close relative who votes here; local caps."""
    validate_count(facts.holder_proxies_before, field="holder_proxies_before")
    for name, when in (("arranged_on", facts.arranged_on), ("lists_published_on", facts.lists_published_on)):
        if when is not None and when > election_day:
            raise DomainError(ErrorCode.DATE_ORDER, field=name, other="election_day")
    allowed = profile.proxy_allowed
    base = allowed.citation
    conditions: list[Condition] = [
        fact(code="election.proxy.allowed", passed=allowed.value, citation=base),
        fact(
            code="election.proxy.grantor_away",
            passed=facts.grantor_registered and facts.grantor_away,
            citation=base,
        ),
        fact(code="election.proxy.written", passed=facts.written, citation=base),
        fact(code="election.proxy.holder_voter", passed=facts.holder_has_voting_right, citation=base),
        fact(code="election.proxy.close_relative", passed=facts.relation in CLOSE_RELATIVES, citation=base),
    ]
    cap = profile.proxy_cap
    if cap.value is not None:
        conditions.append(
            bound(
                code="election.proxy.cap",
                value=facts.holder_proxies_before + 1,
                limit=cap.value,
                minimum=False,
                inclusive=True,
                citation=cap.citation,
                quantity=Quantity.COUNT,
            )
        )
    if not profile.proxy_candidate_may_hold.value:
        conditions.append(
            fact(
                code="election.proxy.not_candidate",
                passed=not facts.holder_is_candidate,
                citation=profile.proxy_candidate_may_hold.citation,
            )
        )
    if not profile.proxy_sub_delegation_allowed.value:
        conditions.append(
            fact(
                code="election.proxy.no_sub_delegation",
                passed=not facts.sub_delegation,
                citation=profile.proxy_sub_delegation_allowed.citation,
            )
        )
    days = profile.proxy_days_before
    if days.value is not None:
        if facts.arranged_on is None:
            raise DomainError(ErrorCode.MISSING_FIELD, field="arranged_on")
        conditions.append(
            bound(
                code="election.proxy.days_before",
                value=(election_day - facts.arranged_on).days,
                limit=days.value,
                minimum=True,
                inclusive=True,
                citation=days.citation,
                quantity=Quantity.DAYS,
            )
        )
    publication = _proxy_publication(facts=facts, election_day=election_day, profile=profile)
    void_if_unpublished = profile.proxy_unpublished_void.value
    publication_ok = publication.passed
    valid = all(item.passed for item in conditions) and (publication_ok or not void_if_unpublished)
    return ProxyOutcome(
        valid=valid,
        publication_ok=publication_ok,
        max_proxies=cap.value,
        conditions=(*conditions, publication),
        assumptions=(
            assumption(
                code="election.proxy.unpublished_void",
                value=texts.YES if void_if_unpublished else texts.NO,
                citation=profile.proxy_unpublished_void.citation,
            ),
        ),
    )


def _proxy_publication(*, facts: ProxyFacts, election_day: date, profile: ElectionProfile) -> Condition:
    days = profile.proxy_list_days_before
    if days.value is None or facts.lists_published_on is None:
        return fact(
            code="election.proxy.lists_published",
            passed=facts.lists_published_on is not None,
            citation=days.citation,
        )
    return bound(
        code="election.proxy.lists_days_before",
        value=(election_day - facts.lists_published_on).days,
        limit=days.value,
        minimum=True,
        inclusive=True,
        citation=days.citation,
        quantity=Quantity.DAYS,
    )


def evaluate_mobile_box(
    *,
    monitors: int,
    profile: ElectionProfile,
    township_approved: bool = False,
    voter_list_published: bool = False,
) -> MobileBoxOutcome:
    """CW-14: three monitors per mobile box; 浙江 also needs township approval and a list."""
    validate_count(monitors, field="monitors")
    minimum = profile.mobile_box_min_monitors
    conditions: list[Condition] = [
        bound(
            code="election.mobile_box.monitors",
            value=monitors,
            limit=minimum.value,
            minimum=True,
            inclusive=True,
            citation=minimum.citation,
            quantity=Quantity.PERSONS,
        )
    ]
    approval = profile.mobile_box_requires_approval
    if approval.value:
        conditions.append(
            fact(code="election.mobile_box.approved", passed=township_approved, citation=approval.citation)
        )
        conditions.append(
            fact(
                code="election.mobile_box.list_published",
                passed=voter_list_published,
                citation=approval.citation,
            )
        )
    return MobileBoxOutcome(valid=all(item.passed for item in conditions), conditions=tuple(conditions))
