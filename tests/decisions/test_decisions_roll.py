"""The roll: computed from places, ownership, ages, households and roles when the vote opens, then frozen."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from tests.decisions.conftest import Owners, actor, create, entry_of, in_chinese, open_
from tests.factories import give_role, make_person, make_unit, own
from tests.fixtures import Cast, World
from yishi.audit.errors import ActionError
from yishi.decisions import actions
from yishi.decisions.domain import owners as owner_rules
from yishi.decisions.domain.explain import explanation
from yishi.decisions.models import AreaCorrection, Capacity, EntryKind, RollEntry, RollVoter, Vote, VoteStatus
from yishi.decisions.roll import adult_cutoff
from yishi.disclosure.models import Notice, NoticeKind
from yishi.people.models import Household

pytestmark = pytest.mark.django_db


# --- owners: YZ-6, YZ-7, YZ-8 ----------------------------------------------------------------------------


def test_owner_of_several_units_counts_once_with_summed_area(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    liu = entry_of(vote, "刘先生")
    assert liu.kind == EntryKind.OWNER
    assert liu.area == Decimal("187.90")  # 101 (89.50) + 104 (98.40)
    assert liu.unit_ids == [world.units[0].pk, world.units[3].pk]
    assert liu.unit_label == "1号楼 101、1号楼 104"
    assert list(liu.voters.values_list("person_id", "capacity")) == [(owners.liu.pk, Capacity.OWNER)]


def test_all_the_developers_unsold_units_count_once(world: World, cast: Cast, owners: Owners) -> None:
    extra = make_unit(world.building, "105", "60.00")
    own(extra, organisation_name="东湖置业有限公司", is_developer_unsold=True)
    vote = open_(cast.director, world.compound, "owners")
    developer = entry_of(vote, "置业")
    assert developer.kind == EntryKind.DEVELOPER
    assert developer.area == Decimal("135.00")  # 103 (75.00) + 105 (60.00)
    assert developer.voters.count() == 0  # staff enter its paper ballot
    assert vote.roll_size == 3
    assert vote.roll_units == 5


def test_a_co_owned_unit_is_one_head_any_co_owner_may_cast_it(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    unit = entry_of(vote, "陈")
    assert unit.kind == EntryKind.CO_OWNERS
    assert unit.person_id is None
    assert set(unit.voters.values_list("person_id", flat=True)) == {owners.chen.pk, owners.son.pk}
    assert set(unit.voters.values_list("capacity", flat=True)) == {Capacity.CO_OWNER}
    assert unit.area == Decimal("120.25")


def test_roll_totals_match_the_domain(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    parts = [
        owner_rules.ExclusivePart(unit_id="101", owner_ids=("liu",), register_area=Decimal("89.50")),
        owner_rules.ExclusivePart(unit_id="104", owner_ids=("liu",), register_area=Decimal("98.40")),
        owner_rules.ExclusivePart(unit_id="102", owner_ids=("chen", "son"), register_area=Decimal("120.25")),
        owner_rules.ExclusivePart(
            unit_id="103", owner_ids=(), register_area=Decimal("75.00"), is_developer_unsold=True
        ),
    ]
    domain = owner_rules.build_roll(parts=parts)
    assert (vote.roll_size, vote.roll_total_area, vote.roll_units) == (
        domain.total_count,
        domain.total_area,
        domain.units,
    )
    assert vote.roll_summary["explanation"] == {
        language: list(lines) for language, lines in explanation(domain).items()
    }


def test_a_unit_without_area_is_refused_naming_it(world: World, cast: Cast, owners: Owners) -> None:
    bare = make_unit(world.building, "106", "1.00")
    type(bare).objects.filter(pk=bare.pk).update(exclusive_area=None, area_source="")
    own(bare, owners.liu)
    vote = create(cast.director, world.compound, "owners")
    with translation.override("zh-hans"), pytest.raises(ActionError) as raised:
        actions.open_vote(actor=actor(cast.director), vote=vote)
    assert raised.value.code == "roll_missing_area"
    assert "1号楼 106" in in_chinese(raised.value.message) and "面积" in in_chinese(raised.value.message)
    vote.refresh_from_db()
    assert vote.status == VoteStatus.DRAFT
    assert not RollEntry.objects.filter(vote=vote).exists()
    assert not Notice.objects.exists()


def test_the_roll_source_fills_a_missing_area_from_the_contract(world: World, cast: Cast, owners: Owners) -> None:
    bare = make_unit(world.building, "106", "1.00")
    type(bare).objects.filter(pk=bare.pk).update(exclusive_area=None, area_source="")
    bare.refresh_from_db()
    own(bare, owners.son)
    vote = create(cast.director, world.compound, "owners")
    actions.update_roll_source(
        actor=actor(cast.director),
        vote=vote,
        residence_rule="registered_and_long_term",
        areas=[actions.AreaInput(unit=bare, area="66.60", source="contract")],
    )
    vote = actions.open_vote(actor=actor(cast.director), vote=vote)
    son = RollEntry.objects.get(vote=vote, person=owners.son)
    assert son.area == Decimal("66.60")
    assert vote.roll_total_area == Decimal("449.75")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("-12.5", "area_not_positive"),
        ("0", "area_not_positive"),
        ("abc", "area_not_numeric"),
        ("1.234", "area_precision"),
    ],
)
def test_a_bad_area_on_the_roll_source_is_refused_and_nothing_written(
    world: World, cast: Cast, owners: Owners, raw: str, code: str
) -> None:
    bare = make_unit(world.building, "106", "1.00")
    type(bare).objects.filter(pk=bare.pk).update(exclusive_area=None, area_source="")
    bare.refresh_from_db()
    vote = create(cast.director, world.compound, "owners")
    with translation.override("zh-hans"), pytest.raises(ActionError) as raised:
        actions.update_roll_source(
            actor=actor(cast.director),
            vote=vote,
            residence_rule="registered",
            areas=[actions.AreaInput(unit=bare, area=raw, source="contract")],
        )
    assert raised.value.code == code
    assert "面积" in in_chinese(raised.value.message)
    assert not AreaCorrection.objects.exists()
    vote.refresh_from_db()
    assert vote.residence_rule == "registered_and_long_term"


def test_a_unit_without_owner_is_refused(world: World, cast: Cast) -> None:
    vote = create(cast.director, world.compound, "owners")
    with translation.override("en"), pytest.raises(ActionError) as raised:
        actions.open_vote(actor=actor(cast.director), vote=vote)
    assert raised.value.code == "roll_missing_owner"
    assert "has no owner on record" in str(raised.value.message)  # formatted eagerly, in English


# --- assemblies and online votes --------------------------------------------------------------------------


def test_adults_are_18_or_over_on_the_day_voting_starts(world: World, cast: Cast) -> None:
    today = timezone.localdate()
    turns_18_today = make_person("小王", world.units[2], birth_date=adult_cutoff(today))
    make_person("小李", world.units[2], birth_date=adult_cutoff(today) + datetime.timedelta(days=1))
    make_person("无生日", world.units[2])
    vote = open_(cast.director, world.compound, "online")
    names = set(RollEntry.objects.filter(vote=vote).values_list("name", flat=True))
    assert names == {"刘先生", "陈阿姨", "小王"}
    assert RollEntry.objects.get(vote=vote, person=turns_18_today).unit_label == "1号楼 103"
    assert vote.roll_summary["left_out"] == {"no_birth_date": 1}


def test_the_age_cutoff_handles_29_february() -> None:
    assert adult_cutoff(datetime.date(2024, 2, 29)) == datetime.date(2006, 2, 28)
    assert adult_cutoff(datetime.date(2025, 3, 1)) == datetime.date(2007, 3, 1)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("registered", {"刘先生", "陈阿姨"}),
        ("registered_and_long_term", {"刘先生", "陈阿姨", "常住者"}),
        ("everyone", {"刘先生", "陈阿姨", "常住者", "流动者"}),
    ],
)
def test_the_residence_rule_is_configurable(world: World, cast: Cast, rule: str, expected: set[str]) -> None:
    make_person("常住者", world.units[3], birth_date=datetime.date(1990, 1, 1), residence_status="long_term")
    make_person("流动者", world.units[3], birth_date=datetime.date(1990, 1, 1), residence_status="migrant")
    vote = create(cast.director, world.compound, "online")
    actions.update_roll_source(actor=actor(cast.director), vote=vote, residence_rule=rule)
    vote = actions.open_vote(actor=actor(cast.director), vote=vote)
    assert set(RollEntry.objects.filter(vote=vote).values_list("name", flat=True)) == expected


def test_household_representatives(world: World, cast: Cast) -> None:
    liu = cast.resident.person
    Household.objects.create(unit=world.units[0], representative=liu)
    Household.objects.create(unit=world.units[1], representative=None)
    vote = create(cast.director, world.compound, "online")
    actions.update_roll_source(
        actor=actor(cast.director),
        vote=vote,
        residence_rule="registered_and_long_term",
        online_electorate="household_representatives",
    )
    vote = actions.open_vote(actor=actor(cast.director), vote=vote)
    entry = RollEntry.objects.get(vote=vote)
    assert entry.kind == EntryKind.HOUSEHOLD
    assert entry.voters.get().capacity == Capacity.HOUSEHOLD_REPRESENTATIVE
    assert vote.roll_summary["left_out"] == {"no_representative": 1}


def test_the_representatives_assembly_is_its_representatives(world: World, cast: Cast) -> None:
    representative = make_person("代表甲", world.units[2], birth_date=datetime.date(1970, 1, 1))
    give_role(representative, "resident_representative", world.community)
    former = make_person("代表乙", world.units[2], birth_date=datetime.date(1970, 1, 1))
    give_role(former, "resident_representative", world.community, ends_on=datetime.date(2021, 1, 1))
    vote = open_(cast.director, world.community, "residents_representatives")
    assert list(RollEntry.objects.filter(vote=vote).values_list("name", flat=True)) == ["代表甲"]


def test_the_villager_representatives_assembly_includes_the_committee_cw22(world: World, cast: Cast) -> None:
    representative = make_person("村民代表", world.village_units[1], birth_date=datetime.date(1970, 1, 1))
    give_role(representative, "resident_representative", world.village)
    vote = open_(cast.village_head, world.village, "villager_representatives")
    assert set(RollEntry.objects.filter(vote=vote).values_list("name", flat=True)) == {"村民代表", "吴村主任"}


def test_opening_publishes_the_roll_with_names_and_units_only(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    notice = Notice.objects.get(pk=vote.roll_notice_id)
    assert notice.kind == NoticeKind.VOTER_LIST
    assert notice.status == "published"
    assert "刘先生　1号楼 101、1号楼 104" in notice.body
    assert "13800138001" not in notice.body and "138****8001" not in notice.body
    assert notice.title.startswith("表决名单")


# --- frozen ------------------------------------------------------------------------------------------------


def test_the_frozen_roll_never_changes(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    entry = entry_of(vote, "刘先生")
    entry.name = "别人"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        RollEntry.objects.filter(vote=vote).update(name="x")
    with pytest.raises(TypeError):
        RollEntry.objects.filter(vote=vote).delete()
    with pytest.raises(TypeError):
        RollVoter.objects.filter(vote=vote).delete()


def test_a_later_change_of_ownership_does_not_change_an_open_roll(world: World, cast: Cast, owners: Owners) -> None:
    vote = open_(cast.director, world.compound, "owners")
    own(world.units[2], owners.son)  # the developer sells 103 after the vote opened
    vote = Vote.objects.get(pk=vote.pk)
    assert vote.roll_size == 3
    assert entry_of(vote, "置业").area == Decimal("75.00")
    with pytest.raises(ActionError) as raised:
        actions.open_vote(actor=actor(cast.director), vote=vote)
    assert raised.value.code == "vote_not_draft"


def test_an_empty_roll_is_refused(world: World, cast: Cast) -> None:
    vote = create(cast.director, world.compound, "online")
    actions.update_roll_source(actor=actor(cast.director), vote=vote, residence_rule="registered")
    type(cast.elder).objects.update(is_active=False)
    with pytest.raises(ActionError) as raised:
        actions.open_vote(actor=actor(cast.director), vote=vote)
    assert raised.value.code == "roll_empty"
