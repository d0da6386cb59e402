"""`manage.py retrain`: learns from staff corrections, reports the blind-set macro-F1 before and
after, and refuses to save a model that scores lower."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lianxin.insights import classifier
from lianxin.insights.models import CategoryCorrection
from lianxin.insights.retraining import is_worse

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).resolve().parent / "blind_fixture.tsv"


@pytest.fixture
def fresh_model(tmp_path, settings):
    """A model directory of the test's own; the corpus-only model in use before and after."""
    settings.VAR_DIR = tmp_path
    model = classifier.train()
    classifier.save(model)
    classifier.use(model)
    yield model
    classifier.use(model)


def correct(pairs: list[tuple[str, str]]) -> None:
    now = timezone.now()
    CategoryCorrection.objects.bulk_create(
        CategoryCorrection(text=t, suggested="wages", chosen=k, at=now) for t, k in pairs
    )


def test_retrain_reports_before_and_after_and_saves_a_model_at_least_as_good(fresh_model):
    correct([("机房的猫又跑丢了", "other")] * 5)
    out = StringIO()
    call_command("retrain", "--blind", str(FIXTURE), stdout=out)
    said = out.getvalue()
    assert "blind-set macro-F1" in said
    assert "before" in said
    assert "after" in said
    assert "saved to" in said
    assert classifier.get_model() is not fresh_model
    assert classifier.get_model().corrections == 5


def test_retrain_refuses_a_model_poisoned_by_wrong_corrections_and_keeps_the_one_in_use(
    fresh_model,
):
    """Every wage appeal of the corpus relabelled `other`: the new model loses the wages class."""
    texts, keys = classifier.read_tsv(classifier.TRAIN_FILE)
    correct([(t, "other") for t, k in zip(texts, keys, strict=True) if k == "wages"] * 3)
    saved = classifier.model_path().read_bytes()
    out = StringIO()
    with pytest.raises(CommandError, match="refused"):
        call_command("retrain", "--blind", str(FIXTURE), stdout=out)
    assert "before" in out.getvalue()
    assert classifier.model_path().read_bytes() == saved
    assert classifier.get_model() is fresh_model
    assert classifier.suggest("老板拖欠我们三个月工资了")[0] == "wages"


def test_retrain_without_a_blind_set_refuses_to_run(fresh_model, tmp_path):
    saved = classifier.model_path().read_bytes()
    with pytest.raises(CommandError, match="no blind set"):
        call_command("retrain", "--blind", str(tmp_path / "missing.tsv"), stdout=StringIO())
    assert classifier.model_path().read_bytes() == saved


def test_lower_means_lower_at_the_reported_precision():
    assert is_worse(0.8994, 0.9001)
    assert not is_worse(0.90004, 0.90001)
    assert not is_worse(0.95, 0.90)
