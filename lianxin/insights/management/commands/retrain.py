"""`manage.py retrain`: train the category classifier on the corpus plus what the staff corrected."""

import time

from django.core.management.base import BaseCommand

from lianxin.audit.models import Event
from lianxin.cases.models import Case
from lianxin.insights import classifier
from lianxin.insights.models import CategoryCorrection


def ledger_corrections() -> list[tuple[str, str]]:
    """Cases whose category was corrected in the ledger (数据治理): their text and the category now."""
    ids = Event.objects.filter(
        target_type="cases.case", kind="corrected", data__has_key="category"
    ).values("target_id")
    return [
        (f"{title}\n{description}", key)
        for title, description, key in Case.objects.filter(pk__in=ids).values_list(
            "title", "description", "category__key"
        )
    ]


class Command(BaseCommand):
    help = "Retrain the category suggestion from the corpus and the staff's corrections."

    def handle(self, *args, **options):
        started = time.perf_counter()
        kept = list(CategoryCorrection.objects.values_list("text", "chosen"))
        corrected = ledger_corrections()
        model = classifier.train(kept + corrected)
        path = classifier.save(model)
        classifier.use(model)
        self.stdout.write(
            f"trained on the corpus, {len(kept)} kept corrections and {len(corrected)} corrected "
            f"cases in {time.perf_counter() - started:.1f} s; held-out macro-F1 "
            f"{classifier.heldout_macro_f1(model):.3f}; saved to {path}"
        )
