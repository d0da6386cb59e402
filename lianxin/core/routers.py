"""Reads from a PostgreSQL replica, for the pages that only read (LIANXIN_REPLICA_URL).

Only what runs inside `reading_from_replica()` — the ledger's list and the cockpit's pages, by their
views' `replica_reads` decorator — reads from the replica; everything else, and every write, stays
on the primary, so a worker never misses the case they just registered on the page that confirms
it. A replica lags by a fraction of a second: fine for a list or a figure, not for a decision.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings

REPLICA = "replica"
_reading: ContextVar[bool] = ContextVar("lianxin_replica_reads", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_reads(view: Callable[..., Any]) -> Callable[..., Any]:
    """A view whose reads (on a GET) go to the replica when one is configured."""

    @wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.method not in ("GET", "HEAD") or REPLICA not in settings.DATABASES:
            return view(request, *args, **kwargs)
        with reading_from_replica():
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    """The replica for reads inside `reading_from_replica()`; the primary for the rest."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return REPLICA if _reading.get() else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == "default"
