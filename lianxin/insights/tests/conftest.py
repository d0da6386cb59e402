import pytest
from django.core.cache import cache

from lianxin.insights import classifier


@pytest.fixture(autouse=True)
def _fresh_topic_cache():
    """Topics are cached per user and day; each test starts without."""
    cache.clear()
    yield
    cache.clear()


class PinnedModel(classifier.Model):
    """A model that answers the same probabilities for every text (for the pages' close case)."""

    def __init__(self, probabilities: dict[str, float]) -> None:
        super().__init__(pipeline=None, digest="pinned")  # type: ignore[arg-type]
        self.fixed = sorted(probabilities.items(), key=lambda kp: -kp[1])

    def suggest_many(self, texts):
        top, *rest = self.fixed
        return [classifier.Suggestion(top[0], top[1], rest[:2]) for _ in texts]


@pytest.fixture
def pin_model():
    """Use a model answering fixed probabilities; the model in use before comes back after."""
    before = classifier.get_model()

    def pin(probabilities: dict[str, float]) -> None:
        classifier.use(PinnedModel(probabilities))

    yield pin
    classifier.use(before)
