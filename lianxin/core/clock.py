"""The one place services read the time from.

Replaying history (the demo's year of cases) or testing a deadline runs services under `frozen_at(t)`,
so journal events, deadlines and timestamps all agree with each other.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

_frozen: ContextVar[datetime | None] = ContextVar("lianxin_frozen_now", default=None)


def now() -> datetime:
    return _frozen.get() or timezone.now()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[datetime]:
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs an aware datetime")
    token = _frozen.set(moment)
    try:
        yield moment
    finally:
        _frozen.reset(token)
