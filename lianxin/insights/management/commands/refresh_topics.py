"""`manage.py refresh_topics [--all]`: cluster the high-frequency topics now (e.g. after an import,
or from cron instead of the task worker); without --all only the scopes whose snapshot has aged."""

from django.core.management.base import BaseCommand

from lianxin.core import clock
from lianxin.insights import services


class Command(BaseCommand):
    help = "Recompute the stored high-frequency topics of the scopes users read."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every scope in use, fresh or not")

    def handle(self, *args, **options):
        scopes = (
            services.topic_scopes_due(clock.now(), everything=True)
            if options["all"]
            else services.stale_topic_scopes(clock.now())
        )
        for scope in scopes:
            snapshot = services.refresh_topic_snapshot(scope)
            self.stdout.write(
                f"{scope.key[:12]}: {len(snapshot.topics)} topics, {snapshot.case_count} cases"
            )
        self.stdout.write(f"{len(scopes)} scopes")
