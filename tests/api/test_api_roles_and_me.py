"""GET /api/me, and role assignments at a place: listed with the roster right, created and ended through actions."""

import datetime
from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import ClientFor
from tests.factories import give_role, make_person
from tests.fixtures import Cast, World
from yishi.accounts.actions import create_api_token
from yishi.audit.actions import Actor
from yishi.audit.models import AuditRecord
from yishi.people.models import RoleAssignment

pytestmark = pytest.mark.django_db


def test_me_tells_who_i_am_and_my_roles(client_for: ClientFor, cast: Cast, world: World) -> None:
    body = client_for(cast.secretary).get("/api/me").json()
    assert body["username"] == "secretary" and body["display_name"] == "王书记" and not body["is_superuser"]
    assert body["person"]["name"] == "王书记" and body["person"]["home_id"] == world.community.pk
    [role] = body["roles"]
    assert role["role"] == "party_secretary" and role["place_id"] == world.community.pk
    assert "review_outcome" in role["capabilities"] and "manage_framework" not in role["capabilities"]


def test_me_for_a_resident_shows_the_masked_phone(client_for: ClientFor, cast: Cast) -> None:
    response = client_for(cast.resident).get("/api/me")
    body = response.json()
    assert body["username"] is None and body["roles"] == []
    assert body["person"]["phone_masked"] == "138****8001" and "13800138001" not in response.content.decode()


def test_me_for_an_administrator_without_a_person(client_for: ClientFor, cast: Cast) -> None:
    body = client_for(cast.admin).get("/api/me").json()
    assert body["is_superuser"] and body["person"] is None and body["display_name"] == "admin"


def test_me_needs_a_session_or_a_token(cast: Cast) -> None:
    assert Client().get("/api/me").status_code == 401


def test_roles_at_a_place_now_and_below(client_for: ClientFor, cast: Cast, world: World) -> None:
    leader = make_person("楼组长", world.units[1])
    give_role(leader, "building_leader", world.building)
    give_role(leader, "volunteer", world.community, ends_on=datetime.date(2021, 1, 1))
    client = client_for(cast.secretary)
    at_community = client.get("/api/people/roles", {"place": world.community.pk}).json()
    assert {item["person_name"] for item in at_community} == {"王书记", "李主任", "张监督"}
    assert all(item["is_current"] for item in at_community)
    with_past = client.get("/api/people/roles", {"place": world.community.pk, "current": False}).json()
    assert "楼组长" in {item["person_name"] for item in with_past}
    below = client.get("/api/people/roles", {"place": world.community.pk, "below": True}).json()
    assert ("楼组长", "building_leader") in {(item["person_name"], item["role"]) for item in below}
    assert client_for(cast.resident).get("/api/people/roles", {"place": world.community.pk}).status_code == 403


def test_a_secretary_assigns_a_role_through_the_api(client_for: ClientFor, cast: Cast, world: World) -> None:
    client = client_for(cast.secretary)
    payload = {
        "person_id": cast.resident.person_id,
        "role": "resident_representative",
        "place_id": world.community.pk,
        "starts_on": "2026-01-01",
        "note": "  elected at the assembly ",
    }
    response = client.post("/api/people/roles", payload, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["role"] == "resident_representative" and body["person_name"] == "刘先生"
    assert body["note"] == "elected at the assembly"
    record = AuditRecord.objects.get(verb="role.assign")
    assert record.channel == "api" and record.actor == cast.secretary
    ended = client.post(
        f"/api/people/roles/{body['id']}/end", {"ends_on": "2026-06-30"}, content_type="application/json"
    )
    assert ended.status_code == 200 and ended.json()["ends_on"] == "2026-06-30"
    assert AuditRecord.objects.filter(verb="role.end", channel="api").count() == 1


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"role": "emperor"}, 400, "role_unknown"),
        ({"ends_on": "2025-01-01"}, 400, "role_dates"),
        ({"person_id": 999999}, 404, "not_found"),
        ({"place_id": 999999}, 404, "not_found"),
    ],
)
def test_a_bad_role_is_refused_and_nothing_is_written(
    client_for: ClientFor, cast: Cast, world: World, change: dict[str, Any], status: int, code: str
) -> None:
    before = RoleAssignment.objects.count()
    payload = {
        "person_id": cast.resident.person_id,
        "role": "resident_representative",
        "place_id": world.community.pk,
        "starts_on": "2026-01-01",
        **change,
    }
    response = client_for(cast.secretary).post("/api/people/roles", payload, content_type="application/json")
    assert response.status_code == status and response.json()["error"]["code"] == code
    assert RoleAssignment.objects.count() == before
    assert not AuditRecord.objects.filter(verb="role.assign").exists()


def test_assigning_roles_needs_the_right_at_that_place(client_for: ClientFor, cast: Cast, world: World) -> None:
    payload = {
        "person_id": cast.villager.person_id,
        "role": "building_leader",
        "place_id": world.village_group.pk,
        "starts_on": "2026-01-01",
    }
    for user in (cast.resident, cast.supervisor, cast.secretary):
        response = client_for(user).post("/api/people/roles", payload, content_type="application/json")
        assert response.status_code == 403
    assert (
        client_for(cast.village_head).post("/api/people/roles", payload, content_type="application/json").status_code
        == 201
    )
    assert Client().post("/api/people/roles", payload, content_type="application/json").status_code == 401


ROLE_PAYLOAD = {"role": "volunteer", "starts_on": "2026-01-01"}


def test_a_session_write_needs_the_csrf_token(cast: Cast, world: World) -> None:
    payload = {**ROLE_PAYLOAD, "person_id": cast.resident.person_id, "place_id": world.community.pk}
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.secretary)
    assert browser.post("/api/people/roles", payload, content_type="application/json").status_code == 403
    assert not RoleAssignment.objects.filter(role="volunteer").exists()


def test_a_bearer_token_writes_without_a_csrf_token(cast: Cast, world: World) -> None:
    payload = {**ROLE_PAYLOAD, "person_id": cast.resident.person_id, "place_id": world.community.pk}
    _, secret = create_api_token(actor=Actor(user=cast.secretary), name="integration")
    integration = Client(enforce_csrf_checks=True)
    response = integration.post(
        "/api/people/roles", payload, content_type="application/json", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 201
    assert AuditRecord.objects.get(verb="role.assign").channel == "api"
