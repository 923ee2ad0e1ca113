"""Votes through the JSON API: staff create, open, enter, close, count and publish; a resident casts with an
Idempotency-Key; anyone reads the vote, its masked roll and its explained result; responses fit their schemas."""

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.openapi_check import errors, response_schema
from tests.decisions.conftest import Owners
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.decisions.models import Ballot, Vote

pytestmark = pytest.mark.django_db


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(client: Client, url: str, body: dict[str, Any] | None = None, **headers: str) -> Any:
    return client.post(url, data=json.dumps(body or {}), content_type="application/json", headers=headers)


def new_vote(world: World, **changes: Any) -> dict[str, Any]:
    now = timezone.now()
    body = {
        "title": "维修资金筹集",
        "question": "是否同意按每平方米2元筹集维修资金？",
        "place_id": world.compound.pk,
        "basis": "owners",
        "owners_matter": "raise_maintenance_fund",
        "opens_at": (now - datetime.timedelta(minutes=1)).isoformat(),
        "closes_at": (now + datetime.timedelta(days=3)).isoformat(),
    }
    body.update(changes)
    return body


@pytest.fixture
def spec() -> dict[str, Any]:
    document: dict[str, Any] = Client().get("/api/openapi.json").json()
    return document


def fits(spec: dict[str, Any], template: str, method: str, response: Any) -> None:
    schema = response_schema(spec, template, method, response.status_code)
    assert not errors(response.json(), schema, spec), (template, response.json())


def test_the_whole_vote_through_the_api(world: World, cast: Cast, owners: Owners, spec: dict[str, Any]) -> None:
    staff = client_of(cast.director)
    created = post(staff, "/api/decisions/votes", new_vote(world))
    assert created.status_code == 201, created.json()
    fits(spec, "/api/decisions/votes", "post", created)
    vote_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert client_of(None).get(f"/api/decisions/votes/{vote_id}").status_code == 404  # drafts are the staff's

    opened = post(staff, f"/api/decisions/votes/{vote_id}/open")
    assert opened.status_code == 200 and opened.json()["roll_size"] == 3
    assert opened.json()["roll_total_area"] == "383.15"

    resident = client_of(cast.resident)
    cast_url = f"/api/decisions/votes/{vote_id}/cast"
    first = post(resident, cast_url, {"option": "agree"}, **{"Idempotency-Key": "phone-7"})
    assert first.status_code == 200, first.json()
    fits(spec, "/api/decisions/votes/{vote_id}/cast", "post", first)
    again = post(resident, cast_url, {"option": "agree"}, **{"Idempotency-Key": "phone-7"})
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    second = post(resident, cast_url, {"option": "disagree"}, **{"Idempotency-Key": "phone-8"})
    assert second.status_code == 400 and second.json()["error"]["code"] == "ballot_already_cast"
    fits(spec, "/api/decisions/votes/{vote_id}/cast", "post", second)

    entered = post(
        staff,
        f"/api/decisions/votes/{vote_id}/ballots",
        {"entry_number": 2, "option": "agree", "channel": "paper", "paper_reference": "P-2", "witness": "张监督"},
    )
    assert entered.status_code == 200 and entered.json()["option"] == "agree"
    post(
        staff,
        f"/api/decisions/votes/{vote_id}/ballots",
        {"entry_number": 3, "option": "disagree", "channel": "paper", "paper_reference": "P-3", "witness": "张监督"},
    )
    assert Ballot.objects.filter(vote_id=vote_id).count() == 3

    closed = post(staff, f"/api/decisions/votes/{vote_id}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    counted = post(staff, f"/api/decisions/votes/{vote_id}/count")
    assert counted.status_code == 200
    fits(spec, "/api/decisions/votes/{vote_id}/count", "post", counted)
    assert counted.json()["passed"] is False
    assert client_of(None).get(f"/api/decisions/votes/{vote_id}/result").status_code == 404  # not yet published

    published = post(staff, f"/api/decisions/votes/{vote_id}/publish", {"if_failed": "deliberating"})
    assert published.status_code == 200 and published.json()["status"] == "published"
    public = client_of(None)
    result = public.get(f"/api/decisions/votes/{vote_id}/result")
    fits(spec, "/api/decisions/votes/{vote_id}/result", "get", result)
    body = result.json()
    assert [condition["passed"] for condition in body["conditions"]] == [True, True, True, False]
    assert body["explanation"]["en"][3].endswith("✗ (Civil Code Art. 278)")
    assert body["explanation"]["zh-Hans"][0].startswith("参与表决面积 383.15㎡")
    recheck = public.post("/api/rules/evaluate", data=json.dumps(body["case"]), content_type="application/json")
    assert recheck.json()["conditions"] == body["conditions"]

    vote = public.get(f"/api/decisions/votes/{vote_id}")
    fits(spec, "/api/decisions/votes/{vote_id}", "get", vote)
    roll = public.get(f"/api/decisions/votes/{vote_id}/roll", {"q": "陈"})
    fits(spec, "/api/decisions/votes/{vote_id}/roll", "get", roll)
    assert roll.json()["items"] == [{"number": 2, "name": "陈阿姨、陈小明", "unit_label": "1号楼 102"}]
    assert "138" not in json.dumps(public.get(f"/api/decisions/votes/{vote_id}/roll").json())


def test_a_resident_cannot_create_or_run_a_vote(world: World, cast: Cast, spec: dict[str, Any]) -> None:
    resident = client_of(cast.resident)
    refused = post(resident, "/api/decisions/votes", new_vote(world))
    assert refused.status_code == 403
    fits(spec, "/api/decisions/votes", "post", refused)
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"basis": "online", "threshold": "3/2"}, "rule_invalid_threshold"),
        ({"basis": "online", "threshold": "1/1", "threshold_inclusive": False}, "rule_impossible_threshold"),
        ({"basis": "online", "threshold": "1/0"}, "rule_zero_denominator"),
        ({"basis": "online", "threshold": "half"}, "rule_fraction_format"),
        ({"basis": "online", "threshold": ""}, "rule_threshold_missing"),
        ({"basis": "villagers_assembly", "villagers_mode": "individual"}, "vote_place_kind"),
        ({"owners_matter": "nonsense"}, "owners_matter_unknown"),
        ({"owners_matter": "use_maintenance_fund", "matter_class_override": "major"}, "matter_class_fixed"),
        ({"title": "  "}, "vote_title_empty"),
    ],
)
def test_impossible_rules_and_bad_drafts_are_refused_in_the_language_asked(
    world: World, cast: Cast, changes: dict[str, Any], code: str
) -> None:
    staff = client_of(cast.director)
    response = staff.post(
        "/api/decisions/votes",
        data=json.dumps(new_vote(world, **changes)),
        content_type="application/json",
        headers={"Accept-Language": "zh-hans"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    message = response.json()["error"]["message"]
    assert any("\u4e00" <= char <= "\u9fff" for char in message), message
    assert not Vote.objects.exists()


def test_english_errors_when_english_is_asked(world: World, cast: Cast) -> None:
    response = client_of(cast.director).post(
        "/api/decisions/votes",
        data=json.dumps(new_vote(world, basis="online", threshold="1/1", threshold_inclusive=False)),
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert response.json()["error"]["message"].startswith("“More than all” can never be reached")
