"""GET /api/people/...: residents within a place whose roster one may view, always masked."""

from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import ClientFor
from tests.factories import make_person
from tests.fixtures import Cast, World
from yishi.people import crypto
from yishi.people.domain.identity import mask_id_number, with_check_digit
from yishi.people.models import Person

pytestmark = pytest.mark.django_db

ID_NUMBER = with_check_digit("11010519491231002")


@pytest.fixture
def resident_with_id(cast: Cast) -> Person:
    person = cast.resident.person
    assert person is not None
    person.id_number_ciphertext = crypto.encrypt(ID_NUMBER)
    person.id_number_lookup = crypto.lookup_hash(ID_NUMBER)
    person.id_number_masked = mask_id_number(ID_NUMBER)
    person.save()
    return person


def names(response: Any) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


def test_staff_list_residents_of_their_community_masked(
    client_for: ClientFor, cast: Cast, world: World, resident_with_id: Person
) -> None:
    response = client_for(cast.secretary).get("/api/people/", {"place": world.community.pk})
    assert response.status_code == 200
    body = response.json()
    assert names(response) == sorted(names(response))
    assert {"刘先生", "陈阿姨"} <= set(names(response)) and "周大伯" not in names(response)
    resident = next(item for item in body["items"] if item["name"] == "刘先生")
    assert resident["phone_masked"] == "138****8001"
    assert resident["id_number_masked"] == mask_id_number(ID_NUMBER)
    assert resident["home_name"] == "101"
    raw = response.content.decode()
    assert "13800138001" not in raw and ID_NUMBER not in raw and "ciphertext" not in raw


def test_search_by_name_and_paginate(client_for: ClientFor, cast: Cast, world: World) -> None:
    for index in range(5):
        make_person(f"钟{index}", world.units[3])
    client = client_for(cast.director)
    assert names(client.get("/api/people/", {"place": world.community.pk, "q": "刘"})) == ["刘先生"]
    page = client.get("/api/people/", {"place": world.community.pk, "q": "钟", "limit": 2, "offset": 2}).json()
    assert page["count"] == 5 and [item["name"] for item in page["items"]] == ["钟2", "钟3"]


def test_the_roster_is_closed_to_those_without_the_right(client_for: ClientFor, cast: Cast, world: World) -> None:
    assert Client().get("/api/people/", {"place": world.community.pk}).status_code == 401
    for user in (cast.resident, cast.village_head, cast.expert):
        response = client_for(user).get("/api/people/", {"place": world.community.pk})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "not_permitted"
    assert client_for(cast.village_head).get("/api/people/", {"place": world.village.pk}).status_code == 200
    assert client_for(cast.street_officer).get("/api/people/", {"place": world.community.pk}).status_code == 200
    assert client_for(cast.director).get("/api/people/", {"place": 999999}).status_code == 404
    assert client_for(cast.director).get("/api/people/").status_code == 422


def test_a_persons_detail_is_masked_and_lists_roles_and_units(
    client_for: ClientFor, cast: Cast, world: World, resident_with_id: Person
) -> None:
    response = client_for(cast.secretary).get(f"/api/people/{resident_with_id.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["phone_masked"] == "138****8001" and body["birth_date"] == "1975-05-01"
    assert body["owned_unit_ids"] == [world.units[0].pk] and body["roles"] == []
    assert "13800138001" not in response.content.decode() and ID_NUMBER not in response.content.decode()
    director = client_for(cast.secretary).get(f"/api/people/{cast.director.person_id}").json()
    assert [role["role"] for role in director["roles"]] == ["committee_member"]


def test_who_may_read_a_persons_detail(client_for: ClientFor, cast: Cast, world: World) -> None:
    resident_id = cast.resident.person_id
    assert client_for(cast.resident).get(f"/api/people/{resident_id}").status_code == 200
    assert client_for(cast.villager).get(f"/api/people/{resident_id}").status_code == 403
    assert client_for(cast.village_head).get(f"/api/people/{resident_id}").status_code == 403
    assert client_for(cast.supervisor).get(f"/api/people/{resident_id}").status_code == 200
    # A street officer has no home on record: readable where they hold their role.
    officer_id = cast.street_officer.person_id
    assert client_for(cast.district_officer).get(f"/api/people/{officer_id}").status_code == 200
    assert client_for(cast.secretary).get(f"/api/people/{officer_id}").status_code == 403
    assert client_for(cast.secretary).get("/api/people/999999").status_code == 404


def test_listing_takes_a_fixed_number_of_queries(
    client_for: ClientFor, cast: Cast, world: World, django_assert_max_num_queries: Any
) -> None:
    for index in range(20):
        make_person(f"居民{index}", world.units[index % 4])
    client = client_for(cast.secretary)
    with django_assert_max_num_queries(6):
        response = client.get("/api/people/", {"place": world.community.pk})
    assert response.json()["count"] == 25
