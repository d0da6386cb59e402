"""Category suggestion: character n-gram TF-IDF and a calibrated linear SVM.

Runs on the CPU with no network: the model is trained from `corpus/train.tsv` and the category
vocabulary (plus the staff's corrections) at first use or by `manage.py retrain`, and kept under
VAR_DIR/insights/. A saved model is used only while what it was trained on is unchanged (its digest
is stored with it). jieba's words were tried beside the n-grams and left out (README: slower than
the throughput target allows, and no better on the hand-written appeals).

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
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings

from lianxin.cases.taxonomy import CATEGORIES
from lianxin.insights.corpus.vocabulary import vocabulary_rows
from lianxin.insights.linear import CalibratedLinear

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
TRAIN_FILE = CORPUS_DIR / "train.tsv"
HELDOUT_FILE = CORPUS_DIR / "heldout.tsv"
MAX_CHARS = 2000  # a suggestion needs the gist, not a whole letter
FEATURES = "char_wb1-3+vocabulary3/v2"  # part of the digest: a new recipe retrains
VOCABULARY_WEIGHT = 3  # each vocabulary line counts as three appeals (chosen on the held-out set)
# The top two categories are "close" when their probabilities differ by at most this much: the
# pages and the API then offer both as equal choices (on the held-out set, where the top one is
# wrong but the second is right, the margin was below this in most cases; see README).
CLOSE_MARGIN = 0.15
_ORDER = {key: i for i, key in enumerate(CATEGORIES)}
_lock = threading.Lock()
_model: Model | None = None
_model_mtime: float | None = None


@dataclass(frozen=True)
class Suggestion:
    category: str
    confidence: float
    alternatives: list[tuple[str, float]]

    @property
    def close(self) -> bool:
        """Are the top two too close to rank (within CLOSE_MARGIN)?"""
        return bool(self.alternatives) and (
            self.confidence - self.alternatives[0][1] <= CLOSE_MARGIN + 1e-9
        )

    @property
    def choices(self) -> list[tuple[str, float]]:
        """What to offer as equals: the top one, or the top two when they are close (then in the
        taxonomy's order, so that their order ranks neither)."""
        if not self.close:
            return [(self.category, self.confidence)]
        pair = [(self.category, self.confidence), self.alternatives[0]]
        return sorted(pair, key=lambda choice: _ORDER.get(choice[0], len(_ORDER)))


@dataclass
class Model:
    pipeline: Pipeline
    digest: str
    corrections: int = 0
    linear: CalibratedLinear | None = None  # the pipeline's classifier folded into arrays

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        texts = [t[:MAX_CHARS] for t in texts]
        if self.linear is None:
            return self.pipeline.predict_proba(texts)
        return self.linear.predict_proba(self.pipeline.named_steps["features"].transform(texts))

    def suggest_many(self, texts: Sequence[str]) -> list[Suggestion]:
        return _ranked(self.probabilities(texts), self.pipeline.classes_)

    def vectors_and_probabilities(self, texts: Sequence[str]) -> tuple[Any, np.ndarray]:
        """The character n-gram vectors (unit length, for cosine similarity) and the category
        probabilities of `texts`, computed once."""
        features = self.pipeline.named_steps["features"].transform([t[:MAX_CHARS] for t in texts])
        if self.linear is None:
            probabilities = self.pipeline.named_steps["clf"].predict_proba(features)
        else:
            probabilities = self.linear.predict_proba(features)
        return features, probabilities


def _ranked(probabilities: np.ndarray, classes: Sequence[str]) -> list[Suggestion]:
    """The three likeliest of each row, sorted for all rows at once (a tenth of a batch's time
    went to sorting row by row)."""
    top = np.argsort(-probabilities, axis=1, kind="stable")[:, :3]
    names = np.asarray(classes, dtype=object)[top].tolist()
    values = np.take_along_axis(probabilities, top, axis=1).tolist()
    out = []
    for (first, *others), (p, *ps) in zip(names, values, strict=True):
        alternatives = [(str(k), round(q, 3)) for k, q in zip(others, ps, strict=True)]
        out.append(Suggestion(str(first), round(p, 3), alternatives))
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
    """What a model was trained from: the corpus file, the vocabulary and the feature recipe."""
    digest = hashlib.sha256(TRAIN_FILE.read_bytes())
    digest.update(repr(vocabulary_rows()).encode())
    digest.update(FEATURES.encode())
    return digest.hexdigest()[:16]


def build_pipeline() -> Pipeline:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=1, sublinear_tf=True)
    return Pipeline(
        [
            ("features", chars),
            # A linear SVM with Platt-style calibration over 3 folds: probabilities that mean something.
            ("clf", CalibratedClassifierCV(LinearSVC(C=1.0, random_state=0), cv=3)),
        ]
    )


def training_rows(extra: Iterable[tuple[str, str]] = ()) -> tuple[list[str], list[str]]:
    """(texts, keys): the corpus, the category vocabulary (weighted), then the staff's choices."""
    texts, keys = read_tsv(TRAIN_FILE)
    for _ in range(VOCABULARY_WEIGHT):
        for text, key in vocabulary_rows():
            texts.append(text)
            keys.append(key)
    for text, key in extra:
        texts.append(text[:MAX_CHARS])
        keys.append(key)
    return texts, keys


def train(extra: Iterable[tuple[str, str]] = ()) -> Model:
    """Fit on the corpus and vocabulary plus (text, key) pairs the staff chose (corrections weigh
    like any line)."""
    extra = list(extra)
    texts, keys = training_rows(extra)
    pipeline = build_pipeline()
    pipeline.fit(texts, keys)
    linear = CalibratedLinear.of(pipeline.named_steps["clf"])
    return Model(pipeline, corpus_digest(), corrections=len(extra), linear=linear)


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
    s = suggest_one(text)
    return s.category, s.confidence, s.alternatives


def suggest_one(text: str) -> Suggestion:
    return get_model().suggest_many([text])[0]


def suggest_many(texts: Sequence[str]) -> list[Suggestion]:
    return get_model().suggest_many(texts)


def heldout_macro_f1(model: Model | None = None) -> float:
    from sklearn.metrics import f1_score

    texts, keys = read_tsv(HELDOUT_FILE)
    predicted = [s.category for s in (model or get_model()).suggest_many(texts)]
    return float(f1_score(keys, predicted, average="macro"))
