"""Test set-up of implementation: text messages stay in memory, photos go to a temporary media folder."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from yishi.accounts import sms


@pytest.fixture(autouse=True)
def implementation_sandbox(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.SMS_BACKEND = "yishi.accounts.sms.LocmemBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    sms.outbox.clear()
    yield tmp_path / "media"
    sms.outbox.clear()
