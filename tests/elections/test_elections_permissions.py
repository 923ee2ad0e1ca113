"""Who may do what, where: the permission matrix of the election actions (role × place × phase)."""

import datetime

import pytest

from tests.elections.conftest import Scene, plan_village, registration_of, staff
from tests.fixtures import Cast, World
from yishi.audit.errors import ActionError
from yishi.elections import actions
from yishi.people.permissions import today


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("village_head", True),
        ("street_officer", True),
        ("district_officer", True),
        ("secretary", False),  # party secretary of the urban community, not of the village
        ("supervisor", False),
        ("villager", False),
        ("expert", False),
    ],
)
def test_who_may_plan_a_village_election(world: World, cast: Cast, persona: str, allowed: bool) -> None:
    actor = staff(getattr(cast, persona))
    if allowed:
        assert plan_village(world, actor).pk
    else:
        with pytest.raises(ActionError) as refused:
            plan_village(world, actor)
        assert refused.value.status == 403


@pytest.mark.parametrize(
    ("persona", "allowed"), [("village_head", True), ("supervisor", False), ("villager", False), ("director", False)]
)
def test_who_may_count_in_a_village(village_scene, cast: Cast, persona: str, allowed: bool) -> None:
    scene: Scene = village_scene(voters=6)
    round_ = actions.open_round(actor=staff(cast.village_head), election=scene.election)
    attempt = lambda: actions.mark_at_station(  # noqa: E731
        actor=staff(getattr(cast, persona)), round_=round_, registration=registration_of(scene, 0)
    )
    if allowed:
        assert attempt().pk
    else:
        with pytest.raises(ActionError):
            attempt()


def test_the_election_committee_runs_its_election(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8, publish_candidates=False)
    member_user = scene.user(7)
    actions.add_committee_member(actor=staff(cast.village_head), election=scene.election, person=scene.people[7])
    actions.record_candidate_meeting(
        actor=staff(member_user), election=scene.election, held_on=today(), location="村委会礼堂", attendees=40
    )
    with pytest.raises(ActionError):
        actions.record_candidate_meeting(
            actor=staff(scene.user(6)), election=scene.election, held_on=today(), location="x", attendees=1
        )


@pytest.mark.parametrize("phase_step", ["roll", "candidates"])
def test_phase_rules(village_scene, cast: Cast, phase_step: str) -> None:
    scene: Scene = village_scene(voters=6, publish_candidates=phase_step == "candidates")
    head = staff(cast.village_head)
    if phase_step == "roll":
        with pytest.raises(ActionError) as refused:
            actions.open_round(actor=head, election=scene.election)
        assert refused.value.code == "round_phase"
    else:
        with pytest.raises(ActionError):
            actions.nominate(
                actor=head,
                election=scene.election,
                post="member",
                person=scene.people[5],
                nominators=[registration_of(scene, 0)],
            )
        with pytest.raises(ActionError):
            actions.update_election(
                actor=head,
                election=scene.election,
                title="x",
                registration_opens_on=scene.election.registration_opens_on,
                election_day=scene.election.election_day + datetime.timedelta(days=1),
                seats={"chair": 1, "member": 2},
            )


def test_thresholds_fixed_by_law_cannot_be_changed(world: World, cast: Cast) -> None:
    with pytest.raises(ActionError) as refused:
        actions.create_election(
            actor=staff(cast.village_head),
            community=world.village,
            kind="villagers",
            title="x",
            registration_opens_on=today(),
            election_day=today() + datetime.timedelta(days=30),
            seats={"chair": 1, "member": 2},
            turnout_rule="two_thirds_or_more",
        )
    assert refused.value.code == "threshold_fixed"
    residents = actions.create_election(
        actor=staff(cast.director),
        community=world.community,
        kind="residents",
        title="居委会选举",
        registration_opens_on=today(),
        election_day=today() + datetime.timedelta(days=30),
        seats={"chair": 1, "vice_chair": 1, "member": 3},
        turnout_rule="two_thirds_or_more",
        proxy_cap=2,
    )
    from yishi.elections.rules import profile_for

    profile = profile_for(residents)
    assert profile.turnout.value.fraction == 2 / 3 * 3 / 3 or profile.turnout.citation.status == "custom"
    assert profile.proxy_cap.value == 2 and profile.proxy_cap.citation.status == "custom"


def test_a_district_picks_its_profile(world: World, cast: Cast) -> None:
    with pytest.raises(ActionError):
        actions.set_district_profile(actor=staff(cast.village_head), district=world.district, profile="zhejiang")
    actions.set_district_profile(actor=staff(cast.district_officer), district=world.district, profile="zhejiang")
    election = plan_village(world, staff(cast.village_head))
    from yishi.elections.rules import profile_for

    assert profile_for(election).key == "zhejiang"
    other = plan_village(world, staff(cast.village_head), profile="beijing")
    assert profile_for(other).key == "beijing"
