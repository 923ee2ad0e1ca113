"""Background work of matters: text-message copies of notifications and the daily service-level reminders."""

import datetime

from django.utils import timezone
from django_tasks import task

from yishi.matters import actions, notifications


@task()
def deliver_notification_sms(notification_id: int) -> str:
    """Send the text-message copy of one notification; sending again does nothing."""
    return notifications.deliver_sms(notification_id=notification_id)


@task()
def send_matter_reminders(now: str | None = None) -> int:
    """Send the service-level reminders due at `now` (an ISO datetime with zone; the present by default)."""
    moment = datetime.datetime.fromisoformat(now) if now else timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return actions.send_due_reminders(now=moment)
