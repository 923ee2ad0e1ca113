"""Elections under rule profiles (CW-3 to CW-17; JW-3 to JW-8)."""

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yishi.decisions.domain.committees import RelationKind
from yishi.decisions.domain.elections import (
    ByElectionBody,
    ElectionRound,
    ProxyFacts,
    RegistrantFacts,
    RegistrationCategory,
    anniversary,
    completed_years,
    determine_winners,
    evaluate_ballot,
    evaluate_by_election,
    evaluate_candidate_list,
    evaluate_mobile_box,
    evaluate_proxy,
    evaluate_recall_start,
    evaluate_recall_vote,
    evaluate_registration,
    evaluate_runoff,
    evaluate_vacancies,
    evaluate_validity,
)
from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Status
from yishi.decisions.domain.meetings import ProposalCount
from yishi.decisions.domain.profiles import (
    BEIJING,
    NATIONAL,
    PROFILES,
    RESIDENTS_COMMITTEE,
    SHANGHAI,
    ZHEJIANG,
    ElectionProfile,
    Post,
    ProfileKey,
    TieHandling,
    TooManyNames,
    describe_profile,
    get_profile,
)

PROPERTY = settings(database=None, deadline=None)
DAY = date(2025, 6, 21)


def customise(profile: ElectionProfile, **values: object) -> ElectionProfile:
    return replace(profile, **{key: getattr(profile, key).customised(value) for key, value in values.items()})


def test_profiles_are_data() -> None:
    assert set(PROFILES) == set(ProfileKey)
    assert get_profile(key=ProfileKey.BEIJING) is BEIJING
    assert BEIJING.proxy_cap.value == 3 and NATIONAL.proxy_cap.value is None
    assert RESIDENTS_COMMITTEE.turnout.citation.status is Status.UNCONFIRMED
    assert NATIONAL.turnout.citation.status is Status.CONFIRMED
    assert ZHEJIANG.same_person_two_posts_void.value
    for profile in PROFILES.values():
        description = describe_profile(profile=profile)
        assert description.key is profile.key
        assert len(description.assumptions) == 32
        assert all(item.value.zh and item.value.en for item in description.assumptions)


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [(date(2007, 6, 21), 18, date(2025, 6, 21)), (date(2008, 2, 29), 17, date(2025, 2, 28))],
)
def test_anniversary(start: date, years: int, expected: date) -> None:
    assert anniversary(start=start, years=years) == expected


def test_completed_years() -> None:
    assert completed_years(since=date(2007, 6, 21), on=DAY) == 18  # birthday on election day counts
    assert completed_years(since=date(2007, 6, 22), on=DAY) == 17
    with pytest.raises(DomainError) as caught:
        completed_years(since=DAY, on=date(2025, 1, 1))
    assert caught.value.code is ErrorCode.DATE_ORDER


def person(**changes: object) -> RegistrantFacts:
    base = RegistrantFacts(birth_date=date(1980, 1, 1), hukou_here=True, lives_here=True)
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "registrable", "category"),
    [
        (person(), True, RegistrationCategory.HUKOU_AND_RESIDENT),
        (person(birth_date=date(2007, 6, 21)), True, RegistrationCategory.HUKOU_AND_RESIDENT),
        (person(birth_date=date(2007, 6, 22)), False, RegistrationCategory.HUKOU_AND_RESIDENT),
        (person(deprived_of_political_rights=True), False, RegistrationCategory.HUKOU_AND_RESIDENT),
        (person(registered_elsewhere=True), False, RegistrationCategory.HUKOU_AND_RESIDENT),
        (person(lives_here=False, expressed_wish=True), True, RegistrationCategory.HUKOU_AWAY),
        (person(lives_here=False), False, RegistrationCategory.HUKOU_AWAY),
        (
            person(hukou_here=False, resident_since=date(2024, 6, 21), applied=True, assembly_agreed=True),
            True,  # exactly one year of residence: 一年以上 includes the year itself
            RegistrationCategory.NON_HUKOU_RESIDENT,
        ),
        (
            person(hukou_here=False, resident_since=date(2024, 6, 22), applied=True, assembly_agreed=True),
            False,
            RegistrationCategory.NON_HUKOU_RESIDENT,
        ),
        (
            person(hukou_here=False, resident_since=date(2020, 1, 1), applied=True),
            False,  # the assembly has not agreed
            RegistrationCategory.NON_HUKOU_RESIDENT,
        ),
        (person(hukou_here=False, lives_here=False), False, None),
    ],
)
def test_registration_national(facts: RegistrantFacts, registrable: bool, category: RegistrationCategory) -> None:
    outcome = evaluate_registration(facts=facts, election_day=DAY, profile=NATIONAL)
    assert outcome.registrable is registrable
    assert outcome.category is category


def test_registration_rights_and_local_rules() -> None:
    minor = evaluate_registration(facts=person(birth_date=date(2010, 1, 1)), election_day=DAY, profile=NATIONAL)
    assert not minor.has_voting_right
    assert minor.age == 15
    worker = person(
        hukou_here=False,
        lives_here=False,
        works_here_since=date(2023, 1, 1),
        applied=True,
        assembly_agreed=True,
    )
    assert evaluate_registration(facts=worker, election_day=DAY, profile=BEIJING).registrable
    assert evaluate_registration(facts=worker, election_day=DAY, profile=NATIONAL).category is None
    resident = person(hukou_here=False)
    residents = evaluate_registration(facts=resident, election_day=DAY, profile=RESIDENTS_COMMITTEE)
    assert residents.registrable
    assert residents.conditions[-1].unconfirmed


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        (person(birth_date=date(2026, 1, 1)), ErrorCode.DATE_ORDER),
        (person(resident_since=date(2026, 1, 1)), ErrorCode.DATE_ORDER),
        (person(hukou_here=False), ErrorCode.MISSING_FIELD),
    ],
)
def test_registration_errors(facts: RegistrantFacts, code: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        evaluate_registration(facts=facts, election_day=DAY, profile=NATIONAL)
    assert caught.value.code is code


@pytest.mark.parametrize(
    ("registered", "voters", "box", "valid", "turnout"),
    [
        (1000, 500, 500, False, False),  # exactly half voted: not 过半数
        (1000, 501, 501, True, True),
        (1000, 501, 502, False, True),  # more ballots than voters voids the round (CW-11)
        (1000, 501, 490, True, True),
    ],
)
def test_election_validity(registered: int, voters: int, box: int, valid: bool, turnout: bool) -> None:
    outcome = evaluate_validity(registered=registered, voters=voters, ballots_in_box=box, profile=NATIONAL)
    assert (outcome.valid, outcome.turnout_met) == (valid, turnout)
    assert outcome.min_voters == 501


def test_runoff_turnout_is_configurable() -> None:
    low = {"registered": 1000, "voters": 400, "ballots_in_box": 400}
    assert not evaluate_validity(**low, profile=NATIONAL, round_=ElectionRound.RUNOFF).valid
    relaxed = customise(NATIONAL, runoff_requires_turnout=False)
    outcome = evaluate_validity(**low, profile=relaxed, round_=ElectionRound.RUNOFF)
    assert outcome.valid and outcome.min_voters == 0
    with pytest.raises(DomainError):
        evaluate_validity(registered=10, voters=11, ballots_in_box=0, profile=NATIONAL)


SEATS = {Post.CHAIR: 1, Post.MEMBER: 3}


def test_ballots() -> None:
    good = evaluate_ballot(marks={Post.CHAIR: ["甲"], Post.MEMBER: ["乙", "丙"]}, seats=SEATS, profile=NATIONAL)
    assert good.valid and good.void_posts == ()
    over = {Post.CHAIR: ["甲", "乙"], Post.MEMBER: ["丙"]}
    whole = evaluate_ballot(marks=over, seats=SEATS, profile=NATIONAL)
    assert not whole.valid and whole.counted == {}
    per_post = evaluate_ballot(
        marks=over, seats=SEATS, profile=customise(NATIONAL, too_many_names=TooManyNames.VOID_POST)
    )
    assert per_post.valid
    assert per_post.void_posts == (Post.CHAIR,)
    assert per_post.counted == {Post.MEMBER: ("丙",)}
    same = {Post.CHAIR: ["甲"], Post.MEMBER: ["甲"]}
    assert evaluate_ballot(marks=same, seats=SEATS, profile=NATIONAL).valid
    assert not evaluate_ballot(marks=same, seats=SEATS, profile=ZHEJIANG).valid
    assert not evaluate_ballot(marks={}, seats=SEATS, profile=BEIJING, legible=False).valid


@pytest.mark.parametrize(
    ("marks", "seats", "code"),
    [
        ({}, {}, ErrorCode.EMPTY),
        ({}, {Post.CHAIR: 0}, ErrorCode.NOT_POSITIVE),
        ({Post.VICE_CHAIR: ["甲"]}, {Post.CHAIR: 1}, ErrorCode.UNKNOWN_REFERENCE),
        ({Post.MEMBER: ["甲", "甲"]}, {Post.MEMBER: 3}, ErrorCode.DUPLICATE),
    ],
)
def test_ballot_errors(marks: dict[Post, list[str]], seats: dict[Post, int], code: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        evaluate_ballot(marks=marks, seats=seats, profile=NATIONAL)
    assert caught.value.code is code


def test_winners_need_more_than_half_of_everyone_who_voted() -> None:
    outcome = determine_winners(voters=800, seats=2, tallies={"甲": 401, "乙": 400, "丙": 300}, profile=NATIONAL)
    assert outcome.elected == ("甲",)
    assert outcome.majority_reached == ("甲",)
    assert outcome.unfilled_seats == 1
    assert outcome.min_votes == 401
    # CW-10: non-winners with most votes become run-off candidates, more of them than the unfilled seats.
    assert outcome.runoff_candidates == ("乙", "丙")
    assert outcome.runoff_possible


def test_more_majority_winners_than_seats_rank_by_votes() -> None:
    outcome = determine_winners(voters=120, seats=2, tallies={"甲": 90, "乙": 80, "丙": 61}, profile=BEIJING)
    assert outcome.elected == ("甲", "乙")
    assert outcome.unfilled_seats == 0
    assert outcome.runoff_candidates == ()
    assert any(item.code == "election.winners.ranked" for item in outcome.conditions)


def test_tie_for_the_last_seat_goes_to_a_revote() -> None:
    tallies = {"甲": 90, "乙": 70, "丙": 70, "丁": 10}
    outcome = determine_winners(voters=120, seats=2, tallies=tallies, profile=SHANGHAI)
    assert outcome.elected == ("甲",)
    assert outcome.revote_candidates == ("丙", "乙")
    assert outcome.revote_seats == 1
    assert outcome.unfilled_seats == 0
    unfilled = determine_winners(
        voters=120,
        seats=2,
        tallies=tallies,
        profile=customise(SHANGHAI, tie_handling=TieHandling.TREAT_AS_UNFILLED),
    )
    assert unfilled.revote_candidates == ()
    assert unfilled.unfilled_seats == 1
    assert unfilled.runoff_candidates == ("丙", "乙")


def test_runoff_candidates_include_ties_at_the_cut() -> None:
    outcome = determine_winners(voters=130, seats=1, tallies={"甲": 40, "乙": 30, "丙": 30, "丁": 20}, profile=NATIONAL)
    assert outcome.runoff_candidates == ("甲", "丙", "乙")  # equal votes keep a stable order by name
    lonely = determine_winners(voters=100, seats=2, tallies={"甲": 40}, profile=NATIONAL)
    assert lonely.runoff_candidates == ("甲",)
    assert not lonely.runoff_possible


@pytest.mark.parametrize(
    ("voters", "seats", "tallies", "code"),
    [
        (0, 1, {}, ErrorCode.NOT_POSITIVE),
        (10, 0, {}, ErrorCode.NOT_POSITIVE),
        (10, 1, {"甲": 11}, ErrorCode.EXCEEDS_TOTAL),
        (10, 1, {"甲": 6, "乙": 6}, ErrorCode.TOO_MANY_VOTES),
        (10, 1, {"甲": -1}, ErrorCode.NEGATIVE_VALUE),
        (10, 1, {"": 1}, ErrorCode.MISSING_FIELD),
    ],
)
def test_winner_errors(voters: int, seats: int, tallies: dict[str, int], code: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        determine_winners(voters=voters, seats=seats, tallies=tallies, profile=NATIONAL)
    assert caught.value.code is code


RUNOFF = {"registered": 1000, "voters": 600, "ballots_cast": 600, "seats": 1, "candidates": ["甲", "乙"]}


def test_runoff_most_votes_win_with_a_third_of_ballots() -> None:
    outcome = evaluate_runoff(**RUNOFF, tallies={"甲": 200, "乙": 190}, profile=NATIONAL)  # type: ignore[arg-type]
    assert outcome.valid and outcome.elected == ("甲",)  # exactly one third suffices
    short = evaluate_runoff(**RUNOFF, tallies={"甲": 199, "乙": 190}, profile=NATIONAL)  # type: ignore[arg-type]
    assert short.elected == () and short.unfilled_seats == 1
    assert short.min_votes == 200


def test_runoff_validity() -> None:
    same = {**RUNOFF, "candidates": ["甲"]}
    assert not evaluate_runoff(**same, tallies={"甲": 500}, profile=NATIONAL).valid  # type: ignore[arg-type]
    low = {**RUNOFF, "voters": 400, "ballots_cast": 400}
    assert not evaluate_runoff(**low, tallies={"甲": 300}, profile=NATIONAL).valid  # type: ignore[arg-type]
    relaxed = customise(NATIONAL, runoff_requires_turnout=False)
    assert evaluate_runoff(**low, tallies={"甲": 300}, profile=relaxed).elected == ("甲",)  # type: ignore[arg-type]
    stuffed = {**RUNOFF, "ballots_cast": 601}
    assert not evaluate_runoff(**stuffed, tallies={"甲": 300}, profile=NATIONAL).valid  # type: ignore[arg-type]
    nobody = {**RUNOFF, "voters": 0, "ballots_cast": 0}
    empty = evaluate_runoff(**nobody, tallies={"甲": 0}, profile=relaxed)  # type: ignore[arg-type]
    assert empty.valid and empty.elected == () and empty.min_votes == 1


def test_runoff_tie() -> None:
    outcome = evaluate_runoff(**RUNOFF, tallies={"甲": 250, "乙": 250}, profile=NATIONAL)  # type: ignore[arg-type]
    assert outcome.revote_candidates == ("乙", "甲")
    assert outcome.conditions[-1].code == "election.winners.tie"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"candidates": []}, ErrorCode.EMPTY),
        ({"candidates": ["甲", "甲"]}, ErrorCode.DUPLICATE),
        ({"voters": 1001}, ErrorCode.EXCEEDS_TOTAL),
        ({"ballots_cast": 100}, ErrorCode.EXCEEDS_TOTAL),
    ],
)
def test_runoff_errors(changes: dict[str, object], code: ErrorCode) -> None:
    with pytest.raises(DomainError) as caught:
        evaluate_runoff(**{**RUNOFF, **changes}, tallies={"甲": 200}, profile=NATIONAL)  # type: ignore[arg-type]
    assert caught.value.code is code


@pytest.mark.parametrize(
    ("profile", "elected", "chair", "stage", "runoff", "vacant", "decision"),
    [
        (NATIONAL, 3, True, ElectionRound.FIRST, True, False, False),
        (NATIONAL, 3, True, ElectionRound.RUNOFF, False, True, True),
        (NATIONAL, 2, True, ElectionRound.RUNOFF, True, False, False),
        (BEIJING, 4, True, ElectionRound.RUNOFF, False, True, True),  # 超过三人 and the chair elected
        (BEIJING, 3, True, ElectionRound.RUNOFF, True, False, False),
        (BEIJING, 4, False, ElectionRound.RUNOFF, True, False, False),
        (SHANGHAI, 3, False, ElectionRound.FIRST, False, True, True),
        (SHANGHAI, 2, False, ElectionRound.FIRST, True, False, False),
        (ZHEJIANG, 3, False, ElectionRound.RUNOFF, False, True, False),
        (ZHEJIANG, 3, False, ElectionRound.FIRST, True, False, False),
        (ZHEJIANG, 5, True, ElectionRound.FIRST, False, False, False),
    ],
)
def test_vacancies(
    profile: ElectionProfile,
    elected: int,
    chair: bool,
    stage: ElectionRound,
    runoff: bool,
    vacant: bool,
    decision: bool,
) -> None:
    outcome = evaluate_vacancies(seats=5, elected=elected, chair_elected=chair, stage=stage, profile=profile)
    assert (outcome.runoff_required, outcome.may_leave_vacant, outcome.assembly_decision_required) == (
        runoff,
        vacant,
        decision,
    )
    if runoff:
        assert outcome.runoff_within_days == profile.runoff_within_days.value


def test_vacancy_errors() -> None:
    with pytest.raises(DomainError) as caught:
        evaluate_vacancies(seats=5, elected=6, chair_elected=True, stage=ElectionRound.FIRST, profile=NATIONAL)
    assert caught.value.code is ErrorCode.EXCEEDS_TOTAL


@pytest.mark.parametrize(
    ("profile", "post", "seats", "candidates", "valid"),
    [
        (NATIONAL, Post.MEMBER, 3, 3, False),  # 等额 is not allowed in a 村委会 election
        (NATIONAL, Post.MEMBER, 3, 9, True),
        (BEIJING, Post.MEMBER, 3, 5, True),
        (BEIJING, Post.MEMBER, 3, 6, False),
        (SHANGHAI, Post.CHAIR, 1, 2, True),
        (SHANGHAI, Post.CHAIR, 1, 3, False),
        (SHANGHAI, Post.MEMBER, 3, 6, True),
        (RESIDENTS_COMMITTEE, Post.MEMBER, 5, 5, True),
    ],
)
def test_candidate_surplus(profile: ElectionProfile, post: Post, seats: int, candidates: int, valid: bool) -> None:
    outcome = evaluate_candidate_list(post=post, seats=seats, candidates=candidates, profile=profile)
    assert outcome.valid is valid


def test_self_nomination_only_where_allowed() -> None:
    assert evaluate_candidate_list(post=Post.CHAIR, seats=1, candidates=0, profile=ZHEJIANG, self_nomination=True).valid
    assert not evaluate_candidate_list(
        post=Post.CHAIR, seats=1, candidates=0, profile=NATIONAL, self_nomination=True
    ).valid


def test_recall_start() -> None:
    exact = evaluate_recall_start(voters=ProposalCount(200, 1000), reasons_stated=True, profile=NATIONAL)
    assert exact.may_start  # exactly one fifth
    assert not evaluate_recall_start(voters=ProposalCount(199, 1000), reasons_stated=True, profile=NATIONAL).may_start
    representatives = evaluate_recall_start(representatives=ProposalCount(10, 30), reasons_stated=True, profile=BEIJING)
    assert representatives.may_start and representatives.vote_within_days == 30
    assert not evaluate_recall_start(voters=ProposalCount(500, 1000), reasons_stated=False, profile=NATIONAL).may_start


def test_recall_start_errors() -> None:
    with pytest.raises(DomainError) as none:
        evaluate_recall_start(reasons_stated=True, profile=NATIONAL)
    assert none.value.code is ErrorCode.NO_CRITERIA
    with pytest.raises(DomainError) as residents:
        evaluate_recall_start(representatives=ProposalCount(1, 3), reasons_stated=True, profile=RESIDENTS_COMMITTEE)
    assert residents.value.code is ErrorCode.NOT_APPLICABLE
    with pytest.raises(DomainError) as exceeds:
        evaluate_recall_start(voters=ProposalCount(3, 2), reasons_stated=True, profile=NATIONAL)
    assert exceeds.value.code is ErrorCode.EXCEEDS_TOTAL


@pytest.mark.parametrize(
    ("voted", "approve", "recalled"),
    [(500, 500, False), (501, 251, True), (501, 250, False), (1000, 501, True)],
)
def test_recall_vote(voted: int, approve: int, recalled: bool) -> None:
    assert evaluate_recall_vote(registered=1000, voted=voted, approve=approve, profile=NATIONAL).recalled is recalled


def test_by_election() -> None:
    representatives = evaluate_by_election(
        body=ByElectionBody.VILLAGER_REPRESENTATIVES,
        members=45,
        voters=30,
        seats=1,
        tallies={"甲": 16, "乙": 14},
        profile=ZHEJIANG,
    )
    assert representatives.valid and representatives.elected == ("甲",)
    short = evaluate_by_election(
        body=ByElectionBody.VILLAGER_REPRESENTATIVES,
        members=45,
        voters=29,
        seats=1,
        tallies={"甲": 20},
        profile=ZHEJIANG,
    )
    assert not short.valid and short.elected == () and short.unfilled_seats == 1
    assembly = evaluate_by_election(
        body=ByElectionBody.VILLAGERS_ASSEMBLY,
        members=1000,
        voters=501,
        seats=1,
        tallies={"甲": 251},
        profile=NATIONAL,
    )
    assert assembly.valid and assembly.elected == ("甲",)
    residents = evaluate_by_election(
        body=ByElectionBody.RESIDENTS_ASSEMBLY,
        members=600,
        voters=301,
        seats=1,
        tallies={"甲": 151},
        profile=RESIDENTS_COMMITTEE,
    )
    assert residents.elected == ("甲",)
    assert residents.assumptions[-1].code == "election.by_election.term"


def test_by_election_errors() -> None:
    with pytest.raises(DomainError) as mismatch:
        evaluate_by_election(
            body=ByElectionBody.RESIDENTS_ASSEMBLY,
            members=10,
            voters=6,
            seats=1,
            tallies={},
            profile=NATIONAL,
        )
    assert mismatch.value.code is ErrorCode.NOT_APPLICABLE
    without = customise(NATIONAL, by_election_turnout_representatives=None)
    with pytest.raises(DomainError) as unset:
        evaluate_by_election(
            body=ByElectionBody.VILLAGER_REPRESENTATIVES,
            members=10,
            voters=6,
            seats=1,
            tallies={},
            profile=without,
        )
    assert unset.value.code is ErrorCode.NOT_APPLICABLE


def proxy(**changes: object) -> ProxyFacts:
    base = ProxyFacts(
        grantor_registered=True,
        grantor_away=True,
        written=True,
        holder_has_voting_right=True,
        relation=RelationKind.CHILD,
        arranged_on=date(2025, 6, 10),
        lists_published_on=date(2025, 6, 15),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("profile", "facts", "valid"),
    [
        (NATIONAL, proxy(), True),
        (NATIONAL, proxy(holder_proxies_before=10), True),  # no national cap
        (BEIJING, proxy(holder_proxies_before=2), True),
        (BEIJING, proxy(holder_proxies_before=3), False),  # a fourth proxy exceeds the cap of three
        (BEIJING, proxy(holder_is_candidate=True), False),
        (BEIJING, proxy(arranged_on=DAY), False),  # must be done before election day
        (NATIONAL, proxy(written=False), False),
        (NATIONAL, proxy(grantor_away=False), False),
        (NATIONAL, proxy(relation=RelationKind.OTHER), False),
        (SHANGHAI, proxy(sub_delegation=True), False),
        (SHANGHAI, proxy(arranged_on=date(2025, 6, 17)), False),  # less than five days before
        (
            SHANGHAI,
            proxy(lists_published_on=date(2025, 6, 20)),
            True,
        ),  # publication late: a duty, not validity
        (ZHEJIANG, proxy(lists_published_on=None), False),  # unpublished proxies are void in 浙江
        (ZHEJIANG, proxy(), True),
    ],
)
def test_proxies(profile: ElectionProfile, facts: ProxyFacts, valid: bool) -> None:
    assert evaluate_proxy(facts=facts, election_day=DAY, profile=profile).valid is valid


def test_proxy_publication_and_errors() -> None:
    late = evaluate_proxy(facts=proxy(lists_published_on=date(2025, 6, 20)), election_day=DAY, profile=SHANGHAI)
    assert not late.publication_ok and late.max_proxies == 3
    unpublished = evaluate_proxy(facts=proxy(lists_published_on=None), election_day=DAY, profile=NATIONAL)
    assert unpublished.valid and not unpublished.publication_ok
    with pytest.raises(DomainError) as missing:
        evaluate_proxy(facts=proxy(arranged_on=None), election_day=DAY, profile=BEIJING)
    assert missing.value.code is ErrorCode.MISSING_FIELD
    with pytest.raises(DomainError) as after:
        evaluate_proxy(facts=proxy(arranged_on=date(2025, 7, 1)), election_day=DAY, profile=NATIONAL)
    assert after.value.code is ErrorCode.DATE_ORDER
    forbidden = customise(NATIONAL, proxy_allowed=False)
    assert not evaluate_proxy(facts=proxy(), election_day=DAY, profile=forbidden).valid


@pytest.mark.parametrize(
    ("profile", "monitors", "approved", "published", "valid"),
    [
        (BEIJING, 3, False, False, True),
        (BEIJING, 2, False, False, False),
        (ZHEJIANG, 3, True, True, True),
        (ZHEJIANG, 3, True, False, False),
        (ZHEJIANG, 3, False, True, False),
    ],
)
def test_mobile_box(profile: ElectionProfile, monitors: int, approved: bool, published: bool, valid: bool) -> None:
    outcome = evaluate_mobile_box(
        monitors=monitors, profile=profile, township_approved=approved, voter_list_published=published
    )
    assert outcome.valid is valid


@PROPERTY
@given(registered=st.integers(1, 5000), data=st.data())
def test_turnout_is_monotonic(registered: int, data: st.DataObject) -> None:
    voters = data.draw(st.integers(0, registered - 1))
    before = evaluate_validity(registered=registered, voters=voters, ballots_in_box=voters, profile=NATIONAL)
    after = evaluate_validity(registered=registered, voters=voters + 1, ballots_in_box=voters + 1, profile=NATIONAL)
    if before.valid:
        assert after.valid
    assert before.valid is (voters * 2 > registered)


@PROPERTY
@given(
    voters=st.integers(1, 500),
    seats=st.integers(1, 4),
    votes=st.lists(st.integers(0, 500), min_size=1, max_size=8),
)
def test_winners_never_exceed_seats_and_all_have_a_majority(voters: int, seats: int, votes: list[int]) -> None:
    tallies = {f"c{index}": min(count, voters) for index, count in enumerate(votes)}
    if sum(tallies.values()) > voters * seats:
        return
    outcome = determine_winners(voters=voters, seats=seats, tallies=tallies, profile=NATIONAL)
    assert len(outcome.elected) + outcome.revote_seats + outcome.unfilled_seats == seats
    assert all(tallies[name] * 2 > voters for name in outcome.elected)
    assert not any(tallies[name] * 2 == voters for name in outcome.majority_reached)
    assert Fraction(1, 2) not in {Fraction(tallies[name], voters) for name in outcome.elected}
