"""The implementation pages through the test client: public reading without names, staff forms, refusals as
translated form errors with 400/403 and nothing written."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.fixtures import Cast, World
from tests.implementation.builders import actor, add_task, budget_line, decided_matter, granted_fund, jpeg, spend
from yishi.implementation import actions
from yishi.implementation.models import Concern, Contribution, Expense, ProgressPhoto, Receipt, Task
from yishi.matters.models import MatterStatus

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def test_the_work_page_is_public_but_names_and_receipts_are_for_staff(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    add_task(cast, matter)
    line = budget_line(cast, matter, granted_fund(cast, world))
    spend(cast, line, "88.80", receipts=[jpeg()])
    actions.record_contribution(
        actor=actor(cast.director),
        matter=matter,
        person=cast.elder,
        draft=actions.ContributionDraft(kind="labour", hours="2"),
        voluntary=True,
        received=True,
    )
    url = reverse("implementation:matter", args=[matter.pk])
    public = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(url)
    assert public.status_code == 200
    page = public.content.decode()
    assert "采购晾衣架" in page and "¥88.80" in page and "志愿服务时长" in page
    assert "陈阿姨" not in page and "/implementation/receipts/" not in page
    staff = client_for(cast.director).get(url).content.decode()
    assert "陈阿姨" in staff and "/implementation/receipts/" in staff
    receipt = Receipt.objects.get()
    assert Client().get(reverse("implementation:receipt", args=[receipt.pk])).status_code == 302
    assert client_for(cast.villager).get(reverse("implementation:receipt", args=[receipt.pk])).status_code == 403
    assert client_for(cast.supervisor).get(reverse("implementation:receipt", args=[receipt.pk])).status_code == 200


def test_a_matter_not_yet_decided_has_no_work_page(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast, status=MatterStatus.DELIBERATING)
    assert Client().get(reverse("implementation:matter", args=[matter.pk])).status_code == 404


def test_staff_add_a_task_and_bad_dates_are_a_form_error(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    url = reverse("implementation:task_new", args=[matter.pk])
    client = client_for(cast.director)
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    bad = client.post(url, {"title": "安装", "owner_body": "物业", "starts_on": today, "due_on": "2000-01-01"})
    assert bad.status_code == 400
    assert "任务的完成期限不能早于开始日期" in bad.content.decode()
    assert not Task.objects.exists()
    good = client.post(
        url, {"title": "安装", "owner_person": cast.director.person_id, "starts_on": today, "due_on": today}
    )
    assert good.status_code == 302
    assert Task.objects.get().owner_person == cast.director.person
    assert client_for(cast.supervisor).get(url).status_code == 403


def test_an_expense_over_budget_is_refused_on_the_page_with_the_figures(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    line = budget_line(cast, matter, granted_fund(cast, world), amount="300.00")
    url = reverse("implementation:expense_new", args=[matter.pk])
    client = client_for(cast.secretary)
    refused = client.post(
        url,
        {
            "budget_line": line.pk,
            "description": "晾衣架",
            "amount": "300.01",
            "spent_on": timezone.localdate(),
            "receipts": [_upload()],
        },
    )
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "超出预算科目" in text and "¥300.01" in text and "¥0.01" in text
    assert not Expense.objects.exists() and not Receipt.objects.exists()
    done = client.post(
        url,
        {
            "budget_line": line.pk,
            "description": "晾衣架",
            "amount": "300",
            "spent_on": timezone.localdate(),
            "receipts": [_upload()],
        },
    )
    assert done.status_code == 302
    assert Receipt.objects.filter(expense__amount="300.00").count() == 1


def _upload() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("IMG_0001.jpg", jpeg(), content_type="image/jpeg")


def test_progress_with_photos_through_the_task_page(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter, owner_person=cast.resident.person)
    client = client_for(cast.resident)
    response = client.post(
        reverse("implementation:task", args=[task.pk]),
        {"text": "已安装两组", "status": "in_progress", "photos": [_upload()]},
    )
    assert response.status_code == 302
    photo = ProgressPhoto.objects.get()
    served = Client().get(reverse("implementation:progress_photo", args=[photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    stranger = client_for(cast.villager).post(reverse("implementation:task", args=[task.pk]), {"text": "我来写"})
    assert stranger.status_code == 403


def test_a_resident_pledges_on_the_page_and_must_say_it_is_voluntary(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    url = reverse("implementation:pledge", args=[matter.pk])
    client = client_for(cast.resident)
    refused = client.post(url, {"kind": "labour", "hours": "4"})
    assert refused.status_code == 400 and "自愿" in refused.content.decode()
    assert not Contribution.objects.exists()
    assert client.post(url, {"kind": "labour", "hours": "4", "voluntary": "on"}).status_code == 302
    assert Contribution.objects.get().hours == 4
    outsider = client_for(cast.villager).post(url, {"kind": "labour", "hours": "4", "voluntary": "on"})
    assert outsider.status_code == 403


def test_staff_record_a_contribution_for_an_elderly_resident(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    url = reverse("implementation:record_contribution", args=[matter.pk])
    client = client_for(cast.director)
    found = client.get(url, {"q": "陈"})
    assert "陈阿姨" in found.content.decode()
    response = client.post(
        url + f"?person={cast.elder.pk}",
        {
            "person": cast.elder.pk,
            "kind": "materials",
            "material_description": "旧木板",
            "quantity": "5",
            "unit": "块",
            "voluntary": "on",
            "received": "on",
            "channel": "assisted",
            "reference": "走访 3 号",
        },
    )
    assert response.status_code == 302
    gift = Contribution.objects.get()
    assert gift.person == cast.elder and gift.channel == "assisted" and gift.stage == "received"


def test_the_supervisor_flags_and_staff_answer_through_the_pages(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter)
    url = reverse("implementation:concern_new", args=[matter.pk]) + f"?task={task.pk}"
    supervisor = client_for(cast.supervisor)
    empty = supervisor.post(url, {"task": task.pk, "text": " "})
    assert empty.status_code == 400
    assert supervisor.post(url, {"task": task.pk, "text": "进度落后"}).status_code == 302
    concern = Concern.objects.get()
    assert client_for(cast.director).get(url).status_code == 403
    page = reverse("implementation:concern", args=[concern.pk])
    assert client_for(cast.director).post(page, {"answer": "下周完成"}).status_code == 302
    concern.refresh_from_db()
    assert concern.answer == "下周完成"
    assert client_for(cast.villager).get(page).status_code == 403


def test_work_done_through_the_page_publishes_the_result(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter)
    client = client_for(cast.director)
    url = reverse("implementation:done", args=[matter.pk])
    refused = client.post(url, {"summary": "完成"})
    assert refused.status_code == 400 and "还有 1 项任务未完成" in refused.content.decode()
    actions.set_task_status(actor=actor(cast.director), task=task, status="done")
    response = client.post(url, {"summary": "六组晾衣架已安装到位。"})
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.status == MatterStatus.EVALUATING
    notice = client.get(response["Location"])
    assert notice.status_code == 200 and "六组晾衣架已安装到位" in notice.content.decode()


def test_home_shows_tasks_and_concerns_awaiting(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    task = add_task(cast, matter, owner_person=cast.resident.person)
    actions.flag_concern(actor=actor(cast.supervisor), text="材料质量存疑", task=task)
    resident_home = client_for(cast.resident).get("/").content.decode()
    assert "我的任务" in resident_home and task.title in resident_home
    director_home = client_for(cast.director).get("/").content.decode()
    assert "需答复的监督意见" in director_home
    supervisor_home = client_for(cast.supervisor).get("/").content.decode()
    assert "待答复的监督意见" in supervisor_home
    other = decided_matter(world, cast, title="无任务的议题")
    assert f"为“{other.title}”制定任务" in client_for(cast.director).get("/").content.decode()


def test_english_pages_read_in_english(world: World, cast: Cast) -> None:
    matter = decided_matter(world, cast)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["yishi_language"] = "en"
    page = client.get(reverse("implementation:matter", args=[matter.pk])).content.decode()
    assert "Carrying out:" in page and "Volunteer hours" in page


def test_the_work_page_costs_the_same_queries_however_much_work_there_is(world: World, cast: Cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    matter = decided_matter(world, cast)
    line = budget_line(cast, matter, granted_fund(cast, world))

    def add_work(number: int) -> None:
        task = add_task(cast, matter, title=f"任务{number}")
        actions.add_progress(actor=actor(cast.director), task=task, text="进展", photos=[jpeg()])
        spend(cast, line, "10", receipts=[jpeg()])
        actions.flag_concern(actor=actor(cast.supervisor), text="请说明", task=task)
        actions.record_contribution(
            actor=actor(cast.director),
            matter=matter,
            person=cast.elder,
            draft=actions.ContributionDraft(kind="labour", hours="1", task=task),
            voluntary=True,
            received=True,
        )

    add_work(0)
    client = client_for(cast.supervisor)
    url = reverse("implementation:matter", args=[matter.pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for number in range(1, 5):
        add_work(number)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    small_sql = [query["sql"] for query in small.captured_queries]
    large_sql = [query["sql"] for query in large.captured_queries]
    extra = [sql for sql in large_sql if sql not in small_sql]
    assert len(large_sql) == len(small_sql), extra[:5]
