"""Similar open matters while typing, "this is my matter too", and merging duplicates with their followers."""

from typing import Any

import pytest
from django.test import Client

from tests.factories import make_person, make_user
from tests.fixtures import Cast, World
from tests.matters.builders import actor, bulk_matters, raise_for, triage
from yishi.audit.errors import ActionError, NotPermitted
from yishi.matters import actions, queries
from yishi.matters.models import (
    EventKind,
    FollowReason,
    Matter,
    MatterEvent,
    MatterFollower,
    MatterStatus,
    Notification,
)


def test_similar_open_matters_of_the_same_community_are_suggested(cast: Cast, world: World) -> None:
    parking = raise_for(cast.resident, world.compound, title="小区门口停车乱")
    raise_for(cast.resident, world.compound, title="垃圾分类点异味")
    closed = raise_for(cast.resident, world.compound, title="小区门口停车很乱")
    triage(cast, closed, "declined", reason="重复反映。")
    villager_parking = raise_for(cast.villager, world.village_group, title="小区门口停车乱")
    found = queries.similar_open_matters(community=world.community, text="小区大门停车混乱")
    assert [item.matter for item in found] == [parking]
    assert found[0].score_percent == 57
    assert villager_parking not in [item.matter for item in found]


def test_the_candidates_are_bounded_to_the_newest(cast: Cast, world: World, django_assert_num_queries: Any) -> None:
    bulk_matters(world, queries.SIMILAR_CANDIDATES + 50)
    with django_assert_num_queries(2):
        found = queries.similar_open_matters(community=world.community, text="停车乱")
    assert len(found) == queries.SIMILAR_SHOWN
    # The newest come first among equal scores.
    assert found[0].matter.title == "第0号议题:小区门口停车乱"


def test_short_text_suggests_nothing(world: World, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert queries.similar_open_matters(community=world.community, text="停") == []


def test_the_partial_offers_to_follow_while_typing(cast: Cast, world: World, client: Client) -> None:
    matter = raise_for(cast.resident, world.compound, title="3号楼电梯经常坏")
    neighbour = make_user(make_person("邻居王", world.units[2]))
    client.force_login(neighbour)
    response = client.get("/matters/similar/", {"title": "三号楼电梯老是坏", "follow": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "3号楼电梯经常坏" in body
    assert f'formaction="/matters/{matter.pk}/follow/"' in body
    assert "这也是我的事" in body


def test_this_is_my_matter_too(cast: Cast, world: World, client: Client) -> None:
    matter = raise_for(cast.resident, world.compound)
    neighbour_person = make_person("邻居王", world.units[2])
    client.force_login(make_user(neighbour_person))
    response = client.post(f"/matters/{matter.pk}/follow/")
    assert response.status_code == 302
    follower = MatterFollower.objects.get(matter=matter, person=neighbour_person)
    assert follower.reason == FollowReason.ALSO_MINE
    matter.refresh_from_db()
    assert matter.follower_count == 2
    assert MatterEvent.objects.filter(matter=matter, kind=EventKind.FOLLOWED).count() == 1
    # Following twice is refused with a message, not an error page.
    again = client.post(f"/matters/{matter.pk}/follow/", follow=True)
    assert "您已关注该议题。" in again.content.decode()
    assert MatterFollower.objects.filter(matter=matter).count() == 2


def test_a_finished_matter_cannot_be_followed(cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.compound)
    triage(cast, matter, "declined", reason="不属于议事范围。")
    with pytest.raises(ActionError) as raised:
        actions.follow_matter(actor=actor(cast.villager), matter=matter)
    assert raised.value.code == "matter_not_open"


def test_merging_keeps_every_proposer_and_follower_informed(cast: Cast, world: World) -> None:
    first = raise_for(cast.resident, world.compound, title="小区门口停车乱")
    other_person = make_person("邻居王", world.units[2])
    other = make_user(other_person)
    supporter = make_person("邻居李", world.units[3])
    duplicate = raise_for(other, world.compound, title="小区大门停车混乱")
    actions.follow_matter(actor=actor(make_user(supporter)), matter=duplicate)
    actions.follow_matter(actor=actor(cast.resident), matter=duplicate)  # already follows the target
    into = actions.merge_matters(actor=actor(cast.director), matter=duplicate, into=first, reason="同一问题。")
    duplicate.refresh_from_db()
    first.refresh_from_db()
    assert into == first
    assert (duplicate.status, duplicate.merged_into) == (MatterStatus.MERGED, first)
    followers = {item.person_id: item for item in MatterFollower.objects.filter(matter=first)}
    assert set(followers) == {cast.resident.person_id, other_person.pk, supporter.pk}
    assert followers[other_person.pk].reason == FollowReason.MERGED
    assert followers[other_person.pk].via == duplicate
    assert first.follower_count == 3
    # The merged matter's people are told where it went; later steps of the target reach them too.
    assert Notification.objects.filter(person=other_person, matter=duplicate).exists()
    triage(cast, first, "micro")
    for person_id in (cast.resident.person_id, other_person.pk, supporter.pk):
        assert Notification.objects.filter(person_id=person_id, matter=first).exists()


@pytest.mark.parametrize("case", ["self", "other_community", "triaged_source", "closed_target"])
def test_merge_refusals(cast: Cast, world: World, case: str) -> None:
    source = raise_for(cast.resident, world.compound)
    target = raise_for(cast.resident, world.building)
    if case == "self":
        target = source
    elif case == "other_community":
        target = Matter.objects.create(
            title="x",
            description="y",
            place=world.other_community,
            community=world.other_community,
            category=source.category,
        )
    elif case == "triaged_source":
        triage(cast, source, "micro")
    else:
        triage(cast, target, "declined", reason="不予受理。")
    user = cast.admin if case == "other_community" else cast.director
    with pytest.raises(ActionError) as raised:
        actions.merge_matters(actor=actor(user), matter=source, into=target)
    assert (
        raised.value.code
        == {
            "self": "merge_same",
            "other_community": "merge_other_community",
            "triaged_source": "merge_not_new",
            "closed_target": "merge_target_closed",
        }[case]
    )


def test_only_the_two_committees_merge(cast: Cast, world: World) -> None:
    source = raise_for(cast.resident, world.compound)
    target = raise_for(cast.resident, world.building)
    for user in (cast.resident, cast.street_officer, cast.supervisor, cast.village_head):
        with pytest.raises(NotPermitted):
            actions.merge_matters(actor=actor(user), matter=source, into=target)
    source.refresh_from_db()
    assert source.status == MatterStatus.PROPOSED


def test_merge_page_lists_similar_matters_and_merges(cast: Cast, world: World, client: Client) -> None:
    target = raise_for(cast.resident, world.compound, title="小区门口停车乱")
    source = raise_for(cast.resident, world.compound, title="小区大门停车混乱")
    client.force_login(cast.director)
    page = client.get(f"/matters/{source.pk}/merge/")
    assert page.status_code == 200
    assert "小区门口停车乱" in page.content.decode()
    response = client.post(f"/matters/{source.pk}/merge/", {"into": target.pk, "reason": ""})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.merged_into == target
