import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_topic_cache():
    """Topics are cached per user and day; each test starts without."""
    cache.clear()
    yield
    cache.clear()
