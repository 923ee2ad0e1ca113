"""Who gets 401, 403 or 200 from each endpoint: persona x endpoint, at the community 幸福社区."""

from typing import Any

import pytest
from django.test import Client

from tests.fixtures import Cast, World

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "resident",
    "villager",
    "secretary",
    "director",
    "supervisor",
    "street_officer",
    "district_officer",
    "expert",
    "village_head",
    "admin",
]
ROSTER = {"secretary", "director", "supervisor", "street_officer", "district_officer", "admin"}
ASSIGN = {"secretary", "director", "street_officer", "district_officer", "admin"}
# Any current role reaches the dwellings below it; residents reach their own home only.
REACH_UNIT_103 = {"secretary", "director", "supervisor", "street_officer", "district_officer", "expert", "admin"}


def expected(endpoint: str, persona: str) -> int:
    if persona == "anonymous":
        return 401
    if endpoint in {"me", "community", "community_children"}:
        return 200
    if endpoint == "unit_103":
        return 200 if persona in REACH_UNIT_103 else 403
    if endpoint == "resident_detail":
        return 200 if persona in ROSTER | {"resident"} else 403
    if endpoint == "assign_role":
        return 201 if persona in ASSIGN else 403
    return 200 if persona in ROSTER else 403


def call(client: Client, endpoint: str, cast: Cast, world: World) -> Any:
    community = world.community.pk
    if endpoint == "me":
        return client.get("/api/me")
    if endpoint == "community":
        return client.get(f"/api/places/{community}")
    if endpoint == "community_children":
        return client.get(f"/api/places/{community}/children")
    if endpoint == "unit_103":
        return client.get(f"/api/places/{world.units[2].pk}")
    if endpoint == "people":
        return client.get("/api/people/", {"place": community})
    if endpoint == "roles":
        return client.get("/api/people/roles", {"place": community})
    if endpoint == "resident_detail":
        return client.get(f"/api/people/{cast.resident.person_id}")
    assert endpoint == "assign_role"
    payload = {
        "person_id": cast.elder.pk,
        "role": "volunteer",
        "place_id": community,
        "starts_on": "2026-01-01",
    }
    return client.post("/api/people/roles", payload, content_type="application/json")


ENDPOINTS = ["me", "community", "community_children", "unit_103", "people", "roles", "resident_detail", "assign_role"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_status_by_persona_and_endpoint(persona: str, endpoint: str, cast: Cast, world: World) -> None:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(cast, persona))
    response = call(client, endpoint, cast, world)
    assert response.status_code == expected(endpoint, persona), response.content.decode()[:300]
    if response.status_code == 403:
        assert response.json()["error"]["code"] == "not_permitted"
