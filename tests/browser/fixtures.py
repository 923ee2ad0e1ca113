"""A real Chromium (Debian's package) driven by Playwright, and axe-core checks of every page."""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("YISHI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text(encoding="utf-8")
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield instance
        instance.close()


def _context(browser: Any, *, locale: str, viewport: dict[str, int]) -> Any:
    context = browser.new_context(locale=locale, viewport=viewport, extra_http_headers={"Accept-Language": locale})
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A phone-sized page that asks for Chinese, as most residents' phones do."""
    context = _context(browser, locale="zh-CN", viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def english_page(browser: Any) -> Iterator[Any]:
    context = _context(browser, locale="en-US", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop_page(browser: Any) -> Iterator[Any]:
    context = _context(browser, locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def assert_accessible(page: Any) -> None:
    """Run axe-core on the current page; fail with the violations listed."""
    page.add_script_tag(content=AXE_SOURCE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [
        {"id": item["id"], "impact": item["impact"], "nodes": [node["target"] for node in item["nodes"]][:5]}
        for item in result["violations"]
    ]
    assert not violations, f"{page.url}: " + json.dumps(violations, ensure_ascii=False, indent=1)


def assert_fits_phone(page: Any) -> None:
    """Nothing overflows a 360-px screen sideways (wide tables scroll inside their own box)."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the screen"


def sign_in(page: Any, live_server: Any, username: str, password: str = "correct horse battery") -> None:
    """Sign a staff member in through the password form."""
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("#staff-sign-in button[type=submit]")


def login_as(page: Any, live_server: Any, user: Any) -> None:
    """Sign any user in (a resident too) by giving the browser a fresh Django session cookie."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url, "httpOnly": True}]
    )
