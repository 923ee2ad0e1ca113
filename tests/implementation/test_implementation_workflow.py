"""Tasks, progress with photos, pledges, concerns and their answers, the accounts and "work done"."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone, translation
from PIL import Image

from tests.fixtures import Cast, World
from tests.implementation.builders import (
    actor,
    add_task,
    budget_line,
    decided_matter,
    granted_fund,
    jpeg,
    spend,
)
from tests.matters.builders import jpeg_with_metadata
from yishi.audit.errors import ActionError
from yishi.audit.models import AuditRecord, Channel
from yishi.disclosure import ledgers
from yishi.disclosure.models import Notice
from yishi.implementation import actions, queries
from yishi.implementation.models import Completion, Concern, ProgressPhoto, ProgressUpdate, Task
from yishi.matters.models import MatterEvent, MatterStatus, Notification

pytestmark = pytest.mark.django_db


def test_a_task_is_planned_with_an_audit_record_and_a_timeline_step(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter, owner_person=cast.director.person)
    assert task.community == world.community and task.position == 1
    assert AuditRecord.objects.filter(verb="task.add", target_id=str(task.pk)).exists()
    event = MatterEvent.objects.get(matter=matter, kind="implementation.task_added")
    assert event.is_public and task.title in event.headline()
    # The proposer follows the matter and hears of it.
    assert Notification.objects.filter(person=cast.resident.person, matter=matter).exists()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"title": "  "}, "task_title_empty"),
        ({"title": "长" * 101}, "task_title_long"),
        ({"owner_body": "", "owner_person": None}, "task_owner_missing"),
        ({"due_on": timezone.localdate() - datetime.timedelta(days=1)}, "task_due_before_start"),
        ({"starts_on": None}, "task_start_missing"),
    ],
)
def test_bad_tasks_are_refused_and_nothing_is_written(world: World, cast: Cast, overrides: dict, code: str) -> None:
    matter = decided_matter(world, cast)
    with translation.override("zh-hans"), pytest.raises(ActionError) as refused:
        add_task(cast, matter, **overrides)
    assert refused.value.code == code
    assert not Task.objects.exists()
    assert not AuditRecord.objects.filter(verb="task.add").exists()


@pytest.mark.parametrize("status", [MatterStatus.DECIDING, MatterStatus.EVALUATING, MatterStatus.CLOSED])
def test_tasks_are_added_only_while_the_matter_is_carried_out(world: World, cast: Cast, status: str) -> None:
    matter = decided_matter(world, cast, status=status)
    with pytest.raises(ActionError) as refused:
        add_task(cast, matter)
    assert refused.value.code == "matter_not_implementing"


def test_progress_with_a_photo_drops_its_metadata_and_moves_the_task(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter)
    update = actions.add_progress(
        actor=actor(cast.director),
        task=task,
        text="已完成 3 组安装。",
        status="in_progress",
        photos=[jpeg_with_metadata()],
    )
    photo = ProgressPhoto.objects.get(update=update)
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()
    task.refresh_from_db()
    assert task.status == "in_progress" and update.status_after == "in_progress"
    assert MatterEvent.objects.filter(matter=matter, kind="implementation.progress").exists()


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_kept(
    world: World, cast: Cast, implementation_sandbox: Path
) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter)
    with pytest.raises(ActionError) as refused:
        actions.add_progress(actor=actor(cast.director), task=task, text="进展", photos=[b"%PDF-1.4 not a photo"])
    assert refused.value.code == "photo_not_image"
    assert not ProgressUpdate.objects.exists()
    assert not list(implementation_sandbox.rglob("*.jpg"))


def test_the_task_owner_records_progress_but_a_neighbour_cannot(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter, owner_person=cast.resident.person)
    actions.add_progress(actor=actor(cast.resident, "task_owner"), task=task, text="买好了材料", status="done")
    task.refresh_from_db()
    assert task.status == "done" and task.completed_at is not None
    with pytest.raises(ActionError) as refused:
        actions.set_task_status(actor=actor(cast.villager), task=task, status="in_progress")
    assert refused.value.status == 403


def test_a_blocked_task_cannot_jump_to_done(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter)
    actions.set_task_status(actor=actor(cast.director), task=task, status="blocked")
    with pytest.raises(ActionError) as refused:
        actions.set_task_status(actor=actor(cast.director), task=task, status="done")
    assert refused.value.code == "task_move_not_allowed"


def _finish_tasks(cast: Cast, *tasks: Task) -> None:
    for task in tasks:
        actions.set_task_status(actor=actor(cast.director), task=task, status="done")


def test_an_open_concern_blocks_work_done_until_it_is_answered(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter)
    line = budget_line(cast, matter, granted_fund(cast, world))
    expense = spend(cast, line, "320.00")
    concern = actions.flag_concern(
        actor=actor(cast.supervisor, "supervision_member"), text="发票金额与报价不符,请说明。", expense=expense
    )
    _finish_tasks(cast, task)
    with translation.override("en"), pytest.raises(ActionError) as refused:
        actions.complete_work(actor=actor(cast.director), matter=matter, summary="晾衣架已安装。")
    assert refused.value.code == "work_concerns_open"
    assert not Completion.objects.exists()
    # The concern is about money: only staff who spend may answer it.
    with pytest.raises(ActionError):
        actions.answer_concern(actor=actor(cast.supervisor), concern=concern, answer="自问自答")
    actions.answer_concern(actor=actor(cast.secretary), concern=concern, answer="报价含安装费,已补充清单。")
    with pytest.raises(ActionError) as again:
        actions.answer_concern(actor=actor(cast.secretary), concern=concern, answer="再次回答")
    assert again.value.code == "concern_already_answered"
    completion = actions.complete_work(actor=actor(cast.director), matter=matter, summary="晾衣架已安装。")
    matter.refresh_from_db()
    assert matter.status == MatterStatus.EVALUATING
    notice = completion.notice
    assert notice.kind == "implementation_result" and notice.is_public
    assert "晾衣架已安装" in notice.body and "320.00" in notice.body
    event = MatterEvent.objects.get(matter=matter, kind="implementation.work_done")
    assert event.notice == notice and event.status_to == MatterStatus.EVALUATING


def test_work_done_needs_tasks_and_all_of_them_done(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    with pytest.raises(ActionError) as empty:
        actions.complete_work(actor=actor(cast.director), matter=matter, summary="完成")
    assert empty.value.code == "work_no_tasks"
    first, second = add_task(cast, matter), add_task(cast, matter, title="安装晾衣架")
    _finish_tasks(cast, first)
    with pytest.raises(ActionError) as open_tasks:
        actions.complete_work(actor=actor(cast.director), matter=matter, summary="完成")
    assert open_tasks.value.code == "work_tasks_open"
    _finish_tasks(cast, second)
    with pytest.raises(ActionError) as no_summary:
        actions.complete_work(actor=actor(cast.director), matter=matter, summary="  ")
    assert no_summary.value.code == "summary_empty"
    assert queries.readiness(matter).is_ready


def test_a_concern_on_a_task_is_answered_by_staff_who_manage_tasks(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter)
    concern = actions.flag_concern(actor=actor(cast.supervisor), text="工期太长", task=task)
    event = MatterEvent.objects.get(matter=matter, kind="implementation.concern")
    assert not event.is_public
    with pytest.raises(ActionError) as empty:
        actions.answer_concern(actor=actor(cast.director), concern=concern, answer=" ")
    assert empty.value.code == "answer_empty"
    actions.answer_concern(actor=actor(cast.director), concern=concern, answer="已调整为一周")
    concern.refresh_from_db()
    assert not concern.is_open and concern.answered_by == cast.director


def test_a_concern_needs_one_target_and_text(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter)
    with pytest.raises(ActionError) as none:
        actions.flag_concern(actor=actor(cast.supervisor), text="?")
    assert none.value.code == "concern_target"
    with pytest.raises(ActionError) as long:
        actions.flag_concern(actor=actor(cast.supervisor), text="长" * 2001, task=task)
    assert long.value.code == "text_long"
    assert not Concern.objects.exists()


def test_accounts_are_published_item_by_item_with_income_and_spending(world: World, cast: Cast) -> None:
    from tests.implementation.builders import assembly_vote

    matter = decided_matter(world, cast)
    fund = actions.create_fund(
        actor=actor(cast.director),
        community=world.community,
        kind="residents",
        name="自筹",
        decision=assembly_vote(world, cast),
    )
    gift = actions.record_contribution(
        actor=actor(cast.director, channel=Channel.ASSISTED),
        matter=matter,
        person=cast.elder,
        draft=actions.ContributionDraft(kind="money", amount="200.00", fund=fund),
        voluntary=True,
        received=True,
        reference="收据 0012",
    )
    assert gift.channel == "assisted" and gift.stage == "received"
    line = budget_line(cast, matter, granted_fund(cast, world), amount="500.00")
    spend(cast, line, "180.30")
    today = timezone.localdate()
    publication = actions.publish_accounts(
        actor=actor(cast.director), matter=matter, start=today - datetime.timedelta(days=30), end=today
    )
    notice = publication.notice
    assert notice.kind == "accounts" and notice.is_public
    amounts = [row["amount"] for row in notice.rows]
    assert amounts == ["200.00", "-180.30"]
    assert publication.income == Decimal("200.00") and publication.spending == Decimal("180.30")
    assert notice.rows_total == Decimal("19.70")
    with pytest.raises(ActionError) as again:
        actions.publish_accounts(
            actor=actor(cast.director), matter=matter, start=today - datetime.timedelta(days=30), end=today
        )
    assert again.value.code == "accounts_already_published"
    with pytest.raises(ActionError) as empty:
        actions.publish_accounts(
            actor=actor(cast.director),
            matter=matter,
            start=today - datetime.timedelta(days=90),
            end=today - datetime.timedelta(days=60),
        )
    assert empty.value.code == "accounts_period_empty"
    assert Notice.objects.filter(kind="accounts").count() == 1


def test_volunteer_hours_count_what_was_given_on_tasks(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter)
    pledge = actions.pledge(
        actor=actor(cast.resident, "resident"),
        matter=matter,
        draft=actions.ContributionDraft(kind="labour", hours="3.5", task=task),
        voluntary=True,
    )
    today = timezone.localdate()
    assert queries.volunteer_hours(world.community, today, today) == Decimal("0.0")
    actions.receive_contribution(actor=actor(cast.director), contribution=pledge)
    actions.record_contribution(
        actor=actor(cast.director),
        matter=matter,
        person=cast.elder,
        draft=actions.ContributionDraft(kind="labour", hours="2", task=task),
        voluntary=True,
        received=True,
    )
    assert queries.volunteer_hours(world.community, today, today) == Decimal("5.5")
    assert queries.volunteer_hours(world.village, today, today) == Decimal("0.0")
    with pytest.raises(ActionError) as twice:
        actions.receive_contribution(actor=actor(cast.director), contribution=pledge)
    assert twice.value.code == "contribution_already_received"


def test_ledger_sheets_list_tasks_funds_and_expenses(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    add_task(cast, matter)
    line = budget_line(cast, matter, granted_fund(cast, world, amount="800.00"), amount="500.00")
    spend(cast, line, "99.90", receipts=[jpeg()])
    today = timezone.localdate()
    names = {str(sheet.name) for sheet in ledgers.registered()}
    with translation.override("en"):
        names = {str(sheet.name) for sheet in ledgers.registered()}
        assert {"Implementation tasks", "Funds", "Expenses"} <= names
        sheets = {str(sheet.name): sheet.build(world.community, today, today) for sheet in ledgers.registered()}
    _headers, task_rows = sheets["Implementation tasks"]
    assert [row[1] for row in task_rows] == ["采购晾衣架"]
    _headers, fund_rows = sheets["Funds"]
    assert [(row[0], row[2], row[5]) for row in fund_rows] == [("2026年惠民资金", Decimal("800.00"), Decimal("99.90"))]
    _headers, expense_rows = sheets["Expenses"]
    assert [(row[6], row[7]) for row in expense_rows] == [(Decimal("99.90"), 1)]
    workbook = ledgers.build_workbook(world.community, today, today)
    assert workbook[:2] == b"PK"
