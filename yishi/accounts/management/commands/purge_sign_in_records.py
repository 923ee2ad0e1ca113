"""Delete old code requests, sign-in attempts and lockouts (run daily, e.g. from cron)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yishi.accounts.actions import purge_sign_in_records
from yishi.audit.errors import ActionError


class Command(BaseCommand):
    help = "Delete sign-in records older than --days days (default 30); their audit records stay."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            removed = purge_sign_in_records(older_than_days=options["days"])
        except ActionError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(f"Deleted {removed} sign-in records.")
