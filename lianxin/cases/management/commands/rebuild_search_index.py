"""`manage.py rebuild_search_index`: index every case's searchable text again (cases.search).

The services keep the index in step; this is for rows written around them (a bulk load, a restore,
an org renamed) and after the tokens change. Batched by id; safe to run on a live ledger.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand

from lianxin.cases.search import BATCH, rebuild_index


class Command(BaseCommand):
    help = "Index every case's searchable text again, in batches (the ledger's full-text search)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=BATCH, help="Cases per batch.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        verbose = options["verbosity"] > 1

        def progress(done: int) -> None:
            if verbose:
                self.stdout.write(f"  {done:,} cases indexed")

        done = rebuild_index(batch=options["batch"], progress=progress)
        if options["verbosity"] > 0:
            seconds = time.perf_counter() - started
            self.stdout.write(f"{done:,} cases indexed in {seconds:.1f} s.")
