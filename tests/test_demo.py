"""`manage.py seed_demo`: the demo street is a consistent tree of places and people, loaded once."""

import datetime
import random
import sys
import types
from collections import Counter
from decimal import Decimal
from importlib.machinery import ModuleSpec
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from yishi.accounts.models import User
from yishi.audit.models import AuditRecord
from yishi.people import crypto
from yishi.people import demo_data as data
from yishi.people.domain.identity import (
    birth_date_from_id,
    is_mobile,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
)
from yishi.people.management.commands import seed_demo
from yishi.people.models import Household, Ownership, Person, RoleAssignment
from yishi.places.domain.tree import PlaceKind, may_stand_under
from yishi.places.models import Place


@pytest.fixture
def demo(db: None) -> str:
    """The tiny demo's places and people (the apps' hooks have a test of their own below)."""
    output = StringIO()
    call_command("seed_demo", scale="tiny", no_apps=True, stdout=output)
    return output.getvalue()


def test_paths_match_parents(demo: str) -> None:
    places = {place.pk: place for place in Place.objects.all()}
    assert len(places) > 50
    kinds = Counter(place.kind for place in places.values())
    assert kinds["district"] == 1 and kinds["street"] == 1 and kinds["community"] == 2
    for place in places.values():
        parent = places.get(place.parent_id) if place.parent_id else None
        assert place.path == (parent.path if parent else "/") + f"{place.pk}/"
        assert place.depth == (parent.depth + 1 if parent else 0)
        assert may_stand_under(child=PlaceKind(place.kind), parent=PlaceKind(parent.kind) if parent else None)
    street = Place.objects.get(kind="street")
    assert Place.objects.within(street).count() == len(places) - 1


def test_compounds_of_each_kind_and_villagers_groups(demo: str) -> None:
    village = Place.objects.get(kind="community", is_rural=True)
    groups = Place.objects.filter(parent=village)
    assert groups.count() == 2
    assert {group.compound_type for group in groups} == {"village_group"}
    assert all(place.is_rural for place in Place.objects.within(village))
    urban = Place.objects.get(kind="community", is_rural=False)
    assert not any(place.is_rural for place in Place.objects.within(urban))
    urban_types = set(Place.objects.filter(kind="compound", is_rural=False).values_list("compound_type", flat=True))
    assert urban_types == {"public_housing_sold", "commercial"}


def test_every_unit_has_an_exact_area(demo: str) -> None:
    units = Place.objects.filter(kind="unit")
    assert units.count() > 30
    for unit in units:
        assert isinstance(unit.exclusive_area, Decimal)
        assert Decimal("35") <= unit.exclusive_area <= Decimal("180")
        assert unit.exclusive_area == unit.exclusive_area.quantize(Decimal("0.01"))
        assert unit.area_source in {"register", "surveyed", "contract"}
    assert not Place.objects.exclude(kind="unit").filter(exclusive_area__isnull=False).exists()
    assert {"register", "surveyed", "contract"} <= set(units.values_list("area_source", flat=True))


def test_every_resident_has_a_home(demo: str) -> None:
    members = Person.objects.filter(household__isnull=False).select_related("household", "home")
    assert members.count() > 40
    for person in members:
        assert person.home_id == person.household.unit_id  # type: ignore[union-attr]
        assert person.home is not None and person.home.kind == "unit"
    # Without a home: only owners who live elsewhere and people working here (officers, social workers, staff).
    for person in Person.objects.filter(home__isnull=True):
        assert person.household_id is None
        assert Ownership.objects.filter(owner=person).exists() or RoleAssignment.objects.filter(person=person).exists()


def test_households_have_representatives_among_their_members(demo: str) -> None:
    households = Household.objects.select_related("representative")
    assert households.exists()
    for household in households:
        assert household.representative is not None
        assert household.representative.household_id == household.pk
        assert household.representative.birth_date is not None
    assert Household.objects.values("unit").distinct().count() == households.count()


def test_phones_decrypt_to_valid_unique_numbers(demo: str) -> None:
    with_phone = Person.objects.exclude(phone_lookup="")
    assert with_phone.count() > 20
    phones = []
    for person in with_phone:
        phone = crypto.decrypt(person.phone_ciphertext)
        assert normalize_phone(phone) == phone and is_mobile(phone)
        assert person.phone_lookup == crypto.lookup_hash(phone)
        assert person.phone_masked == mask_phone(phone)
        assert phone not in person.phone_ciphertext
        phones.append(phone)
    assert len(phones) == len(set(phones))
    assert {resident.phone for resident in data.DEMO_RESIDENTS} <= set(phones)


def test_id_numbers_are_valid_and_match_birth_date_and_sex(demo: str) -> None:
    people = Person.objects.exclude(id_number_lookup="")
    assert people.count() > 20
    for person in people:
        number = crypto.decrypt(person.id_number_ciphertext)
        assert normalize_id_number(number) == number
        assert birth_date_from_id(number) == person.birth_date
        assert int(number[16]) % 2 == (1 if person.sex == "male" else 0)
        assert person.id_number_masked == mask_id_number(number)
        assert person.id_number_lookup == crypto.lookup_hash(number)


def test_residents_are_varied(demo: str) -> None:
    people = list(Person.objects.exclude(birth_date__isnull=True))
    day = data.REFERENCE_DAY
    ages = [person.age_on(day) or 0 for person in people]
    assert sum(age >= 60 for age in ages) / len(ages) > 0.15
    assert any(age < 18 for age in ages)
    assert {person.sex for person in people} == {"male", "female"}
    assert Counter(person.residence_status for person in people)["registered"] > len(people) / 2
    assert len({person.name for person in people}) > len(people) * 0.8


def test_ownership_covers_co_owners_several_units_and_the_developer(demo: str) -> None:
    per_unit = Counter(Ownership.objects.values_list("unit_id", flat=True))
    assert max(per_unit.values()) >= 2  # co-owners
    per_owner = Counter(Ownership.objects.exclude(owner=None).values_list("owner_id", flat=True))
    assert max(per_owner.values()) >= 2  # one owner, several units
    developer = Ownership.objects.filter(is_developer_unsold=True)
    assert developer.exists()
    assert all(item.owner_id is None and item.organisation_name for item in developer)
    for item in developer:
        assert not Household.objects.filter(unit=item.unit_id).exists()


def test_every_community_has_its_roles(demo: str) -> None:
    day = datetime.date.today()
    for community in Place.objects.filter(kind="community"):
        roles = Counter(
            RoleAssignment.objects.filter(place=community, starts_on__lte=day).values_list("role", flat=True)
        )
        assert roles["party_secretary"] == 1
        assert 2 <= roles["committee_member"] <= 4
        assert roles["supervision_member"] >= 1
        assert roles["resident_representative"] >= 5
        assert roles["social_worker"] >= 2
        assert roles["volunteer"] >= 1
        committee_households = set(
            Person.objects.filter(
                roles__place=community, roles__role__in=["committee_member", "party_secretary"]
            ).values_list("household_id", flat=True)
        )
        supervisors = Person.objects.filter(roles__place=community, roles__role="supervision_member")
        assert not committee_households & {person.household_id for person in supervisors}  # CW-27
    commercial = Place.objects.get(kind="compound", compound_type="commercial")
    compound_roles = Counter(RoleAssignment.objects.filter(place=commercial).values_list("role", flat=True))
    assert compound_roles["owners_committee_member"] % 2 == 1
    assert compound_roles["property_staff"] >= 2
    owners = set(Ownership.objects.filter(unit__path__startswith=commercial.path).values_list("owner_id", flat=True))
    committee = RoleAssignment.objects.filter(place=commercial, role="owners_committee_member")
    assert {item.person_id for item in committee} <= owners
    assert RoleAssignment.objects.filter(role="building_leader", place__kind="building").exists()
    assert RoleAssignment.objects.filter(role="street_officer", place__kind="street").exists()
    assert RoleAssignment.objects.filter(role="expert", place__kind="district").exists()


def test_demo_residents_live_apart_where_the_demo_says(demo: str) -> None:
    people = {
        resident.where: Person.objects.select_related("home__parent__parent").get(
            phone_lookup=crypto.lookup_hash(resident.phone)
        )
        for resident in data.DEMO_RESIDENTS
    }
    assert len({person.household_id for person in people.values()}) == len(people)
    assert {resident.name for resident in data.DEMO_RESIDENTS} == {person.name for person in people.values()}
    owner, elder, villager = people["owner"], people["elder"], people["villager"]
    assert Ownership.objects.filter(owner=owner).exists()
    assert owner.home.ancestor_of_kind("compound").compound_type == "commercial"  # type: ignore[union-attr]
    assert elder.home.ancestor_of_kind("compound").compound_type == "public_housing_sold"  # type: ignore[union-attr]
    assert (elder.age_on(data.REFERENCE_DAY) or 0) >= 65
    assert villager.home.is_rural  # type: ignore[union-attr]


def test_demo_accounts_sign_in_with_the_published_password(demo: str) -> None:
    for staff in data.DEMO_STAFF:
        user = User.objects.get(username=staff.username)
        assert user.check_password(data.DEMO_PASSWORD)
        assert user.person is not None and user.person.name == staff.name
        assert RoleAssignment.objects.filter(person=user.person, role=staff.role).exists()
    admin = User.objects.get(username=data.ADMIN_USERNAME)
    assert admin.is_superuser and admin.check_password(data.DEMO_PASSWORD)


def test_each_batch_leaves_one_audit_record(demo: str) -> None:
    records = AuditRecord.objects.filter(verb="demo.seed")
    batches = records.filter(note__startswith="Demo data loaded by manage.py seed_demo")
    assert batches.count() == 4  # the district, the street, two communities
    assert records.filter(note__startswith="Demo staff accounts").count() == 1
    assert {record.channel for record in records} == {"import"}
    for kind, model in (("places", Place), ("people", Person), ("households", Household), ("roles", RoleAssignment)):
        assert sum(record.changes[kind][1] for record in batches) == model.objects.count()


def test_every_app_hook_runs_on_the_demo(db: None) -> None:
    """What `make demo` does: places and people, then every app's demo, in one transaction."""
    output = StringIO()
    call_command("seed_demo", scale="tiny", stdout=output)
    hooks = [app for app in seed_demo.DEMO_APPS if f"  {app}: demo data added" in output.getvalue()]
    assert hooks == [app for app in seed_demo.DEMO_APPS if _has_demo(app)]
    for place in Place.objects.select_related("parent"):
        assert place.path == (place.parent.path if place.parent else "/") + f"{place.pk}/"


def _has_demo(app: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(f"yishi.{app}.demo") is not None


def test_loading_twice_is_refused_and_if_empty_does_nothing(demo: str) -> None:
    counts = (Place.objects.count(), Person.objects.count(), AuditRecord.objects.count())
    output = StringIO()
    call_command("seed_demo", scale="tiny", if_empty=True, stdout=output)
    assert "not loaded again" in output.getvalue()
    with pytest.raises(CommandError):
        call_command("seed_demo", scale="tiny", stdout=StringIO())
    assert (Place.objects.count(), Person.objects.count(), AuditRecord.objects.count()) == counts


def test_demo_info_prints_the_sign_ins(demo: str) -> None:
    output = StringIO()
    call_command("demo_info", stdout=output)
    text = output.getvalue()
    assert "http://127.0.0.1:8000/" in text
    assert data.DEMO_PASSWORD in text
    for staff in data.DEMO_STAFF:
        assert staff.username in text
    for resident in data.DEMO_RESIDENTS:
        assert resident.phone in text
    assert "sms-outbox" in text


def test_demo_info_on_an_empty_database(db: None) -> None:
    output = StringIO()
    call_command("demo_info", stdout=output)
    assert "seed_demo" in output.getvalue()


def _probe_module(monkeypatch: pytest.MonkeyPatch, seed: Any) -> None:
    module = types.ModuleType("yishi.probe.demo")
    module.__spec__ = ModuleSpec("yishi.probe.demo", loader=None)
    module.seed = seed  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "yishi.probe.demo", module)
    monkeypatch.setattr(seed_demo, "DEMO_APPS", ("probe", "no_such_app"))


def test_app_hooks_get_the_street_a_seeded_generator_and_the_scale(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []

    def seed(*, street: Place, rng: random.Random, scale: str = "street") -> None:
        calls.append({"street": street.name, "people": Person.objects.count(), "draw": rng.random(), "scale": scale})

    _probe_module(monkeypatch, seed)
    call_command("seed_demo", scale="tiny", seed=7, stdout=StringIO())
    assert calls == [
        {
            "street": "东湖街道",
            "people": Person.objects.count(),
            "draw": random.Random("7:probe").random(),
            "scale": "tiny",
        }
    ]


def test_a_failing_hook_leaves_the_database_empty(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def seed(*, street: Place, rng: random.Random) -> None:
        raise RuntimeError("broken demo")

    _probe_module(monkeypatch, seed)
    with pytest.raises(RuntimeError):
        call_command("seed_demo", scale="tiny", stdout=StringIO())
    assert not Place.objects.exists() and not Person.objects.exists()


def test_hook_signatures() -> None:
    def with_scale(*, street: object, rng: object, scale: str = "street") -> None: ...
    def with_kwargs(*, street: object, rng: object, **extra: object) -> None: ...
    def without(*, street: object, rng: object) -> None: ...

    assert seed_demo.accepts_keyword(with_scale, "scale")
    assert seed_demo.accepts_keyword(with_kwargs, "scale")
    assert not seed_demo.accepts_keyword(without, "scale")


def test_drafts_are_deterministic() -> None:
    def draw(seed: int) -> list[tuple[str, str, str]]:
        ids = data.Identities(random.Random(seed))
        people = [ids.person(age=age, sex="female", status="registered", since=None) for age in range(10, 90, 7)]
        return [(person.name, person.phone, person.id_number) for person in people]

    assert draw(1) == draw(1)
    assert draw(1) != draw(2)
    assert data.district_recipe(random.Random(3)) == data.district_recipe(random.Random(3))


def test_district_recipe_has_the_size_of_a_district() -> None:
    recipe = data.district_recipe(random.Random(2026))
    communities = [community for street in recipe.streets for community in street.communities]
    assert len(recipe.streets) == 12
    assert len(communities) == 200
    assert sum(community.is_rural for community in communities) >= 5
    units = sum(community.unit_count for community in communities)
    assert 240_000 <= units <= 340_000
    types_ = {compound.compound_type for community in communities for compound in community.compounds}
    assert types_ == {
        "public_housing_sold",
        "commercial",
        "foreign_resident",
        "old_villa",
        "resettlement",
        "village_group",
    }
    for street in recipe.streets:
        assert len({community.name for community in street.communities}) == len(street.communities)
