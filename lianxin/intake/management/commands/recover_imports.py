"""`manage.py recover_imports`: imports a dead worker left "importing", re-queued or failed.

Run it from cron beside the worker (`*/5 * * * * … manage.py recover_imports`); every import task
also does it before it starts. `--fail` fails the stale batches instead of re-queueing them (their
uploaded files are deleted); `--minutes` sets how long a batch may stay silent.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from lianxin.intake.services.import_recovery import STALE_AFTER, recover_stale_imports


class Command(BaseCommand):
    help = "Re-queue (or with --fail, fail) imports whose worker stopped without finishing them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=float,
            default=STALE_AFTER.total_seconds() / 60,
            help="how long a running import may go without progress (default %(default)s)",
        )
        parser.add_argument(
            "--fail", action="store_true", help="mark stale imports failed instead of re-queueing"
        )

    def handle(self, *args, **options):
        done = recover_stale_imports(
            after=timedelta(minutes=options["minutes"]), requeue=not options["fail"]
        )
        for batch_id, outcome in done:
            self.stdout.write(f"import {batch_id}: {outcome}")
        if not done:
            self.stdout.write("no stalled imports")
