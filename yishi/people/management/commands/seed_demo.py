"""Load the demo: a street of 示范区 with its communities, compounds, residents, households, owners and roles.

    manage.py seed_demo                    # 东湖街道: four urban communities and two villages, ~4,000 residents
    manage.py seed_demo --if-empty         # the same, unless the database already holds places (`make demo`)
    manage.py seed_demo --scale district   # 12 streets, ~200 communities, ~700,000 residents (benchmarks)
    manage.py seed_demo --scale tiny       # a few dozen residents (tests)

The demo is data loading, not the act of a user: rows are written with bulk operations, and one
audit record (verb "demo.seed", channel "import") per batch says where they came from. Primary keys
are reserved before the rows are built, so each place's materialized path ("/<id>/<id>/…/") is known
without a save per row. Phone and ID numbers are encrypted and hashed through yishi.people.crypto
like any other. Everything is drawn from one seeded generator: the same --seed gives the same demo.

App hook
--------
After the places, people and demo accounts exist, the command imports `yishi.<app>.demo` for each
app in DEMO_APPS (matters, deliberation, decisions, implementation, evaluation, elections,
disclosure), when that module exists, and calls its `seed` function inside its own transaction:

    def seed(*, street: Place, rng: random.Random) -> None
    def seed(*, street: Place, rng: random.Random, scale: str = "street") -> None   # optional keyword

- `street` is the demo street 东湖街道 (at district scale the first of the twelve streets; its
  parent is the district, so `street.parent` reaches the others).
- `rng` is a `random.Random` seeded from the command's --seed and the app's name: an app's demo
  does not change when another app adds or removes draws.
- `scale` ("tiny", "street" or "district") is passed only when the function accepts a keyword of
  that name (or **kwargs); at district scale an app should stay within a few minutes.
- Apps are called in the order of DEMO_APPS, so an app can build on the demo data of the apps
  before it. The demo accounts (DEMO_STAFF in yishi/people/demo_data.py) hold their roles by then.
"""

import datetime
import importlib
import importlib.util
import inspect
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.test.utils import override_settings

from yishi.audit.actions import Actor, record_audit
from yishi.audit.models import Channel
from yishi.people import crypto
from yishi.people import demo_data as data
from yishi.people.domain.identity import mask_id_number, mask_phone
from yishi.people.models import Household, Ownership, Person, RoleAssignment
from yishi.places.domain.tree import child_path
from yishi.places.models import Place

DEMO_APPS: tuple[str, ...] = (
    "matters",
    "deliberation",
    "decisions",
    "implementation",
    "evaluation",
    "elections",
    "disclosure",
)
SCALES = ("tiny", "street", "district")
BATCH_SIZE = 2000
DEMO_ACTOR = Actor(user=None, acting_role="demo", channel=Channel.IMPORT)


class IdReserver:
    """Primary keys handed out before the rows are written, so that rows can point at each other."""

    BLOCK = 5000

    def __init__(self) -> None:
        self._next: dict[str, int] = {}
        self._spare: dict[str, list[int]] = {}

    def reserve(self, model: type[models.Model], count: int) -> list[int]:
        if count <= 0:
            return []
        table = model._meta.db_table
        if connection.vendor == "postgresql":
            # The identity sequence hands out the keys (in blocks, to save round trips), so that
            # ordinary inserts later never collide with the demo's rows.
            spare = self._spare.setdefault(table, [])
            if len(spare) < count:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                        [table, max(count, self.BLOCK)],
                    )
                    spare.extend(row[0] for row in cursor.fetchall())
            taken, self._spare[table] = spare[:count], spare[count:]
            return taken
        if table not in self._next:
            with connection.cursor() as cursor:
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quoted}")  # noqa: S608 - a model's own table
                highest = int(cursor.fetchone()[0])
                if connection.vendor == "sqlite":
                    # AUTOINCREMENT never reuses an id, even of a deleted row.
                    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                    row = cursor.fetchone()
                    highest = max(highest, int(row[0]) if row else 0)
            self._next[table] = highest + 1
        first = self._next[table]
        self._next[table] = first + count
        return list(range(first, first + count))


@dataclass
class Resident:
    """A drafted person with where they live, while the community's roles are chosen."""

    draft: data.PersonDraft
    person: Person
    household: Household | None
    unit: Place | None
    building: Place | None
    compound: Place | None
    is_owner_occupier: bool = False
    is_head: bool = False


@dataclass
class Batch:
    """Rows of one community (or of the street's own staff), written together."""

    places: list[Place] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    ownerships: list[Ownership] = field(default_factory=list)
    roles: list[RoleAssignment] = field(default_factory=list)


@dataclass
class Totals:
    places: int = 0
    people: int = 0
    households: int = 0
    ownerships: int = 0
    roles: int = 0
    phones: int = 0

    def add(self, batch: Batch) -> None:
        self.places += len(batch.places)
        self.people += len(batch.people)
        self.households += len(batch.households)
        self.ownerships += len(batch.ownerships)
        self.roles += len(batch.roles)
        self.phones += sum(1 for person in batch.people if person.phone_lookup)


class DemoLoader:
    """Builds the demo's rows from the drafts of yishi.people.demo_data and writes them in batches."""

    def __init__(self, *, rng: random.Random, scale: str) -> None:
        self.rng = rng
        self.scale = scale
        self.ids = data.Identities(rng, taken_phones=[resident.phone for resident in data.DEMO_RESIDENTS])
        self.keys = IdReserver()
        self.totals = Totals()
        # Demo accounts: username -> person id, filled as the places they belong to are loaded.
        self.staff_people: dict[str, int] = {}
        self.residents_placed: dict[str, int] = {}
        self.demo_households: set[int] = set()  # each demo resident in a household of their own
        self.first_street: Place | None = None
        self._household_numbers = 0

    # ------------------------------------------------------------------ places
    def _place(
        self,
        batch: Batch,
        key: int,
        *,
        kind: str,
        name: str,
        parent: Place | None,
        code: str = "",
        is_rural: bool = False,
        compound_type: str = "",
        unit: data.UnitDraft | None = None,
    ) -> Place:
        place = Place(
            id=key,
            kind=kind,
            name=name,
            parent_id=parent.pk if parent else None,
            path=child_path(parent_path=parent.path if parent else "/", node_id=key),
            depth=parent.depth + 1 if parent else 0,
            code=code,
            is_rural=is_rural or bool(parent and parent.is_rural),
            compound_type=compound_type,
            exclusive_area=unit.area if unit else None,
            area_source=unit.area_source if unit else "",
        )
        batch.places.append(place)
        return place

    def make_district(self, recipe: data.DistrictRecipe) -> Place:
        batch = Batch()
        (key,) = self.keys.reserve(Place, 1)
        district = self._place(batch, key, kind="district", name=recipe.name, parent=None, code=recipe.code)
        self._officers(batch, district, role="district_officer", count=2, note="区民政局")
        self._officers(batch, district, role="expert", count=3, note="")
        self.flush(batch, target=district, label=recipe.name)
        return district

    def make_street(self, recipe: data.StreetRecipe, district: Place) -> Place:
        batch = Batch()
        (key,) = self.keys.reserve(Place, 1)
        street = self._place(batch, key, kind="street", name=recipe.name, parent=district, code=recipe.code)
        if self.first_street is None:
            self.first_street = street
        self._officers(batch, street, role="street_officer", count=2, note="街道自治办")
        self.flush(batch, target=street, label=recipe.name)
        return street

    def make_community(self, recipe: data.CommunityRecipe, street: Place) -> Place:
        rng = self.rng
        batch = Batch()
        shapes = [(compound, data.buildings_of(rng, compound)) for compound in recipe.compounds]
        count = 1 + sum(
            1 + sum((1 if building.name else 0) + len(building.units) for building in buildings)
            for _, buildings in shapes
        )
        keys = iter(self.keys.reserve(Place, count))
        community = self._place(
            batch,
            next(keys),
            kind="community",
            name=recipe.name,
            parent=street,
            code=recipe.code,
            is_rural=recipe.is_rural,
        )
        residents: list[Resident] = []
        buildings_made: list[tuple[Place, list[Resident]]] = []
        # Compounds run by a property company: owners' committee and property staff are chosen there.
        managed: list[tuple[Place, data.CompoundRecipe, list[Resident]]] = []
        landlords: list[Resident] = []
        investors: list[Resident] = []
        for compound_recipe, buildings in shapes:
            compound = self._place(
                batch,
                next(keys),
                kind="compound",
                name=compound_recipe.name,
                parent=community,
                compound_type=compound_recipe.compound_type,
            )
            uses = iter(self._uses(compound_recipe, buildings))
            in_compound: list[Resident] = []
            for building_draft in buildings:
                building: Place | None = None
                parent = compound
                if building_draft.name:
                    building = self._place(
                        batch, next(keys), kind="building", name=building_draft.name, parent=compound
                    )
                    parent = building
                in_building: list[Resident] = []
                for unit_draft in building_draft.units:
                    unit = self._place(
                        batch, next(keys), kind="unit", name=unit_draft.name, parent=parent, unit=unit_draft
                    )
                    in_building.extend(
                        self._occupy(
                            batch,
                            use=next(uses),
                            unit=unit,
                            building=building,
                            compound=compound,
                            recipe=compound_recipe,
                            community=community,
                            landlords=landlords,
                            investors=investors,
                        )
                    )
                if building is not None:
                    buildings_made.append((building, in_building))
                in_compound.extend(in_building)
            residents.extend(in_compound)
            if compound_recipe.compound_type in {"commercial", "foreign_resident", "resettlement"}:
                managed.append((compound, compound_recipe, in_compound))
        self._community_roles(batch, community, residents, buildings_made, managed)
        self._finish_people(batch, residents, investors)
        self.flush(batch, target=community, label=f"{street.name} › {recipe.name}")
        return community

    # ------------------------------------------------------------------ people
    def _uses(self, recipe: data.CompoundRecipe, buildings: Sequence[data.BuildingDraft]) -> list[str]:
        """What each unit of a compound is used for; a commercial compound keeps some unsold units."""
        uses = [data.occupancy(self.rng, recipe.compound_type) for _ in data.iter_units(buildings)]
        if recipe.compound_type in {"commercial", "foreign_resident"} and "developer" not in uses:
            uses[-1] = "developer"
        return uses

    def _occupy(
        self,
        batch: Batch,
        *,
        use: str,
        unit: Place,
        building: Place | None,
        compound: Place,
        recipe: data.CompoundRecipe,
        community: Place,
        landlords: list[Resident],
        investors: list[Resident],
    ) -> list[Resident]:
        """Who owns the unit and who lives in it."""
        rng = self.rng
        since = data.REFERENCE_DAY - datetime.timedelta(days=rng.randint(365, 365 * 12))
        if use == "developer":
            # YZ-7: all of the developer's unsold units together count as one owner.
            batch.ownerships.append(
                Ownership(
                    unit_id=unit.pk,
                    organisation_name=data.DEVELOPER_NAME,
                    is_developer_unsold=True,
                    since=datetime.date(recipe.built, 1, 1),
                )
            )
            return []
        if use == "public_rental":
            batch.ownerships.append(
                Ownership(
                    unit_id=unit.pk,
                    organisation_name=data.PUBLIC_HOUSING_OWNER,
                    since=datetime.date(recipe.built, 1, 1),
                )
            )
        elif use in {"rented", "vacant"}:
            owner = self._landlord(landlords, investors, rural=recipe.compound_type == "village_group")
            batch.ownerships.append(Ownership(unit_id=unit.pk, owner_id=owner.person.pk, since=since))
        if use == "vacant":
            return []
        tenant = use == "rented"
        kind = data.household_kind(rng, compound_type=recipe.compound_type, tenant=tenant)
        drafts = data.draft_household(self.ids, kind=kind, compound_type=recipe.compound_type, built=recipe.built)
        (household_key,) = self.keys.reserve(Household, 1)
        person_keys = self.keys.reserve(Person, len(drafts))
        self._household_numbers += 1
        household = Household(
            id=household_key,
            unit_id=unit.pk,
            number=f"{community.code or community.pk}-{self._household_numbers:06d}",
            representative_id=person_keys[0],
        )
        batch.households.append(household)
        members: list[Resident] = []
        for index, (draft, key) in enumerate(zip(drafts, person_keys, strict=True)):
            person = Person(id=key, home_id=unit.pk, household_id=household_key)
            resident = Resident(
                draft=draft,
                person=person,
                household=household,
                unit=unit,
                building=building,
                compound=compound,
                is_owner_occupier=use == "owner",
                is_head=index == 0,
            )
            members.append(resident)
        if use == "owner":
            head = members[0]
            batch.ownerships.append(
                Ownership(unit_id=unit.pk, owner_id=head.person.pk, since=draft_since(head.draft, since))
            )
            head.draft.tags.add("owner")
            # Spouses often hold the title together: co-owners, one row each.
            if len(members) > 1 and members[1].draft.age() >= 18 and kind != "three_generations" and rng.random() < 0.4:
                batch.ownerships.append(
                    Ownership(
                        unit_id=unit.pk, owner_id=members[1].person.pk, since=draft_since(members[1].draft, since)
                    )
                )
                members[1].draft.tags.add("owner")
            landlords.append(head)
        return members

    def _landlord(self, landlords: list[Resident], investors: list[Resident], *, rural: bool) -> Resident:
        """The owner of a let or empty unit: a resident with a second home, a repeat investor or a new one."""
        rng = self.rng
        if landlords and rng.random() < (0.6 if rural else 0.15):
            return rng.choice(landlords)
        if investors and rng.random() < 0.35:
            return rng.choice(investors)
        age = rng.randint(35, 75)
        draft = self.ids.person(age=age, sex=rng.choice(["male", "female"]), status="registered", since=None)
        draft.resident_since = None
        draft.tags.add("owner")
        (key,) = self.keys.reserve(Person, 1)
        investor = Resident(draft=draft, person=Person(id=key), household=None, unit=None, building=None, compound=None)
        investors.append(investor)
        return investor

    def _finish_people(self, batch: Batch, residents: Sequence[Resident], others: Sequence[Resident]) -> None:
        for resident in [*residents, *others]:
            apply_draft(resident.person, resident.draft)
            batch.people.append(resident.person)

    def _new_person(self, *, age: int, sex: str | None = None, local: bool = True) -> Resident:
        draft = self.ids.person(
            age=age, sex=sex or self.rng.choice(["male", "female"]), status="registered", since=None, local=local
        )
        draft.resident_since = None
        (key,) = self.keys.reserve(Person, 1)
        return Resident(draft=draft, person=Person(id=key), household=None, unit=None, building=None, compound=None)

    def _officers(self, batch: Batch, place: Place, *, role: str, count: int, note: str) -> None:
        """Officers and experts: people who work at the street or district and live elsewhere."""
        people: list[Resident] = []
        for index in range(count):
            official = self._new_person(age=self.rng.randint(32, 58))
            staff = self._demo_staff_for(role=role, kind=place.kind)
            if staff is not None and index == 0:
                become(self.ids, official.draft, name=staff.name, sex=staff.sex, birth_year=staff.birth_year)
                self.staff_people[staff.username] = official.person.pk
            people.append(official)
            expert_note = "专家" if role == "expert" else note
            batch.roles.append(
                RoleAssignment(
                    person_id=official.person.pk,
                    role=role,
                    place_id=place.pk,
                    starts_on=datetime.date(2019 + index, 3, 1),
                    note=staff.note if staff is not None and index == 0 else expert_note,
                )
            )
        self._finish_people(batch, [], people)

    def _demo_staff_for(self, *, role: str, kind: str) -> data.DemoStaff | None:
        for staff in data.DEMO_STAFF:
            if staff.role == role and staff.where == kind and staff.username not in self.staff_people:
                return staff
        return None

    # ------------------------------------------------------------------ roles
    def _community_roles(
        self,
        batch: Batch,
        community: Place,
        residents: list[Resident],
        buildings: list[tuple[Place, list[Resident]]],
        compounds: list[tuple[Place, data.CompoundRecipe, list[Resident]]],
    ) -> None:
        rng = self.rng
        term = data.TERM_STARTS_ON
        taken: set[int] = set()
        taken_households: set[int] = set()
        adults = [item for item in residents if item.draft.age() >= 18 and not item.draft.is_foreign]
        where = "village" if community.is_rural else "community"

        def pick(
            pool: Sequence[Resident], low: int, high: int, count: int, *, exclusive: bool = True
        ) -> list[Resident]:
            candidates = [
                item
                for item in pool
                if low <= item.draft.age() <= high
                and (not exclusive or (item.person.pk not in taken and household_key(item) not in taken_households))
            ]
            chosen = rng.sample(candidates, k=min(count, len(candidates)))
            if exclusive:
                for item in chosen:
                    taken.add(item.person.pk)
            return chosen

        def assign(holder: Resident, role: str, place: Place, starts_on: datetime.date, note: str = "") -> None:
            batch.roles.append(
                RoleAssignment(person_id=holder.person.pk, role=role, place_id=place.pk, starts_on=starts_on, note=note)
            )

        def demo(holder: Resident, role: str) -> None:
            staff = self._demo_staff_for(role=role, kind=where)
            if staff is not None:
                become(self.ids, holder.draft, name=staff.name, sex=staff.sex, birth_year=staff.birth_year)
                self.staff_people[staff.username] = holder.person.pk

        # The two committees: the party secretary and two to four committee members (the first chairs).
        secretaries = pick(adults, 38, 58, 1)
        committee = pick(adults, 28, 60, rng.randint(2, 4))
        for holder in secretaries:
            demo(holder, "party_secretary")
            assign(
                holder, "party_secretary", community, term, "党支部书记" if community.is_rural else "居民区党总支书记"
            )
        for index, holder in enumerate(committee):
            if index == 0:
                demo(holder, "committee_member")
            chair = "村委会主任" if community.is_rural else "居委会主任"
            assign(holder, "committee_member", community, term, chair if index == 0 else "委员")
        for holder in [*secretaries, *committee]:
            taken_households.add(household_key(holder))
        # CW-27: the supervision committee excludes committee members and their households.
        for index, holder in enumerate(pick(adults, 45, 72, 3)):
            if index == 0:
                demo(holder, "supervision_member")
            assign(holder, "supervision_member", community, term, "主任" if index == 0 else "成员")
        households = len({household_key(item) for item in residents})
        # CW-22: one village representative for every five to fifteen households.
        representatives = max(5, households // (10 if community.is_rural else 40))
        for holder in pick(adults, 30, 78, representatives, exclusive=False):
            assign(holder, "resident_representative", community, term)
        for building, living in buildings:
            for holder in pick(
                [item for item in living if item.draft.age() >= 18 and not item.draft.is_foreign],
                40,
                80,
                1,
                exclusive=False,
            ):
                assign(
                    holder, "building_leader", building, datetime.date(rng.randint(2015, 2024), rng.randint(1, 12), 1)
                )
        for holder in pick(adults, 18, 95, max(3, len(adults) * 7 // 100), exclusive=False):
            born = holder.draft.birth_date
            joined = datetime.date(born.year + rng.randint(20, 40), born.month, min(born.day, 28))
            assign(holder, "party_member", community, min(joined, datetime.date(2025, 7, 1)))
        for holder in pick(adults, 18, 80, max(3, len(residents) * 3 // 100), exclusive=False):
            assign(holder, "volunteer", community, datetime.date(rng.randint(2019, 2025), rng.randint(1, 12), 1))
        outsiders: list[Resident] = []
        for index in range(rng.randint(2, 3)):
            worker = self._new_person(age=rng.randint(24, 45))
            outsiders.append(worker)
            assign(worker, "social_worker", community, datetime.date(2020 + index, 9, 1), "社区社工站")
        for organisation in rng.sample(data.SOCIAL_ORGANISATIONS, k=rng.randint(1, 2)):
            delegate = self._new_person(age=rng.randint(28, 60))
            outsiders.append(delegate)
            assign(delegate, "social_organisation_delegate", community, datetime.date(2022, 3, 1), organisation)
        for compound, recipe, living in compounds:
            owners = [item for item in living if "owner" in item.draft.tags and item.draft.age() >= 25]
            if recipe.compound_type != "resettlement" and len(owners) >= 5:
                size = 7 if len(living) > 600 else 5  # an odd number (YZ-16)
                for index, holder in enumerate(pick(owners, 25, 75, size)):
                    assign(
                        holder,
                        "owners_committee_member",
                        compound,
                        datetime.date(2023, 6, 1),
                        "主任" if index == 0 else "委员",
                    )
            company = rng.choice(data.PROPERTY_COMPANIES)
            for index in range(rng.randint(2, 3)):
                staff = self._new_person(age=rng.randint(25, 55), local=False)
                outsiders.append(staff)
                assign(
                    staff,
                    "property_staff",
                    compound,
                    datetime.date(2022, 1, 1),
                    f"{company}{'项目经理' if index == 0 else '客服'}",
                )
        self._place_demo_residents(community, residents)
        self._finish_people(batch, [], outsiders)

    def _place_demo_residents(self, community: Place, residents: list[Resident]) -> None:
        """Give the demo residents who sign in by phone their published numbers and names."""
        for demo_resident in data.DEMO_RESIDENTS:
            if demo_resident.where in self.residents_placed:
                continue
            if (demo_resident.where == "villager") != community.is_rural:
                continue
            wanted = DEMO_RESIDENT_HOMES[demo_resident.where]
            candidates = [
                item
                for item in residents
                if item.draft.sex == demo_resident.sex
                and item.draft.age() >= 30
                and item.person.pk not in self.staff_people.values()
                and household_key(item) not in self.demo_households
                and wanted(item)
            ]
            if not candidates:
                continue
            chosen = candidates[0]
            become(
                self.ids,
                chosen.draft,
                name=demo_resident.name,
                sex=demo_resident.sex,
                birth_year=demo_resident.birth_year,
            )
            chosen.draft.phone = demo_resident.phone
            self.residents_placed[demo_resident.where] = chosen.person.pk
            self.demo_households.add(household_key(chosen))

    # ------------------------------------------------------------------ writing
    def flush(self, batch: Batch, *, target: Place, label: str) -> None:
        """Write a batch in bulk and the one audit record that says where it came from."""
        Place.objects.bulk_create(batch.places, batch_size=BATCH_SIZE)
        Household.objects.bulk_create(batch.households, batch_size=BATCH_SIZE)
        Person.objects.bulk_create(batch.people, batch_size=BATCH_SIZE)
        Ownership.objects.bulk_create(batch.ownerships, batch_size=BATCH_SIZE)
        RoleAssignment.objects.bulk_create(batch.roles, batch_size=BATCH_SIZE)
        self.totals.add(batch)
        record_audit(
            actor=DEMO_ACTOR,
            verb="demo.seed",
            target=target,
            place=target,
            changes={
                "places": [0, len(batch.places)],
                "people": [0, len(batch.people)],
                "households": [0, len(batch.households)],
                "ownerships": [0, len(batch.ownerships)],
                "roles": [0, len(batch.roles)],
            },
            note=f"Demo data loaded by manage.py seed_demo --scale {self.scale}: {label}.",
        )


# Where each demo resident who signs in by phone lives: an owner in a commercial compound, an elder
# at home in public housing, and a villager who heads a household.
DEMO_RESIDENT_HOMES: dict[str, Callable[[Resident], bool]] = {
    "owner": lambda item: (
        "owner" in item.draft.tags and item.compound is not None and item.compound.compound_type == "commercial"
    ),
    "elder": lambda item: (
        item.is_owner_occupier
        and item.draft.age() >= 65
        and item.compound is not None
        and item.compound.compound_type in {"public_housing_sold", "old_villa"}
    ),
    "villager": lambda item: item.is_head and item.is_owner_occupier,
}


def household_key(resident: Resident) -> int:
    """The household's reserved key; 0 for people without a household here."""
    return resident.household.pk if resident.household is not None else 0


def draft_since(draft: data.PersonDraft, fallback: datetime.date) -> datetime.date:
    return draft.resident_since or fallback


def become(ids: data.Identities, draft: data.PersonDraft, *, name: str, sex: str, birth_year: int) -> None:
    """Turn a drafted person into one of the published demo people (a new ID number to match)."""
    draft.name = name
    draft.sex = sex
    month, day = draft.birth_date.month, min(draft.birth_date.day, 28)
    draft.birth_date = datetime.date(birth_year, month, day)
    if draft.resident_since is not None and draft.resident_since < draft.birth_date:
        draft.resident_since = draft.birth_date
    if draft.id_number:
        draft.id_number = ids.id_number(birth_date=draft.birth_date, sex=sex, region=draft.id_number[:6])
    elif draft.age() >= 16 and not draft.is_foreign:
        draft.id_number = ids.id_number(birth_date=draft.birth_date, sex=sex, region=data.LOCAL_REGIONS[0])
    draft.is_foreign = False
    if not draft.ethnicity:
        draft.ethnicity = "汉族"


def apply_draft(person: Person, draft: data.PersonDraft) -> None:
    """Copy a draft onto its row: phone and ID number encrypted, hashed for look-up and masked."""
    person.name = draft.name
    person.sex = draft.sex
    person.birth_date = draft.birth_date
    person.ethnicity = draft.ethnicity
    person.residence_status = draft.residence_status
    person.resident_since = draft.resident_since
    if draft.phone:
        person.phone_ciphertext = crypto.encrypt(draft.phone)
        person.phone_lookup = crypto.lookup_hash(draft.phone)
        person.phone_masked = mask_phone(draft.phone)
    if draft.id_number:
        person.id_number_ciphertext = crypto.encrypt(draft.id_number)
        person.id_number_lookup = crypto.lookup_hash(draft.id_number)
        person.id_number_masked = mask_id_number(draft.id_number)


def accepts_keyword(function: Callable[..., Any], name: str) -> bool:
    """Whether `function` can be called with the keyword argument `name`."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(
        (parameter.name == name and parameter.kind in {parameter.KEYWORD_ONLY, parameter.POSITIONAL_OR_KEYWORD})
        or parameter.kind == parameter.VAR_KEYWORD
        for parameter in parameters
    )


class Command(BaseCommand):
    help = "Load the demo street (or --scale district / tiny): places, residents, owners, roles and demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=SCALES, default="street", help="How much to load (default: street).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already holds places."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the random draws (default: 2026).")
        parser.add_argument("--no-apps", action="store_true", help="Load places and people only, no app hooks.")

    def handle(self, *args: Any, **options: Any) -> None:
        # With DEBUG (development settings) Django keeps the text of every query and, on SQLite, runs a
        # second query to quote the parameters of each: a district's bulk inserts would hold gigabytes
        # of SQL and take twice as long. Loading data needs no query log.
        with override_settings(DEBUG=False):
            self._handle(**options)

    def _handle(self, **options: Any) -> None:
        scale: str = options["scale"]
        if Place.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already holds places: the demo is not loaded again.")
                return
            raise CommandError(
                "The database already holds places. Load the demo into an empty database "
                "(or pass --if-empty to skip loading when data exists)."
            )
        started = time.perf_counter()
        if connection.vendor == "sqlite":
            # The default page cache (2 MB) is far smaller than the indexes on random keys (phone and ID
            # hashes) that the district fills: with a larger one each insert stops costing a page read.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MB, for this connection only
        loader = DemoLoader(rng=random.Random(options["seed"]), scale=scale)
        if scale == "district":
            # Street by street, each in its own transaction, so that progress shows and memory stays small.
            street = self._load_district(loader)
            with transaction.atomic():
                self._create_accounts(loader, street)
            self._report(loader, started)
            if not options["no_apps"]:
                self._run_app_hooks(street=street, seed=options["seed"], scale=scale)
        else:
            # All or nothing: a failing app hook leaves an empty database, and the next `make demo` tries again.
            with transaction.atomic():
                street = self._load_street(loader, data.tiny_recipe() if scale == "tiny" else data.street_recipe())
                self._create_accounts(loader, street)
                self._report(loader, started)
                if not options["no_apps"]:
                    self._run_app_hooks(street=street, seed=options["seed"], scale=scale)
        self._say(f"Demo ready in {time.perf_counter() - started:.1f} s. Sign-ins: manage.py demo_info")

    def _report(self, loader: DemoLoader, started: float) -> None:
        totals = loader.totals
        self._say(
            f"Loaded {totals.places:,} places, {totals.people:,} people ({totals.phones:,} with a phone), "
            f"{totals.households:,} households, {totals.ownerships:,} ownerships and {totals.roles:,} roles "
            f"in {time.perf_counter() - started:.1f} s."
        )

    def _say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def _load_street(self, loader: DemoLoader, recipe: data.StreetRecipe) -> Place:
        district = loader.make_district(
            data.DistrictRecipe(name=data.DISTRICT_NAME, code=data.DISTRICT_CODE, streets=(recipe,))
        )
        street = loader.make_street(recipe, district)
        for recipe_community in recipe.communities:
            tick = time.perf_counter()
            loader.make_community(recipe_community, street)
            self._say(
                f"  {recipe_community.name}: {recipe_community.unit_count} units, "
                f"{loader.totals.people:,} people so far ({time.perf_counter() - tick:.1f} s)"
            )
        return street

    def _load_district(self, loader: DemoLoader) -> Place:
        recipe = data.district_recipe(random.Random(loader.rng.getrandbits(64)))
        communities = sum(len(street.communities) for street in recipe.streets)
        self._say(f"Loading {recipe.name}: {len(recipe.streets)} streets, {communities} communities.")
        with transaction.atomic():
            district = loader.make_district(recipe)
        for index, street_recipe in enumerate(recipe.streets, start=1):
            tick = time.perf_counter()
            before = loader.totals.people
            # One transaction per street: a street is either loaded completely or not at all.
            with transaction.atomic():
                street = loader.make_street(street_recipe, district)
                for community_recipe in street_recipe.communities:
                    loader.make_community(community_recipe, street)
            self._say(
                f"  street {index}/{len(recipe.streets)} {street_recipe.name}: "
                f"{len(street_recipe.communities)} communities, {loader.totals.people - before:,} people "
                f"({time.perf_counter() - tick:.1f} s; {loader.totals.people:,} in all)"
            )
        assert loader.first_street is not None
        return loader.first_street

    def _create_accounts(self, loader: DemoLoader, street: Place) -> None:
        user_model = get_user_model()
        made: list[str] = []
        for staff in data.DEMO_STAFF:
            person_id = loader.staff_people.get(staff.username)
            if person_id is None:
                continue
            if user_model.objects.filter(username=staff.username).exists():
                self._say(f"  The account {staff.username!r} exists already and was left unchanged.")
                continue
            user_model.objects.create_user(  # type: ignore[attr-defined]
                username=staff.username, password=data.DEMO_PASSWORD, person_id=person_id
            )
            made.append(staff.username)
        if not user_model.objects.filter(username=data.ADMIN_USERNAME).exists():
            user_model.objects.create_superuser(  # type: ignore[attr-defined]
                username=data.ADMIN_USERNAME, password=data.DEMO_PASSWORD
            )
            made.append(data.ADMIN_USERNAME)
        record_audit(
            actor=DEMO_ACTOR,
            verb="demo.seed",
            target=street,
            place=street,
            changes={"accounts": [[], made]},
            note="Demo staff accounts created by manage.py seed_demo.",
        )

    def _run_app_hooks(self, *, street: Place, seed: int, scale: str) -> None:
        for app in DEMO_APPS:
            module_name = f"yishi.{app}.demo"
            try:
                spec = importlib.util.find_spec(module_name)
            except ModuleNotFoundError:  # the app itself is not there
                spec = None
            if spec is None:
                continue
            module = importlib.import_module(module_name)
            seed_function = getattr(module, "seed", None)
            if not callable(seed_function):
                raise CommandError(f"{module_name} has no seed(*, street, rng) function.")
            arguments: dict[str, Any] = {"street": street, "rng": random.Random(f"{seed}:{app}")}
            if accepts_keyword(seed_function, "scale"):
                arguments["scale"] = scale
            tick = time.perf_counter()
            with transaction.atomic():
                seed_function(**arguments)
            self._say(f"  {app}: demo data added ({time.perf_counter() - tick:.1f} s)")
