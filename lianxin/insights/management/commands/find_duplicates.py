"""`manage.py find_duplicates [--days 30]`: flag possible duplicates among recent cases (e.g. after an import)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from lianxin.cases.models import Case
from lianxin.core import clock
from lianxin.insights import services


class Command(BaseCommand):
    help = "Flag the cases of the last days that repeat an earlier case of the same worker or enterprise."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options):
        since = clock.now() - timedelta(days=days)
        ids = Case.objects.filter(registered_at__gte=since).order_by("registered_at")
        flagged = sum(
            len(services.flag_duplicates(case_id=pk)) for pk in ids.values_list("pk", flat=True)
        )
        self.stdout.write(
            f"{flagged} new duplicate flags among {ids.count()} cases since {since:%Y-%m-%d}"
        )
