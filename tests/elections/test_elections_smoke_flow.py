"""A whole village election through the actions: roll, candidates, online ballots, a teller batch, counting."""

from tests.elections.conftest import SYSTEM, Scene, online, option_ids, registration_of, staff
from tests.fixtures import Cast
from yishi.elections import actions
from yishi.elections.models import Phase


def test_whole_flow(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=10)
    head = staff(cast.village_head)
    round_ = actions.open_round(actor=head, election=scene.election)
    chair = option_ids(round_, "chair")
    members = option_ids(round_, "member")
    first_chair = scene.candidates["chair"][0].person.name
    for index in range(4, 9):
        receipt = actions.cast_online(
            actor=online(scene.user(index)),
            round_=round_,
            choices={"chair": [chair[first_chair]], "member": list(members.values())[:2]},
        )
        assert len(receipt) == 14
    for index in (0, 1, 2):
        actions.mark_at_station(actor=head, round_=round_, registration=registration_of(scene, index))
    actions.close_round(actor=head, round_=round_)
    actions.enter_batch(
        actor=head,
        round_=round_,
        label="中心投票站",
        ballots_in_box=3,
        blank=0,
        spoiled=1,
        counts={chair[first_chair]: 2, next(iter(members.values())): 2, list(members.values())[1]: 1},
    )
    result = actions.count_round(actor=head, round_=round_)
    assert result.is_valid, result.validity_lines
    actions.announce_result(actor=head, election=scene.election)
    scene.election.refresh_from_db()
    assert scene.election.phase == Phase.ANNOUNCED
    assert SYSTEM
