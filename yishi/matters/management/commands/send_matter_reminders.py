"""Queue the daily service-level reminders (run from cron, e.g. every morning at 8:00)."""

from typing import Any

from django.core.management.base import BaseCommand

from yishi.matters.tasks import send_matter_reminders


class Command(BaseCommand):
    help = "Send the service-level reminders that have come due (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", help="An ISO datetime with zone to run as (default: the present).")
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the task for the worker instead of running it."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            send_matter_reminders.enqueue(options["now"])
            self.stdout.write("queued")
            return
        count = send_matter_reminders.call(options["now"])
        self.stdout.write(f"reminded {count} matters")
