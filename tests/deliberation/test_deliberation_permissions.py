"""Permission matrix: who may chair, moderate and review, at which place, through the actions themselves."""

from collections.abc import Callable

import pytest

from tests.deliberation.conftest import Compound, actor, make_matter, meeting_facts
from tests.factories import give_role, make_person, make_user
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.audit.errors import NotPermitted
from yishi.deliberation import actions
from yishi.deliberation.models import Hall, Outcome
from yishi.deliberation.permissions import Access

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin",
    "secretary",
    "director",
    "supervisor",
    "street_officer",
    "district_officer",
    "expert",
    "resident",
    "villager",
    "village_head",
    "branch_secretary",
    "social_worker",
]


@pytest.fixture
def who(cast: Cast, world: World, compound: Compound) -> Callable[[str], User]:
    worker = make_person("社工小林")
    give_role(worker, "social_worker", world.community)
    social_worker = make_user(worker, username="social_worker")

    def pick(name: str) -> User:
        if name == "branch_secretary":
            return compound.branch_secretary
        if name == "social_worker":
            return social_worker
        return getattr(cast, name)  # type: ignore[no-any-return]

    return pick


CHAIR = {
    # persona: (community, compound, village)
    "admin": (True, True, True),
    "secretary": (True, True, False),
    "director": (True, True, False),
    "supervisor": (False, False, False),
    "street_officer": (False, False, False),
    "district_officer": (False, False, False),
    "expert": (False, False, False),
    "resident": (False, False, False),
    "villager": (False, False, False),
    "village_head": (False, False, True),
    "branch_secretary": (False, True, False),
    "social_worker": (False, False, False),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("where", ["community", "compound", "village"])
def test_who_may_convene_where(world: World, who: Callable[[str], User], persona: str, where: str) -> None:
    place = {"community": world.community, "compound": world.compound, "village": world.village}[where]
    expected = CHAIR[persona][("community", "compound", "village").index(where)]
    user = who(persona)
    facts = meeting_facts(place)
    if expected:
        assert actions.create_meeting(actor=actor(user), facts=facts).pk
    else:
        with pytest.raises(NotPermitted):
            actions.create_meeting(actor=actor(user), facts=facts)


MODERATE = {
    "admin": True,
    "secretary": True,
    "director": True,
    "social_worker": True,
    "branch_secretary": True,  # the compound's branch moderates the compound's halls
    "supervisor": False,
    "street_officer": False,
    "district_officer": False,
    "expert": False,
    "resident": False,
    "villager": False,
    "village_head": False,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_moderate_a_compound_hall(cast: Cast, hall: Hall, who: Callable[[str], User], persona: str) -> None:
    post = actions.post_in_hall(actor=actor(cast.resident), hall=hall, text="一条意见", position="support")
    user = who(persona)
    assert Access(user).may_moderate(hall.matter) is MODERATE[persona]
    if MODERATE[persona]:
        actions.hide_post(actor=actor(user), post=post, reason="测试")
        post.refresh_from_db()
        assert post.is_hidden
    else:
        with pytest.raises(NotPermitted):
            actions.hide_post(actor=actor(user), post=post, reason="测试")


def test_a_community_matter_is_moderated_by_the_community_not_the_compound_branch(
    world: World, cast: Cast, compound: Compound
) -> None:
    matter = make_matter(cast, world.community, title="社区健身器材", triage_class="small", scope="whole_community")
    hall = actions.open_hall(actor=actor(cast.director), matter=matter)
    post = actions.post_in_hall(actor=actor(cast.resident), hall=hall, text="支持", position="support")
    with pytest.raises(NotPermitted):
        actions.hide_post(actor=actor(compound.branch_secretary), post=post, reason="越权")
    actions.hide_post(actor=actor(cast.secretary), post=post, reason="测试")


REVIEW = {persona: persona in ("admin", "secretary") for persona in PERSONAS}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_review_an_outcome(
    who: Callable[[str], User], submitted_outcome: Callable[..., Outcome], persona: str
) -> None:
    outcome = submitted_outcome()
    user = who(persona)
    assert Access(user).may_review(outcome.meeting) is REVIEW[persona]
    if REVIEW[persona]:
        actions.review_outcome(actor=actor(user), outcome=outcome, approve=False, reasons="请补充")
    else:
        with pytest.raises(NotPermitted):
            actions.review_outcome(actor=actor(user), outcome=outcome, approve=False, reasons="请补充")


def test_a_role_that_ended_grants_nothing(world: World, cast: Cast) -> None:
    import datetime

    former = make_person("前任主任")
    give_role(
        former,
        "committee_member",
        world.community,
        starts_on=datetime.date(2018, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
    )
    with pytest.raises(NotPermitted):
        actions.create_meeting(actor=actor(make_user(former)), facts=meeting_facts(world.community))


def test_the_system_actor_is_trusted_anonymous_people_are_not(world: World) -> None:
    from yishi.audit.actions import Actor
    from yishi.audit.models import Channel

    assert actions.create_meeting(actor=Actor.system(), facts=meeting_facts(world.community)).pk
    with pytest.raises(NotPermitted):
        actions.create_meeting(
            actor=Actor(user=None, acting_role="x", channel=Channel.ONLINE), facts=meeting_facts(world.community)
        )
