"""Archive the notices whose posting period has ended: run it daily (cron, a systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from yishi.disclosure.tasks import archive_expired_notices


class Command(BaseCommand):
    help = "Archive published notices whose posting period has ended (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="the day to archive as of (YYYY-MM-DD); today by default")

    def handle(self, *args: Any, **options: Any) -> None:
        count = archive_expired_notices.call(options.get("on"))
        self.stdout.write(f"Archived {count} notice(s).")
