"""Signing in in a real browser: a resident by phone and texted code, staff by password; errors in both languages."""

from pathlib import Path
from typing import Any

import pytest

from tests.browser.fixtures import assert_accessible, assert_fits_phone, sign_in
from tests.fixtures import Cast
from yishi.accounts import sms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def locmem_outbox(settings: Any) -> Any:
    settings.SMS_BACKEND = "yishi.accounts.sms.LocmemBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def ask_for_code(page: Any, live_server: Any, phone: str) -> None:
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("#id_phone", phone)
    with page.expect_navigation():
        page.click("#phone-sign-in button[type=submit]")
    page.wait_for_selector("#code-form")


def enter_code(page: Any, code: str) -> None:
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.click("#code-form button[type=submit]")


def test_a_resident_signs_in_on_a_phone_with_the_code_from_the_outbox(
    page: Any, live_server: Any, cast: Cast, settings: Any, tmp_path: Path
) -> None:
    settings.SMS_BACKEND = "yishi.accounts.sms.ConsoleFileBackend"
    settings.SMS_OUTBOX_FILE = tmp_path / "sms-outbox.txt"
    page.goto(f"{live_server.url}/accounts/sign-in/")
    assert page.locator("h1").inner_text() == "登录"
    assert_accessible(page)
    assert_fits_phone(page)
    ask_for_code(page, live_server, "138 0013 8001")
    assert "138****8001" in page.locator("#code-sent").inner_text()
    assert_accessible(page)
    assert_fits_phone(page)
    [message] = sms.read_outbox_file(settings.SMS_OUTBOX_FILE)
    assert message.phone == "13800138001"
    enter_code(page, message.code)
    page.wait_for_selector("text=刘先生")
    assert page.url == f"{live_server.url}/"
    assert_accessible(page)
    assert_fits_phone(page)


def test_a_wrong_code_shows_the_error_in_chinese(
    page: Any, live_server: Any, cast: Cast, locmem_outbox: list[sms.SmsMessage]
) -> None:
    ask_for_code(page, live_server, "13800138001")
    wrong = f"{(int(locmem_outbox[-1].code) + 1) % 1_000_000:06d}"
    enter_code(page, wrong)
    error = page.locator("#id_code_error")
    assert "验证码不正确" in error.inner_text()
    assert page.locator("#id_code").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    assert_fits_phone(page)
    # The right code still works after one wrong try.
    enter_code(page, locmem_outbox[-1].code)
    page.wait_for_selector("text=刘先生")


def test_a_wrong_code_shows_the_error_in_english(
    english_page: Any, live_server: Any, cast: Cast, locmem_outbox: list[sms.SmsMessage]
) -> None:
    ask_for_code(english_page, live_server, "13800138001")
    assert english_page.locator("html").get_attribute("lang") == "en"
    wrong = f"{(int(locmem_outbox[-1].code) + 1) % 1_000_000:06d}"
    enter_code(english_page, wrong)
    assert english_page.locator("#id_code_error").inner_text().startswith("This code is not right")
    assert_accessible(english_page)


def test_asking_for_a_new_code_too_soon_says_how_long_to_wait(
    page: Any, live_server: Any, cast: Cast, locmem_outbox: list[sms.SmsMessage]
) -> None:
    ask_for_code(page, live_server, "13800138001")
    with page.expect_navigation():
        page.click("button[name=resend]")
    assert "秒后再获取验证码" in page.locator("#resend-error").inner_text()
    assert len(locmem_outbox) == 1
    assert_accessible(page)


def test_staff_sign_in_by_password(page: Any, live_server: Any, cast: Cast) -> None:
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("#id_username", "secretary")
    page.fill("#id_password", "wrong password")
    with page.expect_navigation():
        page.click("#staff-sign-in button[type=submit]")
    assert "用户名或密码不正确" in page.locator("#staff-sign-in").inner_text()
    assert_accessible(page)
    assert_fits_phone(page)
    sign_in(page, live_server, "secretary")
    page.wait_for_selector("text=王书记")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("form[action='/accounts/sign-out/'] button")
    assert page.locator(".site-header a[href='/accounts/sign-in/']").count() == 1
    assert_accessible(page)
