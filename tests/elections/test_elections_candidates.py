"""Nomination by registered voters, acceptance, the 差额 check per post (CW-6) and the candidate list."""

import pytest

from tests.elections.conftest import Scene, online, registration_of, staff
from tests.fixtures import Cast
from yishi.audit.errors import ActionError
from yishi.elections import actions
from yishi.elections.models import CandidateStatus, Nomination, Phase


def test_equal_candidates_and_seats_are_refused(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8, candidates={"chair": 1, "member": 3}, publish_candidates=False)
    with pytest.raises(ActionError) as refused:
        actions.publish_candidate_list(actor=staff(cast.village_head), election=scene.election)
    assert refused.value.code == "candidates_not_differential"
    assert "2" in str(refused.value.message)
    scene.election.refresh_from_db()
    assert scene.election.phase == Phase.ROLL_PUBLISHED


def test_beijing_caps_the_surplus(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(
        voters=10, candidates={"chair": 2, "member": 5}, profile="beijing", publish_candidates=False
    )
    checks = actions.check_candidate_list(scene.election)
    assert checks["chair"].valid
    assert not checks["member"].valid and checks["member"].max_candidates == 4
    with pytest.raises(ActionError):
        actions.publish_candidate_list(actor=staff(cast.village_head), election=scene.election)


def test_the_published_list_orders_candidates_and_opens_voting(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8)
    notice = scene.election.candidate_notice
    assert notice is not None and "主任" in notice.body
    assert scene.election.phase == Phase.CANDIDATES_PUBLISHED
    orders = sorted(candidate.ballot_order for candidate in scene.election.candidates.filter(post="member"))
    assert orders == [1, 2, 3]


def test_a_voter_nominates_online_and_the_nominee_answers(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8, publish_candidates=False)
    nominee = scene.people[6]
    candidate = actions.nominate(actor=online(scene.user(7)), election=scene.election, post="member", person=nominee)
    nomination = Nomination.objects.get(candidate=candidate)
    assert nomination.nominator == registration_of(scene, 7) and nomination.channel == "online"
    with pytest.raises(ActionError):
        actions.nominate(actor=online(scene.user(7)), election=scene.election, post="member", person=nominee)
    with pytest.raises(ActionError):
        actions.answer_nomination(actor=online(scene.user(5)), candidate=candidate, accept=True)
    answered = actions.answer_nomination(actor=online(scene.user(6)), candidate=candidate, accept=False)
    assert answered.status == CandidateStatus.DECLINED


def test_a_nominated_member_of_the_election_committee_leaves_it(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8, publish_candidates=False)
    head = staff(cast.village_head)
    member = actions.add_committee_member(actor=head, election=scene.election, person=scene.people[6])
    actions.nominate(
        actor=head,
        election=scene.election,
        post="member",
        person=scene.people[6],
        nominators=[registration_of(scene, 0)],
    )
    member.refresh_from_db()
    assert member.left_on is not None and ("12" in member.left_reason or "第十二条" in member.left_reason)
    with pytest.raises(ActionError):
        actions.add_committee_member(actor=head, election=scene.election, person=scene.people[6])


def test_the_women_member_post_is_for_a_woman(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(
        voters=8,
        seats={"chair": 1, "member": 1, "women_member": 1},
        candidates={"chair": 2, "member": 2},
        publish_candidates=False,
    )
    man = scene.people[4]
    woman = scene.people[5]
    head = staff(cast.village_head)
    with pytest.raises(ActionError):
        actions.nominate(
            actor=head, election=scene.election, post="women_member", person=man, nominators=[registration_of(scene, 0)]
        )
    actions.nominate(
        actor=head, election=scene.election, post="women_member", person=woman, nominators=[registration_of(scene, 0)]
    )


def test_only_registered_voters_stand(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8, publish_candidates=False)
    with pytest.raises(ActionError) as refused:
        actions.nominate(
            actor=staff(cast.village_head),
            election=scene.election,
            post="member",
            person=cast.elder,
            nominators=[registration_of(scene, 0)],
        )
    assert refused.value.code == "nomination_not_registered"
