"""List pages read with a fixed number of queries, however many voters, candidates or ballots there are."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.elections.conftest import Scene, online, option_ids, staff, villagers
from tests.fixtures import Cast, World
from yishi.elections import actions


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _cast(scene: Scene, round_, indexes: range) -> None:
    chair = list(option_ids(round_, "chair").values())
    for index in indexes:
        actions.cast_online(actor=online(scene.user(index)), round_=round_, choices={"chair": chair[:1]})


def test_ballot_list_and_result_pages_do_not_grow_with_the_ballots(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=14)
    head = staff(cast.village_head)
    small = actions.open_round(actor=head, election=scene.election)
    _cast(scene, small, range(2))
    actions.close_round(actor=head, round_=small)
    actions.count_round(actor=head, round_=small)
    big = actions.open_round(actor=head, election=scene.election)
    _cast(scene, big, range(12))
    actions.close_round(actor=head, round_=big)
    actions.count_round(actor=head, round_=big)
    public = Client()
    for page in ("ballots", "result"):
        assert _queries(public, f"/elections/rounds/{small.pk}/{page}/") == _queries(
            public, f"/elections/rounds/{big.pk}/{page}/"
        )
    assert _queries(public, "/elections/") <= 12


def test_the_roll_page_does_not_grow_with_the_residents(client: Client, world: World, cast: Cast) -> None:
    from tests.elections.conftest import plan_village

    election = plan_village(world, staff(cast.village_head))
    client.force_login(cast.village_head)
    villagers(world.village_group, 5)
    few = _queries(client, f"/elections/{election.pk}/manage/roll/")
    villagers(world.village_group, 25, prefix="新户")
    many = _queries(client, f"/elections/{election.pk}/manage/roll/")
    assert many == few
