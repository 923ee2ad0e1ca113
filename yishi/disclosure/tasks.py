"""Background work of public disclosure."""

import datetime

from django_tasks import task

from yishi.disclosure.actions import archive_expired


@task()
def archive_expired_notices(on: str | None = None) -> int:
    """Archive notices whose posting period has ended (`on`: an ISO date, today by default); idempotent."""
    return archive_expired(on=datetime.date.fromisoformat(on) if on else None)
