"""The implementation API: public reading without names or concerns, writes through the actions with the same
refusals (JSON error with code and status), and nothing written on refusal."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.fixtures import Cast, World
from tests.implementation.builders import actor, add_task, decided_matter
from yishi.implementation import actions
from yishi.implementation.models import Concern, Expense, Task

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def test_reading_a_matters_work_is_public_and_concerns_are_for_staff(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter)
    actions.flag_concern(actor=actor(cast.supervisor), text="请公开报价", task=task)
    public = Client().get(f"/api/implementation/matters/{matter.pk}")
    assert public.status_code == 200
    body = public.json()
    assert [item["title"] for item in body["tasks"]] == ["采购晾衣架"]
    assert body["concerns"] is None and body["ready_for_work_done"] is False
    staff = client_for(cast.supervisor).get(f"/api/implementation/matters/{matter.pk}").json()
    assert [item["text"] for item in staff["concerns"]] == ["请公开报价"]


def test_writing_needs_a_sign_in(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    response = Client().post(
        f"/api/implementation/matters/{matter.pk}/tasks",
        {"title": "x", "owner_body": "物业", "starts_on": "2026-01-01", "due_on": "2026-01-02"},
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    assert not Task.objects.exists()


def test_the_whole_money_path_through_the_api(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    client = client_for(cast.director)
    fund = client.post(
        "/api/implementation/funds",
        {"community_id": world.community.pk, "kind": "public_benefit", "name": "惠民资金", "granted_amount": "2000.00"},
        content_type="application/json",
    )
    assert fund.status_code == 201 and fund.json()["available"] == "2000.00"
    line = client.post(
        f"/api/implementation/matters/{matter.pk}/budget-lines",
        {"fund_id": fund.json()["id"], "item": "材料", "amount": "500"},
        content_type="application/json",
    )
    assert line.status_code == 201
    today = timezone.localdate().isoformat()
    over = client.post(
        "/api/implementation/expenses",
        {"budget_line_id": line.json()["id"], "amount": "500.01", "description": "晾衣架", "spent_on": today},
        content_type="application/json",
    )
    assert over.status_code == 400
    error = over.json()["error"]
    assert error["code"] == "expense_over_budget" and error["field"] == "amount" and "¥0.01" in error["message"]
    negative = client.post(
        "/api/implementation/expenses",
        {"budget_line_id": line.json()["id"], "amount": "-1", "description": "晾衣架", "spent_on": today},
        content_type="application/json",
    )
    assert negative.status_code == 400 and negative.json()["error"]["code"] == "amount_amount_negative"
    assert not Expense.objects.exists()
    spent = client.post(
        "/api/implementation/expenses",
        {"budget_line_id": line.json()["id"], "amount": "500", "description": "晾衣架", "spent_on": today},
        content_type="application/json",
    )
    assert spent.status_code == 201 and spent.json()["amount"] == "500.00"
    supervisor = client_for(cast.supervisor)
    concern = supervisor.post(
        "/api/implementation/concerns",
        {"text": "请出示发票", "expense_id": spent.json()["id"]},
        content_type="application/json",
    )
    assert concern.status_code == 201
    forbidden = client_for(cast.resident).post(
        "/api/implementation/concerns",
        {"text": "我也要", "expense_id": spent.json()["id"]},
        content_type="application/json",
    )
    assert forbidden.status_code == 403 and Concern.objects.count() == 1
    answered = client.post(
        f"/api/implementation/concerns/{concern.json()['id']}/answer",
        {"answer": "已上传"},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["answered_at"]
    accounts = client.post(
        f"/api/implementation/matters/{matter.pk}/accounts",
        {"start": today, "end": today},
        content_type="application/json",
    )
    assert accounts.status_code == 201 and accounts.json()["spending"] == "500.00"


def test_tasks_progress_pledges_and_work_done_through_the_api(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    client = client_for(cast.director)
    today = timezone.localdate().isoformat()
    task = client.post(
        f"/api/implementation/matters/{matter.pk}/tasks",
        {"title": "安装", "owner_body": "物业", "starts_on": today, "due_on": today},
        content_type="application/json",
    )
    assert task.status_code == 201
    progress = client.post(
        f"/api/implementation/tasks/{task.json()['id']}/progress",
        {"text": "已完成", "status": "done"},
        content_type="application/json",
    )
    assert progress.status_code == 201 and progress.json()["status_after"] == "done"
    pledge = client_for(cast.resident).post(
        f"/api/implementation/matters/{matter.pk}/pledges",
        {"kind": "labour", "hours": "2.5", "voluntary": True},
        content_type="application/json",
    )
    assert pledge.status_code == 201 and pledge.json()["stage"] == "pledged"
    float_money = client_for(cast.resident).post(
        f"/api/implementation/matters/{matter.pk}/pledges",
        {"kind": "labour", "hours": "abc", "voluntary": True},
        content_type="application/json",
    )
    assert float_money.status_code == 400
    done = client.post(
        f"/api/implementation/matters/{matter.pk}/work-done", {"summary": "完成安装"}, content_type="application/json"
    )
    assert done.status_code == 201 and done.json()["notice_url"].startswith("/disclosure/")
    matter.refresh_from_db()
    assert matter.status == "evaluating"
