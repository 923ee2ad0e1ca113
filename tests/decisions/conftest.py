"""Builders for votes: owners in 阳光小区, staff actors, and votes drafted and opened through the actions.

The owners' scene (`owners`): 刘先生 owns 101 and 104 (one owner, two units: YZ-7), 陈阿姨 and her son 陈小明 own
102 together (one head, one ballot: YZ-8), and 103 is the developer's unsold unit (YZ-7). Areas: 89.50 + 98.40,
120.25, 75.00; total 383.15 m², three owners on the head count.
"""

import datetime
from dataclasses import dataclass, replace
from typing import Any

import pytest
from django.utils import timezone, translation

from tests.factories import make_person, make_user, own
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.decisions import actions
from yishi.decisions.actions import RuleFraction, VoteDraft, VoteSettings
from yishi.decisions.models import RollEntry, Vote
from yishi.matters.models import Category, Matter
from yishi.people.models import Person
from yishi.places.models import Place


def actor(user: User, role: str = "committee_member") -> Actor:
    return Actor(user=user, acting_role=role)


def draft(place: Place, basis: str, **overrides: Any) -> VoteDraft:
    """A vote open from a minute ago until tomorrow, with settings for the basis."""
    now = timezone.now()
    settings = overrides.pop("settings", None) or VoteSettings(
        owners_matter="raise_maintenance_fund",
        residents_mode="all_residents",
        villagers_mode="individual",
        resolving_body="villagers_assembly",
        online_electorate="adults",
        threshold=RuleFraction(1, 2, inclusive=False),
    )
    values: dict[str, Any] = {
        "title": "加装充电桩",
        "question": "是否同意在地下车库加装充电桩？",
        "place": place,
        "basis": basis,
        "opens_at": now - datetime.timedelta(minutes=1),
        "closes_at": now + datetime.timedelta(days=1),
        "settings": settings,
    }
    values.update(overrides)
    return VoteDraft(**values)


def create(user: User, place: Place, basis: str, **overrides: Any) -> Vote:
    return actions.create_vote(actor=actor(user), draft=draft(place, basis, **overrides))


def open_(user: User, place: Place, basis: str, **overrides: Any) -> Vote:
    vote = create(user, place, basis, **overrides)
    return actions.open_vote(actor=actor(user), vote=vote)


def entry_of(vote: Vote, name: str) -> RollEntry:
    return RollEntry.objects.get(vote=vote, name__contains=name)


def with_settings(base: VoteSettings | None = None, **changes: Any) -> VoteSettings:
    return replace(base or VoteSettings(), **changes)


@dataclass
class Owners:
    liu: Person
    chen: Person
    son: Person
    son_user: User


@pytest.fixture
def owners(world: World, cast: Cast) -> Owners:
    liu = Person.objects.get(pk=cast.resident.person_id)
    chen = cast.elder
    son = make_person("陈小明", world.units[1], birth_date=datetime.date(1975, 9, 9), phone="13800138009")
    own(world.units[3], liu)
    own(world.units[1], chen)
    own(world.units[1], son)
    own(world.units[2], organisation_name="东湖置业有限公司", is_developer_unsold=True)
    return Owners(liu=liu, chen=chen, son=son, son_user=make_user(son))


def make_matter(
    place: Place, community: Place, *, status: str = "outcome_reviewed", scope: str = "", triage_class: str = "small"
) -> Matter:
    """A matter whose deliberation outcome was reviewed (the deliberation app's part is not in this scene)."""
    category, _created = Category.objects.get_or_create(
        code="facilities", defaults={"name_zh": "公共设施维修", "name_en": "Repairs of shared facilities"}
    )
    compound = place.ancestor_of_kind("compound")
    return Matter.objects.create(
        title="地下车库加装充电桩",
        description="车库没有充电桩，电动车在楼道充电有火灾隐患。",
        place=place,
        community=community,
        compound=compound,
        category=category,
        status=status,
        triage_class=triage_class,
        scope=scope,
    )


def in_chinese(message: object) -> str:
    """A (lazy) message as a Chinese-speaking resident reads it, whatever language the thread was left in."""
    with translation.override("zh-hans"):
        return str(message)


def past_closing(vote: Vote) -> Vote:
    """Move the vote's window into the past, as if its closing time had come."""
    now = timezone.now()
    Vote.objects.filter(pk=vote.pk).update(
        opens_at=now - datetime.timedelta(days=1), closes_at=now - datetime.timedelta(seconds=1)
    )
    return Vote.objects.get(pk=vote.pk)
