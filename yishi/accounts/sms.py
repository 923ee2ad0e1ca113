"""Sending text messages through a pluggable backend named by settings.SMS_BACKEND (a dotted path).

A deployment plugs in its SMS gateway by writing a class with a `send(message)` method; it should
queue the message and return at once (the sign-in page must answer as fast for unknown numbers).
The demo uses ConsoleFileBackend, whose file is the demo's outbox; tests use LocmemBackend.
"""

import datetime
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True, kw_only=True)
class SmsMessage:
    """One text message. `code` repeats the one-time code carried in `text`, for outboxes and tests."""

    phone: str
    text: str
    code: str = ""
    sent_at: datetime.datetime = field(default_factory=timezone.now)


class SmsBackend(Protocol):
    def send(self, message: SmsMessage) -> None: ...


# Messages sent through LocmemBackend, oldest first (like django.core.mail.outbox).
outbox: list[SmsMessage] = []
_outbox_lock = threading.Lock()
_file_lock = threading.Lock()


class LocmemBackend:
    """Keeps messages in `yishi.accounts.sms.outbox`: for tests."""

    def send(self, message: SmsMessage) -> None:
        with _outbox_lock:
            outbox.append(message)


class ConsoleFileBackend:
    """Prints each message and appends it to settings.SMS_OUTBOX_FILE: the demo's outbox.

    The line holds the full phone number and code on purpose: the outbox stands in for the
    resident's phone. Never configure this backend where real residents sign in.
    """

    def send(self, message: SmsMessage) -> None:
        text = " ".join(message.text.split())
        line = "\t".join((timezone.localtime(message.sent_at).isoformat(), message.phone, message.code, text))
        print(f"[SMS] {line}", flush=True)
        path = Path(settings.SMS_OUTBOX_FILE)
        with _file_lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")


def get_backend() -> SmsBackend:
    """An instance of the configured backend."""
    backend_class = import_string(settings.SMS_BACKEND)
    backend: SmsBackend = backend_class()
    return backend


def send_sms(message: SmsMessage) -> None:
    """Send one message through the configured backend."""
    get_backend().send(message)


def read_outbox_file(path: Path | None = None) -> list[SmsMessage]:
    """The messages ConsoleFileBackend has written, oldest first (for the demo and browser tests)."""
    outbox_path = Path(path or settings.SMS_OUTBOX_FILE)
    if not outbox_path.exists():
        return []
    messages = []
    for line in outbox_path.read_text(encoding="utf-8").splitlines():
        sent_at, phone, code, text = line.split("\t", 3)
        messages.append(SmsMessage(phone=phone, code=code, text=text, sent_at=datetime.datetime.fromisoformat(sent_at)))
    return messages
