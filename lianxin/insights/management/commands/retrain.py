"""`manage.py retrain`: train the category classifier on the corpus plus what the staff corrected,
and keep it only if it does at least as well on the blind set."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lianxin.insights import classifier
from lianxin.insights.evaluation import BLIND_FILE
from lianxin.insights.retraining import ledger_corrections, retrain

__all__ = ["Command", "ledger_corrections"]


class Command(BaseCommand):
    help = (
        "Retrain the category suggestion from the corpus and the staff's corrections; "
        "refuse to save a model that scores lower on the blind set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--blind", type=Path, default=BLIND_FILE, help="the blind set (TSV)")

    def handle(self, *args, **options):
        if not options["blind"].exists():
            raise CommandError(f"no blind set at {options['blind']}: nothing to judge a model by")
        started = time.perf_counter()
        outcome = retrain(blind=options["blind"])
        self.stdout.write(
            f"trained on the corpus, {outcome.kept} kept corrections and {outcome.corrected} "
            f"corrected cases in {time.perf_counter() - started:.1f} s; blind-set macro-F1 "
            f"{outcome.before:.3f} before, {outcome.after:.3f} after"
        )
        if outcome.refused:
            raise CommandError(
                f"refused: the new model scores lower on the blind set ({outcome.after:.3f} < "
                f"{outcome.before:.3f}); the model in use is kept"
            )
        self.stdout.write(
            f"held-out macro-F1 {classifier.heldout_macro_f1():.3f}; saved to {outcome.saved_to}"
        )
