"""Test set-up shared by every test: named personas and small place trees live in tests/fixtures.py."""

import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation

# Playwright's sync API runs an event loop in the test thread; Django's async-safety check would
# otherwise refuse ORM calls made by the test itself between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.fixtures", "tests.browser.fixtures"]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in the default language (Chinese), whatever language an earlier request left active."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
