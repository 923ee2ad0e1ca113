"""Triage (大事、小事、微事): each class, the responsible body, due dates, publication, refusals."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from tests.fixtures import Cast, World
from tests.matters.builders import actor, category, raise_for, triage, triage_input
from yishi.audit.errors import ActionError
from yishi.audit.models import AuditRecord
from yishi.disclosure.models import Notice, NoticeKind, NoticeStatus
from yishi.matters import actions
from yishi.matters.models import (
    CatalogueEntry,
    EventKind,
    Matter,
    MatterEvent,
    MatterStatus,
    Notification,
    TriageRecord,
)


def _matter(cast: Cast, world: World, **overrides: Any) -> Matter:
    return raise_for(cast.resident, overrides.pop("place", world.compound), **overrides)


@pytest.mark.parametrize(
    ("triage_class", "scope", "extra", "status", "level", "body", "days"),
    [
        ("big", "several_communities", {}, MatterStatus.REFERRED, "street", "street", 30),
        ("small", "whole_community", {}, MatterStatus.TRIAGED, "community", "community", 15),
        ("micro", "single_compound", {}, MatterStatus.TRIAGED, "compound", "compound", 7),
        ("urgent", "single_compound", {}, MatterStatus.TRIAGED, "compound", "compound", 1),
        ("urgent", "whole_community", {}, MatterStatus.TRIAGED, "community", "community", 1),
        (
            "direct_answer",
            "single_compound",
            {"answer": "物业周三来修。"},
            MatterStatus.ANSWERED_DIRECTLY,
            "community",
            "community",
            3,
        ),
        (
            "declined",
            "single_compound",
            {"reason": "属于业主个人事务。"},
            MatterStatus.DECLINED,
            "community",
            "community",
            None,
        ),
    ],
)
def test_each_class_goes_to_its_body(
    cast: Cast,
    world: World,
    triage_class: str,
    scope: str,
    extra: dict[str, str],
    status: str,
    level: str,
    body: str,
    days: int | None,
) -> None:
    matter = _matter(cast, world)
    record = triage(cast, matter, triage_class, scope, joint_meeting_reference="2026年3月两委联席会议", **extra)
    matter.refresh_from_db()
    expected_place = {"street": world.street, "community": world.community, "compound": world.compound}[body]
    assert matter.status == status
    assert (matter.triage_class, matter.scope, matter.responsible_level) == (triage_class, scope, level)
    assert matter.responsible_place == expected_place
    assert record.responsible_place == expected_place
    assert record.joint_meeting_reference == "2026年3月两委联席会议"
    if days is None:
        assert matter.due_on is None
    else:
        assert matter.due_on == timezone.localdate(record.triaged_at) + datetime.timedelta(days=days)
    assert (matter.responded_at is None) is (status in (MatterStatus.TRIAGED, MatterStatus.REFERRED))
    audit = AuditRecord.objects.get(verb="matter.triage")
    assert audit.changes["status"] == [MatterStatus.PROPOSED, status]
    # The proposer hears of it in the app and by text message.
    notification = Notification.objects.get(person=cast.resident.person)
    assert notification.title.startswith(matter.title)
    assert notification.sms_sent_at is None or notification.wants_sms


def test_the_triage_is_published_on_the_community_board(
    cast: Cast, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from yishi.accounts import sms

    matter = _matter(cast, world)
    with django_capture_on_commit_callbacks(execute=True):
        record = triage(cast, matter, "micro", joint_meeting_reference="3月5日联席会议")
    notice = Notice.objects.get()
    assert (notice.kind, notice.status, notice.community) == (
        NoticeKind.TRIAGE_RESULT,
        NoticeStatus.PUBLISHED,
        world.community,
    )
    assert notice.place == world.compound
    assert notice.title == "议题分流结果：3号楼电梯经常坏"
    assert "微事" in notice.body
    assert "阳光小区" in notice.body
    assert "刘先生" in notice.body
    assert "3月5日联席会议" in notice.body
    assert notice.source == matter
    record.refresh_from_db()
    assert record.notice == notice
    event = MatterEvent.objects.get(matter=matter, kind=EventKind.TRIAGED)
    assert event.notice == notice
    # The proposer's phone (13800138001) receives the text; it is decrypted only to send it.
    assert [message.phone for message in sms.outbox] == ["13800138001"]
    assert sms.outbox[0].text.startswith("【议事】3号楼电梯经常坏")


def test_an_anonymous_proposer_is_hidden_in_the_published_result(cast: Cast, world: World) -> None:
    matter = _matter(cast, world, anonymous_to_public=True)
    triage(cast, matter, "micro")
    notice = Notice.objects.get()
    assert "刘先生" not in notice.body
    assert "匿名" in notice.body


def test_a_decline_needs_a_reason_and_publishes_it(cast: Cast, world: World) -> None:
    matter = _matter(cast, world, title="要求拆除邻居阳台", description="邻居阳台挡光。")
    with pytest.raises(ActionError) as raised:
        triage(cast, matter, "declined", reason="  ")
    assert (raised.value.code, raised.value.field) == ("triage.reason_required", "reason")
    assert not TriageRecord.objects.exists()
    triage(cast, matter, "declined", reason="属于相邻权民事纠纷,建议通过人民调解解决。")
    matter.refresh_from_db()
    assert matter.status == MatterStatus.DECLINED
    notice = Notice.objects.get()
    assert "属于相邻权民事纠纷,建议通过人民调解解决。" in notice.body
    assert "不予受理" in notice.body
    event = MatterEvent.objects.get(matter=matter, kind=EventKind.DECLINED)
    assert event.text == "属于相邻权民事纠纷,建议通过人民调解解决。"
    assert event.is_public


def test_a_direct_answer_needs_the_answer(cast: Cast, world: World) -> None:
    matter = _matter(cast, world)
    with pytest.raises(ActionError) as raised:
        triage(cast, matter, "direct_answer")
    assert (raised.value.code, raised.value.field) == ("triage_answer_required", "answer")


def test_the_catalogue_forbids_a_direct_answer(cast: Cast, world: World) -> None:
    CatalogueEntry.objects.create(community=world.community, category=category("lifts"))
    matter = _matter(cast, world, category=category("lifts"))
    with pytest.raises(ActionError) as raised:
        triage(cast, matter, "direct_answer", answer="不用讨论。")
    assert raised.value.code == "triage.catalogue_requires_deliberation"
    triage(cast, matter, "micro")


@pytest.mark.parametrize(
    ("triage_class", "scope", "extra", "code"),
    [
        ("micro", "whole_community", {}, "triage.scope_exceeds_class"),
        ("small", "several_communities", {}, "triage.scope_exceeds_class"),
        ("micro", "single_compound", {"government_service": True}, "triage.government_service_requires_street"),
        ("huge", "single_compound", {}, "triage_class_unknown"),
        ("micro", "everywhere", {}, "triage_scope_unknown"),
    ],
)
def test_a_class_that_does_not_fit_is_refused(
    cast: Cast, world: World, triage_class: str, scope: str, extra: dict[str, Any], code: str
) -> None:
    matter = _matter(cast, world)
    with pytest.raises(ActionError) as raised:
        triage(cast, matter, triage_class, scope, **extra)
    assert raised.value.code == code
    matter.refresh_from_db()
    assert matter.status == MatterStatus.PROPOSED
    assert not Notice.objects.exists()


def test_a_micro_matter_needs_a_compound(cast: Cast, world: World) -> None:
    matter = _matter(cast, world, place=world.community)
    with pytest.raises(ActionError) as raised:
        triage(cast, matter, "micro")
    assert (raised.value.code, raised.value.field) == ("triage_compound_required", "place")
    # The meeting may correct the place the matter concerns while triaging it.
    triage(cast, matter, "micro", place=world.building)
    matter.refresh_from_db()
    assert (matter.place, matter.compound, matter.responsible_place) == (world.building, world.compound, world.compound)


def test_the_place_given_at_triage_stays_in_the_community(cast: Cast, world: World) -> None:
    matter = _matter(cast, world)
    with pytest.raises(ActionError) as raised:
        triage(cast, matter, "micro", place=world.village_group)
    assert raised.value.code == "matter_place_outside"


def test_a_second_triage_is_refused(cast: Cast, world: World) -> None:
    matter = _matter(cast, world)
    triage(cast, matter, "micro")
    with pytest.raises(ActionError) as raised:
        triage(cast, matter, "small", "whole_community")
    assert raised.value.code == "lifecycle.already_triaged"
    matter.refresh_from_db()
    assert matter.triage_class == "micro"
    assert TriageRecord.objects.count() == 1


def test_a_reclassification_is_a_separate_audited_act_with_a_reason(cast: Cast, world: World) -> None:
    matter = _matter(cast, world)
    triage(cast, matter, "micro")
    with pytest.raises(ActionError) as raised:
        actions.reclassify_matter(
            actor=actor(cast.director), matter=matter, decided=triage_input("big", "several_communities")
        )
    assert raised.value.code == "reclassify_reason_required"
    actions.reclassify_matter(
        actor=actor(cast.director),
        matter=matter,
        decided=triage_input("big", "several_communities", reason="涉及相邻两个社区的道路。"),
    )
    matter.refresh_from_db()
    assert (matter.status, matter.triage_class, matter.responsible_place) == (
        MatterStatus.REFERRED,
        "big",
        world.street,
    )
    latest = TriageRecord.objects.order_by("-pk").first()
    assert latest is not None and latest.is_reclassification and latest.previous_class == "micro"
    assert AuditRecord.objects.filter(verb="matter.reclassify").count() == 1
    assert Notice.objects.count() == 2
    assert "涉及相邻两个社区的道路。" in Notice.objects.order_by("-pk").first().body  # type: ignore[union-attr]


def test_a_declined_matter_may_be_reclassified_but_a_deliberating_one_may_not(cast: Cast, world: World) -> None:
    matter = _matter(cast, world)
    triage(cast, matter, "declined", reason="重复。")
    actions.reclassify_matter(
        actor=actor(cast.director), matter=matter, decided=triage_input("micro", reason="居民补充了情况。")
    )
    matter.refresh_from_db()
    assert matter.status == MatterStatus.TRIAGED
    assert matter.responded_at is None
    Matter.objects.filter(pk=matter.pk).update(status=MatterStatus.DELIBERATING)
    with pytest.raises(ActionError) as raised:
        actions.reclassify_matter(
            actor=actor(cast.director), matter=matter, decided=triage_input("small", "whole_community", reason="x")
        )
    assert raised.value.code == "lifecycle.reclassification_not_allowed"


def test_results_may_wait_and_go_out_as_one_list(cast: Cast, world: World) -> None:
    first = _matter(cast, world, title="小区门口停车乱")
    second = _matter(cast, world, title="垃圾分类点异味", anonymous_to_public=True)
    triage(cast, first, "micro", publish=False)
    triage(cast, second, "declined", reason="已列入街道整治计划。", publish=False)
    assert not Notice.objects.exists()
    assert TriageRecord.objects.filter(notice__isnull=True).count() == 2
    notice = actions.publish_triage_list(actor=actor(cast.secretary), community=world.community)
    assert notice.title == "两委联席会议议题分流清单：2 项"
    assert "小区门口停车乱" in notice.body and "垃圾分类点异味" in notice.body
    assert "已列入街道整治计划。" in notice.body
    assert notice.body.count("刘先生") == 1
    assert not TriageRecord.objects.filter(notice__isnull=True).exists()
    assert MatterEvent.objects.filter(notice=notice).count() == 2
    with pytest.raises(ActionError) as raised:
        actions.publish_triage_list(actor=actor(cast.secretary), community=world.community)
    assert raised.value.code == "triage_nothing_to_publish"


def test_a_full_phone_number_in_a_title_is_masked_on_the_board(cast: Cast, world: World) -> None:
    matter = _matter(cast, world, title="维修师傅电话13912345678一直打不通")
    triage(cast, matter, "micro")
    notice = Notice.objects.get()
    assert "13912345678" not in notice.title
    assert "139****5678" in notice.title


def test_the_catalogue_is_replaced_and_audited(cast: Cast, world: World) -> None:
    lifts, revenue = category("lifts"), category("public_revenue")
    actions.set_catalogue(
        actor=actor(cast.secretary), community=world.community, entries={lifts.pk: "加装电梯", revenue.pk: ""}
    )
    actions.set_catalogue(actor=actor(cast.secretary), community=world.community, entries={revenue.pk: "公共收益使用"})
    entries = list(CatalogueEntry.objects.filter(community=world.community))
    assert [(entry.category, entry.note) for entry in entries] == [(revenue, "公共收益使用")]
    assert AuditRecord.objects.filter(verb="catalogue.update").count() == 2
    with pytest.raises(ActionError) as raised:
        actions.set_catalogue(actor=actor(cast.secretary), community=world.compound, entries={})
    assert raised.value.code == "catalogue_not_community"
    with pytest.raises(ActionError) as unknown:
        actions.set_catalogue(actor=actor(cast.secretary), community=world.community, entries={999999: ""})
    assert unknown.value.code == "catalogue_category_unknown"
