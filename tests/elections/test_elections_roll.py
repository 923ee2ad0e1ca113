"""Publishing the roll (CW-5: 20 days before), objections within 5 days, decisions within 3, PI-1 on the notice."""

import datetime

import pytest
from django.utils import translation

from tests.elections.conftest import SYSTEM, online, plan_village, staff, villagers
from tests.factories import make_user
from tests.fixtures import Cast, World
from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError
from yishi.audit.models import AuditRecord, Channel
from yishi.elections import actions
from yishi.elections.models import ObjectionDecision, Phase, RegistrationStatus, RollObjection, VoterRegistration
from yishi.people.permissions import today

PAPER = Actor(user=None, acting_role="system", channel=Channel.SYSTEM)


def test_the_roll_is_published_with_names_and_groups_only(world: World, cast: Cast) -> None:
    head = staff(cast.village_head)
    election = plan_village(world, head)
    villagers(world.village_group, 3)
    actions.register_proposed(actor=head, election=election)
    actions.publish_roll(actor=head, election=election)
    election.refresh_from_db()
    assert election.phase == Phase.ROLL_PUBLISHED
    assert election.roll_published_on == today()
    notice = election.roll_notice
    assert notice is not None and notice.kind == "voter_list" and notice.is_public
    assert "一组" in notice.body and "村民01" in notice.body and "周大伯" in notice.body
    assert "13900139002" not in notice.body and "139****9002" not in notice.body
    assert election.eligible_count == 4
    with pytest.raises(ActionError):
        actions.register_voter(actor=head, election=election, person=villagers(world.village_group, 1, prefix="迟")[0])


def test_publishing_less_than_twenty_days_before_is_refused(world: World, cast: Cast) -> None:
    election = plan_village(world, SYSTEM, election_day=today() + datetime.timedelta(days=19))
    villagers(world.village_group, 2)
    actions.register_proposed(actor=SYSTEM, election=election)
    with translation.override("en"), pytest.raises(ActionError) as refused:
        actions.publish_roll(actor=staff(cast.village_head), election=election)
    assert refused.value.code == "roll_too_late"
    assert "19 days" in str(refused.value.message) and "20 days" in str(refused.value.message)
    election.refresh_from_db()
    assert election.roll_published_on is None


def test_a_plan_too_close_to_election_day_is_refused(world: World, cast: Cast) -> None:
    with pytest.raises(ActionError) as refused:
        plan_village(world, staff(cast.village_head), election_day=today() + datetime.timedelta(days=10))
    assert refused.value.code == "timetable_too_close"


def _published(world: World, cast: Cast, *, days_ago: int) -> tuple:
    election = plan_village(
        world,
        SYSTEM,
        election_day=today() + datetime.timedelta(days=25),
        opens=today() - datetime.timedelta(days=days_ago + 2),
    )
    people = villagers(world.village_group, 4)
    actions.register_proposed(actor=SYSTEM, election=election, on=today() - datetime.timedelta(days=days_ago + 1))
    actions.publish_roll(actor=SYSTEM, election=election, on=today() - datetime.timedelta(days=days_ago))
    election.refresh_from_db()
    return election, people


def test_an_objection_within_five_days_is_lodged_and_decided(world: World, cast: Cast) -> None:
    election, people = _published(world, cast, days_ago=5)
    objector = make_user(people[0])
    objection = actions.lodge_objection(
        actor=online(objector), election=election, kind="wrongly_listed", subject=people[1], grounds="已迁出本村"
    )
    assert objection.lodged_on == today() and objection.lodged_by == people[0]
    decided = actions.decide_objection(
        actor=staff(cast.village_head), objection=objection, upheld=True, reason="核实已迁出"
    )
    assert decided.decision == ObjectionDecision.UPHELD and decided.decided_in_time is True
    assert decided.decision_notice is not None and decided.decision_notice.is_public
    registration = VoterRegistration.objects.get(election=election, person=people[1])
    assert registration.status == RegistrationStatus.REMOVED and not registration.days.exists()


@pytest.mark.parametrize(("language", "words"), [("zh-hans", "五日内"), ("en", "within five days")])
def test_a_late_objection_is_refused_with_a_translated_message(
    world: World, cast: Cast, language: str, words: str
) -> None:
    election, people = _published(world, cast, days_ago=6)
    objector = make_user(people[0])
    with translation.override(language), pytest.raises(ActionError) as refused:
        actions.lodge_objection(
            actor=online(objector), election=election, kind="omitted", subject=people[0], grounds="x"
        )
    assert refused.value.code == "objection_late"
    assert words in str(refused.value.message)
    assert not RollObjection.objects.exists()


def test_a_late_decision_is_recorded_as_late(world: World, cast: Cast) -> None:
    election, _people = _published(world, cast, days_ago=5)
    objection = actions.lodge_objection(
        actor=SYSTEM, election=election, kind="details", grounds="名单有错字", on=today() - datetime.timedelta(days=4)
    )
    decided = actions.decide_objection(actor=staff(cast.village_head), objection=objection, upheld=False, reason="无误")
    assert decided.decided_in_time is False
    assert AuditRecord.objects.filter(verb="election.objection_decide").exists()


def test_an_upheld_omission_puts_the_person_on_the_roll(world: World, cast: Cast) -> None:
    election, _people = _published(world, cast, days_ago=1)
    missing = villagers(world.village_group, 1, prefix="漏登")[0]
    objection = actions.lodge_objection(
        actor=staff(cast.village_head), election=election, kind="omitted", subject=missing, grounds="漏登"
    )
    actions.decide_objection(actor=staff(cast.village_head), objection=objection, upheld=True, reason="属实")
    assert VoterRegistration.objects.get(election=election, person=missing).is_registered


def test_only_residents_object_online(world: World, cast: Cast) -> None:
    election, _people = _published(world, cast, days_ago=1)
    with pytest.raises(ActionError):
        actions.lodge_objection(actor=online(cast.admin), election=election, kind="details", grounds="x")
    assert PAPER.user is None
