"""民事民办 and 民事民评 in a real browser, on a 360-px phone in Chinese: staff plan a decided matter and spend on
it (an over-budget expense is refused), the supervision committee flags a concern that is answered, the work is
declared done, the committee opens the evaluation, a resident rates it, staff enter an elderly resident's answer,
the survey closes the matter and the notices exist. axe-core runs on every page; one page is read in English."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.browser.fixtures import assert_accessible, assert_fits_phone, login_as, sign_in
from tests.fixtures import Cast, World
from tests.implementation.builders import budget_line, decided_matter, granted_fund
from tests.matters.builders import ensure_categories
from yishi.disclosure.models import Notice
from yishi.evaluation.models import Survey, SurveyResponse
from yishi.implementation.models import Concern, Expense, Task
from yishi.matters.models import MatterStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SMS_BACKEND = "yishi.accounts.sms.LocmemBackend"
    yield


def check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_phone(page)


def switch_to(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, username)


def test_carry_out_and_evaluate_a_decided_matter_on_a_phone(
    page: Any, live_server: Any, world: World, cast: Cast
) -> None:
    ensure_categories()
    matter = decided_matter(world, cast)
    line = budget_line(cast, matter, granted_fund(cast, world), amount="1200.00", item="材料费")
    base = live_server.url
    today = timezone.localdate().isoformat()

    # Staff plan a task of the decided plan.
    sign_in(page, live_server, "director")
    page.goto(f"{base}/implementation/matters/{matter.pk}/")
    page.wait_for_selector("h1:has-text('实施情况')")
    check(page)
    page.click("text=添加任务")
    page.wait_for_selector("h1:has-text('添加任务')")
    check(page)
    page.fill("#id_title", "安装不锈钢晾衣架")
    page.fill("#id_owner_body", "阳光物业")
    page.fill("#id_starts_on", today)
    page.fill("#id_due_on", today)
    with page.expect_navigation():
        page.click("button:has-text('添加任务')")
    page.wait_for_selector("text=任务已加入实施方案")
    task = Task.objects.get(matter=matter)

    # An expense over the budget line is refused with the figures; one within it is recorded.
    page.click("text=登记支出")
    page.wait_for_selector("h1:has-text('登记支出')")
    check(page)
    page.select_option("#id_budget_line", str(line.pk))
    page.fill("#id_description", "晾衣架 6 组")
    page.fill("#id_amount", "1200.01")
    page.fill("#id_spent_on", today)
    page.click("button:has-text('登记支出')")
    page.wait_for_selector("text=超出预算科目")
    assert "¥0.01" in page.content()
    check(page)
    assert not Expense.objects.exists()
    page.fill("#id_amount", "980.50")
    with page.expect_navigation():
        page.click("button:has-text('登记支出')")
    page.wait_for_selector("text=支出已登记")
    expense = Expense.objects.get()

    # The supervision committee flags a concern on the expense.
    switch_to(page, live_server, "supervisor")
    page.goto(f"{base}/implementation/matters/{matter.pk}/")
    page.click("#expenses >> text=提出监督意见")
    page.wait_for_selector("h1:has-text('提出监督意见')")
    check(page)
    page.fill("#id_text", "请公开晾衣架的报价单。")
    with page.expect_navigation():
        page.click("button:has-text('提出意见')")
    page.wait_for_selector("text=待答复")
    check(page)
    concern = Concern.objects.get(expense=expense)

    # Staff answer it, finish the task and declare the work done.
    switch_to(page, live_server, "director")
    page.goto(f"{base}/")
    page.click("a:has-text('请公开晾衣架的报价单')")
    page.wait_for_selector("h1:has-text('监督委员会的监督意见')")
    check(page)
    page.fill("#id_answer", "报价单已张贴在公开栏。")
    with page.expect_navigation():
        page.click("button:has-text('提交答复')")
    page.wait_for_selector("text=答复已记录")
    concern.refresh_from_db()
    assert not concern.is_open
    page.goto(f"{base}{task.get_absolute_url()}")
    page.wait_for_selector("h1:has-text('安装不锈钢晾衣架')")
    check(page)
    page.fill("#id_text", "6 组晾衣架安装完毕。")
    page.select_option("#id_status", "done")
    with page.expect_navigation():
        page.click("button:has-text('记录进展')")
    page.wait_for_selector("text=进展已记录")
    page.goto(f"{base}/implementation/matters/{matter.pk}/done/")
    check(page)
    page.fill("#id_summary", "晾衣架已安装,居民可以使用。")
    with page.expect_navigation():
        page.click("button:has-text('宣布实施完成')")
    page.wait_for_selector("text=实施结果公开")
    check(page)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.EVALUATING

    # The supervision committee opens the evaluation.
    switch_to(page, live_server, "supervisor")
    page.goto(f"{base}/")
    page.click("text=发起“阳光小区加装晾衣架”的满意度调查")
    page.wait_for_selector("h1:has-text('发起满意度调查')")
    check(page)
    with page.expect_navigation():
        page.click("button:has-text('发起评议')")
    page.wait_for_selector("text=评议已开始")
    survey = Survey.objects.get(matter=matter)

    # A resident rates it on the phone.
    page.context.clear_cookies()
    login_as(page, live_server, cast.resident)
    page.goto(f"{base}/")
    page.click("text=您对“阳光小区加装晾衣架”满意吗？")
    page.wait_for_selector("h1:has-text('满意吗')")
    check(page)
    page.check("text=基本满意")
    page.fill("#id_comment", "挺好,就是离楼远了点。")
    with page.expect_navigation():
        page.click("button:has-text('提交评价')")
    page.wait_for_selector("text=您的评价：基本满意")
    check(page)

    # Staff enter the answer 陈阿姨 gave at a visit.
    switch_to(page, live_server, "director")
    page.goto(f"{base}/evaluation/surveys/{survey.pk}/assisted/")
    check(page)
    page.fill("#invitee-search", "陈阿姨")
    with page.expect_navigation():
        page.click("form[role=search] button")
    page.click("a:has-text('陈阿姨')")
    page.wait_for_selector("text=陈阿姨的评价")
    check(page)
    page.check("#id_rating_0")
    page.select_option("#id_channel", "assisted")
    page.fill("#id_reference", "入户走访 5 号")
    with page.expect_navigation():
        page.click("button:has-text('录入评价')")
    page.wait_for_selector("text=已录入陈阿姨的评价")
    assert SurveyResponse.objects.filter(survey=survey).count() == 2

    # The committee closes the survey: the matter is closed and the result published.
    switch_to(page, live_server, "supervisor")
    page.goto(f"{base}{survey.get_absolute_url()}")
    check(page)
    with page.expect_navigation():
        page.click("button:has-text('结束评议并公布结果')")
    page.wait_for_selector("text=居民满意：议题办结")
    check(page)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.CLOSED
    assert set(Notice.objects.filter(community=world.community).values_list("kind", flat=True)) >= {
        "implementation_result",
        "evaluation_result",
    }


def test_the_other_pages_are_accessible_on_a_phone(page: Any, live_server: Any, world: World, cast: Cast) -> None:
    ensure_categories()
    matter = decided_matter(world, cast)
    base = live_server.url
    sign_in(page, live_server, "director")
    for path in (
        "/implementation/",
        f"/implementation/matters/{matter.pk}/budget/",
        f"/implementation/matters/{matter.pk}/accounts/",
        f"/implementation/matters/{matter.pk}/contributions/record/?q=陈",
        "/evaluation/surveys/",
    ):
        page.goto(base + path)
        page.wait_for_selector("h1")
        check(page)
    page.context.clear_cookies()
    login_as(page, live_server, cast.resident)
    page.goto(f"{base}/implementation/matters/{matter.pk}/pledge/")
    page.wait_for_selector("h1:has-text('我要出力')")
    check(page)


def test_the_work_page_in_english(english_page: Any, live_server: Any, world: World, cast: Cast) -> None:
    ensure_categories()
    matter = decided_matter(world, cast)
    # The browser asks for English (Accept-Language: en-US); the page follows it.
    english_page.goto(f"{live_server.url}/implementation/matters/{matter.pk}/")
    english_page.wait_for_selector("h1:has-text('Carrying out:')")
    assert english_page.locator("html").get_attribute("lang") == "en"
    assert "Volunteer hours" in english_page.content()
    assert_accessible(english_page)
