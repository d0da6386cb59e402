"""How well a category model does on a labelled set: macro-F1, per-category figures, confusions.

The blind set (`blind/appeals.tsv`, written by someone who never saw the corpus or the model) is read
here and only here, and only its labels and texts as a whole: nothing prints a blind text. Training
never reads it (`classifier.training_rows` knows no such file; the leak test checks the distance).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lianxin.insights.classifier import Model

BLIND_FILE = Path(__file__).resolve().parent / "blind" / "appeals.tsv"


@dataclass(frozen=True)
class CategoryScore:
    key: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Scorecard:
    macro_f1: float
    accuracy: float
    categories: list[CategoryScore]
    confusions: list[tuple[str, str, int]]  # (true key, predicted key, count), the largest first

    def table(self) -> str:
        """The per-category figures as a Markdown table (no text of the set in it)."""
        lines = ["| category | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        lines += [
            f"| {c.key} | {c.precision:.2f} | {c.recall:.2f} | {c.f1:.2f} | {c.support} |"
            for c in self.categories
        ]
        lines.append(f"| **macro** | | | **{self.macro_f1:.3f}** | {self.support} |")
        return "\n".join(lines)

    @property
    def support(self) -> int:
        return sum(c.support for c in self.categories)


def read_blind(path: Path = BLIND_FILE) -> tuple[list[str], list[str]]:
    """(texts, keys) of a file with the header `id<TAB>category<TAB>voice<TAB>text`."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if r]
    rows = [r for r in rows if (r.get("text") or "").strip() and (r.get("category") or "").strip()]
    return [r["text"].strip() for r in rows], [r["category"].strip() for r in rows]


def score(model: Model, texts: Sequence[str], keys: Sequence[str]) -> Scorecard:
    """The model's figures on (texts, keys); every labelled category counts in the macro average."""
    from sklearn.metrics import precision_recall_fscore_support

    predicted = [s.category for s in model.suggest_many(texts)]
    labels = sorted(set(keys))
    precision, recall, f1, support = precision_recall_fscore_support(
        keys, predicted, labels=labels, zero_division=0
    )
    categories = [
        CategoryScore(k, float(p), float(r), float(f), int(n))
        for k, p, r, f, n in zip(labels, precision, recall, f1, support, strict=True)
    ]
    wrong = Counter((k, p) for k, p in zip(keys, predicted, strict=True) if k != p)
    hits = sum(k == p for k, p in zip(keys, predicted, strict=True))
    return Scorecard(
        macro_f1=float(sum(c.f1 for c in categories) / len(categories)),
        accuracy=hits / len(keys),
        categories=categories,
        confusions=[(k, p, n) for (k, p), n in wrong.most_common()],
    )


def blind_scorecard(model: Model, path: Path = BLIND_FILE) -> Scorecard:
    texts, keys = read_blind(path)
    return score(model, texts, keys)
