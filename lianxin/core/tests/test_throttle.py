"""Rate limits: the client address behind trusted proxies, and an atomic count across processes."""

from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory

from lianxin.core import throttle
from lianxin.core.models import RateCounter
from lianxin.tests.concurrency import run_concurrently, run_on_sqlite_file

KEY = "0" * 64
LIMIT = 5
WINDOW = 900


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


# ---- the client address -------------------------------------------------------------------------


def test_without_trusted_proxies_the_socket_address_is_the_client(settings):
    settings.LIANXIN_TRUSTED_PROXY_HOPS = 0
    settings.LIANXIN_TRUST_X_FORWARDED_FOR = False
    assert throttle.client_ip(request_from("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


def test_behind_one_proxy_the_rightmost_entry_is_the_client_not_what_the_client_wrote(settings):
    # given one trusted proxy, and a client that sends its own X-Forwarded-For naming a victim
    settings.LIANXIN_TRUSTED_PROXY_HOPS = 1
    request = request_from("10.0.0.1", "198.51.100.7, 203.0.113.9")
    # then the address the proxy appended is used, never the client's own entry
    assert throttle.client_ip(request) == "203.0.113.9"


def test_the_old_flag_still_means_one_trusted_proxy(settings):
    settings.LIANXIN_TRUSTED_PROXY_HOPS = 0
    settings.LIANXIN_TRUST_X_FORWARDED_FOR = True
    assert throttle.client_ip(request_from("10.0.0.1", "198.51.100.7, 203.0.113.9")) == (
        "203.0.113.9"
    )


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    settings.LIANXIN_TRUSTED_PROXY_HOPS = 2
    request = request_from("10.0.0.2", "198.51.100.7, 203.0.113.9, 10.0.0.1")
    assert throttle.client_ip(request) == "203.0.113.9"


def test_a_forwarded_entry_that_is_no_address_falls_back_to_the_socket(settings):
    settings.LIANXIN_TRUSTED_PROXY_HOPS = 1
    assert throttle.client_ip(request_from("10.0.0.1", "198.51.100.7, not-an-ip")) == "10.0.0.1"
    assert throttle.client_ip(request_from("10.0.0.1", "")) == "10.0.0.1"


# ---- counting -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_hit_lets_exactly_the_limit_through_and_a_new_window_starts_again():
    from datetime import timedelta

    from lianxin.core import clock

    start = clock.now()
    with clock.frozen_at(start):
        results = [throttle.hit(KEY, limit=LIMIT, window_seconds=WINDOW) for _ in range(8)]
        assert throttle.is_blocked(KEY, limit=LIMIT, window_seconds=WINDOW)
    assert results == [True] * LIMIT + [False] * 3
    with clock.frozen_at(start + timedelta(seconds=WINDOW)):
        assert throttle.hit(KEY, limit=LIMIT, window_seconds=WINDOW)
        assert RateCounter.objects.get(key=KEY).count == 1


@pytest.mark.django_db
def test_reserve_charges_every_limit_or_none_and_release_gives_the_hits_back():
    roomy = throttle.Limit("a" * 64, 10, WINDOW)
    tight = throttle.Limit("b" * 64, 1, WINDOW)
    assert throttle.reserve([roomy, tight])
    # when the tight limit is used up, the roomy one is not charged for the refused attempt
    assert not throttle.reserve([roomy, tight])
    assert RateCounter.objects.get(key=roomy.key).count == 1
    throttle.release_all([roomy, tight])
    assert RateCounter.objects.get(key=roomy.key).count == 0
    assert throttle.reserve([roomy, tight])


@pytest.mark.django_db(transaction=True)
def test_twelve_concurrent_connections_let_exactly_the_limit_through():
    """Real concurrent connections (threads, one connection each); SQLite's in-memory test
    database cannot take concurrent writers, so there the next test uses a file and processes."""
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")
    results = run_concurrently(
        lambda: throttle.hit(KEY, limit=LIMIT, window_seconds=WINDOW), threads=12
    )
    assert sorted(results) == [False] * 7 + [True] * LIMIT
    assert RateCounter.objects.get(key=KEY).count == LIMIT


CONCURRENT_PROCESSES = r"""
import multiprocessing as mp
import django
django.setup()
from django.db import connection, connections
from lianxin.core import throttle
from lianxin.core.models import RateCounter

with connection.schema_editor() as editor:
    editor.create_model(RateCounter)
connections.close_all()

def attempt(barrier, results):
    barrier.wait()
    results.put(throttle.hit("k" * 64, limit=5, window_seconds=900))
    connections.close_all()

ctx = mp.get_context("fork")
barrier, results = ctx.Barrier(12), ctx.Queue()
procs = [ctx.Process(target=attempt, args=(barrier, results)) for _ in range(12)]
for p in procs:
    p.start()
outcomes = [results.get(timeout=60) for _ in procs]
for p in procs:
    p.join()
print(sum(outcomes), RateCounter.objects.get().count)
"""


def test_twelve_processes_on_one_sqlite_file_let_exactly_the_limit_through(tmp_path: Path):
    # given a SQLite file database as the project configures it (WAL, a busy timeout)
    # when 12 processes count a hit at the same moment
    stdout = run_on_sqlite_file(CONCURRENT_PROCESSES, tmp_path)
    # then exactly 5 were let through, and the counter says so
    assert stdout.split() == ["5", "5"]
