"""A published notice is never changed or deleted: refused by the model, its queryset and the actions."""

import pytest

from tests.disclosure.conftest import actor_for, draft, published
from tests.fixtures import Cast, World
from yishi.audit.errors import ActionError
from yishi.disclosure import actions
from yishi.disclosure.models import Notice, NoticeStatus


def test_model_refuses_to_save_changed_content(notice: Notice) -> None:
    notice.title = "改过的标题"
    with pytest.raises(ActionError) as caught:
        notice.save()
    assert caught.value.code == "notice_published_immutable"
    assert Notice.objects.get(pk=notice.pk).title == "关于小区路灯维修的公示"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("body", "新正文"),
        ("rows", [{"item": "x", "amount": "1.00", "date": ""}]),
        ("posted_until", None),
        ("kind", "general"),
    ],
)
def test_model_refuses_every_content_field(notice: Notice, field: str, value: object) -> None:
    setattr(notice, field, value)
    with pytest.raises(ActionError):
        notice.save()


def test_model_refuses_to_unpublish(notice: Notice) -> None:
    notice.status = NoticeStatus.DRAFT
    with pytest.raises(ActionError):
        notice.save()


def test_queryset_update_and_delete_refused(notice: Notice) -> None:
    with pytest.raises(ActionError):
        Notice.objects.filter(pk=notice.pk).update(title="x")
    with pytest.raises(ActionError):
        Notice.objects.filter(pk=notice.pk).update(status=NoticeStatus.DRAFT)
    with pytest.raises(ActionError) as caught:
        Notice.objects.filter(pk=notice.pk).delete()
    assert caught.value.code == "notice_published_undeletable"
    with pytest.raises(ActionError):
        notice.delete()
    assert Notice.objects.filter(pk=notice.pk, title="关于小区路灯维修的公示").exists()


def test_archiving_and_the_cached_pdf_may_still_be_written(notice: Notice) -> None:
    Notice.objects.filter(pk=notice.pk).update(pdf="disclosure/notices/notice-1.pdf")
    notice.refresh_from_db()
    notice.status = NoticeStatus.ARCHIVED
    notice.save()
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.ARCHIVED


def test_update_draft_action_refuses_published(cast: Cast, world: World, notice: Notice) -> None:
    with pytest.raises(ActionError) as caught:
        actions.update_draft(
            actor=actor_for(cast.director),
            notice=notice,
            kind=notice.kind,
            title="改过的标题",
            body=notice.body,
            rows=[],
            place=notice.place,
            source_url="",
            posted_until=None,
            due_by=None,
        )
    assert caught.value.code == "notice_published_immutable"
    assert Notice.objects.get(pk=notice.pk).title == "关于小区路灯维修的公示"


def test_publish_and_discard_refuse_published(cast: Cast, notice: Notice) -> None:
    with pytest.raises(ActionError):
        actions.publish_notice(actor=actor_for(cast.director), notice=notice)
    with pytest.raises(ActionError):
        actions.discard_draft(actor=actor_for(cast.director), notice=notice)
    assert Notice.objects.filter(pk=notice.pk).exists()


def test_a_stale_draft_object_cannot_overwrite_after_publishing(cast: Cast, world: World) -> None:
    stale = draft(cast.director, world.community)
    actions.publish_notice(actor=actor_for(cast.director), notice=stale)
    stale.status = NoticeStatus.DRAFT
    stale.title = "偷偷改掉"
    with pytest.raises(ActionError):
        stale.save()


def test_drafts_can_change_and_be_discarded(cast: Cast, world: World) -> None:
    notice = draft(cast.director, world.community)
    actions.update_draft(
        actor=actor_for(cast.director),
        notice=notice,
        kind="accounts",
        title="三月财务收支",
        body="",
        rows=[{"item": "保洁", "amount": "800", "date": "2026-03-01"}],
        place=world.compound,
        source_url="/matters/1/",
        posted_until=None,
        due_by=None,
    )
    notice.refresh_from_db()
    assert (notice.kind, notice.title, notice.place, notice.rows) == (
        "accounts",
        "三月财务收支",
        world.compound,
        [{"item": "保洁", "amount": "800.00", "date": "2026-03-01"}],
    )
    actions.discard_draft(actor=actor_for(cast.director), notice=notice)
    assert not Notice.objects.filter(pk=notice.pk).exists()


def test_correction_chain(cast: Cast, world: World) -> None:
    first = published(cast.director, world.community, rows=[{"item": "材料费", "amount": "1200", "date": ""}])
    second = actions.publish_correction(
        actor=actor_for(cast.director), original=first, title="更正：路灯维修公示", body="材料费应为1100元。"
    )
    third = actions.publish_correction(
        actor=actor_for(cast.secretary), original=second, title="再更正", body="以本公告为准。"
    )
    assert second.corrects == first and third.corrects == second
    assert second.rows == first.rows
    assert second.kind == first.kind and second.place == first.place
    assert list(first.corrections.all()) == [second]
    first.refresh_from_db()
    assert first.status == NoticeStatus.PUBLISHED and first.title == "关于小区路灯维修的公示"
    assert [first.number, second.number, third.number] == [f"{first.published_at:%Y}-00{n}" for n in (1, 2, 3)]


def test_only_published_notices_of_the_same_board_can_be_corrected(cast: Cast, world: World) -> None:
    unpublished = draft(cast.director, world.community)
    with pytest.raises(ActionError) as caught:
        actions.publish_correction(actor=actor_for(cast.director), original=unpublished, title="更正", body="")
    assert caught.value.code == "notice_correct_draft"
    village_notice = published(cast.village_head, world.village)
    with pytest.raises(ActionError) as caught:
        draft(cast.director, world.community, corrects=village_notice)
    assert caught.value.code == "notice_correct_elsewhere"
    assert Notice.objects.filter(corrects__isnull=False).count() == 0
