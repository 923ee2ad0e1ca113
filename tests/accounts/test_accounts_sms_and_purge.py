"""The SMS backends (console + file outbox for the demo, locmem for tests) and the purge of old sign-in records."""

import datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.accounts.conftest import T0, IssueCode
from tests.fixtures import Cast
from yishi.accounts import sms
from yishi.accounts.actions import purge_sign_in_records, sign_in_with_password
from yishi.accounts.models import OneTimeCode, SignInAttempt
from yishi.audit.errors import ActionError
from yishi.audit.models import AuditRecord


def test_the_console_file_backend_prints_and_appends_to_the_outbox(
    settings: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.SMS_BACKEND = "yishi.accounts.sms.ConsoleFileBackend"
    settings.SMS_OUTBOX_FILE = tmp_path / "outbox" / "sms.txt"
    sms.send_sms(sms.SmsMessage(phone="13800138001", code="123456", text="code 123456\nline two", sent_at=T0))
    sms.send_sms(sms.SmsMessage(phone="13900139002", code="654321", text="code 654321"))
    assert "13800138001" in capsys.readouterr().out
    lines = settings.SMS_OUTBOX_FILE.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "2026-03-02T17:00:00+08:00\t13800138001\t123456\tcode 123456 line two"
    messages = sms.read_outbox_file()
    assert [(message.phone, message.code) for message in messages] == [
        ("13800138001", "123456"),
        ("13900139002", "654321"),
    ]
    assert messages[0].sent_at == T0


def test_reading_a_missing_outbox_gives_nothing(tmp_path: Path) -> None:
    assert sms.read_outbox_file(tmp_path / "none.txt") == []


def test_the_backend_is_chosen_by_settings(settings: Any) -> None:
    settings.SMS_BACKEND = "yishi.accounts.sms.LocmemBackend"
    assert isinstance(sms.get_backend(), sms.LocmemBackend)
    settings.SMS_BACKEND = "yishi.accounts.sms.ConsoleFileBackend"
    assert isinstance(sms.get_backend(), sms.ConsoleFileBackend)


@pytest.mark.django_db
def test_old_sign_in_records_are_purged_and_their_audit_stays(cast: Cast, issue_code: IssueCode) -> None:
    issue_code(now=T0)
    with pytest.raises(ActionError):
        sign_in_with_password(username="secretary", password="nope", client_address="", now=T0)
    issue_code(now=T0 + datetime.timedelta(days=20))
    removed = purge_sign_in_records(older_than_days=30, now=T0 + datetime.timedelta(days=31))
    assert removed == 2
    assert OneTimeCode.objects.count() == 1 and not SignInAttempt.objects.exists()
    assert AuditRecord.objects.filter(verb="sign_in.failure").count() == 1
    with pytest.raises(ActionError):
        purge_sign_in_records(older_than_days=0)


@pytest.mark.django_db
def test_the_purge_command(cast: Cast) -> None:
    out = StringIO()
    call_command("purge_sign_in_records", "--days", "7", stdout=out)
    assert "Deleted 0" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("purge_sign_in_records", "--days", "0")
