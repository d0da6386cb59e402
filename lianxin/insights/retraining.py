"""Learning from staff: retrain on the corpus plus their corrections, and keep the new model only
if it does at least as well on the blind set as the model in use."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lianxin.audit.models import Event
from lianxin.cases.models import Case
from lianxin.insights import classifier
from lianxin.insights.evaluation import BLIND_FILE, read_blind, score
from lianxin.insights.models import CategoryCorrection


@dataclass(frozen=True)
class Outcome:
    before: float  # blind-set macro-F1 of the model in use
    after: float  # ... of the model trained now
    kept: int  # corrections kept through the suggestion (hotline, pages, API)
    corrected: int  # cases whose category was corrected in the ledger (数据治理)
    saved_to: Path | None  # None: refused, the model in use stays

    @property
    def refused(self) -> bool:
        return self.saved_to is None


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


def kept_corrections() -> list[tuple[str, str]]:
    """What staff chose over the suggestion (`CategoryCorrection`: hotline, pages, API)."""
    return list(CategoryCorrection.objects.values_list("text", "chosen"))


def is_worse(after: float, before: float) -> bool:
    """Lower at the precision the figures are reported in (three decimals)."""
    return round(after, 3) < round(before, 3)


def retrain(*, blind: Path = BLIND_FILE) -> Outcome:
    """Train on the corpus and every staff correction; save and use the model unless it scores
    lower on the blind set than the one in use."""
    texts, keys = read_blind(blind)
    kept, corrected = kept_corrections(), ledger_corrections()
    before = score(classifier.get_model(), texts, keys).macro_f1
    candidate = classifier.train(kept + corrected)
    after = score(candidate, texts, keys).macro_f1
    saved_to = None
    if not is_worse(after, before):
        saved_to = classifier.save(candidate)
        classifier.use(candidate)
    return Outcome(before, after, len(kept), len(corrected), saved_to)
