"""Builders for deliberation tests: the compound's seat holders, triaged matters, and meetings brought to each step
through the actions."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import give_role, make_person, make_user
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.audit.models import Channel
from yishi.deliberation import actions
from yishi.deliberation.models import Hall, Meeting, Outcome
from yishi.matters import actions as matter_actions
from yishi.matters.models import Category, Matter
from yishi.people.models import Person
from yishi.places.models import Place


def actor(user: User | None, role: str = "test", channel: str = Channel.ONLINE) -> Actor:
    return Actor(user=user, acting_role=role, channel=channel) if user is not None else Actor.system()


@dataclass
class Compound:
    """The people of 阳光小区's "5+N" seats, besides the community's two committees (李主任, 王书记)."""

    branch_member: Person  # 小区党支部 (party member held at the compound)
    branch_secretary: User  # party secretary of the compound's branch: chairs there, never reviews
    owners_committee: User  # 业委会 member, owner of unit 103
    property_manager: Person  # 物业
    social_delegate: Person  # 社会组织 (held at the community)
    neighbour: User  # a resident of unit 104, no role
    outsider: User  # a resident of 和平社区 (another street)


@pytest.fixture
def compound(world: World, cast: Cast) -> Compound:
    branch_member = make_person("党员老赵", world.units[2])
    give_role(branch_member, "party_member", world.compound)
    branch_secretary_person = make_person("支部书记钱", world.units[3])
    give_role(branch_secretary_person, "party_secretary", world.compound)
    owners_person = make_person("业委会孙", world.units[2], phone="13700137003")
    give_role(owners_person, "owners_committee_member", world.compound)
    property_manager = make_person("物业周经理")
    give_role(property_manager, "property_staff", world.compound)
    social_delegate = make_person("社工站吴")
    give_role(social_delegate, "social_organisation_delegate", world.community)
    neighbour = make_person("邻居郑", world.units[3], phone="13600136004")
    outsider_home = Place.objects.get(pk=world.other_community.pk)
    outsider = make_person("外人冯", outsider_home, phone="13500135005")
    return Compound(
        branch_member=branch_member,
        branch_secretary=make_user(branch_secretary_person, username="branch"),
        owners_committee=make_user(owners_person),
        property_manager=property_manager,
        social_delegate=social_delegate,
        neighbour=make_user(neighbour),
        outsider=make_user(outsider),
    )


def make_matter(
    cast: Cast,
    place: Place,
    *,
    title: str = "阳光小区1号楼前路灯不亮",
    triage_class: str = "micro",
    scope: str = "single_compound",
    proposer: Person | None = None,
) -> Matter:
    """A matter recorded by staff for a resident and triaged by the two committees."""
    # Browser tests flush the database between tests, data migrations' categories included.
    category, _created = Category.objects.get_or_create(
        code="roads_lighting", defaults={"name_zh": "道路与照明", "name_en": "Roads and lighting", "position": 80}
    )
    matter = matter_actions.record_matter(
        actor=actor(cast.director, "committee_member"),
        draft=matter_actions.MatterDraft(
            title=title, description="晚上很黑，老人出行不便。", place=place, category=category
        ),
        channel="visit",
        proposer=proposer if proposer is not None else cast.resident.person,
    )
    matter_actions.triage_matter(
        actor=actor(cast.director, "committee_member"),
        matter=matter,
        decided=matter_actions.TriageInput(triage_class=triage_class, scope=scope, reason="两委联席会议分流"),
        publish=False,
    )
    matter.refresh_from_db()
    return matter


@pytest.fixture
def micro_matter(world: World, cast: Cast) -> Matter:
    return make_matter(cast, world.compound)


def meeting_facts(place: Place, **extra: Any) -> actions.MeetingFacts:
    values: dict[str, Any] = {
        "place": place,
        "kind": "deliberation",
        "title": "阳光小区路灯议事协商会",
        "starts_at": timezone.now() + datetime.timedelta(days=2),
        "location": "小区党群服务站",
    }
    values.update(extra)
    return actions.MeetingFacts(**values)


def fill_compound_seats(meeting: Meeting, cast: Cast, people: Compound, *, stakeholder: Person | None = None) -> None:
    """Seat one person in each of the "5" and a stakeholder (the "N")."""
    chair = actor(cast.director, "committee_member")
    for person, category in (
        (cast.director.person, "two_committees"),
        (people.branch_member, "compound_party_branch"),
        (people.owners_committee.person, "owners_committee"),
        (people.property_manager, "property_company"),
        (people.social_delegate, "social_organisations"),
        (stakeholder or cast.resident.person, "stakeholders"),
    ):
        assert person is not None
        actions.add_seat(actor=chair, meeting=meeting, person=person, category=category)


MeetingBuilder = Callable[..., Meeting]


@pytest.fixture
def compound_meeting(world: World, cast: Cast, compound: Compound, micro_matter: Matter) -> MeetingBuilder:
    """A compound "5+N" meeting on the micro matter, brought to `until`: planned, convened, in_session, ended."""

    def build(until: str = "planned", **facts: Any) -> Meeting:
        chair = actor(cast.director, "committee_member")
        meeting = actions.create_meeting(
            actor=chair, facts=meeting_facts(world.compound, **facts), matters=[micro_matter]
        )
        fill_compound_seats(meeting, cast, compound)
        if until in ("convened", "in_session", "ended"):
            actions.convene_meeting(actor=chair, meeting=meeting)
        if until in ("in_session", "ended"):
            actions.open_meeting(actor=chair, meeting=meeting)
        if until == "ended":
            actions.end_meeting(actor=chair, meeting=meeting)
        meeting.refresh_from_db()
        return meeting

    return build


@pytest.fixture
def submitted_outcome(cast: Cast, compound: Compound, compound_meeting: MeetingBuilder) -> Callable[..., Outcome]:
    """An outcome with one dissent, recorded in session and submitted after the meeting ended."""

    def build(route: str = "implementation", vote_required: bool = False) -> Outcome:
        chair = actor(cast.director, "committee_member")
        meeting = compound_meeting("in_session")
        item = meeting.agenda_items.get()
        outcome = actions.record_outcome(
            actor=chair,
            meeting=meeting,
            agenda_item=item,
            text="由物业在1号楼前加装两盏太阳能路灯，费用从公共收益中列支，两周内完成。",
            route=route,
            vote_required=vote_required,
        )
        actions.record_dissent(
            actor=chair, outcome=outcome, person=compound.owners_committee.person, text="应先比较三家报价再定。"
        )
        actions.end_meeting(actor=chair, meeting=meeting)
        return actions.submit_outcome(actor=chair, outcome=outcome)

    return build


@pytest.fixture
def hall(cast: Cast, micro_matter: Matter) -> Hall:
    return actions.open_hall(actor=actor(cast.director, "committee_member"), matter=micro_matter)
