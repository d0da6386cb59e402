"""Apply the members' retention rules now (cron), or queue the daily chain for the task worker."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxin.members.services import apply_retention
from lianxin.members.tasks import schedule_retention


class Command(BaseCommand):
    help = "Erase persons past their retention and prune the full-ID access log."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the daily task chain instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            queued = schedule_retention()
            self.stdout.write("queued" if queued else "a run is already waiting")
            return
        done = apply_retention()
        self.stdout.write(", ".join(f"{rule}: {n}" for rule, n in done.items()))
