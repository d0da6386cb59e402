"""`manage.py supervise_resolutions`: one 督办 run over open meeting resolutions
(see lianxin/proposals/supervision.py for the rules)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lianxin.proposals.supervision import supervise_resolutions


class Command(BaseCommand):
    help = (
        "Notify owners, handlers and supervisors of open meeting resolutions due soon or overdue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--warn-hours", type=int, default=24, help="Warn of resolutions due within N hours."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be done; write nothing."
        )

    def handle(self, *args, **options) -> None:
        if options["warn_hours"] < 0:
            raise CommandError("--warn-hours cannot be negative")
        report = supervise_resolutions(warn_hours=options["warn_hours"], dry_run=options["dry_run"])
        summary = _(
            "Resolutions: %(warned)s due soon, %(overdue)s overdue notified, "
            "%(skipped)s already notified in the last 24 hours."
        ) % {
            "warned": report.warned,
            "overdue": report.overdue_notified,
            "skipped": report.skipped,
        }
        self.stdout.write(
            f"{_('Dry run, nothing written.')} {summary}" if report.dry_run else summary
        )
