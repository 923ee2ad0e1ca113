"""GET /api/places/...: the tree to compounds is public to signed-in users; buildings and units only within reach."""

import pytest
from django.test import Client
from django.utils import translation

from tests.api.conftest import ClientFor
from tests.fixtures import Cast, World
from yishi.places.models import PlaceKind

pytestmark = pytest.mark.django_db


def ids(response: object) -> list[int]:
    return [item["id"] for item in response.json()]  # type: ignore[attr-defined]


def test_a_place_is_returned_with_its_facts(client_for: ClientFor, cast: Cast, world: World) -> None:
    response = client_for(cast.secretary).get(f"/api/places/{world.units[0].pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "101" and body["kind"] == "unit" and body["parent_id"] == world.building.pk
    assert body["exclusive_area"] == "89.50"
    with translation.override("zh-hans"):
        assert body["kind_label"] == str(PlaceKind.UNIT.label)


def test_the_kind_label_follows_the_language(client_for: ClientFor, cast: Cast, world: World) -> None:
    client = client_for(cast.secretary)
    chinese = client.get(f"/api/places/{world.community.pk}").json()["kind_label"]
    client.cookies["yishi_language"] = "en"
    english = client.get(f"/api/places/{world.community.pk}").json()["kind_label"]
    assert english == "Community / village"
    with translation.override("zh-hans"):
        assert chinese == str(PlaceKind.COMMUNITY.label)


def test_visitors_get_401(world: World) -> None:
    assert Client().get(f"/api/places/{world.community.pk}").status_code == 401
    assert Client().get("/api/places/").status_code == 401


def test_roots_are_the_districts(client_for: ClientFor, cast: Cast, world: World) -> None:
    assert ids(client_for(cast.resident).get("/api/places/")) == [world.district.pk]


def test_a_resident_sees_the_public_levels_and_their_own_home_only(
    client_for: ClientFor, cast: Cast, world: World
) -> None:
    client = client_for(cast.resident)
    for place in (world.district, world.street, world.community, world.compound, world.other_community):
        assert client.get(f"/api/places/{place.pk}").status_code == 200
    assert client.get(f"/api/places/{world.building.pk}").status_code == 200
    assert client.get(f"/api/places/{world.units[0].pk}").status_code == 200
    response = client.get(f"/api/places/{world.units[2].pk}")
    assert response.status_code == 403 and response.json()["error"]["code"] == "not_permitted"
    assert ids(client.get(f"/api/places/{world.building.pk}/children")) == [world.units[0].pk]
    assert client.get(f"/api/places/{world.village_units[0].pk}").status_code == 403


def test_staff_see_every_unit_in_their_community_but_not_in_others(
    client_for: ClientFor, cast: Cast, world: World
) -> None:
    secretary = client_for(cast.secretary)
    assert ids(secretary.get(f"/api/places/{world.building.pk}/children")) == [unit.pk for unit in world.units]
    assert secretary.get(f"/api/places/{world.village_units[0].pk}").status_code == 403
    village_head = client_for(cast.village_head)
    assert village_head.get(f"/api/places/{world.village_units[1].pk}").status_code == 200
    assert village_head.get(f"/api/places/{world.units[1].pk}").status_code == 403
    # A public place's children are listed without the buildings outside one's reach.
    assert ids(village_head.get(f"/api/places/{world.compound.pk}/children")) == []
    assert ids(secretary.get(f"/api/places/{world.compound.pk}/children")) == [world.building.pk]


def test_officers_reach_everything_below_their_level(client_for: ClientFor, cast: Cast, world: World) -> None:
    street = client_for(cast.street_officer)
    assert street.get(f"/api/places/{world.village_units[0].pk}").status_code == 200
    assert street.get(f"/api/places/{world.units[3].pk}").status_code == 200
    administrator = client_for(cast.admin)
    assert administrator.get(f"/api/places/{world.units[3].pk}").status_code == 200


def test_an_unknown_place_is_404(client_for: ClientFor, cast: Cast) -> None:
    response = client_for(cast.secretary).get("/api/places/999999")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_ancestors_run_from_the_top_down(client_for: ClientFor, cast: Cast, world: World) -> None:
    response = client_for(cast.resident).get(f"/api/places/{world.units[0].pk}/ancestors")
    assert ids(response) == [
        world.district.pk,
        world.street.pk,
        world.community.pk,
        world.compound.pk,
        world.building.pk,
        world.units[0].pk,
    ]


def test_subtree_search_by_name_and_kind(client_for: ClientFor, cast: Cast, world: World) -> None:
    street_officer = client_for(cast.street_officer)
    found = street_officer.get(f"/api/places/{world.street.pk}/search", {"q": "阳光"})
    assert ids(found) == [world.compound.pk]
    units = street_officer.get(f"/api/places/{world.street.pk}/search", {"kind": "unit"})
    assert set(ids(units)) == {unit.pk for unit in [*world.units, *world.village_units]}
    limited = street_officer.get(f"/api/places/{world.street.pk}/search", {"kind": "unit", "limit": 2})
    assert len(ids(limited)) == 2
    # The other street's community lies outside the subtree searched.
    assert ids(street_officer.get(f"/api/places/{world.street.pk}/search", {"q": "和平"})) == []
    # A resident's search leaves out the units beyond their own.
    resident_units = client_for(cast.resident).get(f"/api/places/{world.community.pk}/search", {"kind": "unit"})
    assert ids(resident_units) == [world.units[0].pk]


def test_bad_search_parameters_are_422(client_for: ClientFor, cast: Cast, world: World) -> None:
    client = client_for(cast.secretary)
    assert client.get(f"/api/places/{world.street.pk}/search", {"kind": "palace"}).status_code == 422
    assert client.get(f"/api/places/{world.street.pk}/search", {"limit": 0}).status_code == 422
    assert client.get(f"/api/places/{world.street.pk}/search", {"limit": 201}).status_code == 422


def test_reading_a_search_takes_a_fixed_number_of_queries(
    client_for: ClientFor, cast: Cast, world: World, django_assert_max_num_queries: object
) -> None:
    client = client_for(cast.street_officer)
    with django_assert_max_num_queries(7):  # type: ignore[operator]
        client.get(f"/api/places/{world.street.pk}/search", {"kind": "unit"})


def test_a_request_that_does_not_fit_the_schema_gets_the_shared_error_shape(
    client_for: ClientFor, cast: Cast, world: World
) -> None:
    client = client_for(cast.director)
    response = client.get(f"/api/places/{world.street.pk}/search", {"limit": 0})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and error["field"] == "limit"
    assert error["message"].startswith("请求不符合接口约定：limit：")
    assert response.json()["detail"]  # the schema's own list of problems, for tools
