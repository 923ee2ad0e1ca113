"""Test set-up shared by every test: named personas and small place trees live in tests/fixtures.py."""

import os

# Playwright's sync API runs an event loop in the test thread; Django's async-safety check would
# otherwise refuse ORM calls made by the test itself between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.fixtures", "tests.browser.fixtures"]
