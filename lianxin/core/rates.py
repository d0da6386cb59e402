"""Request rates of API clients: a token bucket per client in Django's cache (GCRA).

A bucket holds `limit` requests and refills one every `period / limit` seconds, so a client may
burst up to `limit` and then keeps pace with the refill. Only the bucket's "theoretical arrival
time" is stored, one cache key per client, and no database row is written per request (the
public pages' throttle, core.throttle, counts failures in the database; every API read would cost
a write there). With the default local-memory cache each server process keeps its own buckets:
configure a shared cache (CACHES) for one limit across processes.
"""

import math
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds

    @classmethod
    def parse(cls, text: str | None) -> "Rate | None":
        """`"60/60"` is sixty requests a minute; empty or "off" is no limit."""
        if not text or text.strip().lower() == "off":
            return None
        limit, _slash, period = text.partition("/")
        return cls(limit=max(int(limit), 1), period=max(int(period or 60), 1))


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset: int  # seconds until the bucket is full again
    retry_after: int  # seconds until one more request is allowed (0 when allowed)


def take(key: str, rate: Rate, *, charge: bool = True) -> Decision:
    """Charge one request to `key` (or with `charge=False`, only ask whether one would pass)."""
    now = time.time()
    interval = rate.period / rate.limit
    arrival = max(float(cache.get(key, now)), now)
    after = arrival + interval
    wait = after - now - rate.period
    if wait > 0:
        reset = math.ceil(arrival - now)
        return Decision(False, rate.limit, 0, reset, max(math.ceil(wait), 1))
    if charge:
        cache.set(key, after, timeout=rate.period + 1)
    else:
        after = arrival
    remaining = math.floor((rate.period - (after - now)) / interval + 1e-9)
    return Decision(True, rate.limit, max(remaining, 0), math.ceil(after - now), 0)
