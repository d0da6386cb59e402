from django.core.management.base import BaseCommand, CommandError

from lianxin.audit.selectors import verify_chains


class Command(BaseCommand):
    help = (
        "Walk every journal chain and report any break: edited, removed or reordered events, a "
        "chain cut off at its end (against its stored head) or a state its last event does not explain."
    )

    def add_arguments(self, parser):
        parser.add_argument("--target-type", help="only this target type, e.g. cases.case")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="share the chains out over this many processes (e.g. one per core); default 1",
        )

    def handle(self, *args, **options):
        jobs = options.get("jobs", 1)
        if jobs < 1:
            raise CommandError("--jobs must be 1 or more")
        breaks = list(verify_chains(target_type=options.get("target_type"), jobs=jobs))
        for b in breaks:
            self.stdout.write(f"BROKEN {b.target_type} {b.target_id} at #{b.seq}: {b.reason}")
        if breaks:
            targets = {(b.target_type, b.target_id) for b in breaks}
            raise CommandError(f"{len(targets)} journal chain(s) broken")
        self.stdout.write(self.style.SUCCESS("journal intact"))
