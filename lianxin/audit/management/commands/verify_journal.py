from django.core.management.base import BaseCommand, CommandError

from lianxin.audit.selectors import verify_chains


class Command(BaseCommand):
    help = "Walk every journal chain and report any break (edited, removed or reordered events)."

    def add_arguments(self, parser):
        parser.add_argument("--target-type", help="only this target type, e.g. cases.case")

    def handle(self, *args, **options):
        breaks = list(verify_chains(target_type=options.get("target_type")))
        for b in breaks:
            self.stdout.write(f"BROKEN {b.target_type} {b.target_id} at #{b.seq}: {b.reason}")
        if breaks:
            targets = {(b.target_type, b.target_id) for b in breaks}
            raise CommandError(f"{len(targets)} journal chain(s) broken")
        self.stdout.write(self.style.SUCCESS("journal intact"))
