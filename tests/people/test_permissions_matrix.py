"""The permission matrix: role x place (at / below / above / sibling) x day (before, first, during, last, after)
for a representative set of capabilities, written out by hand so that a change to GRANTS shows up here."""

import datetime
from dataclasses import dataclass

import pytest

from tests.factories import give_role, make_person, make_place, make_user
from yishi.accounts.models import User
from yishi.audit.errors import NotPermitted
from yishi.people.domain.roles import Capability as C
from yishi.people.domain.roles import Role as R
from yishi.people.permissions import can, places_where, require, scope_filter
from yishi.places.models import Place

pytestmark = pytest.mark.django_db

STARTS = datetime.date(2024, 1, 1)
ENDS = datetime.date(2024, 12, 31)
DAYS = {
    "before": datetime.date(2023, 12, 31),
    "first_day": STARTS,
    "during": datetime.date(2024, 6, 15),
    "last_day": ENDS,
    "after": datetime.date(2025, 1, 1),
}
HELD_ON = {"first_day", "during", "last_day"}
CAPABILITIES = [
    C.VIEW_ROSTER,
    C.EDIT_ROSTER,
    C.REVEAL_PERSONAL_DATA,
    C.ASSIGN_ROLES,
    C.RECORD_FOR_RESIDENT,
    C.TRIAGE_MATTER,
    C.ANSWER_REFERRAL,
    C.REVIEW_OUTCOME,
    C.SUPERVISE,
    C.OPEN_EVALUATION,
    C.COUNT_BALLOTS,
    C.MANAGE_FRAMEWORK,
    C.REVIEW_CASE,
]
_COMMITTEE = {
    C.VIEW_ROSTER,
    C.EDIT_ROSTER,
    C.REVEAL_PERSONAL_DATA,
    C.ASSIGN_ROLES,
    C.RECORD_FOR_RESIDENT,
    C.TRIAGE_MATTER,
    C.COUNT_BALLOTS,
}
_OFFICER = {C.VIEW_ROSTER, C.ASSIGN_ROLES, C.ANSWER_REFERRAL, C.SUPERVISE}
# What each role grants among CAPABILITIES, at the place it is held and below.
EXPECTED: dict[R, set[C]] = {
    R.RESIDENT_REPRESENTATIVE: set(),
    R.BUILDING_LEADER: {C.VIEW_ROSTER, C.RECORD_FOR_RESIDENT},
    R.PARTY_MEMBER: set(),
    R.PARTY_SECRETARY: _COMMITTEE | {C.REVIEW_OUTCOME},
    R.COMMITTEE_MEMBER: _COMMITTEE,
    R.SUPERVISION_MEMBER: {C.VIEW_ROSTER, C.SUPERVISE, C.OPEN_EVALUATION, C.COUNT_BALLOTS},
    R.OWNERS_COMMITTEE_MEMBER: set(),
    R.PROPERTY_STAFF: set(),
    R.SOCIAL_ORGANISATION_DELEGATE: set(),
    R.SOCIAL_WORKER: {C.VIEW_ROSTER, C.EDIT_ROSTER, C.RECORD_FOR_RESIDENT, C.COUNT_BALLOTS},
    R.VOLUNTEER: set(),
    R.STREET_OFFICER: _OFFICER,
    R.DISTRICT_OFFICER: _OFFICER | {C.MANAGE_FRAMEWORK},
    R.EXPERT: {C.REVIEW_CASE},
}


@dataclass
class Tree:
    above: Place
    at: Place
    below: Place
    sibling: Place


@pytest.fixture
def tree(db: None) -> Tree:
    district = make_place("district", "矩阵区")
    street = make_place("street", "矩阵街道", district)
    community = make_place("community", "甲社区", street)
    compound = make_place("compound", "甲小区", community)
    building = make_place("building", "1幢", compound)
    unit = make_place("unit", "101", building)
    sibling = make_place("community", "乙社区", street)
    return Tree(above=street, at=community, below=unit, sibling=sibling)


def holder(role: R, place: Place, *, ends_on: datetime.date | None = ENDS) -> User:
    person = make_person(f"持有人-{role}", None)
    give_role(person, role, place, starts_on=STARTS, ends_on=ends_on)
    return make_user(person)


def test_the_table_covers_every_role() -> None:
    assert set(EXPECTED) == set(R)


@pytest.mark.parametrize("day_name", list(DAYS))
@pytest.mark.parametrize("role", list(R))
def test_role_by_place_by_day(tree: Tree, role: R, day_name: str) -> None:
    user = holder(role, tree.at)
    day = DAYS[day_name]
    actual = {
        (relation, capability): can(user, capability, getattr(tree, relation), on=day)
        for relation in ("at", "below", "above", "sibling")
        for capability in CAPABILITIES
    }
    wanted = {
        (relation, capability): day_name in HELD_ON and relation in {"at", "below"} and capability in EXPECTED[role]
        for relation in ("at", "below", "above", "sibling")
        for capability in CAPABILITIES
    }
    mismatches = sorted(
        f"{relation}/{capability}"
        for (relation, capability), value in actual.items()
        if value != wanted[(relation, capability)]
    )
    assert not mismatches, f"{role} on {day_name}: {mismatches}"


def test_an_open_ended_role_keeps_granting(tree: Tree) -> None:
    user = holder(R.COMMITTEE_MEMBER, tree.at, ends_on=None)
    assert can(user, C.VIEW_ROSTER, tree.below, on=datetime.date(2040, 1, 1))
    assert not can(user, C.VIEW_ROSTER, tree.below, on=DAYS["before"])


def test_roles_at_two_places_add_up(tree: Tree) -> None:
    user = holder(R.COMMITTEE_MEMBER, tree.at)
    assert user.person is not None
    give_role(user.person, R.SUPERVISION_MEMBER, tree.sibling, starts_on=STARTS, ends_on=ENDS)
    day = DAYS["during"]
    assert can(user, C.TRIAGE_MATTER, tree.at, on=day) and not can(user, C.TRIAGE_MATTER, tree.sibling, on=day)
    assert can(user, C.SUPERVISE, tree.sibling, on=day) and not can(user, C.SUPERVISE, tree.at, on=day)


def test_administrators_may_everything_and_visitors_nothing(tree: Tree) -> None:
    from django.contrib.auth.models import AnonymousUser

    admin = User.objects.create_superuser(username="root", password="correct horse battery")
    nobody = make_user(None, username="nobody")
    resident = make_user(make_person("居民", tree.below))
    for capability in CAPABILITIES:
        for place in (tree.above, tree.at, tree.below, tree.sibling):
            assert can(admin, capability, place)
            assert not can(AnonymousUser(), capability, place)  # type: ignore[arg-type]
            assert not can(nobody, capability, place)
            assert not can(resident, capability, place)


def test_require_raises_not_permitted(tree: Tree) -> None:
    user = holder(R.VOLUNTEER, tree.at)
    with pytest.raises(NotPermitted):
        require(user, C.VIEW_ROSTER, tree.at, on=DAYS["during"])
    require(holder(R.SOCIAL_WORKER, tree.at), C.VIEW_ROSTER, tree.below, on=DAYS["during"])


def test_places_where_and_scope_filter_follow_the_same_rule(tree: Tree) -> None:
    user = holder(R.BUILDING_LEADER, tree.at)
    assert list(places_where(user, C.VIEW_ROSTER, on=DAYS["during"])) == [tree.at]
    assert list(places_where(user, C.VIEW_ROSTER, on=DAYS["after"])) == []
    assert list(places_where(user, C.EDIT_ROSTER, on=DAYS["during"])) == []
    admin = User.objects.create_superuser(username="root2", password="correct horse battery")
    assert scope_filter(admin, C.VIEW_ROSTER) is None
    permanent = holder(R.SOCIAL_WORKER, tree.at, ends_on=None)
    scope = scope_filter(permanent, C.VIEW_ROSTER)
    assert scope is not None
    reached = set(Place.objects.filter(scope).values_list("pk", flat=True))
    assert tree.at.pk in reached and tree.below.pk in reached
    assert tree.above.pk not in reached and tree.sibling.pk not in reached
