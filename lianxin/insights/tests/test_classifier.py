"""The category classifier: its corpus, its held-out score, and what `suggest` answers."""

from collections import Counter

from lianxin.cases.taxonomy import CATEGORIES
from lianxin.insights import classifier
from lianxin.insights.corpus import compose


def test_the_corpus_has_2000_varied_appeals_in_all_15_categories():
    texts, keys = classifier.read_tsv(classifier.TRAIN_FILE)
    assert len(texts) >= 2000
    assert set(keys) == set(CATEGORIES)
    assert min(Counter(keys).values()) >= 100
    assert len(set(texts)) == len(texts)
    assert len({t[:8] for t in texts}) > 1000  # not one sentence with a few words swapped


def test_the_heldout_set_shares_no_text_with_training_and_covers_every_category():
    train, _ = classifier.read_tsv(classifier.TRAIN_FILE)
    heldout, keys = classifier.read_tsv(classifier.HELDOUT_FILE)
    assert len(heldout) >= 300
    assert set(keys) == set(CATEGORIES)
    assert not set(train) & set(heldout)


def test_the_corpus_files_are_what_the_composer_writes():
    """Nobody edited the generated files by hand: the composer reproduces them exactly."""
    train = compose.compose(heldout=False, seed=20260501, per_category=compose.TRAIN_PER_CATEGORY)
    rows = train + compose.handwritten("train")
    texts, keys = classifier.read_tsv(classifier.TRAIN_FILE)
    assert list(zip(keys, texts, strict=True)) == rows


def test_macro_f1_on_the_heldout_set_is_at_least_085():
    model = classifier.train()
    assert classifier.heldout_macro_f1(model) >= 0.85


def test_suggest_names_a_category_its_confidence_and_two_alternatives():
    category, confidence, alternatives = classifier.suggest("老板拖欠我们三个月工资了，一直不发")
    assert category == "wages"
    assert 0.5 < confidence <= 1
    assert len(alternatives) == 2
    assert all(key in CATEGORIES and 0 <= p <= confidence for key, p in alternatives)


def test_suggest_reads_colloquial_and_misspelt_appeals():
    assert classifier.suggest("送餐路上被小轿车撞了，腿骨折，对方不肯陪偿")[0] == "accident"
    assert classifier.suggest("俺们宿社没热水，冬天洗不了澡")[0] == "canteen_dorm"
    assert classifier.suggest("平抬又降单价了，超时还罚钱")[0] == "gig_platform"


def test_a_saved_model_is_loaded_while_the_corpus_is_unchanged(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    model = classifier.train()
    classifier.save(model)
    loaded = classifier._load()
    assert loaded is not None
    assert loaded.digest == classifier.corpus_digest()
    assert loaded.suggest_many(["食堂饭菜太难吃"])[0].category == "canteen_dorm"
