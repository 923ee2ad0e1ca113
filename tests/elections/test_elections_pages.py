"""The election pages answer for staff, voters and the public; refusals are pages with 4xx, never 500."""

import datetime

import pytest
from django.test import Client

from tests.elections.conftest import Scene, option_ids
from tests.fixtures import Cast, World
from yishi.people.permissions import today


def test_staff_pages_of_a_whole_election(client: Client, village_scene, cast: Cast, world: World) -> None:
    scene: Scene = village_scene(voters=8)
    election = scene.election
    client.force_login(cast.village_head)
    for name in ("manage", "roll", "candidates", "proxies", "rounds", "recalls"):
        response = client.get(f"/elections/{election.pk}/manage/{'' if name == 'manage' else name + '/'}")
        assert response.status_code == 200, name
    response = client.post(
        f"/elections/{election.pk}/manage/rounds/",
        {"op": "open", "open-kind": "first", "open-voting_day": today().isoformat()},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    round_ = election.rounds.get()
    assert client.get(f"/elections/rounds/{round_.pk}/manage/").status_code == 200
    chair = option_ids(round_, "chair")
    voter = scene.user(5)
    voter_client = Client()
    voter_client.force_login(voter)
    assert voter_client.get("/elections/mine/").status_code == 200
    page = voter_client.get(f"/elections/rounds/{round_.pk}/vote/")
    assert page.status_code == 200
    first = next(iter(chair.values()))
    confirm = voter_client.post(f"/elections/rounds/{round_.pk}/vote/", {"chair": [first]})
    assert confirm.status_code == 200 and "confirm" in confirm.content.decode()
    cast_page = voter_client.post(f"/elections/rounds/{round_.pk}/vote/", {"chair": [first], "confirm": "1"})
    assert cast_page.status_code == 200
    assert "receipt-code" in cast_page.content.decode()
    again = voter_client.post(f"/elections/rounds/{round_.pk}/vote/", {"chair": [first], "confirm": "1"})
    assert again.status_code == 400
    response = client.post(f"/elections/rounds/{round_.pk}/manage/", {"op": "close"})
    assert response.status_code == 302
    response = client.post(f"/elections/rounds/{round_.pk}/manage/", {"op": "count"})
    assert response.status_code == 302
    assert client.get(f"/elections/rounds/{round_.pk}/manage/").status_code == 200
    public = Client()
    assert public.get(f"/elections/rounds/{round_.pk}/result/").status_code == 200
    assert public.get(f"/elections/rounds/{round_.pk}/ballots/").status_code == 200
    assert public.get(f"/elections/{election.pk}/").status_code == 200
    assert public.get("/elections/").status_code == 200
    assert public.get(f"/c/{world.village.pk}/").status_code == 200


def test_a_resident_may_not_open_staff_pages(client: Client, village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=6)
    client.force_login(scene.user(0))
    assert client.get(f"/elections/{scene.election.pk}/manage/").status_code == 403
    assert client.get(f"/elections/{scene.election.pk}/manage/roll/").status_code == 403


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_create_page_in_both_languages(client: Client, cast: Cast, world: World, language: str) -> None:
    client.force_login(cast.village_head)
    client.cookies["yishi_language"] = language
    response = client.get(f"/elections/new/?community={world.village.pk}")
    assert response.status_code == 200
    day = today() + datetime.timedelta(days=30)
    response = client.post(
        "/elections/new/",
        {
            "community": world.village.pk,
            "title": "桃源村选举",
            "registration_opens_on": today().isoformat(),
            "election_day": day.isoformat(),
            "chair": 1,
            "vice_chair": 2,
            "member": 7,
            "women_member": 0,
            "term_years": 5,
        },
    )
    # Ten members: the action refuses the size (CW-1: 3 to 7) and the page says why, with the article.
    assert response.status_code == 400
    body = response.content.decode()
    assert "10" in body and "7" in body
    assert ("Organic Law" in body) if language == "en" else ("村民委员会组织法" in body)
