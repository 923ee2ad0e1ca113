"""Small builders for test data. They write rows directly: they set the scene, they are not the product."""

import datetime
from decimal import Decimal
from itertools import count
from typing import Any

from yishi.accounts.models import User
from yishi.people import crypto
from yishi.people.domain.identity import mask_phone
from yishi.people.models import Ownership, Person, RoleAssignment
from yishi.places.domain.tree import child_path
from yishi.places.models import Place

_sequence = count(1)


def make_place(kind: str, name: str, parent: Place | None = None, **extra: Any) -> Place:
    place = Place(
        kind=kind,
        name=name,
        parent=parent,
        depth=parent.depth + 1 if parent else 0,
        path=f"tmp-{next(_sequence)}",
        **extra,
    )
    if parent is not None and parent.is_rural:
        place.is_rural = True
    place.save()
    place.path = child_path(parent_path=parent.path if parent else "/", node_id=place.pk)
    place.save(update_fields=["path"])
    return place


def make_person(name: str, home: Place | None = None, *, phone: str = "", **extra: Any) -> Person:
    person = Person(name=name, home=home, **extra)
    if phone:
        person.phone_ciphertext = crypto.encrypt(phone)
        person.phone_lookup = crypto.lookup_hash(phone)
        person.phone_masked = mask_phone(phone)
    person.save()
    return person


def make_user(
    person: Person | None = None, *, username: str | None = None, password: str = "correct horse battery", **extra: Any
) -> User:
    return User.objects.create_user(username=username, password=password, person=person, **extra)


def give_role(
    person: Person,
    role: str,
    place: Place,
    *,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> RoleAssignment:
    return RoleAssignment.objects.create(
        person=person, role=role, place=place, starts_on=starts_on or datetime.date(2020, 1, 1), ends_on=ends_on
    )


def make_unit(building: Place, name: str, area: str) -> Place:
    return make_place("unit", name, building, exclusive_area=Decimal(area), area_source="register")


def own(unit: Place, owner: Person | None = None, **extra: Any) -> Ownership:
    return Ownership.objects.create(unit=unit, owner=owner, **extra)
