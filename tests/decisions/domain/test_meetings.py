"""Meetings (居民会议, 村民会议, their representative assemblies, 村民小组会议); online votes."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yishi.decisions.domain.errors import DomainError, ErrorCode
from yishi.decisions.domain.explain import Provision, Status
from yishi.decisions.domain.meetings import (
    COMMITTEE_DECISION_DEFAULT,
    BodyRule,
    ProposalCount,
    ResidentsAssemblyMode,
    VillageMatter,
    VillagersAssemblyMode,
    evaluate_committee_decision,
    evaluate_residents_assembly,
    evaluate_residents_representatives,
    evaluate_villager_group,
    evaluate_villager_representatives,
    evaluate_villagers_assembly,
    residents_assembly_must_convene,
    villager_representatives_must_convene,
    villagers_assembly_must_convene,
)
from yishi.decisions.domain.numbers import TWO_THIRDS_OR_MORE, Threshold
from yishi.decisions.domain.online import OnlineVoteRule, VoteBase, evaluate_online_vote

PROPERTY = settings(database=None, deadline=None)
ALL = ResidentsAssemblyMode.ALL_RESIDENTS


@pytest.mark.parametrize(
    ("base", "present", "yes", "quorate", "passed"),
    [
        (600, 300, 300, False, False),  # exactly half present: no quorum (JW-6)
        (600, 301, 151, True, True),
        (600, 301, 150, True, False),  # 150 of 301 is not more than half
        (600, 302, 151, True, False),  # exactly half of those present
        (1, 1, 1, True, True),
    ],
)
def test_residents_assembly(base: int, present: int, yes: int, quorate: bool, passed: bool) -> None:
    outcome = evaluate_residents_assembly(mode=ALL, base=base, present=present, yes=yes)
    assert (outcome.quorate, outcome.passed) == (quorate, passed)
    assert outcome.min_present == base // 2 + 1


def test_group_representatives_two_to_three_per_group() -> None:
    mode = ResidentsAssemblyMode.GROUP_REPRESENTATIVES
    ok = evaluate_residents_assembly(mode=mode, base=20, present=15, yes=10, groups=8)
    assert ok.passed
    too_few = evaluate_residents_assembly(mode=mode, base=15, present=15, yes=10, groups=8)
    assert too_few.quorate and too_few.decision_passed and not too_few.passed
    too_many = evaluate_residents_assembly(mode=mode, base=25, present=15, yes=10, groups=8)
    assert not too_many.passed
    with pytest.raises(DomainError) as caught:
        evaluate_residents_assembly(mode=ALL, base=20, present=15, yes=10, groups=8)
    assert caught.value.code is ErrorCode.NOT_APPLICABLE


def test_residents_assembly_must_convene() -> None:
    # JW-7: one fifth of residents, one fifth of households or one third of groups, each inclusive.
    assert residents_assembly_must_convene(residents=ProposalCount(120, 600)).must_convene
    assert not residents_assembly_must_convene(residents=ProposalCount(119, 600)).must_convene
    assert residents_assembly_must_convene(households=ProposalCount(40, 200)).must_convene
    assert residents_assembly_must_convene(groups=ProposalCount(3, 9)).must_convene
    mixed = residents_assembly_must_convene(residents=ProposalCount(1, 600), groups=ProposalCount(2, 6))
    assert mixed.must_convene
    assert [item.passed for item in mixed.conditions] == [False, True]
    with pytest.raises(DomainError) as caught:
        residents_assembly_must_convene()
    assert caught.value.code is ErrorCode.NO_CRITERIA
    with pytest.raises(DomainError) as exceeds:
        residents_assembly_must_convene(groups=ProposalCount(7, 6))
    assert exceeds.value.code is ErrorCode.EXCEEDS_TOTAL


def test_residents_representatives_default_is_configurable_majority() -> None:
    outcome = evaluate_residents_representatives(members=40, present=21, yes=11)
    assert outcome.passed
    assert all(item.unconfirmed for item in outcome.conditions)
    half = evaluate_residents_representatives(members=40, present=20, yes=20)
    assert not half.quorate


def test_committee_decision_rule_is_configurable() -> None:
    assert evaluate_committee_decision(members=7, present=4, yes=3).passed
    strict = BodyRule(
        quorum=COMMITTEE_DECISION_DEFAULT.quorum.customised(TWO_THIRDS_OR_MORE),
        decision=COMMITTEE_DECISION_DEFAULT.decision,
    )
    outcome = evaluate_committee_decision(members=7, present=4, yes=3, rule=strict)
    assert not outcome.quorate
    assert outcome.conditions[0].citation.status is Status.CUSTOM


@pytest.mark.parametrize(
    ("mode", "base", "present", "quorate"),
    [
        (VillagersAssemblyMode.INDIVIDUAL, 1200, 600, False),  # exactly half
        (VillagersAssemblyMode.INDIVIDUAL, 1200, 601, True),
        (VillagersAssemblyMode.HOUSEHOLD, 300, 200, True),  # exactly two thirds of households
        (VillagersAssemblyMode.HOUSEHOLD, 300, 199, False),
    ],
)
def test_villagers_assembly_quorum(mode: VillagersAssemblyMode, base: int, present: int, quorate: bool) -> None:
    outcome = evaluate_villagers_assembly(mode=mode, base=base, present=present, yes=present)
    assert outcome.quorate is quorate


def test_villagers_assembly_decision_counts_everyone_present() -> None:
    outcome = evaluate_villagers_assembly(mode=VillagersAssemblyMode.INDIVIDUAL, base=100, present=60, yes=30)
    assert outcome.quorate and not outcome.decision_passed
    assert outcome.min_yes == 31


def test_villagers_assembly_must_convene() -> None:
    assert villagers_assembly_must_convene(villagers=ProposalCount(120, 1200)).must_convene
    assert not villagers_assembly_must_convene(villagers=ProposalCount(119, 1200)).must_convene
    assert villagers_assembly_must_convene(representatives=ProposalCount(10, 30)).must_convene
    assert not villagers_assembly_must_convene(representatives=ProposalCount(9, 30)).must_convene


def test_villager_representatives() -> None:
    # CW-24: two thirds of all members (committee members included), then more than half of those present.
    assert evaluate_villager_representatives(members=45, present=30, yes=16).passed
    assert not evaluate_villager_representatives(members=45, present=29, yes=29).quorate
    assert not evaluate_villager_representatives(members=45, present=30, yes=15).passed


def test_villager_representatives_need_authorisation_for_listed_matters() -> None:
    unauthorised = evaluate_villager_representatives(
        members=45, present=40, yes=40, matter=VillageMatter.LAND_COMPENSATION
    )
    assert unauthorised.quorate and unauthorised.decision_passed
    assert not unauthorised.within_authority and not unauthorised.passed
    authorised = evaluate_villager_representatives(
        members=45, present=40, yes=40, matter=VillageMatter.LAND_COMPENSATION, authorised=True
    )
    assert authorised.passed
    assert authorised.conditions[-1].code == "meeting.villager_representatives.authorised"


def test_villager_representatives_must_convene() -> None:
    assert villager_representatives_must_convene(representatives=ProposalCount(8, 40)).must_convene
    assert not villager_representatives_must_convene(representatives=ProposalCount(7, 40)).must_convene


@pytest.mark.parametrize(
    ("mode", "base", "present", "quorate"),
    [
        (VillagersAssemblyMode.INDIVIDUAL, 90, 60, True),
        (VillagersAssemblyMode.INDIVIDUAL, 90, 59, False),
        (VillagersAssemblyMode.HOUSEHOLD, 30, 20, True),
        (VillagersAssemblyMode.HOUSEHOLD, 30, 19, False),
    ],
)
def test_villager_group(mode: VillagersAssemblyMode, base: int, present: int, quorate: bool) -> None:
    assert evaluate_villager_group(mode=mode, base=base, present=present, yes=present).quorate is quorate


@pytest.mark.parametrize(
    ("base", "present", "yes", "code", "field"),
    [
        (0, 0, 0, ErrorCode.NOT_POSITIVE, "base"),
        (10, -1, 0, ErrorCode.NEGATIVE_VALUE, "present"),
        (10, 11, 0, ErrorCode.EXCEEDS_TOTAL, "present"),
        (10, 5, 6, ErrorCode.EXCEEDS_TOTAL, "yes"),
        (10, 5, True, ErrorCode.INVALID_TYPE, "yes"),
    ],
)
def test_impossible_meeting_figures(base: int, present: int, yes: int, code: ErrorCode, field: str) -> None:
    with pytest.raises(DomainError) as caught:
        evaluate_villagers_assembly(mode=VillagersAssemblyMode.INDIVIDUAL, base=base, present=present, yes=yes)
    assert (caught.value.code, caught.value.field) == (code, field)


@PROPERTY
@given(base=st.integers(1, 2000), data=st.data())
def test_more_attendance_never_loses_the_quorum(base: int, data: st.DataObject) -> None:
    present = data.draw(st.integers(0, base - 1))
    mode = data.draw(st.sampled_from(list(VillagersAssemblyMode)))
    before = evaluate_villagers_assembly(mode=mode, base=base, present=present, yes=0)
    after = evaluate_villagers_assembly(mode=mode, base=base, present=present + 1, yes=0)
    if before.quorate:
        assert after.quorate


@PROPERTY
@given(base=st.integers(1, 2000), data=st.data())
def test_one_more_yes_never_turns_pass_into_fail(base: int, data: st.DataObject) -> None:
    present = data.draw(st.integers(1, base))
    yes = data.draw(st.integers(0, present - 1))
    before = evaluate_villager_representatives(members=base, present=present, yes=yes)
    after = evaluate_villager_representatives(members=base, present=present, yes=yes + 1)
    if before.passed:
        assert after.passed


@PROPERTY
@given(present=st.integers(0, 1000).map(lambda value: value * 2))
def test_exactly_half_of_those_present_never_carries(present: int) -> None:
    outcome = evaluate_residents_assembly(mode=ALL, base=max(present, 1), present=present, yes=present // 2)
    assert not outcome.decision_passed


RULE = OnlineVoteRule(
    quorum=Threshold(Fraction(1, 2), inclusive=False),
    threshold=Threshold(Fraction(2, 3), inclusive=True),
)


@pytest.mark.parametrize(
    ("rule", "eligible", "votes_cast", "yes", "passed"),
    [
        (RULE, 300, 150, 150, False),  # exactly half turned out: strict quorum not met
        (RULE, 300, 151, 101, True),  # 101 of 151 reaches two thirds
        (RULE, 300, 151, 100, False),
        (
            OnlineVoteRule(threshold=Threshold(Fraction(1, 2), False), threshold_base=VoteBase.ELIGIBLE),
            300,
            300,
            150,
            False,
        ),
        (
            OnlineVoteRule(threshold=Threshold(Fraction(1, 2), True), threshold_base=VoteBase.ELIGIBLE),
            300,
            160,
            150,
            True,
        ),
    ],
)
def test_online_votes(rule: OnlineVoteRule, eligible: int, votes_cast: int, yes: int, passed: bool) -> None:
    outcome = evaluate_online_vote(rule=rule, eligible=eligible, votes_cast=votes_cast, yes=yes)
    assert outcome.passed is passed
    assert all(item.citation.status is Status.CUSTOM for item in outcome.conditions)


def test_online_vote_minimums_and_validation() -> None:
    outcome = evaluate_online_vote(rule=RULE, eligible=300, votes_cast=200, yes=0)
    assert (outcome.min_votes_cast, outcome.min_yes) == (151, 134)
    no_quorum = OnlineVoteRule(threshold=Threshold(Fraction(1, 2), False))
    assert evaluate_online_vote(rule=no_quorum, eligible=10, votes_cast=0, yes=0).min_votes_cast == 0
    with pytest.raises(DomainError) as caught:
        evaluate_online_vote(rule=RULE, eligible=10, votes_cast=11, yes=0)
    assert caught.value.code is ErrorCode.EXCEEDS_TOTAL
    with pytest.raises(DomainError) as impossible:
        OnlineVoteRule(threshold=Threshold(Fraction(1), inclusive=False))
    assert impossible.value.code is ErrorCode.IMPOSSIBLE_THRESHOLD


def test_provision_customisation_keeps_reference() -> None:
    provision = Provision(3, COMMITTEE_DECISION_DEFAULT.quorum.citation)
    custom = provision.customised(5)
    assert custom.value == 5
    assert custom.citation.rule_ref == provision.citation.rule_ref
