"""`manage.py supervise`: one 督办 run (see lianxin/cases/supervision.py for the rules)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lianxin.cases.supervision import SupervisionReport, supervise_cases
from lianxin.core.notifications import drain_outbox


class Command(BaseCommand):
    help = (
        "Notify handlers and supervisors of open cases due soon or overdue (once per 24 hours) "
        "and escalate cases left overdue past the margin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--warn-hours", type=int, default=24, help="Warn of cases due within N hours."
        )
        parser.add_argument(
            "--escalate-after-days",
            type=int,
            default=None,
            help="Escalate cases overdue by N calendar days (default LIANXIN_ESCALATE_AFTER_DAYS or 3).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be done; write nothing."
        )

    def handle(self, *args, **options) -> None:
        if options["warn_hours"] < 0 or (options["escalate_after_days"] or 0) < 0:
            raise CommandError("--warn-hours and --escalate-after-days cannot be negative")
        report = supervise_cases(
            warn_hours=options["warn_hours"],
            escalate_after_days=options["escalate_after_days"],
            dry_run=options["dry_run"],
        )
        self.stdout.write(self._summary(report))
        for number, reason in report.refused.items():
            self.stdout.write(
                self.style.WARNING(
                    _("Case %(number)s not escalated: %(reason)s")
                    % {"number": number, "reason": reason}
                )
            )
        # Meeting resolutions (议事厅) are supervised by the same rules, in the same run.
        call_command(
            "supervise_resolutions", warn_hours=options["warn_hours"],
            dry_run=options["dry_run"], stdout=self.stdout,
        )  # fmt: skip
        if not options["dry_run"]:
            # The same periodic run retries the notices whose delivery failed and is due again.
            drain_outbox()

    def _summary(self, report: SupervisionReport) -> str:
        summary = _(
            "Supervision: %(warned)s due soon, %(overdue)s overdue notified, "
            "%(escalated)s escalated, %(skipped)s already notified in the last 24 hours."
        ) % {
            "warned": report.warned,
            "overdue": report.overdue_notified,
            "escalated": report.escalated,
            "skipped": report.skipped,
        }
        return f"{_('Dry run, nothing written.')} {summary}" if report.dry_run else summary
