"""The front pages in a real browser: Chinese by default, English on request, phone-sized, accessible."""

from typing import Any

import pytest

from tests.browser.fixtures import assert_accessible, assert_fits_phone, sign_in
from tests.fixtures import Cast, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_community_page_on_a_phone(page: Any, live_server: Any, world: World) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert_accessible(page)
    assert_fits_phone(page)
    page.click("text=幸福社区")
    page.wait_for_selector("h1:has-text('幸福社区')")
    assert_accessible(page)
    assert_fits_phone(page)


def test_large_text_and_english(page: Any, live_server: Any, world: World) -> None:
    page.goto(live_server.url + "/")
    page.click("button[aria-pressed=false]")
    page.wait_for_selector("html.large-text")
    page.select_option("#language-select", "en")
    page.click("text=切换语言")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("html").get_attribute("class") == "large-text"
    assert page.locator("h1").inner_text() == "Community matters, decided together"
    assert_accessible(page)
    assert_fits_phone(page)


def test_staff_home(page: Any, live_server: Any, cast: Cast) -> None:
    sign_in(page, live_server, "secretary")
    page.wait_for_selector("h1")
    assert "王书记" in page.content()
    assert_accessible(page)
    assert_fits_phone(page)


def test_privacy_page(page: Any, live_server: Any, world: World) -> None:
    page.goto(live_server.url + "/privacy/")
    assert_accessible(page)
    assert_fits_phone(page)
