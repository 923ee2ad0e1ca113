"""Raising a matter (民事民提): a resident online, staff for a resident offline, and every refusal."""

from pathlib import Path
from typing import Any

import pytest

from tests.factories import give_role, make_place, make_user
from tests.fixtures import Cast, World
from tests.matters.builders import actor, category, draft, jpeg_with_metadata, raise_for
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import AuditRecord, Channel
from yishi.matters import actions
from yishi.matters.models import (
    EventKind,
    FollowReason,
    Matter,
    MatterChannel,
    MatterEvent,
    MatterFollower,
    MatterPhoto,
    MatterStatus,
    Notification,
)


def test_a_resident_raises_a_matter_at_their_compound(cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.compound, photos=[jpeg_with_metadata()])

    assert matter.status == MatterStatus.PROPOSED
    assert matter.community == world.community
    assert matter.compound == world.compound
    assert matter.channel == MatterChannel.WEB
    assert matter.proposer == cast.resident.person
    assert matter.recorded_by is None
    assert matter.follower_count == 1
    follower = MatterFollower.objects.get(matter=matter)
    assert (follower.person, follower.reason) == (cast.resident.person, FollowReason.PROPOSER)
    photo = MatterPhoto.objects.get(matter=matter)
    assert photo.content_type == "image/jpeg"
    assert photo.image.name.startswith("matters/photos/")
    event = MatterEvent.objects.get(matter=matter)
    assert (event.kind, event.channel, event.is_public) == (EventKind.RAISED, Channel.ONLINE, True)
    audit = AuditRecord.objects.get(verb="matter.raise")
    assert audit.channel == Channel.ONLINE
    assert audit.changes["photos"] == [0, 1]
    # The proposer is the only follower and took the step: nobody is notified.
    assert not Notification.objects.exists()


def test_a_building_is_a_valid_place_and_the_title_is_tidied(cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.building, title="  3号楼   电梯 \n 经常坏 ")
    assert matter.title == "3号楼 电梯 经常坏"
    assert matter.compound == world.compound


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"title": "   "}, "matter_title_empty", "title"),
        ({"title": "长" * 101}, "matter_title_long", "title"),
        ({"description": " \n "}, "matter_description_empty", "description"),
        ({"description": "字" * 5001}, "matter_description_long", "description"),
        ({"urgency": "whenever"}, "matter_urgency_unknown", "urgency"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    cast: Cast, world: World, overrides: dict[str, Any], code: str, field: str, matters_sandbox: Path
) -> None:
    with pytest.raises(ActionError) as raised:
        raise_for(cast.resident, world.compound, photos=[jpeg_with_metadata()], **overrides)
    assert (raised.value.code, raised.value.field) == (code, field)
    assert not Matter.objects.exists()
    assert not MatterPhoto.objects.exists()
    assert not AuditRecord.objects.filter(verb="matter.raise").exists()
    assert not any(matters_sandbox.rglob("*.jpg"))


def test_messages_are_translated(cast: Cast, world: World) -> None:
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ActionError) as raised:
        raise_for(cast.resident, world.compound, title="")
    assert str(raised.value.message) == "请给议题起一个简短的标题。"


@pytest.mark.parametrize("where", ["other_community", "village", "unit", "street"])
def test_a_place_outside_the_residents_community_is_refused(cast: Cast, world: World, where: str) -> None:
    place = {
        "other_community": world.other_community,
        "village": world.village_group,
        "unit": world.units[0],
        "street": world.street,
    }[where]
    with pytest.raises(ActionError) as raised:
        raise_for(cast.resident, place)
    assert (raised.value.code, raised.value.field) == ("matter_place_outside", "place")
    assert not Matter.objects.exists()


def test_a_resident_without_a_home_on_the_roster_is_told_why(world: World) -> None:
    from tests.factories import make_person

    user = make_user(make_person("无家可查"))
    with pytest.raises(ActionError) as raised:
        raise_for(user, world.compound)
    assert raised.value.code == "matter_no_home"


def test_an_inactive_category_is_refused(cast: Cast, world: World) -> None:
    retired = category("other")
    retired.is_active = False
    retired.save()
    with pytest.raises(ActionError) as raised:
        raise_for(cast.resident, world.compound, category=retired)
    assert raised.value.code == "matter_category_unknown"


def test_too_many_photos_are_refused(cast: Cast, world: World, matters_sandbox: Path) -> None:
    with pytest.raises(ActionError) as raised:
        raise_for(cast.resident, world.compound, photos=[jpeg_with_metadata() for _ in range(7)])
    assert (raised.value.code, raised.value.field) == ("matter_too_many_photos", "photos")
    assert not Matter.objects.exists()


def test_a_non_image_among_photos_saves_nothing(cast: Cast, world: World, matters_sandbox: Path) -> None:
    with pytest.raises(ActionError) as raised:
        raise_for(cast.resident, world.compound, photos=[jpeg_with_metadata(), b"%PDF-1.4 not a photo"])
    assert raised.value.code == "photo_not_image"
    assert not Matter.objects.exists()
    assert not MatterPhoto.objects.exists()
    assert not any(matters_sandbox.rglob("*.*"))


def test_staff_record_a_matter_for_an_elderly_resident_without_a_phone(cast: Cast, world: World) -> None:
    matter = actions.record_matter(
        actor=actor(cast.director, "committee_member"),
        draft=draft(world.building, title="楼道灯坏了", description="陈阿姨说楼道灯坏了一周,晚上看不见。"),
        channel=MatterChannel.VISIT,
        channel_reference="走访记录 2026-03 第12页",
        proposer=cast.elder,
    )
    assert matter.proposer == cast.elder
    assert matter.recorded_by == cast.director
    assert (matter.channel, matter.channel_reference) == (MatterChannel.VISIT, "走访记录 2026-03 第12页")
    audit = AuditRecord.objects.get(verb="matter.record")
    assert audit.channel == Channel.ASSISTED
    assert audit.actor == cast.director
    event = MatterEvent.objects.get(matter=matter)
    assert (event.kind, event.channel) == (EventKind.RECORDED, Channel.ASSISTED)
    # She is told in the app (staff can read it to her); she has no phone, so no text message.
    notification = Notification.objects.get(person=cast.elder)
    assert "楼道灯坏了" in notification.title


def test_staff_may_record_an_unsigned_note_from_the_suggestion_box(cast: Cast, world: World) -> None:
    matter = actions.record_matter(
        actor=actor(cast.secretary),
        draft=draft(world.community, title="广场舞噪音扰民", description="意见箱纸条:晚上十点后广场舞音乐太响。"),
        channel=MatterChannel.SUGGESTION_BOX,
        proposer=None,
    )
    assert matter.proposer is None
    assert matter.follower_count == 0
    assert matter.proposer_public_name() == "未留姓名"


@pytest.mark.parametrize(
    ("channel", "code"), [(MatterChannel.WEB, "matter_channel_unknown"), ("pigeon", "matter_channel_unknown")]
)
def test_staff_must_name_an_offline_channel(cast: Cast, world: World, channel: str, code: str) -> None:
    with pytest.raises(ActionError) as raised:
        actions.record_matter(actor=actor(cast.director), draft=draft(world.compound), channel=channel, proposer=None)
    assert raised.value.code == code


def test_staff_cannot_name_a_resident_of_another_community(cast: Cast, world: World) -> None:
    with pytest.raises(ActionError) as raised:
        actions.record_matter(
            actor=actor(cast.director),
            draft=draft(world.compound),
            channel=MatterChannel.PHONE,
            proposer=cast.villager.person,
        )
    assert raised.value.code == "matter_proposer_elsewhere"


def test_recording_needs_the_capability_at_the_place(cast: Cast, world: World) -> None:
    for user in (cast.resident, cast.street_officer, cast.village_head, cast.supervisor):
        with pytest.raises(NotPermitted):
            actions.record_matter(
                actor=actor(user), draft=draft(world.compound), channel=MatterChannel.PHONE, proposer=cast.elder
            )
    assert not Matter.objects.exists()


def test_a_building_leader_records_only_in_their_building(cast: Cast, world: World) -> None:
    other_building = make_place("building", "2号楼", world.compound)
    leader = make_user(cast.elder, username="leader")
    give_role(cast.elder, "building_leader", world.building)
    matter = actions.record_matter(
        actor=actor(leader), draft=draft(world.building), channel=MatterChannel.WECHAT_GROUP, proposer=cast.elder
    )
    assert matter.place == world.building
    with pytest.raises(NotPermitted):
        actions.record_matter(
            actor=actor(leader), draft=draft(other_building), channel=MatterChannel.WECHAT_GROUP, proposer=None
        )
