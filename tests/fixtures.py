"""Named personas and a small street: the cast every test can call on.

The street 东湖街道 in 示范区 has an urban community 幸福社区 (compound 阳光小区, building 1号楼,
units 101-104) and a village 桃源村 (group 一组, units A1-A2). The cast:

- admin: platform administrator
- secretary 王书记: party secretary of 幸福社区
- director 李主任: two-committee member of 幸福社区
- supervisor 张监督: supervision-committee member of 幸福社区
- street_officer 赵科长: street officer of 东湖街道
- district_officer 孙处长: district officer of 示范区
- expert 钱教授: outside expert at 示范区
- resident 刘先生: owner and resident of unit 101, signs in by phone 13800138001
- elder 陈阿姨: 78, lives in unit 102, no phone (staff enter for her)
- villager 周大伯: villager in 桃源村 A1
- village_head 吴村主任: two-committee member of 桃源村
"""

import datetime
from dataclasses import dataclass

import pytest

from tests.factories import give_role, make_person, make_place, make_unit, make_user, own
from yishi.accounts.models import User
from yishi.people.models import Person
from yishi.places.models import Place


@dataclass
class World:
    district: Place
    street: Place
    community: Place
    compound: Place
    building: Place
    units: list[Place]
    village: Place
    village_group: Place
    village_units: list[Place]
    other_community: Place


@dataclass
class Cast:
    admin: User
    secretary: User
    director: User
    supervisor: User
    street_officer: User
    district_officer: User
    expert: User
    resident: User
    elder: Person
    villager: User
    village_head: User


@pytest.fixture
def world(db: None) -> World:
    district = make_place("district", "示范区")
    street = make_place("street", "东湖街道", district)
    community = make_place("community", "幸福社区", street)
    compound = make_place("compound", "阳光小区", community, compound_type="commercial")
    building = make_place("building", "1号楼", compound)
    units = [
        make_unit(building, name, area)
        for name, area in (("101", "89.50"), ("102", "120.25"), ("103", "75.00"), ("104", "98.40"))
    ]
    village = make_place("community", "桃源村", street, is_rural=True)
    village_group = make_place("compound", "一组", village, compound_type="village_group")
    village_units = [make_unit(village_group, name, area) for name, area in (("A1", "160.00"), ("A2", "140.00"))]
    other_street = make_place("street", "西湖街道", district)
    other_community = make_place("community", "和平社区", other_street)
    return World(
        district, street, community, compound, building, units, village, village_group, village_units, other_community
    )


@pytest.fixture
def cast(world: World) -> Cast:
    def staff(name: str, username: str, role: str, place: Place) -> User:
        person = make_person(name, place if place.kind in {"community", "compound", "unit"} else None)
        give_role(person, role, place)
        return make_user(person, username=username)

    admin = User.objects.create_superuser(username="admin", password="correct horse battery")
    resident_person = make_person(
        "刘先生", world.units[0], phone="13800138001", birth_date=datetime.date(1975, 5, 1), sex="male"
    )
    own(world.units[0], resident_person)
    elder = make_person("陈阿姨", world.units[1], birth_date=datetime.date(1948, 3, 8), sex="female")
    villager_person = make_person(
        "周大伯", world.village_units[0], phone="13900139002", birth_date=datetime.date(1960, 7, 1), sex="male"
    )
    return Cast(
        admin=admin,
        secretary=staff("王书记", "secretary", "party_secretary", world.community),
        director=staff("李主任", "director", "committee_member", world.community),
        supervisor=staff("张监督", "supervisor", "supervision_member", world.community),
        street_officer=staff("赵科长", "street_officer", "street_officer", world.street),
        district_officer=staff("孙处长", "district_officer", "district_officer", world.district),
        expert=staff("钱教授", "expert", "expert", world.district),
        resident=make_user(resident_person),
        elder=elder,
        villager=make_user(villager_person),
        village_head=staff("吴村主任", "village_head", "committee_member", world.village),
    )
