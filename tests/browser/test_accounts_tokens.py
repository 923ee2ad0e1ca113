"""API tokens in a real browser: create (shown once), then revoke; and the API docs served without a CDN."""

from typing import Any

import pytest

from tests.browser.fixtures import assert_accessible, assert_fits_phone, login_as, sign_in
from tests.fixtures import Cast
from yishi.accounts.models import ApiToken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_create_and_revoke_a_token_on_a_phone(page: Any, live_server: Any, cast: Cast) -> None:
    sign_in(page, live_server, "secretary")
    with page.expect_navigation():
        page.click("nav.main-nav a[href='/accounts/tokens/']")
    assert page.locator("h1").inner_text() == "API 令牌"
    assert_accessible(page)
    assert_fits_phone(page)
    page.fill("#id_name", "街道看板")
    with page.expect_navigation():
        page.click("#token-form button[type=submit]")
    secret = page.input_value("#new-token-value")
    assert secret.startswith(ApiToken.objects.get().prefix)
    assert_accessible(page)
    assert_fits_phone(page)
    with page.expect_navigation():
        page.click("button:has-text('撤销')")
    assert "已撤销" in page.locator("#token-revoked").inner_text()
    assert page.locator("#new-token-value").count() == 0
    assert ApiToken.objects.get().revoked_at is not None
    assert_accessible(page)
    assert_fits_phone(page)


def test_a_resident_is_told_tokens_are_for_staff(page: Any, live_server: Any, cast: Cast) -> None:
    login_as(page, live_server, cast.resident)
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("text=刘先生")
    assert page.locator("nav.main-nav a[href='/accounts/tokens/']").count() == 0
    response = page.goto(f"{live_server.url}/accounts/tokens/")
    assert response.status == 403
    assert "工作人员" in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_api_docs_render_without_outside_requests(desktop_page: Any, live_server: Any, cast: Cast) -> None:
    requested: list[str] = []
    desktop_page.on("request", lambda request: requested.append(request.url))
    desktop_page.goto(f"{live_server.url}/api/docs")
    desktop_page.wait_for_selector(".swagger-ui .opblock-tag")
    assert desktop_page.get_by_text("/api/me", exact=True).count() >= 1
    outside = [url for url in requested if not url.startswith(live_server.url) and not url.startswith("data:")]
    assert requested and not outside, outside
