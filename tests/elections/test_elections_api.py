"""The elections API: public reads, casting and teller entry through the same actions, errors as JSON."""

import json

from django.test import Client

from tests.elections.conftest import Scene, option_ids, registration_of, staff
from tests.fixtures import Cast
from yishi.elections import actions
from yishi.elections.models import TellerBatch


def _json(response) -> object:
    return json.loads(response.content.decode())


def test_public_reads_and_a_ballot_cast_through_the_api(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8)
    head = staff(cast.village_head)
    round_ = actions.open_round(actor=head, election=scene.election)
    public = Client()
    listed = _json(public.get("/api/elections/"))
    assert [item["id"] for item in listed] == [scene.election.pk]
    detail = _json(public.get(f"/api/elections/{scene.election.pk}"))
    assert {item["post"] for item in detail["candidates"]} == {"chair", "member"}
    voter = Client(enforce_csrf_checks=False)
    voter.force_login(scene.user(5))
    mine = _json(voter.get("/api/elections/mine"))
    assert mine[0]["registered"] and mine[0]["open_round"] == round_.pk and not mine[0]["has_voted"]
    chair = list(option_ids(round_, "chair").values())
    response = voter.post(
        f"/api/elections/rounds/{round_.pk}/ballots", {"choices": {"chair": chair[:1]}}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    receipt = _json(response)["receipt"]
    again = voter.post(
        f"/api/elections/rounds/{round_.pk}/ballots", {"choices": {"chair": chair[:1]}}, content_type="application/json"
    )
    assert again.status_code == 400 and _json(again)["error"]["code"] == "vote_twice"
    actions.close_round(actor=head, round_=round_)
    actions.count_round(actor=head, round_=round_)
    ballots = _json(public.get(f"/api/elections/rounds/{round_.pk}/ballots"))
    assert ballots == [{"receipt": receipt, "choices": [scene.candidates["chair"][0].person.name]}]
    result = _json(public.get(f"/api/elections/rounds/{round_.pk}/result", HTTP_ACCEPT_LANGUAGE="en"))
    assert result["voters"] == 1 and result["valid"] is False
    assert any(line["passed"] is False for line in result["validity"])


def test_teller_batch_and_register_mark_through_the_api(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8)
    head = staff(cast.village_head)
    round_ = actions.open_round(actor=head, election=scene.election)
    teller = Client()
    teller.force_login(cast.village_head)
    response = teller.post(
        f"/api/elections/rounds/{round_.pk}/register-marks",
        {"registration": registration_of(scene, 0).pk},
        content_type="application/json",
    )
    assert response.status_code == 201 and _json(response)["channel"] == "station"
    chair = list(option_ids(round_, "chair").values())
    bad = teller.post(
        f"/api/elections/rounds/{round_.pk}/batches",
        {"label": "站1", "ballots_in_box": 1, "counts": {str(chair[0]): 2}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and _json(bad)["error"]["code"] == "batch_option_exceeds_ballots"
    assert not TellerBatch.objects.exists()
    good = teller.post(
        f"/api/elections/rounds/{round_.pk}/batches",
        {"label": "站1", "ballots_in_box": 1, "counts": {str(chair[0]): 1}},
        content_type="application/json",
    )
    assert good.status_code == 201
    resident = Client()
    resident.force_login(scene.user(3))
    refused = resident.post(
        f"/api/elections/rounds/{round_.pk}/batches",
        {"label": "站2", "ballots_in_box": 0, "counts": {}},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_a_planned_election_is_not_public(village_scene, cast: Cast, world) -> None:
    from tests.elections.conftest import plan_village

    election = plan_village(world, staff(cast.village_head))
    assert Client().get(f"/api/elections/{election.pk}").status_code == 404
