"""Writes to the place tree: who may, the tree's shape, exact areas, and moves of whole subtrees."""

from decimal import Decimal

import pytest

from tests.factories import make_place
from tests.fixtures import Cast, World
from tests.places.conftest import actor
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import AuditRecord
from yishi.places.actions import create_place, move_place, parse_area, update_place
from yishi.places.models import Place


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("89.5", Decimal("89.50")),
        (" 1,089.25 ", Decimal("1089.25")),
        (120, Decimal("120.00")),
        ("", None),
        (None, None),
    ],
)
def test_parse_area_is_exact(raw: object, expected: Decimal | None) -> None:
    assert parse_area(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("-5", "area_not_positive"),
        ("0", "area_not_positive"),
        ("abc", "area_not_numeric"),
        ("89.505", "area_precision"),
        ("NaN", "area_not_positive"),
        ("100000000", "area_too_large"),
    ],
)
def test_parse_area_refuses_bad_areas(raw: str, code: str) -> None:
    with pytest.raises(ActionError) as caught:
        parse_area(raw)
    assert caught.value.code == code
    assert caught.value.field == "exclusive_area"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("secretary", True),
        ("director", True),
        ("street_officer", True),
        ("district_officer", True),
        ("supervisor", False),
        ("expert", False),
        ("resident", False),
        ("village_head", False),
    ],
)
def test_who_may_add_a_unit_in_the_community(world: World, cast: Cast, who: str, allowed: bool) -> None:
    user = getattr(cast, who)
    if allowed:
        unit = create_place(
            actor=actor(user), kind="unit", name="105", parent=world.building, exclusive_area=Decimal("66.60")
        )
        assert unit.path == f"{world.building.path}{unit.pk}/"
        assert unit.depth == world.building.depth + 1
        assert AuditRecord.objects.filter(verb="place.create", target_id=str(unit.pk)).exists()
    else:
        with pytest.raises(NotPermitted):
            create_place(actor=actor(user), kind="unit", name="105", parent=world.building)
        assert not Place.objects.filter(name="105").exists()


def test_shape_and_names_are_checked(world: World, cast: Cast) -> None:
    with pytest.raises(ActionError) as caught:
        create_place(actor=actor(cast.director), kind="community", name="X", parent=world.building)
    assert caught.value.code == "place_parent_kind"
    with pytest.raises(ActionError) as caught:
        create_place(actor=actor(cast.director), kind="unit", name="101", parent=world.building)
    assert caught.value.code == "place_name_taken"
    with pytest.raises(ActionError) as caught:
        create_place(
            actor=actor(cast.director),
            kind="building",
            name="2号楼",
            parent=world.compound,
            exclusive_area=Decimal("1"),
        )
    assert caught.value.code == "place_area_kind"


def test_update_renames_and_keeps_areas_exact(world: World, cast: Cast) -> None:
    unit = world.units[1]
    update_place(
        actor=actor(cast.director),
        place=unit,
        name="102室",
        exclusive_area=parse_area("120.35"),
        area_source="surveyed",
    )
    unit.refresh_from_db()
    assert unit.name == "102室"
    assert unit.exclusive_area == Decimal("120.35")
    assert unit.area_source == "surveyed"
    record = AuditRecord.objects.get(verb="place.update", target_id=str(unit.pk))
    assert record.changes["exclusive_area"] == ["120.25", "120.35"]
    update_place(actor=actor(cast.director), place=world.compound, compound_type="resettlement")
    world.compound.refresh_from_db()
    assert world.compound.compound_type == "resettlement"


def test_a_compound_type_only_on_compounds(world: World, cast: Cast) -> None:
    with pytest.raises(ActionError) as caught:
        update_place(actor=actor(cast.director), place=world.building, compound_type="commercial")
    assert caught.value.code == "place_compound_type"


def test_move_rewrites_the_whole_subtree(world: World, cast: Cast) -> None:
    second = make_place("compound", "月光小区", world.community)
    move_place(actor=actor(cast.director), place=world.building, new_parent=second)
    world.building.refresh_from_db()
    assert world.building.parent_id == second.pk
    assert world.building.path == f"{second.path}{world.building.pk}/"
    for unit in world.units:
        unit.refresh_from_db()
        assert unit.path == f"{world.building.path}{unit.pk}/"
        assert unit.depth == world.building.depth + 1
    assert set(Place.objects.within(second).filter(kind="unit")) == set(world.units)
    assert not Place.objects.within(world.compound).filter(kind="unit").exists()
    record = AuditRecord.objects.get(verb="place.move")
    assert record.changes["parent"] == [world.compound.pk, second.pk]


def test_a_move_below_itself_is_refused_and_changes_nothing(world: World, cast: Cast) -> None:
    paths = dict(Place.objects.values_list("pk", "path"))
    with pytest.raises(ActionError) as caught:
        move_place(actor=actor(cast.director), place=world.compound, new_parent=world.building)
    assert caught.value.code == "place_cycle"
    assert dict(Place.objects.values_list("pk", "path")) == paths


def test_a_move_needs_permission_at_both_ends(world: World, cast: Cast) -> None:
    other_compound = make_place("compound", "和平小区", world.other_community)
    with pytest.raises(NotPermitted):
        move_place(actor=actor(cast.director), place=world.building, new_parent=other_compound)
    assert Place.objects.get(pk=world.building.pk).parent_id == world.compound.pk
