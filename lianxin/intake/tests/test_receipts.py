"""Receipt codes: shown once, stored as a slow hash, read leniently, and wrong ones throttled."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from lianxin.cases.models import Case
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.core.models import RateCounter
from lianxin.intake.models import Receipt
from lianxin.intake.services.receipts import (
    FAILURE_WINDOW_SECONDS,
    MAX_FAILURES,
    ReceiptThrottled,
    case_for_receipt,
    issue_receipt,
    normalise,
)

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$")
CLIENT = "203.0.113.50"


@pytest.fixture
def case(world) -> Case:
    return make_case(
        actor=world.chair, org=world.ent_a1, is_anonymous=True, worker_name="", worker_phone=""
    )


def wrong(code: str) -> str:
    """The same lookup with a different secret: the guess an attacker who saw half a code makes."""
    last = "0000" if not code.endswith("0000") else "1111"
    return code[:-4] + last


# ---- the service --------------------------------------------------------------------------------


def test_a_receipt_is_five_readable_groups_and_only_a_keyed_hash_is_stored(case):
    code = issue_receipt(case=case)
    assert CODE.match(code)
    receipt = Receipt.objects.get(case=case)
    secret = normalise(code)[8:]
    assert receipt.lookup == normalise(code)[:8]
    assert secret not in receipt.secret_hash
    assert re.fullmatch(r"hmac-sha256\$[0-9a-f]{64}", receipt.secret_hash)


def test_a_receipt_is_read_leniently_but_a_wrong_secret_opens_nothing(case):
    code = issue_receipt(case=case)
    sloppy = " " + code.lower().replace("-", " ").replace("0", "o") + " "
    assert case_for_receipt(code=sloppy, client=CLIENT) == case
    assert case_for_receipt(code=wrong(code), client=CLIENT) is None
    assert case_for_receipt(code=code[:10], client=CLIENT) is None


def test_after_max_failures_even_the_right_code_is_refused_until_the_window_passes(case):
    code = issue_receipt(case=case)
    start = clock.now()
    with clock.frozen_at(start):
        for _ in range(MAX_FAILURES):
            assert case_for_receipt(code=wrong(code), client=CLIENT) is None
        with pytest.raises(ReceiptThrottled):
            case_for_receipt(code=code, client=CLIENT)
    with clock.frozen_at(start + timedelta(seconds=FAILURE_WINDOW_SECONDS + 1)):
        assert case_for_receipt(code=code, client=CLIENT) == case


def test_many_clients_guessing_one_lookup_are_throttled_together(case):
    code = issue_receipt(case=case)
    for i in range(MAX_FAILURES):
        case_for_receipt(code=wrong(code), client=f"198.51.100.{i}")
    with pytest.raises(ReceiptThrottled):
        case_for_receipt(code=code, client="192.0.2.200")


def test_throttle_counters_hold_keyed_hashes_not_addresses(case):
    code = issue_receipt(case=case)
    case_for_receipt(code=wrong(code), client=CLIENT)
    keys = list(RateCounter.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert all(re.fullmatch(r"[0-9a-f]{64}", k) for k in keys)
    assert not any(CLIENT in k or normalise(code)[:8] in k for k in keys)


# ---- through the status page --------------------------------------------------------------------


def test_the_status_page_refuses_a_wrong_receipt_with_429_after_a_few_tries(client, case):
    # given a valid receipt and a client that has typed MAX_FAILURES wrong ones
    code = issue_receipt(case=case)
    url = reverse("worker:status")
    start = clock.now()
    with clock.frozen_at(start):
        for _ in range(MAX_FAILURES):
            response = client.post(url, {"code": wrong(code)}, REMOTE_ADDR=CLIENT)
            assert response.status_code == 200
            assert "回执码不正确" in response.content.decode()
        # when the right code comes next, then it is refused all the same, in Chinese
        response = client.post(url, {"code": code}, REMOTE_ADDR=CLIENT)
        assert response.status_code == 429
        assert "15 分钟后再试" in response.content.decode()
        assert client.get(reverse("worker:case")).status_code == 302  # nothing was opened
    # and once the window has passed, the right code opens the case
    with clock.frozen_at(start + timedelta(seconds=FAILURE_WINDOW_SECONDS + 1)):
        response = client.post(url, {"code": code}, REMOTE_ADDR=CLIENT)
        assert response.status_code == 302
        assert case.number in client.get(reverse("worker:case")).content.decode()
