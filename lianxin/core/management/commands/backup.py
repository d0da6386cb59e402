from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lianxin.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: online backup API; PostgreSQL: pg_dump -Fc), the uploaded "
        "files and a manifest (rows per model, the journal's chain ends) into a new folder. Safe "
        "while the site is serving."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a new or empty folder for the backup")

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        try:
            manifest = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        files = manifest["media"]["files"]
        self.stdout.write(
            self.style.SUCCESS(f"backed up {rows} rows and {files} uploaded files to {folder}")
        )
