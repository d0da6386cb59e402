"""Wrong receipts behind a proxy, from a shared factory address, and many at the same moment."""

from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from lianxin.cases.models import Category
from lianxin.cases.taxonomy import seed_categories
from lianxin.cases.tests.factories import make_case
from lianxin.intake.services.receipts import (
    MAX_CLIENT_FAILURES,
    MAX_FAILURES,
    ReceiptThrottled,
    case_for_receipt,
    issue_receipt,
)
from lianxin.tests.concurrency import run_concurrently, run_on_sqlite_file

PROXY = "10.0.0.1"
ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.20"
FACTORY = "192.0.2.10"


@pytest.fixture
def code(world) -> str:
    case = make_case(
        actor=world.chair, org=world.ent_a1, is_anonymous=True, worker_name="", worker_phone=""
    )
    return issue_receipt(case=case)


def wrong(code: str) -> str:
    return code[:-4] + ("0000" if not code.endswith("0000") else "1111")


def random_code(i: int) -> str:
    return f"{i:04d}-AAAA-BBBB-CCCC-DDDD"


def test_behind_a_proxy_a_forged_forwarded_for_does_not_buy_more_guesses(client, settings, db):
    # given one trusted proxy and an attacker who writes a new address into every request
    settings.LIANXIN_TRUST_X_FORWARDED_FOR = True
    statuses = []
    for i in range(40):
        forwarded = f"198.51.100.{i}, {ATTACKER}"
        response = client.post(
            reverse("worker:status"),
            {"code": random_code(i)},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        statuses.append(response.status_code)
    # then the attacker's real address is counted, and guesses stop at the per-address limit
    assert statuses == [200] * MAX_CLIENT_FAILURES + [429] * (40 - MAX_CLIENT_FAILURES)


def test_a_forged_forwarded_for_cannot_lock_out_the_address_it_names(client, settings, code):
    settings.LIANXIN_TRUSTED_PROXY_HOPS = 1
    for i in range(MAX_CLIENT_FAILURES + 5):
        client.post(
            reverse("worker:status"),
            {"code": random_code(i)},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"{VICTIM}, {ATTACKER}",
        )
    # when the victim, behind the same proxy, types their right code
    response = client.post(
        reverse("worker:status"), {"code": code}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VICTIM
    )
    # then it opens their case
    assert response.status_code == 302


def test_one_workers_typos_do_not_lock_out_the_factory_behind_the_same_address(world, code):
    # given a worker at the factory who mistyped their own receipt until it was throttled
    other = issue_receipt(
        case=make_case(actor=world.chair, org=world.ent_a1, is_anonymous=True, worker_name="")
    )
    for _ in range(MAX_FAILURES):
        assert case_for_receipt(code=wrong(other), client=FACTORY) is None
    with pytest.raises(ReceiptThrottled):
        case_for_receipt(code=other, client=FACTORY)
    # when a colleague at the same address types their right code, then it opens their case
    assert case_for_receipt(code=code, client=FACTORY) is not None


def test_a_right_code_does_not_count_as_a_failure(code):
    for _ in range(MAX_FAILURES + 3):
        assert case_for_receipt(code=code, client=FACTORY) is not None


@pytest.mark.django_db(transaction=True)
def test_twelve_concurrent_wrong_codes_are_checked_only_up_to_the_limit(world):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")
    seed_categories(Category)  # a transactional test before this one emptied every table
    case = make_case(actor=world.chair, org=world.ent_a1, is_anonymous=True, worker_name="")
    guess = wrong(issue_receipt(case=case))
    outcomes = run_concurrently(lambda: case_for_receipt(code=guess, client=ATTACKER), threads=12)
    assert outcomes.count(None) == MAX_FAILURES  # checked, and wrong
    throttled = [o for o in outcomes if isinstance(o, ReceiptThrottled)]
    assert len(throttled) == 12 - MAX_FAILURES


CONCURRENT_PROCESSES = r"""
import multiprocessing as mp
import django
django.setup()
from django.db import connection, connections
from lianxin.cases.models import Case
from lianxin.core.models import RateCounter
from lianxin.intake.models import Receipt
from lianxin.intake.services.receipts import ReceiptThrottled, case_for_receipt

with connection.schema_editor() as editor:
    for model in (RateCounter, Case, Receipt):
        editor.create_model(model)
connections.close_all()

def attempt(barrier, results):
    barrier.wait()
    try:
        results.put("wrong" if case_for_receipt(code="AAAA-BBBB-CCCC-DDDD-EEEE", client="192.0.2.1") is None else "opened")
    except ReceiptThrottled:
        results.put("throttled")
    except Exception as error:
        results.put(repr(error))
    connections.close_all()

ctx = mp.get_context("fork")
barrier, results = ctx.Barrier(12), ctx.Queue()
procs = [ctx.Process(target=attempt, args=(barrier, results)) for _ in range(12)]
for p in procs:
    p.start()
outcomes = [results.get(timeout=30) for _ in procs]
for p in procs:
    p.join()
print(outcomes.count("wrong"), outcomes.count("throttled"), sorted(set(outcomes)))
"""


def test_twelve_processes_guessing_at_once_on_sqlite_get_only_the_limit_checked(tmp_path: Path):
    stdout = run_on_sqlite_file(CONCURRENT_PROCESSES, tmp_path)
    assert stdout.split()[:2] == [str(MAX_FAILURES), str(12 - MAX_FAILURES)], stdout
