"""The OpenAPI document tells the truth: real responses of every GET endpoint fit their declared schemas,
and the docs page at /api/docs works without any outside server."""

import re
from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import ClientFor
from tests.api.openapi_check import errors, response_schema
from tests.fixtures import Cast, World

pytestmark = pytest.mark.django_db

OUR_TAGS = {"accounts", "places", "people"}


@pytest.fixture
def spec(client: Client) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def our_get_operations(spec: dict[str, Any]) -> set[str]:
    return {
        path
        for path, operations in spec["paths"].items()
        if "get" in operations and OUR_TAGS & set(operations["get"].get("tags", []))
    }


def samples(cast: Cast, world: World) -> list[tuple[str, str, Any, dict[str, Any]]]:
    """(path template, URL, user, query) for real calls, including refusals whose bodies are declared too."""
    community, unit = world.community.pk, world.units[0].pk
    return [
        ("/api/me", "/api/me", cast.secretary, {}),
        ("/api/me", "/api/me", cast.admin, {}),
        ("/api/me", "/api/me", cast.resident, {}),
        ("/api/places/", "/api/places/", cast.resident, {}),
        ("/api/places/{place_id}", f"/api/places/{unit}", cast.secretary, {}),
        ("/api/places/{place_id}", f"/api/places/{world.compound.pk}", cast.resident, {}),
        ("/api/places/{place_id}", f"/api/places/{world.units[2].pk}", cast.resident, {}),
        ("/api/places/{place_id}", "/api/places/999999", cast.resident, {}),
        ("/api/places/{place_id}/ancestors", f"/api/places/{unit}/ancestors", cast.secretary, {}),
        ("/api/places/{place_id}/children", f"/api/places/{world.building.pk}/children", cast.secretary, {}),
        ("/api/places/{place_id}/search", f"/api/places/{world.street.pk}/search", cast.street_officer, {"q": "1"}),
        ("/api/people/", "/api/people/", cast.secretary, {"place": community}),
        ("/api/people/", "/api/people/", cast.resident, {"place": community}),
        ("/api/people/", "/api/people/", cast.secretary, {"place": 999999}),
        ("/api/people/roles", "/api/people/roles", cast.secretary, {"place": community, "below": True}),
        ("/api/people/roles", "/api/people/roles", cast.resident, {"place": community}),
        ("/api/people/{person_id}", f"/api/people/{cast.resident.person_id}", cast.secretary, {}),
        ("/api/people/{person_id}", f"/api/people/{cast.director.person_id}", cast.secretary, {}),
        ("/api/people/{person_id}", f"/api/people/{cast.resident.person_id}", cast.villager, {}),
    ]


def test_every_get_endpoint_answers_as_its_schema_says(
    spec: dict[str, Any], client_for: ClientFor, cast: Cast, world: World
) -> None:
    calls = samples(cast, world)
    assert {template for template, *_ in calls} == our_get_operations(spec), "an endpoint is not exercised here"
    statuses: set[int] = set()
    for template, url, user, query in calls:
        response = client_for(user).get(url, query)
        statuses.add(response.status_code)
        schema = response_schema(spec, template, "get", response.status_code)
        problems = errors(response.json(), schema, spec)
        assert not problems, f"{url} as {user}: {problems}"
    assert statuses == {200, 403, 404}


def test_the_checker_catches_a_response_that_does_not_fit(spec: dict[str, Any]) -> None:
    schema = response_schema(spec, "/api/places/{place_id}", "get", 200)
    good = {
        "id": 1,
        "kind": "unit",
        "kind_label": "Dwelling unit",
        "name": "101",
        "parent_id": None,
        "path": "/1/",
        "depth": 0,
        "code": "",
        "is_rural": False,
        "compound_type": "",
        "exclusive_area": "89.50",
    }
    assert errors(good, schema, spec) == []
    assert errors({**good, "id": "1"}, schema, spec)
    assert errors({**good, "exclusive_area": 89.5}, schema, spec)
    assert errors({key: value for key, value in good.items() if key != "name"}, schema, spec)
    people = response_schema(spec, "/api/people/", "get", 200)
    assert errors({"items": [{"id": 1}], "count": 1}, people, spec)


def test_writes_declare_their_refusals(spec: dict[str, Any]) -> None:
    operation = spec["paths"]["/api/people/roles"]["post"]
    assert {"201", "400", "403", "404"} <= set(operation["responses"])
    assert "RoleIn" in str(operation["requestBody"])


def test_the_docs_page_loads_nothing_from_outside(client: Client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "cdn" not in page.lower()
    for source in sources:
        assert client.get(source).status_code == 200, source
