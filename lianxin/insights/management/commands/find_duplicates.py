"""`manage.py find_duplicates [--days 30]`: flag possible duplicates among recent cases (e.g. after an import)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from lianxin.cases.models import Case
from lianxin.core import clock
from lianxin.insights import services

BATCH = 2000  # cases compared in one pass (as an import's chunk)


class Command(BaseCommand):
    help = "Flag the cases of the last days that repeat an earlier case of the same worker or enterprise."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options):
        since = clock.now() - timedelta(days=days)
        ids = list(
            Case.objects.filter(registered_at__gte=since)
            .order_by("registered_at", "pk")
            .values_list("pk", flat=True)
        )
        flagged = sum(
            len(services.flag_duplicates_of(case_ids=ids[i : i + BATCH]))
            for i in range(0, len(ids), BATCH)
        )
        self.stdout.write(
            f"{flagged} new duplicate flags among {len(ids)} cases since {since:%Y-%m-%d}"
        )
