"""The place browser and a place's page: reach, counts, forms, and refusals that change nothing."""

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_person, make_place, make_unit
from tests.fixtures import Cast, World
from yishi.places.models import Place


def test_signing_in_is_required(client: Client, world: World) -> None:
    response = client.get("/places/")
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_browser_starts_where_the_roles_are_held(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    body = client.get("/places/").content.decode()
    assert "幸福社区" in body
    assert "桃源村" not in body
    client.force_login(cast.street_officer)
    body = client.get("/places/").content.decode()
    assert "东湖街道" in body
    assert "幸福社区" not in body  # shown one level down, not twice


def test_residents_without_a_role_see_nothing(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.resident)
    response = client.get("/places/")
    assert response.status_code == 200
    assert "幸福社区" not in response.content.decode()
    assert client.get(f"/places/{world.community.pk}/").status_code == 403


def test_children_are_listed_with_their_counts(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.street_officer)
    response = client.get(f"/places/{world.street.pk}/")
    assert response.status_code == 200
    children = {place.name: place for place in response.context["children"]}
    # 幸福社区: units 101-104; residents 刘先生 and 陈阿姨 plus the staff who live in the community.
    assert children["幸福社区"].unit_count == 4
    assert children["幸福社区"].resident_count == 5
    assert children["桃源村"].unit_count == 2
    assert children["桃源村"].resident_count == 2


def test_counts_take_a_constant_number_of_queries(
    client: Client, world: World, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    client.force_login(cast.director)
    client.get(f"/places/{world.community.pk}/")  # warm the session
    with django_assert_max_num_queries(25) as few:
        client.get(f"/places/{world.community.pk}/")
    for number in range(30):
        compound = make_place("compound", f"新小区{number}", world.community)
        make_person(f"居民{number}", make_unit(compound, "1", "50.00"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/places/{world.community.pk}/")
    assert len(response.context["children"]) == 31


def test_breadcrumbs_link_only_within_reach(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    response = client.get(f"/places/{world.building.pk}/")
    crumbs = {crumb.place.name: crumb.may_open for crumb in response.context["crumbs"]}
    assert crumbs == {"示范区": False, "东湖街道": False, "幸福社区": True, "阳光小区": True, "1号楼": True}


def test_supervisor_browses_but_does_not_change(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.supervisor)
    response = client.get(f"/places/{world.compound.pk}/")
    assert response.status_code == 200
    assert "add_form" not in response.context
    response = client.post(f"/places/{world.compound.pk}/add/", {"add-kind": "building", "add-name": "9号楼"})
    assert response.status_code == 403
    assert not Place.objects.filter(name="9号楼").exists()


def test_add_a_unit_with_an_exact_area(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    response = client.post(
        f"/places/{world.building.pk}/add/",
        {"add-kind": "unit", "add-name": "105", "add-exclusive_area": "76.35", "add-area_source": "register"},
    )
    assert response.status_code == 302
    unit = Place.objects.get(parent=world.building, name="105")
    assert unit.exclusive_area == Decimal("76.35")


@pytest.mark.parametrize(
    ("area", "message"),
    [("-5", "面积必须大于零"), ("八十", "面积必须是"), ("80.123", "两位小数")],
)
def test_bad_areas_are_refused_in_chinese(client: Client, world: World, cast: Cast, area: str, message: str) -> None:
    client.force_login(cast.director)
    response = client.post(
        f"/places/{world.building.pk}/add/", {"add-kind": "unit", "add-name": "106", "add-exclusive_area": area}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Place.objects.filter(name="106").exists()


def test_rename_and_set_compound_type(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    response = client.post(
        f"/places/{world.compound.pk}/edit/",
        {"edit-name": "阳光花园", "edit-code": "", "edit-compound_type": "old_villa"},
    )
    assert response.status_code == 302
    world.compound.refresh_from_db()
    assert (world.compound.name, world.compound.compound_type) == ("阳光花园", "old_villa")


def test_rename_to_a_taken_name_is_refused(client: Client, world: World, cast: Cast) -> None:
    make_place("compound", "月光小区", world.community)
    client.force_login(cast.director)
    response = client.post(f"/places/{world.compound.pk}/edit/", {"edit-name": "月光小区", "edit-compound_type": ""})
    assert response.status_code == 400
    assert "这里已有同名的地点" in response.content.decode()
    world.compound.refresh_from_db()
    assert world.compound.name == "阳光小区"


def test_move_through_the_page(client: Client, world: World, cast: Cast) -> None:
    second = make_place("compound", "月光小区", world.community)
    client.force_login(cast.director)
    page = client.get(f"/places/{world.building.pk}/")
    offered = [value for value, _label in page.context["move_form"].fields["new_parent"].widget.choices]
    assert second.pk in offered
    assert world.compound.pk not in offered  # already its parent
    response = client.post(f"/places/{world.building.pk}/move/", {"move-new_parent": second.pk})
    assert response.status_code == 302
    assert Place.objects.get(pk=world.units[0].pk).path.startswith(second.path)


def test_a_crafted_move_below_itself_is_refused(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    response = client.post(f"/places/{world.compound.pk}/move/", {"move-new_parent": world.building.pk})
    assert response.status_code == 400
    assert "不能移到它自己的下级" in response.content.decode()
    assert Place.objects.get(pk=world.compound.pk).parent_id == world.community.pk


def test_unit_page_shows_who_lives_there_and_owns_it(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    body = client.get(f"/places/{world.units[0].pk}/").content.decode()
    assert "刘先生" in body
    assert "89.50 m²" in body
    assert "13800138001" not in body


def test_navigation_links_for_signed_in_people(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.resident)
    body = client.get("/").content.decode()
    assert 'href="/places/"' in body and 'href="/people/"' in body
    client.logout()
    body = client.get("/").content.decode()
    assert 'href="/places/"' not in body
