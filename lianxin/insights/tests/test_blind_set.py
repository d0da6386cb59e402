"""The blind set: appeals written by someone who never saw the corpus or the model.

This module reads the blind file and nothing else of the evaluation; it prints figures and counts,
never a blind text. The leak test reads the training texts too, to measure their distance.
"""

import re
from collections import Counter
from difflib import SequenceMatcher

import numpy as np
import pytest

from lianxin.cases.taxonomy import CATEGORIES
from lianxin.insights import classifier
from lianxin.insights.corpus.compose import handwritten
from lianxin.insights.corpus.vocabulary import vocabulary_rows
from lianxin.insights.evaluation import BLIND_FILE, read_blind, score
from lianxin.insights.models import CategoryCorrection

NEAR = 0.8  # difflib ratio on normalised texts at or above which a training text is "near"
needs_blind = pytest.mark.skipif(not BLIND_FILE.exists(), reason="the blind set is not written yet")


@needs_blind
def test_the_blind_set_has_at_least_300_appeals_and_20_in_every_category():
    _texts, keys = read_blind()
    counts = Counter(keys)
    assert len(keys) >= 300
    assert set(counts) == set(CATEGORIES)
    assert min(counts.values()) >= 20, dict(counts)


@needs_blind
@pytest.mark.xfail(
    strict=True,
    reason="issue 23 is not done: the shipped model scores blind macro-F1 0.846 (0.831 before it); "
    "0.844 after the second reader's check, with canteen_dorm 0.69, other 0.68 and hours_leave 0.78 "
    "below 0.80 (README: the blind set). "
    "Strict: the day a model reaches the bar, this marker must go.",
)
def test_macro_f1_on_the_blind_set_is_at_least_090_and_no_category_below_080():
    texts, keys = read_blind()
    card = score(classifier.train(), texts, keys)
    weak = [c.key for c in card.categories if c.f1 < 0.80]
    assert card.macro_f1 >= 0.90, card.table()
    assert not weak, card.table()


def normalised(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text.lower())


def near_pairs(blind: list[str], training: list[str]) -> int:
    """How many blind texts have a training text at difflib ratio ≥ NEAR (after normalising).

    The exact ratio is computed only where its upper bound (2 × shared characters ÷ both lengths,
    difflib's quick_ratio) reaches NEAR: one sparse column slice per blind text."""
    from sklearn.feature_extraction.text import CountVectorizer

    trained = sorted({normalised(x) for x in training} - {""})
    counts = CountVectorizer(analyzer="char", lowercase=False).fit(trained + blind)
    matrix = counts.transform(trained).tocsc()
    lengths = np.array([len(t) for t in trained])
    near = 0
    for text in sorted({normalised(x) for x in blind} - {""}):
        mine = counts.transform([text])
        columns = mine.indices
        shared = np.minimum(matrix[:, columns].toarray(), mine.data).sum(axis=1)
        bound = 2 * shared / (len(text) + lengths)
        candidates = np.flatnonzero(bound >= NEAR)
        if any(SequenceMatcher(None, text, trained[i]).ratio() >= NEAR for i in candidates):
            near += 1
    return near


def training_texts() -> list[str]:
    texts, _keys = classifier.read_tsv(classifier.TRAIN_FILE)
    texts += [t for _k, t in handwritten("train") + handwritten("heldout")]
    texts += classifier.read_tsv(classifier.HELDOUT_FILE)[0]
    texts += [t for t, _k in vocabulary_rows()]
    return texts


@needs_blind
@pytest.mark.django_db
def test_no_training_text_is_near_a_blind_text():
    """Training, the composed corpus, the hand-written lines, the vocabulary and the staff's
    corrections: none within a small edit distance of an evaluation text (counts only printed)."""
    blind, _keys = read_blind()
    training = training_texts() + list(CategoryCorrection.objects.values_list("text", flat=True))
    assert near_pairs(blind, training) == 0


def test_the_leak_check_finds_a_lightly_edited_copy():
    blind = ["俺们车间三个月没发工资了，老板天天躲着不见人"]
    assert near_pairs(blind, ["我们车间三个月没发工资了，老板天天躲着不见人。"]) == 1
    assert near_pairs(blind, ["食堂饭菜太贵了"]) == 0
