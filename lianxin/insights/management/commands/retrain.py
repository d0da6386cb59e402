"""`manage.py retrain`: train the category classifier on the corpus plus the staff's corrections."""

import time

from django.core.management.base import BaseCommand

from lianxin.insights import classifier
from lianxin.insights.models import CategoryCorrection


class Command(BaseCommand):
    help = "Retrain the category suggestion from the corpus and the staff's corrections."

    def handle(self, *args, **options):
        started = time.perf_counter()
        corrections = list(CategoryCorrection.objects.values_list("text", "chosen"))
        model = classifier.train(corrections)
        path = classifier.save(model)
        classifier.use(model)
        self.stdout.write(
            f"trained on the corpus and {len(corrections)} corrections in "
            f"{time.perf_counter() - started:.1f} s; held-out macro-F1 "
            f"{classifier.heldout_macro_f1(model):.3f}; saved to {path}"
        )
