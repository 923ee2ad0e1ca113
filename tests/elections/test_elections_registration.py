"""Voter registration (CW-3, CW-4; JW-3): the three categories, their refusals, and no double registration."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from tests.elections.conftest import SYSTEM, plan_village, staff, villagers
from tests.factories import make_person, make_place, make_unit
from tests.fixtures import Cast, World
from yishi.audit.errors import ActionError
from yishi.elections import actions
from yishi.elections.models import RegistrationCategory, RegistrationDay, VoterRegistration
from yishi.elections.registration import ProposalState, list_proposals
from yishi.people.permissions import today


def test_hukou_and_resident_is_proposed_and_registered(world: World, cast: Cast) -> None:
    head = staff(cast.village_head)
    election = plan_village(world, head)
    people = villagers(world.village_group, 3)
    proposals = {item.person.pk: item for item in list_proposals(election)}
    assert all(proposals[person.pk].state is ProposalState.READY for person in people)
    assert actions.register_proposed(actor=head, election=election) == 4  # the three and 周大伯 of the cast
    registration = VoterRegistration.objects.get(election=election, person=people[0])
    assert registration.category == RegistrationCategory.HUKOU_AND_RESIDENT
    assert registration.days.count() == (election.election_day - election.registration_opens_on).days + 1


def test_age_is_taken_on_election_day(world: World, cast: Cast) -> None:
    head = staff(cast.village_head)
    election = plan_village(world, head)
    day = election.election_day
    eighteen_on_the_day = make_person("满十八", world.village_units[1], birth_date=day.replace(year=day.year - 18))
    seventeen = make_person(
        "差一天", world.village_units[1], birth_date=day.replace(year=day.year - 18) + datetime.timedelta(days=1)
    )
    assert actions.register_voter(actor=head, election=election, person=eighteen_on_the_day).is_registered
    with pytest.raises(ActionError) as refused:
        actions.register_voter(actor=head, election=election, person=seventeen)
    assert refused.value.code == "registration_refused"
    assert "17" in str(refused.value.message)
    assert not VoterRegistration.objects.filter(person=seventeen).exists()


def test_deprived_of_political_rights_is_refused(world: World, cast: Cast) -> None:
    head = staff(cast.village_head)
    election = plan_village(world, head)
    person = make_person(
        "剥夺者", world.village_units[1], birth_date=datetime.date(1970, 1, 1), has_political_rights=False
    )
    with pytest.raises(ActionError, match=r"政治权利|political rights"):
        actions.register_voter(actor=head, election=election, person=person)


def test_hukou_here_living_elsewhere_must_ask(world: World, cast: Cast) -> None:
    head = staff(cast.village_head)
    election = plan_village(world, head)
    away = make_person("外出者", world.units[0], birth_date=datetime.date(1980, 1, 1))
    with pytest.raises(ActionError) as refused:
        actions.register_voter(actor=head, election=election, person=away, hukou_here=True, lives_here=False)
    assert refused.value.code == "registration_refused"
    registration = actions.register_voter(
        actor=head, election=election, person=away, hukou_here=True, lives_here=False, expressed_wish=True
    )
    assert registration.category == RegistrationCategory.HUKOU_AWAY


def test_resident_without_hukou_needs_a_year_an_application_and_the_assemblys_approval(
    world: World, cast: Cast
) -> None:
    head = staff(cast.village_head)
    election = plan_village(world, head)
    year_ago = election.election_day.replace(year=election.election_day.year - 1)
    newcomer = make_person(
        "外来户",
        world.village_units[1],
        birth_date=datetime.date(1985, 1, 1),
        residence_status="long_term",
        resident_since=year_ago,
    )
    recent = make_person(
        "新来户",
        world.village_units[1],
        birth_date=datetime.date(1985, 1, 1),
        residence_status="migrant",
        resident_since=year_ago + datetime.timedelta(days=1),
    )
    states = {item.person.pk: item.state for item in list_proposals(election)}
    assert states[newcomer.pk] is ProposalState.NEEDS_APPLICATION
    assert states[recent.pk] is ProposalState.NOT_ELIGIBLE
    with pytest.raises(ActionError, match=r"村民代表会议|assembly"):
        actions.register_voter(actor=head, election=election, person=newcomer, applied=True)
    registration = actions.register_voter(
        actor=head,
        election=election,
        person=newcomer,
        applied=True,
        approval_body="representatives",
        approval_on=today(),
        approval_reference="村民代表会议纪要〔2026〕3号",
    )
    assert registration.category == RegistrationCategory.NON_HUKOU_RESIDENT
    assert registration.approval_reference == "村民代表会议纪要〔2026〕3号"
    with pytest.raises(ActionError):
        actions.register_voter(
            actor=head,
            election=election,
            person=recent,
            applied=True,
            approval_body="representatives",
            approval_on=today(),
            approval_reference="纪要",
        )


def test_residents_committee_registers_residents_without_hukou(world: World, cast: Cast) -> None:
    director = staff(cast.director)
    election = actions.create_election(
        actor=director,
        community=world.community,
        kind="residents",
        title="幸福社区居委会换届选举",
        registration_opens_on=today(),
        election_day=today() + datetime.timedelta(days=30),
        seats={"chair": 1, "vice_chair": 1, "member": 3},
    )
    tenant = make_person("租户", world.units[2], birth_date=datetime.date(1990, 1, 1), residence_status="migrant")
    registration = actions.register_voter(actor=director, election=election, person=tenant)
    assert registration.category == RegistrationCategory.NON_HUKOU_RESIDENT


def test_double_registration_in_an_overlapping_period_is_refused(world: World, cast: Cast) -> None:
    head = staff(cast.village_head)
    election = plan_village(world, head)
    other_village = make_place("community", "杏花村", world.street, is_rural=True)
    group = make_place("compound", "二组", other_village, compound_type="village_group")
    make_unit(group, "B1", "100.00")
    other = actions.create_election(
        actor=SYSTEM,
        community=other_village,
        kind="villagers",
        title="杏花村选举",
        registration_opens_on=election.registration_opens_on + datetime.timedelta(days=10),
        election_day=election.election_day + datetime.timedelta(days=10),
        seats={"chair": 1, "member": 2},
    )
    person = villagers(world.village_group, 1)[0]
    actions.register_voter(actor=head, election=election, person=person)
    with pytest.raises(ActionError) as refused:
        actions.register_voter(
            actor=SYSTEM, election=other, person=person, hukou_here=True, lives_here=False, expressed_wish=True
        )
    assert refused.value.code == "registration_refused"
    assert not VoterRegistration.objects.filter(election=other, person=person).exists()
    # The database itself refuses an overlapping day, whatever the code above it does.
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationDay.objects.create(
            registration=VoterRegistration.objects.get(election=election, person=person),
            person=person,
            kind="villagers",
            day=election.election_day,
        )


def test_a_later_election_of_the_same_kind_may_register_the_same_person(world: World, cast: Cast) -> None:
    head = staff(cast.village_head)
    election = plan_village(world, head)
    person = villagers(world.village_group, 1)[0]
    actions.register_voter(actor=head, election=election, person=person)
    later = actions.create_election(
        actor=SYSTEM,
        community=world.village,
        kind="villagers",
        title="下一届",
        registration_opens_on=election.election_day + datetime.timedelta(days=1),
        election_day=election.election_day + datetime.timedelta(days=40),
        seats={"chair": 1, "member": 2},
    )
    assert actions.register_voter(actor=SYSTEM, election=later, person=person).is_registered


def test_a_resident_may_not_register_voters(world: World, cast: Cast) -> None:
    election = plan_village(world, staff(cast.village_head))
    person = villagers(world.village_group, 1)[0]
    with pytest.raises(ActionError) as refused:
        actions.register_voter(actor=staff(cast.villager), election=election, person=person)
    assert refused.value.status == 403
