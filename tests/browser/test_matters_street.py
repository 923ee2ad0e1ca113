"""A big matter in a real browser: sent to the street, accepted, referred to a department, answered, and
followed by the resident who raised it, all on a 360-px phone in Chinese."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.fixtures import assert_accessible, assert_fits_phone, login_as
from tests.fixtures import Cast, World
from tests.matters.builders import ensure_categories, raise_for, triage
from yishi.matters.models import Matter, MatterStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def matters_browser_sandbox(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.SMS_BACKEND = "yishi.accounts.sms.LocmemBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_categories()
    yield


def _check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_phone(page)


def _check_after_message(page: Any) -> None:
    page.reload()
    _check(page)


def test_a_big_matter_referred_to_the_street_and_answered(
    page: Any, browser: Any, live_server: Any, cast: Cast, world: World
) -> None:
    matter = raise_for(cast.resident, world.community, title="学校门口上下学拥堵", description="上下学时段堵塞。")
    triage(cast, matter, "big", "several_communities")
    login_as(page, live_server, cast.street_officer)
    page.goto(f"{live_server.url}/")
    page.click("text=1 件大事待街道受理")
    page.wait_for_selector("h1:has-text('街道大事办理')")
    _check(page)
    page.click(f"a[href='/matters/{matter.pk}/street/']")
    page.wait_for_selector("h1:has-text('学校门口上下学拥堵')")
    _check(page)
    page.fill("#id_accept-note", "街道已受理,将协调交警和城管。")
    with page.expect_navigation():
        page.click("button:has-text('受理')")
    page.fill("#id_refer-department_name", "区交通委员会")
    page.fill("#id_refer-request", "请研究设置上下学临时停车区。")
    with page.expect_navigation():
        page.click("button:has-text('交部门办理')")
    page.wait_for_selector("h3:has-text('区交通委员会')")
    _check_after_message(page)
    page.fill("textarea[name$='-reply_text']", "已在学校东侧设置临时停车区。")
    page.check("input[name$='-result'][value=resolved]")
    with page.expect_navigation():
        page.click("button:has-text('登记答复')")
    page.fill("#id_result-text", "临时停车区已启用,请居民评价。")
    with page.expect_navigation():
        page.click("button:has-text('登记办理结果')")
    page.wait_for_selector("text=街道已答复")
    matter.refresh_from_db()
    assert matter.status == MatterStatus.REPLIED
    _check_after_message(page)
    # The resident follows where the matter is.
    resident = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740}).new_page()
    login_as(resident, live_server, cast.resident)
    resident.goto(f"{live_server.url}/")
    resident.click("text=学校门口上下学拥堵")
    resident.wait_for_selector("h1:has-text('学校门口上下学拥堵')")
    timeline = resident.inner_text(".timeline")
    for step in ("已分流为大事", "街道已受理", "区交通委员会", "已在学校东侧设置临时停车区", "临时停车区已启用"):
        assert step in timeline
    _check(resident)
    resident.goto(f"{live_server.url}/matters/notifications/")
    _check(resident)
    resident.context.close()
    assert Matter.objects.count() == 1
