"""In-app notifications for every app, with an optional text-message copy.

    from yishi.matters.notifications import notify

    notify(
        person=person,                      # a people.Person
        title=format_lazy(_("Your vote on “{title}” opens today"), title=vote.title),
        url=vote.get_absolute_url(),        # a path on this site
        sms=True,                           # also send a text message, after the transaction commits
        matter=matter,                      # optional: the matter it is about (shown in "my matters")
    )

`title` may be a plain string or a lazy translation; a lazy one is kept in Chinese and English so each
reader sees their own language, and the text message goes out in Chinese. The phone number is
decrypted only inside `deliver_sms`, the background task that sends it; a person without a mobile
number simply gets the in-app message. Reading one's own notifications is not an act on the public
record, so marking them read writes no audit row.

Loading demo or imported data must not text anyone: run it inside `with without_sms():`, and every
notification made in the block stays in the app.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from yishi.accounts.sms import SmsMessage, send_sms
from yishi.matters.models import Notification
from yishi.people import crypto
from yishi.people.domain.identity import InvalidIdentifier, is_mobile, normalize_phone
from yishi.people.models import Person

if TYPE_CHECKING:
    from yishi.matters.models import Matter

SMS_MAX_CHARACTERS = 200
_sms_suppressed: ContextVar[bool] = ContextVar("yishi_matters_sms_suppressed", default=False)


@contextmanager
def without_sms() -> Iterator[None]:
    """Inside this block notifications stay in the app: no text message is queued (demo data, imports)."""
    token = _sms_suppressed.set(True)
    try:
        yield
    finally:
        _sms_suppressed.reset(token)


def _in_both_languages(text: str | Promise) -> tuple[str, str]:
    if isinstance(text, Promise):
        with translation.override(settings.LANGUAGE_CODE):
            chinese = str(text)
        with translation.override("en"):
            english = str(text)
        return chinese, english
    return str(text), ""


def notify_many(
    *,
    persons: Iterable[Person],
    title: str | Promise,
    url: str,
    sms: bool = False,
    matter: "Matter | None" = None,
) -> list[Notification]:
    """Notify several people at once (one INSERT); text messages are queued after the transaction commits."""
    chinese, english = _in_both_languages(title)
    sms = sms and not _sms_suppressed.get()
    seen: set[int] = set()
    rows: list[Notification] = []
    for person in persons:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        rows.append(
            Notification(
                person=person,
                title=chinese[:300],
                title_en=english[:300],
                url=url,
                matter=matter,
                wants_sms=sms,
            )
        )
    created = Notification.objects.bulk_create(rows)
    if sms:
        for notification in created:
            transaction.on_commit(partial(_queue_sms, notification.pk))
    return created


def notify(
    *, person: Person, title: str | Promise, url: str, sms: bool = False, matter: "Matter | None" = None
) -> Notification:
    """Notify one person in the app, and by text message when `sms` is true (after commit)."""
    return notify_many(persons=[person], title=title, url=url, sms=sms, matter=matter)[0]


def _queue_sms(notification_id: int) -> None:
    from yishi.matters.tasks import deliver_notification_sms

    deliver_notification_sms.enqueue(notification_id)


def deliver_sms(*, notification_id: int) -> str:
    """Send the text-message copy of a notification once; returns what happened ("sent" or why not)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            return "gone"
        if not notification.wants_sms or notification.sms_sent_at is not None or notification.sms_skipped:
            return "done"
        phone = _mobile_of(notification.person)
        if not phone:
            notification.sms_skipped = "no_mobile"
            notification.save(update_fields=["sms_skipped"])
            return "no_mobile"
        with translation.override(settings.LANGUAGE_CODE):
            footer = gettext("Details on the Yishi platform.")
        text = f"【议事】{notification.title} {footer}"[:SMS_MAX_CHARACTERS]
        # Marked as sent before sending, inside the lock: a retry after a crash may miss one message
        # but never sends it twice.
        notification.sms_sent_at = timezone.now()
        notification.save(update_fields=["sms_sent_at"])
    send_sms(SmsMessage(phone=phone, text=text))
    return "sent"


def _mobile_of(person: Person) -> str:
    # The only place a resident's phone number is decrypted for notifications.
    if not person.phone_ciphertext:
        return ""
    try:
        phone = normalize_phone(crypto.decrypt(person.phone_ciphertext))
    except InvalidIdentifier:
        return ""
    return phone if is_mobile(phone) else ""


def mark_read(*, person: Person, notification: Notification) -> Notification:
    """Mark one of the person's own notifications read (others' are left alone)."""
    if notification.person_id == person.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, person: Person) -> int:
    """Mark all of the person's notifications read; returns how many changed."""
    return Notification.objects.filter(person=person, read_at__isnull=True).update(read_at=timezone.now())
