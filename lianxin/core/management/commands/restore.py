from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lianxin.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a folder written by `backup` into the configured database, which must be empty "
        "(new); then verify the journal and compare every count with the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder written by `manage.py backup`")

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        try:
            manifest = restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"restored {rows} rows from {folder}: counts match the manifest, journal intact"
            )
        )
