"""Scoring a model on a labelled set: the blind set's file shape, macro-F1 and per-category figures."""

from pathlib import Path

from lianxin.cases.taxonomy import CATEGORIES
from lianxin.insights import classifier
from lianxin.insights.evaluation import read_blind, score

FIXTURE = Path(__file__).resolve().parent / "blind_fixture.tsv"


def test_a_blind_file_is_read_by_its_header_columns():
    texts, keys = read_blind(FIXTURE)
    assert len(texts) == len(keys) == 45
    assert set(keys) == set(CATEGORIES)
    assert not any(t.startswith("F0") or "\t" in t for t in texts)  # the text column, not the id


def test_the_scorecard_gives_macro_f1_and_each_categorys_figures_without_any_text():
    texts, keys = read_blind(FIXTURE)
    card = score(classifier.get_model(), texts, keys)
    assert [c.key for c in card.categories] == sorted(CATEGORIES)
    assert sum(c.support for c in card.categories) == 45
    assert abs(card.macro_f1 - sum(c.f1 for c in card.categories) / 15) < 1e-9
    wrong = sum(n for _k, _p, n in card.confusions)
    assert abs(card.accuracy - (45 - wrong) / 45) < 1e-9
    table = card.table()
    assert table.count("\n") == 15 + 2
    assert not any(text in table for text in texts)


def test_a_model_that_answers_one_category_scores_low(pin_model):
    pin_model({"wages": 0.9, "contract": 0.05, "other": 0.05})
    texts, keys = read_blind(FIXTURE)
    card = score(classifier.get_model(), texts, keys)
    assert card.macro_f1 < 0.1
    assert next(c for c in card.categories if c.key == "wages").recall == 1.0
