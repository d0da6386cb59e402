"""Rate limits for public pages: a fixed window per key, counted in the database."""

import hashlib
import hmac
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
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


@transaction.atomic
def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit; False when the key has already used `limit` hits in this window."""
    now = _window_start(window_seconds)
    counter, _created = RateCounter.objects.select_for_update().get_or_create(
        key=key, defaults={"window_start": now, "count": 0}
    )
    if counter.window_start != now:
        counter.window_start, counter.count = now, 0
        counter.save(update_fields=["window_start", "count"])
    if counter.count >= limit:
        return False
    RateCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    return True


def is_blocked(key: str, *, limit: int, window_seconds: int) -> bool:
    """Whether the key is over its limit now, without counting a hit."""
    counter = RateCounter.objects.filter(key=key).first()
    if counter is None:
        return False
    fresh = counter.window_start == _window_start(window_seconds)
    return fresh and counter.count >= limit


def client_ip(request) -> str:
    """The client's address as the proxy in front reports it (set LIANXIN_TRUST_X_FORWARDED_FOR)."""
    if getattr(settings, "LIANXIN_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")
