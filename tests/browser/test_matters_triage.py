"""Triage in a real browser on a phone: staff classify a matter as micro, decline one with a reason that the
public then reads, keep the deliberation catalogue; and one run in English."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.fixtures import assert_accessible, assert_fits_phone, login_as
from tests.fixtures import Cast, World
from tests.matters.builders import ensure_categories, raise_for
from yishi.disclosure.models import Notice
from yishi.matters.models import CatalogueEntry, Matter, MatterStatus

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


def test_staff_triage_a_matter_as_micro(page: Any, live_server: Any, cast: Cast, world: World) -> None:
    matter = raise_for(cast.resident, world.building)
    login_as(page, live_server, cast.director)
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("text=1 个议题待分流")
    page.click("text=1 个议题待分流")
    page.wait_for_selector("h1:has-text('议题分流')")
    _check(page)
    page.click(f"a[href='/matters/{matter.pk}/triage/']")
    page.wait_for_selector("h1:has-text('分流')")
    assert "微事" in page.inner_text("#suggestion-heading + p")
    _check(page)
    page.check("input[name=triage_class][value=micro]")
    page.check("input[name=scope][value=single_compound]")
    page.fill("#id_joint_meeting_reference", "2026年3月5日两委联席会议")
    with page.expect_navigation():
        page.click("button.big:has-text('分流')")
    page.wait_for_selector("text=已分流为微事")
    matter.refresh_from_db()
    assert (matter.status, matter.responsible_place) == (MatterStatus.TRIAGED, world.compound)
    assert "阳光小区议事协商会" in page.inner_text(".facts")
    _check_after_message(page)
    # The result is on the community's public board.
    page.click("text=已在公开栏公布")
    page.wait_for_selector("h1:has-text('议题分流结果')")
    assert "微事" in page.content()


def test_a_declined_matter_with_its_published_reason(
    page: Any, browser: Any, live_server: Any, cast: Cast, world: World
) -> None:
    matter = raise_for(cast.resident, world.building, title="要求邻居拆除阳台", description="楼上扩建阳台挡光。")
    login_as(page, live_server, cast.secretary)
    page.goto(f"{live_server.url}/matters/{matter.pk}/triage/")
    page.check("input[name=triage_class][value=declined]")
    page.click("button.big:has-text('分流')")
    page.wait_for_selector("text=不予受理的议题必须说明理由")
    _check(page)
    page.check("input[name=triage_class][value=declined]")
    page.fill("#id_reason", "属于相邻关系民事纠纷,已转人民调解委员会调解。")
    with page.expect_navigation():
        page.click("button.big:has-text('分流')")
    page.wait_for_selector("text=属于相邻关系民事纠纷")
    assert Notice.objects.filter(body__contains="属于相邻关系民事纠纷").exists()
    # A visitor reads the matter, its reason and the public list, without the proposer's data.
    visitor = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740}).new_page()
    visitor.goto(f"{live_server.url}/matters/c/{world.community.pk}/?status=finished")
    visitor.wait_for_selector("text=要求邻居拆除阳台")
    _check(visitor)
    visitor.click("text=要求邻居拆除阳台")
    visitor.wait_for_selector("h1:has-text('要求邻居拆除阳台')")
    body = visitor.content()
    assert "属于相邻关系民事纠纷" in body and "不予受理" in body
    assert "楼上扩建阳台挡光" not in body
    _check(visitor)
    visitor.context.close()


def test_the_deliberation_catalogue(page: Any, live_server: Any, cast: Cast, world: World) -> None:
    login_as(page, live_server, cast.secretary)
    page.goto(f"{live_server.url}/matters/c/{world.community.pk}/catalogue/")
    page.wait_for_selector("h1:has-text('议事协商目录')")
    _check(page)
    page.check("text=电梯与加装电梯")
    page.fill("tr:has-text('电梯与加装电梯') input[type=text]", "加装电梯须经本楼业主协商")
    with page.expect_navigation():
        page.click("button:has-text('保存目录')")
    assert CatalogueEntry.objects.filter(community=world.community, category__code="lifts").exists()
    page.goto(f"{live_server.url}/matters/c/{world.community.pk}/")
    page.wait_for_selector("#catalogue-heading")
    assert "电梯与加装电梯" in page.inner_text("section:has(#catalogue-heading)")
    _check(page)


def test_the_queue_and_a_matter_in_english(english_page: Any, live_server: Any, cast: Cast, world: World) -> None:
    page = english_page
    matter = raise_for(cast.resident, world.compound, title="小区门口停车乱")
    login_as(page, live_server, cast.director)
    page.goto(f"{live_server.url}/matters/queue/")
    page.wait_for_selector("h1:has-text('Triage queue')")
    assert "Not yet triaged" in page.content()
    assert_accessible(page)
    page.goto(f"{live_server.url}/matters/{matter.pk}/triage/")
    page.check("input[name=triage_class][value=small]")
    page.check("input[name=scope][value=several_compounds]")
    with page.expect_navigation():
        page.click("button.big:has-text('Triage')")
    page.wait_for_selector("text=Triaged as small matter")
    assert "Residents' deliberation committee of 幸福社区" in page.content()
    page.reload()
    assert_accessible(page)
    page.goto(f"{live_server.url}/matters/c/{world.community.pk}/")
    page.wait_for_selector("h1:has-text('Matters of 幸福社区')")
    assert_accessible(page)
    page.goto(f"{live_server.url}/matters/notifications/")
    assert_accessible(page)
    assert Matter.objects.get().triage_class == "small"


def test_staff_merge_a_duplicate(page: Any, live_server: Any, cast: Cast, world: World) -> None:
    target = raise_for(cast.resident, world.compound, title="小区门口停车乱")
    duplicate = raise_for(cast.resident, world.compound, title="小区大门停车混乱")
    login_as(page, live_server, cast.director)
    page.goto(f"{live_server.url}/matters/{duplicate.pk}/triage/")
    page.wait_for_selector("#similar-open-heading")
    page.click("text=合并到其中一个")
    page.wait_for_selector("h1:has-text('合并')")
    _check(page)
    page.check(f"input[name=into][value='{target.pk}']")
    with page.expect_navigation():
        page.click("button:has-text('合并')")
    page.wait_for_selector("h1:has-text('小区门口停车乱')")
    duplicate.refresh_from_db()
    assert duplicate.merged_into == target
    page.goto(f"{live_server.url}/matters/{duplicate.pk}/")
    page.wait_for_selector("text=该议题已合并到以下相似议题")
    _check(page)
