"""Publishing: posting periods, numbers, PI-1, the one-step publish_for, and the audit record."""

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from tests.disclosure.conftest import actor_for, draft, published
from tests.fixtures import Cast, World
from yishi.audit.actions import Actor
from yishi.audit.errors import ActionError
from yishi.audit.models import AuditRecord
from yishi.disclosure import actions
from yishi.disclosure.models import Notice, NoticeKind, NoticeStatus
from yishi.people.domain.identity import with_check_digit


def test_publishing_sets_number_dates_and_publisher(cast: Cast, world: World) -> None:
    notice = published(cast.director, world.community)
    today = timezone.localdate()
    assert notice.status == NoticeStatus.PUBLISHED
    assert notice.number == f"{today.year}-001"
    assert notice.posted_from == today
    assert notice.posted_until == today + datetime.timedelta(days=7)
    assert notice.published_by == cast.director
    assert notice.is_current
    # Numbers run per community.
    assert published(cast.village_head, world.village).number == f"{today.year}-001"
    assert published(cast.director, world.community).number == f"{today.year}-002"


def test_accounts_stay_posted_a_month(cast: Cast, world: World) -> None:
    notice = published(cast.director, world.community, kind=NoticeKind.ACCOUNTS)
    assert notice.posted_until == notice.posted_from + datetime.timedelta(days=30)


def test_minimum_posting_period_is_configurable(cast: Cast, world: World, settings: Any) -> None:
    settings.DISCLOSURE_MIN_POSTING_DAYS = 10
    notice = published(cast.director, world.community)
    assert notice.posted_until == notice.posted_from + datetime.timedelta(days=10)


def test_a_posting_period_shorter_than_the_minimum_is_refused(cast: Cast, world: World) -> None:
    today = timezone.localdate()
    notice = draft(cast.director, world.community, posted_until=today + datetime.timedelta(days=4))
    with translation.override("zh-hans"), pytest.raises(ActionError) as caught:
        actions.publish_notice(actor=actor_for(cast.director), notice=notice)
    assert caught.value.code == "notice_posting_too_short"
    assert caught.value.field == "posted_until"
    assert "5" in str(caught.value.message) and "天" in str(caught.value.message)
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.DRAFT
    longer = today + datetime.timedelta(days=5)
    notice = draft(cast.director, world.community, posted_until=longer)
    assert actions.publish_notice(actor=actor_for(cast.director), notice=notice).posted_until == longer


ID_NUMBER = with_check_digit("11010519800101001")


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"body": "如有异议请联系李主任，电话13800138000。"}, "notice_full_phone", "body"),
        ({"title": "王某某13912345678补贴公示"}, "notice_full_phone", "title"),
        ({"body": f"申请人身份证号{ID_NUMBER}"}, "notice_full_id_number", "body"),
        (
            {"kind": NoticeKind.ACCOUNTS, "rows": [{"item": f"刘先生 {ID_NUMBER} 补贴", "amount": "500", "date": ""}]},
            "notice_full_id_number",
            "rows",
        ),
    ],
)
def test_pi1_refuses_full_phone_and_id_numbers(
    cast: Cast, world: World, fields: dict[str, Any], code: str, field: str
) -> None:
    notice = draft(cast.director, world.community, **fields)
    with translation.override("zh-hans"), pytest.raises(ActionError) as caught:
        actions.publish_notice(actor=actor_for(cast.director), notice=notice)
    assert (caught.value.code, caught.value.field) == (code, field)
    message = str(caught.value.message)
    assert "完整" in message
    assert "13800138000" not in message and ID_NUMBER not in message
    assert "****" in message
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.DRAFT
    assert not AuditRecord.objects.filter(verb="notice.publish").exists()


def test_masked_numbers_and_office_landlines_may_be_published(cast: Cast, world: World) -> None:
    notice = published(cast.director, world.community, body="联系人：刘先生（138****8001），居委会电话 021-64881234。")
    assert notice.status == NoticeStatus.PUBLISHED


def test_publish_for_publishes_in_one_step_with_a_link_to_its_source(cast: Cast, world: World) -> None:
    notice = actions.publish_for(
        actor=actor_for(cast.secretary),
        community=world.community,
        kind=NoticeKind.IMPLEMENTATION_RESULT,
        title="阳光小区路灯维修实施结果",
        body="已更换路灯十二盏。",
        source=world.compound,
        rows=[{"item": "路灯", "amount": "3600.00", "date": "2026-03-05"}],
        place=world.compound,
        due_by=timezone.localdate(),
    )
    assert notice.status == NoticeStatus.PUBLISHED
    assert notice.source == world.compound
    assert notice.source_content_type == ContentType.objects.get_for_model(world.compound)
    assert notice.place == world.compound and notice.community == world.community
    assert notice.is_on_time is True
    verbs = list(AuditRecord.objects.filter(target_id=str(notice.pk)).values_list("verb", flat=True))
    assert sorted(verbs) == ["notice.create_draft", "notice.publish"]


def test_publish_for_rolls_back_with_its_caller(cast: Cast, world: World) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        actions.publish_for(
            actor=actor_for(cast.director),
            community=world.community,
            kind=NoticeKind.DECISION,
            title="决议",
            body="",
            source=None,
        )
        raise RuntimeError("the caller's work failed")
    assert not Notice.objects.exists()


def test_the_system_may_publish_for_a_workflow(world: World) -> None:
    notice = actions.publish_for(
        actor=Actor.system(),
        community=world.community,
        kind=NoticeKind.EVALUATION_RESULT,
        title="评议结果",
        body="满意率 92%",
        source=None,
    )
    assert notice.published_by is None
    assert AuditRecord.objects.get(verb="notice.publish").channel == "system"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"title": "  "}, "notice_title_empty"),
        ({"title": "长" * 201}, "notice_title_long"),
        ({"kind": "rumour"}, "notice_kind_unknown"),
        ({"source_url": "javascript:alert(1)"}, "notice_source_url"),
        ({"source_url": "//elsewhere.example/page"}, "notice_source_url"),
        ({"rows": [{"item": "甲", "amount": "abc"}]}, "row_amount_invalid"),
    ],
)
def test_bad_drafts_are_refused_and_write_nothing(cast: Cast, world: World, changes: dict[str, Any], code: str) -> None:
    with pytest.raises(ActionError) as caught:
        draft(cast.director, world.community, **changes)
    assert caught.value.code == code
    assert not Notice.objects.exists()
    assert not AuditRecord.objects.exists()


def test_places_must_lie_in_the_community(cast: Cast, world: World) -> None:
    with pytest.raises(ActionError) as caught:
        draft(cast.director, world.compound)
    assert caught.value.code == "notice_not_community"
    with pytest.raises(ActionError) as caught:
        draft(cast.director, world.community, place=world.village_group)
    assert caught.value.code == "notice_place_outside"


def test_audit_records_the_publication(cast: Cast, world: World) -> None:
    notice = published(cast.director, world.community)
    record = AuditRecord.objects.get(verb="notice.publish")
    assert record.target_id == str(notice.pk)
    assert record.place == world.community
    assert record.changes["status"] == ["draft", "published"]
    assert record.changes["number"] == ["", notice.number]
