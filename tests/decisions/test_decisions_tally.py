"""Counting: the SQL aggregation equals the domain on the same ballots; the result keeps its figures, conditions
and explanation in both languages, re-checks to the same answer, and never changes."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.decisions.conftest import Owners, actor, entry_of, open_, past_closing, with_settings
from tests.factories import make_person, make_place, make_unit, own
from tests.fixtures import Cast, World
from yishi.audit.errors import ActionError
from yishi.decisions import actions, tally
from yishi.decisions.actions import RuleFraction, VoteSettings
from yishi.decisions.domain import owners as owner_rules
from yishi.decisions.domain.cases import evaluate_case
from yishi.decisions.models import Result, RollEntry, Vote, VoteStatus

pytestmark = pytest.mark.django_db


def close_and_count(cast: Cast, vote: Vote) -> Result:
    vote = past_closing(vote)
    actions.close_vote(actor=actor(cast.director), vote=vote)
    return actions.count_vote(actor=actor(cast.director), vote=vote)


def paper(cast: Cast, vote: Vote, entry: RollEntry, option: str) -> None:
    actions.enter_ballot(
        actor=actor(cast.director),
        vote=vote,
        entry=entry,
        option=option,
        channel="paper",
        paper_reference=f"P-{entry.number}",
        witness="张监督",
    )


@pytest.fixture
def big_compound(world: World) -> World:
    """Sixty units in 阳光小区's second building: single owners, some owners of several units, co-owners, the
    developer's unsold units, areas drawn at random to the hundredth."""
    rng = random.Random(20260701)
    building = make_place("building", "2号楼", world.compound)
    owners = [make_person(f"业主{number:02d}", None) for number in range(40)]
    for index in range(60):
        unit = make_unit(building, f"{index + 1:03d}", f"{rng.randint(4000, 15000) / 100:.2f}")
        if index % 10 == 9:
            own(unit, organisation_name="东湖置业有限公司", is_developer_unsold=True)
        elif index % 7 == 3:
            own(unit, owners[index % 40])
            own(unit, owners[(index + 1) % 40])
        else:
            own(unit, owners[index % 40])
    return world


def test_sql_tally_equals_the_domain_on_the_same_ballots(world: World, cast: Cast, big_compound: World) -> None:
    building = type(world.compound).objects.get(name="2号楼")
    vote = open_(cast.director, building, "owners")
    rng = random.Random(7)
    choices: dict[str, owner_rules.Choice] = {}
    for entry in RollEntry.objects.filter(vote=vote).order_by("number"):
        roll = rng.random()
        if roll < 0.15:
            continue
        option = "agree" if roll < 0.7 else "disagree" if roll < 0.85 else "abstain" if roll < 0.95 else "spoiled"
        paper(cast, vote, entry, option)
        choices[str(entry.unit_ids[0])] = owner_rules.Choice(option)
    counts = tally.count_ballots(vote)
    parts = [
        owner_rules.ExclusivePart(
            unit_id=str(unit_id),
            owner_ids=(str(entry.pk),) if entry.kind != "developer" else (),
            register_area=area,
            is_developer_unsold=entry.kind == "developer",
        )
        for entry in RollEntry.objects.filter(vote=vote)
        for unit_id, area in zip(
            entry.unit_ids,
            type(world.compound)
            .objects.filter(pk__in=entry.unit_ids)
            .order_by("path")
            .values_list("exclusive_area", flat=True),
            strict=True,
        )
    ]
    figures = owner_rules.tally_ballots(roll=owner_rules.build_roll(parts=parts), ballots=choices)
    case = tally.build_case(vote, counts)
    assert case["figures"] == {
        "total_area": format(figures.total_area, "f"),
        "total_count": figures.total_count,
        "participating_area": format(figures.participating_area, "f"),
        "participating_count": figures.participating_count,
        "agree_area": format(figures.agree_area, "f"),
        "agree_count": figures.agree_count,
        "spoiled_area": format(figures.spoiled_area, "f"),
        "spoiled_count": figures.spoiled_count,
    }


def test_the_tally_is_one_aggregate_query_per_table(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    paper(cast, vote, entry_of(vote, "刘先生"), "agree")
    with CaptureQueriesContext(connection) as queries:
        tally.count_ballots(vote)
    assert len(queries) == 2  # the options, then one GROUP BY over the ballots
    assert "GROUP BY" in queries[1]["sql"].upper() and "SUM" in queries[1]["sql"].upper()
    # COUNT(*), not COUNT of the id, so that the covering index `ballot_tally` answers alone (bench/votes_tally.py).
    assert "COUNT(*)" in queries[1]["sql"].upper()


def test_an_owners_decision_passing_one_threshold_and_failing_another(world: World, cast: Cast, owners: Owners) -> None:
    """筹集维修资金 (major, YZ-4): 3 of 3 owners take part; by area 308.15 of 383.15 agree (≥ 3/4), by head only
    2 of 3 (< 3/4): the double majority fails on the head count."""
    vote = open_(cast.director, world.compound, "owners")
    actions.cast_ballot(actor=actor(cast.resident, "resident"), vote=vote, option="agree")
    paper(cast, vote, entry_of(vote, "陈"), "agree")
    paper(cast, vote, entry_of(vote, "置业"), "disagree")
    result = close_and_count(cast, vote)
    assert (result.passed, result.valid, result.rule) == (False, True, "owners.decision")
    passed = {condition["code"]: condition["passed"] for condition in result.conditions}
    assert passed == {
        "owners.participation.area": True,
        "owners.participation.count": True,
        "owners.agreement.area": True,
        "owners.agreement.count": False,
    }
    assert {condition["rule_ref"] for condition in result.conditions} == {"YZ-2", "YZ-4"}
    assert all(condition["citation"]["zh-Hans"] for condition in result.conditions)
    zh, en = result.explanation["zh-Hans"], result.explanation["en"]
    assert zh[2] == "同意面积 308.15㎡ / 参与表决面积 383.15㎡，达到四分之三 ✓（民法典第二百七十八条）"
    assert (
        en[3] == "Owners in favour 2 of participating owners 3: does not reach three quarters ✗ (Civil Code Art. 278)"
    )
    assert result.figures["areas"]["agree"] == "308.15"
    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.COUNTED


def test_the_stored_result_is_what_the_json_interface_answers(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    paper(cast, vote, entry_of(vote, "陈"), "agree")
    result = close_and_count(cast, vote)
    answer = evaluate_case(result.case)
    assert answer["outcome"] == result.outcome
    assert answer["conditions"] == result.conditions
    assert answer["settings"] == result.rule_settings
    assert answer["explanation"] == result.explanation


def test_a_result_never_changes(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    result = close_and_count(cast, vote)
    result.passed = True
    with pytest.raises(TypeError):
        result.save()
    with pytest.raises(TypeError):
        result.delete()
    with pytest.raises(TypeError):
        Result.objects.filter(pk=result.pk).update(passed=True)
    with pytest.raises(TypeError):
        Result.objects.filter(pk=result.pk).delete()
    with pytest.raises(ActionError) as raised:
        actions.count_vote(actor=actor(cast.director), vote=vote)
    assert raised.value.code == "vote_not_closed"
    assert Result.objects.get(pk=result.pk).passed is False


def test_an_online_vote_under_its_configured_rule(world: World, cast: Cast) -> None:
    settings = VoteSettings(
        online_electorate="adults",
        quorum=RuleFraction(1, 2, inclusive=True),
        threshold=RuleFraction(2, 3, inclusive=True),
    )
    vote = open_(cast.director, world.compound, "online", settings=settings)
    actions.cast_ballot(actor=actor(cast.resident, "resident"), vote=vote, option="agree")
    result = close_and_count(cast, vote)
    assert result.rule == "vote.online"
    assert result.case["voting_rule"] == {
        "threshold": {"fraction": "2/3", "inclusive": True},
        "threshold_base": "votes_cast",
        "quorum": {"fraction": "1/2", "inclusive": True},
    }
    assert (result.case["eligible"], result.case["votes_cast"], result.case["yes"]) == (2, 1, 1)
    assert result.passed and result.valid
    assert all(condition["status"] == "custom" for condition in result.conditions)


def test_an_assembly_with_attendance_and_a_show_of_hands(world: World, cast: Cast) -> None:
    extra = [
        make_person(f"居民{index}", world.units[index % 4], birth_date=datetime.date(1970, 1, 1)) for index in range(4)
    ]
    vote = open_(
        cast.director, world.community, "residents_assembly", settings=with_settings(residents_mode="all_residents")
    )
    assert vote.roll_size == 2 + len(extra)
    present = list(RollEntry.objects.filter(vote=vote).order_by("number"))[:4]
    actions.record_attendance(actor=actor(cast.director), vote=vote, entries=present, present=True)
    with pytest.raises(ActionError) as raised:
        actions.record_show_of_hands(actor=actor(cast.director), vote=vote, agree=3, disagree=0, abstain=0)
    assert raised.value.code == "hands_do_not_add_up"
    actions.record_show_of_hands(actor=actor(cast.director), vote=vote, agree=3, disagree=1, abstain=0)
    actions.close_vote(actor=actor(cast.director), vote=vote)
    result = actions.count_vote(actor=actor(cast.director), vote=vote)
    assert result.case == {
        "rule": "meeting.residents_assembly",
        "mode": "all_residents",
        "base": 6,
        "present": 4,
        "yes": 3,
    }
    assert result.passed and result.valid
    assert result.figures["present"] == 4 and result.figures["show_of_hands"] is True


def test_attendance_changed_after_the_show_of_hands_blocks_the_close(world: World, cast: Cast) -> None:
    vote = open_(
        cast.director, world.community, "residents_assembly", settings=with_settings(residents_mode="all_residents")
    )
    entries = list(RollEntry.objects.filter(vote=vote))
    actions.record_attendance(actor=actor(cast.director), vote=vote, entries=entries[:1], present=True)
    actions.record_show_of_hands(actor=actor(cast.director), vote=vote, agree=1, disagree=0, abstain=0)
    actions.record_attendance(actor=actor(cast.director), vote=vote, entries=entries[1:], present=True)
    with pytest.raises(ActionError) as raised:
        actions.close_vote(actor=actor(cast.director), vote=vote)
    assert raised.value.code == "hands_do_not_add_up"


def test_a_meeting_with_named_ballots_of_those_present(world: World, cast: Cast) -> None:
    vote = open_(
        cast.village_head, world.village, "villagers_assembly", settings=with_settings(villagers_mode="individual")
    )
    entry = RollEntry.objects.get(vote=vote)
    with pytest.raises(ActionError) as raised:
        actions.enter_ballot(actor=actor(cast.village_head), vote=vote, entry=entry, option="agree", channel="meeting")
    assert raised.value.code == "ballot_not_present"
    actions.record_attendance(actor=actor(cast.village_head), vote=vote, entries=[entry], present=True)
    actions.enter_ballot(actor=actor(cast.village_head), vote=vote, entry=entry, option="agree", channel="meeting")
    with pytest.raises(ActionError) as raised:
        actions.record_show_of_hands(actor=actor(cast.village_head), vote=vote, agree=1, disagree=0, abstain=0)
    assert raised.value.code == "hands_after_ballots"
    with pytest.raises(ActionError) as raised:
        actions.record_attendance(actor=actor(cast.village_head), vote=vote, entries=[entry], present=False)
    assert raised.value.code == "attendance_after_ballot"
    actions.close_vote(actor=actor(cast.village_head), vote=vote)
    result = actions.count_vote(actor=actor(cast.village_head), vote=vote)
    assert result.case == {
        "rule": "meeting.villagers_assembly",
        "mode": "individual",
        "base": 1,
        "present": 1,
        "yes": 1,
    }
    assert result.passed


def test_the_villager_representatives_need_their_authorisation_cw21(world: World, cast: Cast) -> None:
    settings = with_settings(village_matter="land_compensation", authorised=False)
    vote = open_(cast.village_head, world.village, "villager_representatives", settings=settings)
    entries = list(RollEntry.objects.filter(vote=vote))
    actions.record_attendance(actor=actor(cast.village_head), vote=vote, entries=entries, present=True)
    actions.record_show_of_hands(actor=actor(cast.village_head), vote=vote, agree=len(entries), disagree=0, abstain=0)
    actions.close_vote(actor=actor(cast.village_head), vote=vote)
    result = actions.count_vote(actor=actor(cast.village_head), vote=vote)
    assert result.valid and not result.passed
    assert result.conditions[-1]["rule_ref"] == "CW-21" and not result.conditions[-1]["passed"]


def test_closing_early_only_once_everyone_voted(world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online")
    with pytest.raises(ActionError) as raised:
        actions.close_vote(actor=actor(cast.director), vote=vote)
    assert raised.value.code == "vote_close_early"
    for entry in RollEntry.objects.filter(vote=vote):
        paper(cast, vote, entry, "agree")
    actions.close_vote(actor=actor(cast.director), vote=vote)
    assert Vote.objects.get(pk=vote.pk).status == VoteStatus.CLOSED


def test_area_sums_are_exact_hundredths(world: World, cast: Cast) -> None:
    building = make_place("building", "3号楼", world.compound)
    for index in range(30):
        unit = make_unit(building, f"{index}", "0.10")
        own(unit, make_person(f"房主{index}", None))
    vote = open_(cast.director, building, "owners")
    for entry in RollEntry.objects.filter(vote=vote):
        paper(cast, vote, entry, "agree")
    counts = tally.count_ballots(vote)
    assert counts.area("agree") == Decimal("3.00")
    assert tally.build_case(vote, counts)["figures"]["agree_area"] == "3.00"
