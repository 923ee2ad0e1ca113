"""Builders for the accounts tests: a locmem SMS outbox and a helper that asks for a code and reads it."""

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import timezone

from yishi.accounts import sms
from yishi.accounts.actions import CodeRequested, request_sign_in_code

RESIDENT_PHONE = "13800138001"
CLIENT = "203.0.113.7"
T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def outbox(settings: Any) -> Iterator[list[sms.SmsMessage]]:
    """The locmem SMS outbox, emptied before the test."""
    settings.SMS_BACKEND = "yishi.accounts.sms.LocmemBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


IssueCode = Callable[..., tuple[CodeRequested, str | None]]


@pytest.fixture
def issue_code(outbox: list[sms.SmsMessage], django_capture_on_commit_callbacks: Any) -> IssueCode:
    """Ask for a code (texts are sent on commit); return the answer and the code texted, if any."""

    def issue(
        phone: str = RESIDENT_PHONE, *, client: str = CLIENT, now: datetime.datetime | None = None
    ) -> tuple[CodeRequested, str | None]:
        before = len(outbox)
        with django_capture_on_commit_callbacks(execute=True):
            answer = request_sign_in_code(phone=phone, client_address=client, now=now or timezone.now())
        sent = outbox[before:]
        return answer, (sent[-1].code if sent else None)

    return issue
