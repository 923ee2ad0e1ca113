"""Who may publish where: role × place, for drafting, publishing and correcting."""

import pytest

from tests.disclosure.conftest import actor_for, draft, published
from tests.factories import give_role, make_person, make_user
from tests.fixtures import Cast, World
from yishi.audit.errors import NotPermitted
from yishi.disclosure import actions
from yishi.disclosure.models import Notice


@pytest.mark.parametrize(
    ("persona", "place", "allowed"),
    [
        ("admin", "community", True),
        ("secretary", "community", True),
        ("director", "community", True),
        ("director", "compound", True),
        ("director", "village", False),
        ("supervisor", "community", False),
        ("street_officer", "community", True),
        ("street_officer", "village", True),
        ("district_officer", "other_community", True),
        ("expert", "community", False),
        ("resident", "community", False),
        ("villager", "village", False),
        ("village_head", "village", True),
        ("village_head", "community", False),
    ],
)
def test_publish_matrix(cast: Cast, world: World, persona: str, place: str, allowed: bool) -> None:
    user = getattr(cast, persona)
    target = getattr(world, place)
    community = target if target.kind == "community" else target.parent
    # The draft is written by someone who may, so that publishing alone is tested.
    writer = cast.district_officer
    notice = draft(writer, community, place=target)
    if allowed:
        assert actions.publish_notice(actor=actor_for(user), notice=notice).is_public
        assert actions.publish_correction(actor=actor_for(user), original=notice, title="更正", body="").is_public
    else:
        with pytest.raises(NotPermitted):
            actions.publish_notice(actor=actor_for(user), notice=notice)
        with pytest.raises(NotPermitted):
            draft(user, community, place=target)
        assert Notice.objects.get(pk=notice.pk).is_draft


def test_a_compound_social_worker_publishes_for_the_compound_only(world: World) -> None:
    person = make_person("赵社工", world.compound)
    give_role(person, "social_worker", world.compound)
    user = make_user(person, username="worker")
    notice = actions.publish_notice(actor=actor_for(user), notice=draft(user, world.community, place=world.compound))
    assert notice.is_public
    with pytest.raises(NotPermitted):
        draft(user, world.community)


def test_an_ended_role_no_longer_publishes(world: World) -> None:
    import datetime

    person = make_person("前主任", world.community)
    give_role(person, "committee_member", world.community, ends_on=datetime.date(2021, 1, 1))
    user = make_user(person, username="former")
    with pytest.raises(NotPermitted):
        draft(user, world.community)


def test_ledger_export_matrix(cast: Cast, world: World) -> None:
    import datetime

    period = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31)}
    for user in (cast.director, cast.supervisor, cast.street_officer):
        assert actions.export_ledgers(actor=actor_for(user), community=world.community, **period)
    for user in (cast.resident, cast.expert, cast.village_head):
        with pytest.raises(NotPermitted):
            actions.export_ledgers(actor=actor_for(user), community=world.community, **period)


def test_correcting_needs_the_right_at_the_place(cast: Cast, world: World) -> None:
    notice = published(cast.director, world.community)
    with pytest.raises(NotPermitted):
        actions.publish_correction(actor=actor_for(cast.village_head), original=notice, title="更正", body="")
    assert not notice.corrections.exists()
