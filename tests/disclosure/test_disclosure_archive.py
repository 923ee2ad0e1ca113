"""Archiving notices whose posting period has ended: the task, the command, idempotence."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from tests.disclosure.conftest import published
from tests.fixtures import Cast, World
from yishi.audit.models import AuditRecord
from yishi.disclosure.actions import archive_expired
from yishi.disclosure.models import Notice, NoticeKind, NoticeStatus
from yishi.disclosure.tasks import archive_expired_notices


def test_archive_expired_is_idempotent(cast: Cast, world: World) -> None:
    short = published(cast.director, world.community, kind=NoticeKind.DECISION)
    long = published(cast.director, world.community, kind=NoticeKind.ACCOUNTS)
    assert short.posted_until is not None
    on_last_day = short.posted_until
    day_after = short.posted_until + datetime.timedelta(days=1)
    assert archive_expired(on=on_last_day) == 0
    assert archive_expired(on=day_after) == 1
    assert archive_expired(on=day_after) == 0
    short.refresh_from_db()
    long.refresh_from_db()
    assert short.status == NoticeStatus.ARCHIVED and short.archived_at is not None
    assert long.status == NoticeStatus.PUBLISHED
    assert AuditRecord.objects.filter(verb="notice.archive").count() == 1
    assert AuditRecord.objects.get(verb="notice.archive").channel == "system"
    # Archiving does not change what the notice said.
    assert short.title == "关于小区路灯维修的公示" and short.number


def test_the_task_and_the_command(cast: Cast, world: World) -> None:
    notice = published(cast.director, world.community)
    assert notice.posted_until is not None
    later = (notice.posted_until + datetime.timedelta(days=1)).isoformat()
    result = archive_expired_notices.enqueue(later)
    assert result.return_value == 1
    assert archive_expired_notices.enqueue(later).return_value == 0
    out = StringIO()
    call_command("archive_expired_notices", "--on", later, stdout=out)
    assert "0" in out.getvalue()
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.ARCHIVED


def test_nothing_to_archive_today(cast: Cast, world: World) -> None:
    published(cast.director, world.community)
    assert archive_expired() == 0
    assert timezone.localdate() <= Notice.objects.get().posted_until
