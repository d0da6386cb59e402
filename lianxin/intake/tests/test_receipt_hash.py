"""Receipt hashes: a keyed HMAC that holds no lock for long; old PBKDF2 receipts still open their case."""

import hashlib

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection

from lianxin.cases.models import Case
from lianxin.cases.tests import conftest as cases_conftest
from lianxin.cases.tests.factories import make_case
from lianxin.intake.models import Receipt
from lianxin.intake.services import worker
from lianxin.intake.services.receipts import (
    HMAC_PREFIX,
    case_for_receipt,
    issue_receipt,
    normalise,
    receipt_matches,
)

world = cases_conftest.world  # the shared small city (a fixture)
CLIENT = "203.0.113.51"


@pytest.fixture
def case(world) -> Case:
    return make_case(
        actor=world.chair, org=world.ent_a1, is_anonymous=True, worker_name="", worker_phone=""
    )


@pytest.fixture(autouse=True)
def production_hashers(settings):
    """Django's default hashers, PBKDF2 first (the suite's own are fast MD5)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@pytest.fixture
def pbkdf2_calls(monkeypatch) -> list[bool]:
    """Every PBKDF2 computation, recorded as whether it ran inside a transaction."""
    calls: list[bool] = []
    real = hashlib.pbkdf2_hmac

    def spy(*args, **kwargs):
        calls.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", spy)
    return calls


def test_submitting_a_concern_runs_no_slow_hash_inside_its_transaction(
    world, pbkdf2_calls, tmp_path, settings
):
    # given a worker page submission (the transaction holds SQLite's write lock)
    settings.MEDIA_ROOT = tmp_path
    # when the anonymous concern is filed with its receipt
    result = worker.submit_concern(
        client=CLIENT, enterprise=world.ent_a1, description="宿舍热水器坏了两周", is_anonymous=True
    )
    # then no PBKDF2 ran while the transaction was open, and the receipt opens the case
    assert not any(pbkdf2_calls)
    assert case_for_receipt(code=result.receipt, client=CLIENT) == result.case


def test_a_new_receipt_is_an_hmac_that_opens_its_case_and_nothing_with_another_key(case, settings):
    code = issue_receipt(case=case)
    stored = Receipt.objects.get(case=case).secret_hash
    lookup, secret = normalise(code)[:8], normalise(code)[8:]
    assert stored.startswith(HMAC_PREFIX)
    assert receipt_matches(stored, lookup, secret)
    assert not receipt_matches(stored, lookup, secret[::-1])
    assert not receipt_matches(stored, "00000000", secret)  # bound to its lookup too
    settings.SECRET_KEY = "another-key-" * 5
    assert not receipt_matches(stored, lookup, secret)


def test_a_receipt_issued_before_a_key_rotation_opens_with_the_old_key_as_fallback(case, settings):
    old_key = settings.SECRET_KEY
    code = issue_receipt(case=case)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "rotated-key-" * 5, [old_key]
    assert case_for_receipt(code=code, client=CLIENT) == case


def test_an_old_pbkdf2_receipt_still_opens_its_case_and_is_stored_again_as_hmac(case):
    # given a receipt stored the old way (PBKDF2) before the change
    lookup, secret = "7K2MQ9DX", "4HTPW8RA3NCF"
    Receipt.objects.create(
        case=case, lookup=lookup, secret_hash=make_password(secret, hasher="pbkdf2_sha256")
    )
    # when the worker types it
    opened = case_for_receipt(code=f"{lookup}{secret}", client=CLIENT)
    # then it opens the case, and the stored hash is now the keyed one
    assert opened == case
    stored = Receipt.objects.get(case=case).secret_hash
    assert stored.startswith(HMAC_PREFIX)
    assert case_for_receipt(code=f"{lookup}{secret}", client=CLIENT) == case


def test_an_old_pbkdf2_receipt_with_a_wrong_secret_opens_nothing_and_stays_as_it_was(case):
    lookup, secret = "7K2MQ9DX", "4HTPW8RA3NCF"
    old = make_password(secret, hasher="pbkdf2_sha256")
    Receipt.objects.create(case=case, lookup=lookup, secret_hash=old)
    assert case_for_receipt(code=f"{lookup}0000{secret[4:]}", client=CLIENT) is None
    assert Receipt.objects.get(case=case).secret_hash == old


@pytest.fixture
def hash_calls(monkeypatch) -> list[bool]:
    """Every receipt hash computed, recorded as whether a transaction was open."""
    from lianxin.intake.services import receipts

    calls: list[bool] = []
    real = receipts.receipt_hash

    def spy(*args, **kwargs):
        calls.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(receipts, "receipt_hash", spy)
    return calls


# A transactional test: inside the usual test transaction every moment would look "in a transaction".
@pytest.mark.django_db(transaction=True)
def test_the_worker_page_and_the_hotline_hash_the_receipt_before_their_transaction(
    demo_orgs, hash_calls, tmp_path, settings
):
    from lianxin.cases.models import Category
    from lianxin.intake.services import hotline
    from lianxin.orgs.models import Org, OrgKind
    from lianxin.orgs.tests.factories import with_role

    settings.MEDIA_ROOT = tmp_path
    enterprise = Org.objects.filter(kind=OrgKind.ENTERPRISE).first()
    # when a worker files an anonymous concern and an operator takes an anonymous call
    filed = worker.submit_concern(
        client=CLIENT, enterprise=enterprise, description="宿舍热水器坏了两周", is_anonymous=True
    )
    operator = with_role("staff", enterprise.parent)
    call, code = hotline.take_call(
        actor=operator, caller_phone="", enterprise=enterprise,
        category=Category.objects.get(key="other"), urgency="ordinary",
        description="车间太吵", anonymous=True,
    )  # fmt: skip
    # then each receipt was hashed once, with no transaction (and so no write lock) open
    assert hash_calls == [False, False]
    assert case_for_receipt(code=filed.receipt, client=CLIENT) == filed.case
    assert case_for_receipt(code=code, client=CLIENT) == call
