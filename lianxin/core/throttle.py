"""Rate limits for public pages: a fixed window per key, counted in the database.

Every count is one conditional UPDATE (`count = count + 1 WHERE count < limit`), so concurrent
requests on any number of processes, on SQLite and PostgreSQL alike, let exactly `limit` through.
"""

import hashlib
import hmac
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import F

from lianxin.core import clock
from lianxin.core.models import RateCounter


def throttle_key(scope: str, value: str) -> str:
    """A keyed hash of e.g. an IP address: the raw value is never stored."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{value}".encode(), hashlib.sha256)
    return digest.hexdigest()


def _window_start(window_seconds: int) -> datetime:
    """The current window's start, floored to the window: a counter's times then say nothing
    about when its first hit came (which could be matched to an anonymous case's registration)."""
    epoch = int(clock.now().timestamp())
    return datetime.fromtimestamp(epoch - epoch % window_seconds, tz=UTC)


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit; False (and nothing counted) when the key has used `limit` hits this window."""
    start = _window_start(window_seconds)
    counters = RateCounter.objects.filter(key=key)
    RateCounter.objects.bulk_create(
        [RateCounter(key=key, window_start=start, count=0)], ignore_conflicts=True
    )
    counters.filter(window_start__lt=start).update(window_start=start, count=0)
    taken = counters.filter(window_start=start, count__lt=limit).update(count=F("count") + 1)
    return taken == 1


def release(key: str, *, window_seconds: int) -> None:
    """Give back one hit of this window: the attempt it reserved turned out to be allowed."""
    RateCounter.objects.filter(
        key=key, window_start=_window_start(window_seconds), count__gt=0
    ).update(count=F("count") - 1)


def is_blocked(key: str, *, limit: int, window_seconds: int) -> bool:
    """Whether the key is over its limit now, without counting a hit."""
    counter = RateCounter.objects.filter(key=key).first()
    if counter is None:
        return False
    fresh = counter.window_start == _window_start(window_seconds)
    return fresh and counter.count >= limit


@dataclass(frozen=True)
class Limit:
    """One counter an attempt is charged to: `limit` hits per `window_seconds`."""

    key: str
    limit: int
    window_seconds: int


def reserve(limits: Sequence[Limit]) -> bool:
    """Charge one hit to every limit, or to none: False when any of them is used up.

    Reserving before the attempt (not counting after it) is what keeps concurrent attempts
    from all passing a check that each sees under the limit."""
    taken: list[Limit] = []
    for limit in limits:
        if not hit(limit.key, limit=limit.limit, window_seconds=limit.window_seconds):
            release_all(taken)
            return False
        taken.append(limit)
    return True


def release_all(limits: Sequence[Limit]) -> None:
    """Give back the hits `reserve` charged: the attempt succeeded, so it was no failure."""
    for limit in limits:
        release(limit.key, window_seconds=limit.window_seconds)


def trusted_proxy_hops() -> int:
    """How many reverse proxies in front append to X-Forwarded-For (0: use the socket's address).

    LIANXIN_TRUSTED_PROXY_HOPS sets it; the older LIANXIN_TRUST_X_FORWARDED_FOR means one proxy."""
    hops = getattr(settings, "LIANXIN_TRUSTED_PROXY_HOPS", 0) or 0
    if not hops and getattr(settings, "LIANXIN_TRUST_X_FORWARDED_FOR", False):
        return 1
    return max(int(hops), 0)


def client_ip(request) -> str:
    """The client's address as the trusted proxies in front report it.

    Each proxy appends the address it was contacted from, so the client is the `hops`-th entry
    from the right; anything to its left was written by the client and is never believed."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = trusted_proxy_hops()
    if not hops:
        return remote
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [a for a in chain if a]
    if not chain:
        return remote
    candidate = chain[-hops] if len(chain) >= hops else chain[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
