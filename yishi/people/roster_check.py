"""Checking a roster file row by row against the place tree and the roster, without writing anything.

Every row passes the checks a single edit passes: people.actions.validate_person_facts (phone, ID number, dates),
places.actions.parse_area, the shape of the place tree, duplicates inside the file and on the roster (by keyed
hashes, never clear text), and the importer's permission at each place. The outcome lists the problems with their
messages in both languages, and the places, people, households, ownerships and roles the good rows would create.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.functional import Promise

from yishi.audit.errors import ActionError
from yishi.people import crypto
from yishi.people.actions import (
    PersonFacts,
    clean_id_number,
    clean_phone,
    validate_person_facts,
)
from yishi.people.domain.identity import birth_date_from_id
from yishi.people.domain.roles import Capability, HeldRole, Role, grants
from yishi.people.domain.roster import (
    CellError,
    Field,
    HeaderMap,
    RosterFileError,
    RosterRow,
    map_headers,
    message,
    normalise_row,
    sex_from_id,
)
from yishi.people.models import Household, ImportBatch, Ownership, Person
from yishi.people.permissions import held_roles, today
from yishi.people.spreadsheets import read_table
from yishi.places.actions import parse_area
from yishi.places.domain.tree import subtree_bounds
from yishi.places.models import Place, PlaceKind

PROGRESS_EVERY = 250
_CHUNK = 500


def current_language() -> str:
    """'en' or 'zh': the language messages are shown in."""
    return "en" if (translation.get_language() or "").startswith("en") else "zh"


def both_languages(text: str | Promise) -> tuple[str, str]:
    with translation.override("zh-hans"):
        zh = str(text)
    with translation.override("en"):
        en = str(text)
    return zh, en


@dataclass(frozen=True)
class Problem:
    """One error in the report: the row as the spreadsheet numbers it, the column, and the message in both languages."""

    row: int
    field: str
    code: str
    zh: str
    en: str

    @classmethod
    def of(cls, row: int, field: Field | None, code: str, /, **params: object) -> "Problem":
        return cls(
            row, field.value if field else "", code, message(code, "zh", **params), message(code, "en", **params)
        )

    @classmethod
    def from_action(cls, row: int, error: ActionError, default: Field | None = None) -> "Problem":
        zh, en = both_languages(error.message)
        known = {item.value for item in Field}
        field_name = error.field if error.field in known else (default.value if default else "")
        if error.field == "home":
            field_name = Field.UNIT.value
        return cls(row, field_name or "", error.code, zh, en)

    def as_json(self, headers: HeaderMap) -> dict[str, Any]:
        column = headers.written.get(Field(self.field), "") if self.field else ""
        return {"row": self.row, "field": self.field, "column": column, "code": self.code, "zh": self.zh, "en": self.en}


class Reach:
    """The importer's permissions, read once per check instead of once per row."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.day = today()
        self.held: list[HeldRole] = held_roles(user.person_id, on=self.day) if user.person_id else []

    def allows(self, capability: Capability, place: Place) -> bool:
        if not self.user.is_active:
            return False
        if self.user.is_superuser:
            return True
        return grants(held=self.held, capability=capability, target_path=place.path, on=self.day)


@dataclass(eq=False)
class Node:
    """A place a row names: one on record (`place`) or one the import will create."""

    kind: str
    name: str
    parent: "Node | None"
    place: Place | None = None
    area: Decimal | None = None
    area_row: int = 0
    area_source: str = ""
    gets_area: bool = False

    @property
    def anchor(self) -> Place:
        """The nearest place on record at or above this one."""
        node: Node | None = self
        while node is not None:
            if node.place is not None:
                return node.place
            node = node.parent
        raise ValueError("A planned place always hangs below a place on record.")

    def stub(self) -> Place:
        """The place, or an unsaved stand-in of the right kind for checks that look only at the kind."""
        return self.place if self.place is not None else Place(kind=self.kind, name=self.name)


class Tree:
    """The places, households and organisation owners on record below the import's place, read once."""

    def __init__(self, root: Place) -> None:
        self.root = root
        low, high = subtree_bounds(root.path)
        places = list(
            Place.objects.within(root).only(
                "id", "kind", "name", "parent_id", "path", "depth", "is_rural", "exclusive_area", "area_source"
            )
        )
        self.children: dict[tuple[int, str], Place] = {
            (place.parent_id, place.name): place for place in places if place.parent_id
        }
        self.communities: dict[str, list[Place]] = defaultdict(list)
        for place in places:
            if place.kind == PlaceKind.COMMUNITY:
                self.communities[place.name].append(place)
        self.households: dict[tuple[int, str], Household] = {
            (household.unit_id, household.number): household
            for household in Household.objects.filter(unit__path__gte=low, unit__path__lt=high)
            .exclude(number="")
            .select_related("representative")
        }
        self.organisation_owners: set[tuple[int, str]] = set(
            Ownership.objects.filter(unit__path__gte=low, unit__path__lt=high, owner__isnull=True).values_list(
                "unit_id", "organisation_name"
            )
        )


@dataclass
class Planned:
    """A checked row and what writing it means."""

    row: RosterRow
    community: Node | None = None
    building: Node | None = None
    unit: Node | None = None
    home: Node | None = None
    phone: str = ""
    id_number: str = ""
    birth_date: datetime.date | None = None
    sex: str = "unknown"
    roles: list[tuple[str, Node]] = field(default_factory=list)


def person_facts(item: Planned, home: Place | None = None) -> PersonFacts:
    """The facts of a row as a single edit would enter them; `home` replaces a place still to be created."""
    row = item.row
    return PersonFacts(
        name=row.name,
        home=home if home is not None else (item.home.stub() if item.home else None),
        phone=item.phone,
        id_number=item.id_number,
        sex=item.sex,
        ethnicity=row.ethnicity,
        birth_date=item.birth_date,
        residence_status=row.residence_status,
        resident_since=row.resident_since,
    )


@dataclass
class Outcome:
    """The result of checking a set of rows."""

    planned: list[Planned]
    problems: list[Problem]
    bad_rows: set[int]
    nodes: list[Node]
    households_on_record: set[tuple[int, str]]

    @property
    def good(self) -> list[Planned]:
        return [item for item in self.planned if item.row.row not in self.bad_rows]

    def used_nodes(self) -> set[int]:
        """The places (by node identity) the good rows name, with every place above them."""
        used: set[int] = set()
        for item in self.good:
            for start in (item.home, item.unit, item.building, *(place for _role, place in item.roles)):
                node = start
                while node is not None:
                    used.add(id(node))
                    node = node.parent
        return used

    def summary(self) -> dict[str, int]:
        """What writing the good rows would create."""
        good = self.good
        used = self.used_nodes()
        new_places = [node for node in self.nodes if node.place is None and id(node) in used]
        households: set[tuple[int, str]] = set()
        for item in good:
            unit = item.unit
            if not item.row.household_number or unit is None:
                continue
            if unit.place is not None and (unit.place.pk, item.row.household_number) in self.households_on_record:
                continue
            households.add((id(unit), item.row.household_number))
        return {
            "rows": len(good),
            "people": sum(1 for item in good if item.row.is_person),
            "units": sum(1 for node in new_places if node.kind == PlaceKind.UNIT),
            "places": sum(1 for node in new_places if node.kind != PlaceKind.UNIT),
            "areas": sum(1 for node in self.nodes if node.gets_area and id(node) in used),
            "ownerships": sum(1 for item in good if item.row.owner or item.row.organisation_name),
            "households": len(households),
            "roles": sum(len(item.roles) for item in good),
        }


class _Check:
    """One pass over the rows against the tree: problems per row, and the places the rows would create."""

    def __init__(self, *, tree: Tree, reach: Reach) -> None:
        self.tree = tree
        self.reach = reach
        self.nodes: dict[tuple[object, ...], Node] = {}
        self.problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def node_for(self, place: Place) -> Node:
        key: tuple[object, ...] = ("place", place.pk)
        node = self.nodes.get(key)
        if node is None:
            node = Node(
                kind=place.kind,
                name=place.name,
                parent=None,
                place=place,
                area=place.exclusive_area,
                area_source=place.area_source,
            )
            self.nodes[key] = node
        return node

    def child(self, parent: Node, name: str, kind: str, row: int, column: Field) -> Node | None:
        if parent.place is not None:
            found = self.tree.children.get((parent.place.pk, name))
            if found is not None:
                if found.kind != kind:
                    self.add(Problem.of(row, column, "place_kind_mismatch", name=name, kind=found.kind))
                    return None
                node = self.node_for(found)
                node.parent = parent
                return node
        key = ("new", id(parent), name)
        planned = self.nodes.get(key)
        if planned is None:
            planned = Node(kind=kind, name=name, parent=parent)
            self.nodes[key] = planned
        node = planned
        if not self.reach.allows(Capability.MANAGE_PLACES, node.anchor):
            self.add(Problem.of(row, column, "place_not_permitted", name=node.anchor.name))
            return None
        return node

    def community(self, row: RosterRow) -> Node | None:
        root = self.tree.root
        if root.kind == PlaceKind.COMMUNITY:
            if row.community and row.community != root.name:
                self.add(Problem.of(row.row, Field.COMMUNITY, "community_outside", name=row.community))
                return None
            return self.node_for(root)
        if not row.community:
            self.add(Problem.of(row.row, Field.COMMUNITY, "community_missing"))
            return None
        matches = self.tree.communities.get(row.community, [])
        if not matches:
            self.add(Problem.of(row.row, Field.COMMUNITY, "community_unknown", name=row.community))
            return None
        if len(matches) > 1:
            self.add(Problem.of(row.row, Field.COMMUNITY, "community_ambiguous", name=row.community))
            return None
        return self.node_for(matches[0])

    def locate(self, item: Planned) -> None:
        row = item.row
        community = self.community(row)
        if community is None:
            return
        item.community = node = community
        for name, kind, column in (
            (row.compound, PlaceKind.COMPOUND, Field.COMPOUND),
            (row.building, PlaceKind.BUILDING, Field.BUILDING),
            (row.unit, PlaceKind.UNIT, Field.UNIT),
        ):
            if not name:
                continue
            found = self.child(node, name, kind, row.row, column)
            if found is None:
                return
            node = found
            if kind == PlaceKind.BUILDING:
                item.building = node
            if kind == PlaceKind.UNIT:
                item.unit = node
        item.home = node

    def area(self, item: Planned) -> None:
        row = item.row
        if not row.exclusive_area:
            return
        unit = item.unit
        if unit is None:
            if not row.unit:
                self.add(Problem.of(row.row, Field.EXCLUSIVE_AREA, "area_without_unit"))
            return
        try:
            area = parse_area(row.exclusive_area)
        except ActionError as error:
            self.add(Problem.from_action(row.row, error, Field.EXCLUSIVE_AREA))
            return
        if area is None:
            return
        if unit.area is None:
            if unit.place is not None and not self.reach.allows(Capability.MANAGE_PLACES, unit.place):
                self.add(Problem.of(row.row, Field.EXCLUSIVE_AREA, "place_not_permitted", name=unit.name))
                return
            unit.area = area
            unit.area_row = row.row
            unit.area_source = row.area_source
            unit.gets_area = unit.place is not None
        elif unit.area != area:
            if unit.area_row:
                self.add(Problem.of(row.row, Field.EXCLUSIVE_AREA, "area_conflict_in_file", row=unit.area_row))
            else:
                self.add(Problem.of(row.row, Field.EXCLUSIVE_AREA, "area_conflict", recorded=unit.area))

    def person(self, item: Planned) -> None:
        row = item.row
        phone = id_number = ""
        if row.phone:
            try:
                phone = clean_phone(row.phone)
            except ActionError as error:
                self.add(Problem.from_action(row.row, error, Field.PHONE))
        if row.id_number:
            try:
                id_number = clean_id_number(row.id_number)
            except ActionError as error:
                self.add(Problem.from_action(row.row, error, Field.ID_NUMBER))
        birth_date, sex = row.birth_date, row.sex
        if id_number:
            from_id = birth_date_from_id(id_number)
            if birth_date is None:
                birth_date = from_id
            elif birth_date != from_id:
                self.add(Problem.of(row.row, Field.BIRTH_DATE, "birth_date_id_mismatch"))
            if sex == "unknown":
                sex = sex_from_id(id_number)
            elif sex != sex_from_id(id_number):
                self.add(Problem.of(row.row, Field.SEX, "sex_id_mismatch"))
        item.phone, item.id_number, item.birth_date, item.sex = phone, id_number, birth_date, sex
        try:
            validate_person_facts(person_facts(item))
        except ActionError as error:
            self.add(Problem.from_action(row.row, error, Field.NAME))
        if item.home is not None and not self.reach.allows(Capability.EDIT_ROSTER, item.home.anchor):
            self.add(Problem.of(row.row, Field.NAME, "place_not_permitted", name=item.home.anchor.name))

    def roles(self, item: Planned) -> None:
        row = item.row
        for role in row.roles:
            place = item.building if role == Role.BUILDING_LEADER else item.community
            if place is None:
                if role == Role.BUILDING_LEADER and item.community is not None:
                    self.add(Problem.of(row.row, Field.ROLE, "role_needs_building"))
                continue
            if not self.reach.allows(Capability.ASSIGN_ROLES, place.anchor):
                self.add(Problem.of(row.row, Field.ROLE, "role_not_permitted"))
                continue
            item.roles.append((role, place))


def _check(
    rows: Sequence[RosterRow],
    *,
    tree: Tree,
    reach: Reach,
    cell_errors: dict[int, list[CellError]],
    progress: "Progress",
) -> Outcome:
    check = _Check(tree=tree, reach=reach)
    planned: list[Planned] = []
    for row_number, errors in cell_errors.items():
        for error in errors:
            check.add(Problem.of(row_number, error.field, error.code, **dict(error.params or {})))

    seen_id: dict[str, int] = {}
    seen_phone: dict[str, int] = {}
    seen_person: dict[tuple[str, datetime.date, int], int] = {}
    heads: dict[tuple[int, str], int] = {}
    organisations: dict[tuple[int, str], int] = {}
    owner_units: list[tuple[int, Node]] = []
    for index, row in enumerate(rows, start=1):
        progress.step(index)
        item = Planned(row=row)
        planned.append(item)
        check.locate(item)
        check.area(item)
        unit = item.unit
        if row.is_person:
            check.person(item)
            check.roles(item)
            if item.id_number:
                if item.id_number in seen_id:
                    check.add(
                        Problem.of(
                            row.row, Field.ID_NUMBER, "duplicate_in_file", row=seen_id[item.id_number], what="id_number"
                        )
                    )
                seen_id.setdefault(item.id_number, row.row)
            if item.phone:
                if item.phone in seen_phone:
                    check.add(
                        Problem.of(row.row, Field.PHONE, "duplicate_in_file", row=seen_phone[item.phone], what="phone")
                    )
                seen_phone.setdefault(item.phone, row.row)
            if item.birth_date is not None and item.home is not None:
                key = (row.name, item.birth_date, id(item.home))
                if key in seen_person:
                    check.add(
                        Problem.of(
                            row.row, Field.NAME, "duplicate_in_file", row=seen_person[key], what="name_birth_home"
                        )
                    )
                seen_person.setdefault(key, row.row)
            if row.owner:
                if unit is None:
                    if item.community is not None and not row.unit:
                        check.add(Problem.of(row.row, Field.OWNER, "ownership_needs_unit"))
                else:
                    owner_units.append((row.row, unit))
            if row.household_number:
                if unit is None:
                    if item.community is not None and not row.unit:
                        check.add(Problem.of(row.row, Field.HOUSEHOLD_NUMBER, "household_needs_unit"))
                elif row.household_head:
                    key_household = (id(unit), row.household_number)
                    recorded = tree.households.get((unit.place.pk, row.household_number)) if unit.place else None
                    if key_household in heads:
                        check.add(
                            Problem.of(row.row, Field.HOUSEHOLD_HEAD, "household_two_heads", row=heads[key_household])
                        )
                    elif recorded is not None and recorded.representative is not None:
                        check.add(
                            Problem.of(
                                row.row,
                                Field.HOUSEHOLD_HEAD,
                                "household_has_representative",
                                name=recorded.representative.name,
                            )
                        )
                    else:
                        heads[key_household] = row.row
            elif row.household_head:
                check.add(Problem.of(row.row, Field.HOUSEHOLD_HEAD, "household_head_without_number"))
        elif row.organisation_name or row.developer_unsold:
            if not row.organisation_name:
                check.add(Problem.of(row.row, Field.ORGANISATION, "developer_without_organisation"))
            elif unit is None:
                if item.community is not None and not row.unit:
                    check.add(Problem.of(row.row, Field.ORGANISATION, "ownership_needs_unit"))
            else:
                key_owner = (id(unit), row.organisation_name)
                on_record = (
                    unit.place is not None and (unit.place.pk, row.organisation_name) in tree.organisation_owners
                )
                if key_owner in organisations or on_record:
                    check.add(Problem.of(row.row, Field.ORGANISATION, "ownership_duplicate"))
                organisations.setdefault(key_owner, row.row)
                owner_units.append((row.row, unit))
                if not reach.allows(Capability.EDIT_ROSTER, unit.anchor):
                    check.add(Problem.of(row.row, Field.ORGANISATION, "place_not_permitted", name=unit.anchor.name))
    # Civil Code Art. 278 counts owners by exclusive area, so an owner without one could not be counted.
    for row_number, unit in owner_units:
        if unit.area is None:
            check.add(Problem.of(row_number, Field.EXCLUSIVE_AREA, "ownership_needs_area"))
    _duplicates_on_record(planned, check)
    problems = sorted(check.problems, key=lambda problem: problem.row)
    return Outcome(
        households_on_record=set(tree.households),
        planned=planned,
        problems=problems,
        bad_rows={problem.row for problem in problems},
        nodes=list(check.nodes.values()),
    )


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _duplicates_on_record(planned: list[Planned], check: _Check) -> None:
    """People already on the roster: same ID number, same phone (keyed hashes, never clear text), or same name,
    birth date and home."""
    people = [item for item in planned if item.row.is_person]
    for attribute, lookup, what, column in (
        ("id_number", "id_number_lookup", "id_number", Field.ID_NUMBER),
        ("phone", "phone_lookup", "phone", Field.PHONE),
    ):
        by_hash: dict[str, list[Planned]] = defaultdict(list)
        for item in people:
            value = getattr(item, attribute)
            if value:
                by_hash[crypto.lookup_hash(value)].append(item)
        hashes = list(by_hash)
        for chunk in _chunks(hashes):
            for found in Person.objects.filter(**{f"{lookup}__in": chunk}).values_list(lookup, flat=True):
                for item in by_hash[found]:
                    check.add(Problem.of(item.row.row, column, "duplicate_in_database", what=what))
    by_home: dict[int, list[Planned]] = defaultdict(list)
    for item in people:
        if item.home is not None and item.home.place is not None and item.birth_date is not None:
            by_home[item.home.place.pk].append(item)
    homes = list(by_home)
    for chunk in _chunks(homes):
        on_record = set(
            Person.objects.filter(home_id__in=chunk, birth_date__isnull=False).values_list(
                "home_id", "name", "birth_date"
            )
        )
        for home_id in chunk:
            for item in by_home[home_id]:
                if (home_id, item.row.name, item.birth_date) in on_record:
                    check.add(Problem.of(item.row.row, Field.NAME, "duplicate_in_database", what="name_birth_home"))


class Progress:
    """Writes how far a check has come, every few hundred rows, for the page that polls it."""

    def __init__(self, batch_id: int | None, total: int) -> None:
        self.batch_id = batch_id
        self.total = total

    def step(self, done: int) -> None:
        if self.batch_id is not None and (done % PROGRESS_EVERY == 0 or done == self.total):
            ImportBatch.objects.filter(pk=self.batch_id).update(progress_done=done, progress_total=self.total)


@dataclass
class Checked:
    """The full check (for the report) and the check of the rows that can be imported on their own."""

    headers: HeaderMap
    total: int
    full: Outcome
    importable: Outcome
    problems: list[Problem]

    @property
    def bad_rows(self) -> set[int]:
        return {problem.row for problem in self.problems}


def parse_rows(content: bytes) -> tuple[HeaderMap, list[RosterRow], dict[int, list[CellError]]]:
    """Read and normalise a roster file; RosterFileError when it cannot be a roster."""
    table = read_table(content)
    headers = map_headers(table.headers)
    rows: list[RosterRow] = []
    cell_errors: dict[int, list[CellError]] = {}
    day = today()
    for number, cells in table.rows:
        row, errors = normalise_row(number, cells, headers, today=day)
        if row is None:
            continue
        rows.append(row)
        if errors:
            cell_errors[number] = errors
    if not rows:
        raise RosterFileError("no_rows")
    return headers, rows, cell_errors


def check_rows(*, content: bytes, place: Place, user: Any, batch_id: int | None = None) -> Checked:
    """Check every row; then find the rows that can be imported without the faulty ones (a row may rely on an
    area or a household head given by a faulty row), repeating until nothing more falls out."""
    headers, rows, cell_errors = parse_rows(content)
    tree = Tree(place)
    reach = Reach(user)
    progress = Progress(batch_id, len(rows))
    full = _check(rows, tree=tree, reach=reach, cell_errors=cell_errors, progress=progress)
    problems = list(full.problems)
    importable = full
    excluded = set(full.bad_rows)
    while excluded:
        subset = [row for row in rows if row.row not in excluded]
        importable = _check(subset, tree=tree, reach=reach, cell_errors={}, progress=Progress(None, 0))
        if not importable.bad_rows:
            break
        for problem in importable.problems:
            reason_zh, reason_en = problem.zh, problem.en
            problems.append(
                Problem(
                    problem.row,
                    problem.field,
                    "depends_on_invalid_row",
                    message("depends_on_invalid_row", "zh", reason=reason_zh),
                    message("depends_on_invalid_row", "en", reason=reason_en),
                )
            )
        excluded |= importable.bad_rows
    problems.sort(key=lambda problem: problem.row)
    return Checked(headers=headers, total=len(rows), full=full, importable=importable, problems=problems)
