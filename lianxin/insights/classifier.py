"""Category suggestion: character n-gram TF-IDF and a linear model, trained on the project's corpus.

Runs on the CPU with no network: the model is trained from `corpus/train.tsv` (plus the staff's
corrections) at first use or by `manage.py retrain`, and kept under VAR_DIR/insights/. A saved model
is used only while the corpus it was trained on is unchanged (its digest is stored with it).

scikit-learn and joblib are imported when a model is first trained or loaded, not with the module:
they took two of the 3.6 seconds every process (a manage.py command, a server worker, a bench)
spent starting Django, most of which never suggests a category.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from django.conf import settings

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
TRAIN_FILE = CORPUS_DIR / "train.tsv"
HELDOUT_FILE = CORPUS_DIR / "heldout.tsv"
MAX_CHARS = 2000  # a suggestion needs the gist, not a whole letter
_lock = threading.Lock()
_model: Model | None = None
_model_mtime: float | None = None


@dataclass(frozen=True)
class Suggestion:
    category: str
    confidence: float
    alternatives: list[tuple[str, float]]


@dataclass
class Model:
    pipeline: Pipeline
    digest: str
    corrections: int = 0

    def suggest_many(self, texts: Sequence[str]) -> list[Suggestion]:
        probabilities = self.pipeline.predict_proba([t[:MAX_CHARS] for t in texts])
        classes = self.pipeline.classes_
        out = []
        for row in probabilities:
            top = np.argsort(row)[::-1][:3]
            ranked = [(str(classes[i]), round(float(row[i]), 3)) for i in top]
            out.append(Suggestion(ranked[0][0], ranked[0][1], ranked[1:]))
        return out


def read_tsv(path: Path) -> tuple[list[str], list[str]]:
    """(texts, keys) of a corpus file: one `key<TAB>text` a line."""
    texts, keys = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            key, text = line.split("\t", 1)
            texts.append(text)
            keys.append(key)
    return texts, keys


def corpus_digest() -> str:
    return hashlib.sha256(TRAIN_FILE.read_bytes()).hexdigest()[:16]


def build_pipeline() -> Pipeline:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    return Pipeline(
        [
            (
                "tfidf",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(1, 3), min_df=1, sublinear_tf=True
                ),
            ),
            # A linear SVM with Platt-style calibration over 3 folds: probabilities that mean something.
            ("clf", CalibratedClassifierCV(LinearSVC(C=1.0, random_state=0), cv=3)),
        ]
    )


def train(extra: Iterable[tuple[str, str]] = ()) -> Model:
    """Fit on the corpus plus (text, key) pairs the staff chose (corrections weigh like any line)."""
    texts, keys = read_tsv(TRAIN_FILE)
    extra = list(extra)
    for text, key in extra:
        texts.append(text[:MAX_CHARS])
        keys.append(key)
    pipeline = build_pipeline()
    pipeline.fit(texts, keys)
    return Model(pipeline=pipeline, digest=corpus_digest(), corrections=len(extra))


def model_path() -> Path:
    return Path(settings.VAR_DIR) / "insights" / "category_model.joblib"


def save(model: Model) -> Path:
    path = model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    import joblib

    joblib.dump(model, tmp)
    tmp.replace(path)  # atomic: another process never reads half a model
    return path


def _load() -> Model | None:
    path = model_path()
    if not path.exists():
        return None
    import joblib

    try:
        model = joblib.load(path)
    except Exception:  # a model from another scikit-learn version: train afresh
        return None
    return model if isinstance(model, Model) and model.digest == corpus_digest() else None


def get_model() -> Model:
    """The model in use: the saved one (reloaded when `retrain` in another process replaced it),
    else one trained now from the corpus and saved."""
    global _model, _model_mtime
    mtime = _mtime()
    if _model is not None and mtime == _model_mtime:
        return _model
    with _lock:
        loaded = _load() if mtime is not None else None
        if loaded is not None:
            _model = loaded
        elif _model is None:
            _model = train()
            save(_model)
            mtime = _mtime()
        _model_mtime = mtime  # a file that would not load is not tried again until it changes
    return _model


def _mtime() -> float | None:
    try:
        return model_path().stat().st_mtime
    except OSError:
        return None


def use(model: Model) -> None:
    """Make `model` the one in use in this process (after a retrain, or a test's own model)."""
    global _model, _model_mtime
    _model, _model_mtime = model, _mtime()


def suggest(text: str) -> tuple[str, float, list[tuple[str, float]]]:
    """(category key, confidence, the two next likeliest (key, confidence))."""
    s = get_model().suggest_many([text])[0]
    return s.category, s.confidence, s.alternatives


def suggest_many(texts: Sequence[str]) -> list[Suggestion]:
    return get_model().suggest_many(texts)


def heldout_macro_f1(model: Model | None = None) -> float:
    from sklearn.metrics import f1_score

    texts, keys = read_tsv(HELDOUT_FILE)
    predicted = [s.category for s in (model or get_model()).suggest_many(texts)]
    return float(f1_score(keys, predicted, average="macro"))
