"""Receipt codes for anonymous workers: shown once, stored only as a keyed hash, checked with throttling.

A code is five groups of four Crockford base-32 characters (no I, L, O, U: nothing to misread on a
phone call): the first two groups are the public lookup (40 bits), the last three the secret
(60 bits) that only the worker holds. Guessing is hopeless with throttling on top.

The code is random, not a password a person chose, so a slow hash buys nothing against guessing:
it is stored as HMAC-SHA256 keyed by SECRET_KEY (`salted_hmac`), which takes microseconds instead
of the 0.4 s of PBKDF2 that used to run while the registering transaction held the write lock.
Receipts stored earlier as PBKDF2 (`pbkdf2_sha256$…`) still open their case, and are re-stored as
HMAC the first time they do. Rotating SECRET_KEY: keep the old one in SECRET_KEY_FALLBACKS.
"""

import secrets
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from lianxin.cases.models import Case
from lianxin.core import throttle
from lianxin.intake.models import Receipt

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUP = 4
# Wrong receipts: this many tries per receipt lookup in the window, and more per client address
# (a factory's workers share one address: one worker's typos must not lock out the others).
MAX_FAILURES = 5
MAX_CLIENT_FAILURES = 30
FAILURE_WINDOW_SECONDS = 15 * 60
HMAC_PREFIX = "hmac-sha256$"
_HMAC_SALT = "lianxin.intake.receipt"


def _chars(n: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


def _group(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise(code: str) -> str:
    """What a worker typed, read leniently: case, spaces, dashes, and O/I/L for 0/1/1."""
    table = str.maketrans({"O": "0", "I": "1", "L": "1"})
    return "".join(ch for ch in code.upper().translate(table) if ch in ALPHABET)


def receipt_hash(lookup: str, secret: str, *, key: str | None = None) -> str:
    """The stored form of a receipt: HMAC-SHA256 of lookup and secret under SECRET_KEY (or `key`)."""
    digest = salted_hmac(_HMAC_SALT, f"{lookup}:{secret}", secret=key, algorithm="sha256")
    return HMAC_PREFIX + digest.hexdigest()


def receipt_matches(stored: str, lookup: str, secret: str) -> bool:
    """Whether `secret` is the receipt's secret: HMAC under the current or a fallback key, in
    constant time; a hash stored before HMAC (PBKDF2, a password hasher's format) the old way."""
    if not stored.startswith(HMAC_PREFIX):
        return check_password(secret, stored)
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(stored, receipt_hash(lookup, secret, key=k)) for k in keys)


@dataclass(frozen=True)
class DrawnReceipt:
    """A receipt's code and the keyed hash that is stored of it, worked out before the transaction
    that registers the case, so that its write lock is held for the writes alone."""

    lookup: str
    secret: str
    secret_hash: str


def draw_receipt() -> DrawnReceipt:
    lookup, secret = _chars(2 * GROUP), _chars(3 * GROUP)
    return DrawnReceipt(lookup, secret, receipt_hash(lookup, secret))


@transaction.atomic
def issue_receipt(*, case: Case, drawn: DrawnReceipt | None = None) -> str:
    """Store the case's receipt and return its code; the code is never stored and cannot be shown
    again. Channels draw the receipt before their transaction and pass it in."""
    drawn = drawn or draw_receipt()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                Receipt.objects.create(
                    case=case, lookup=drawn.lookup, secret_hash=drawn.secret_hash
                )
        except IntegrityError:
            drawn = draw_receipt()  # a lookup collision (1 in 2**40): draw again
            continue
        return _group(drawn.lookup + drawn.secret)
    raise RuntimeError("could not draw a unique receipt lookup")


class ReceiptThrottled(Exception):
    """Too many wrong receipts from this client or for this lookup: try again later."""


def case_for_receipt(*, code: str, client: str) -> Case | None:
    """The case the code opens, or None if it is wrong; raises ReceiptThrottled after repeated failures.

    Failures are counted per client address and per lookup, so neither one client guessing many
    codes nor many clients guessing one code gets far.
    """
    raw = normalise(code)
    lookup, secret = raw[: 2 * GROUP], raw[2 * GROUP :]
    limits = _failure_limits(client, lookup)
    if not throttle.reserve(limits):  # counted before the check, so concurrent tries cannot pass
        raise ReceiptThrottled
    receipt = Receipt.objects.select_related("case").filter(lookup=lookup).first()
    # Check a hash even when the lookup is unknown, so timing does not tell which lookups exist.
    valid = receipt_matches(receipt.secret_hash if receipt else _dummy_hash(), lookup, secret)
    if receipt is not None and valid and len(secret) == 3 * GROUP:
        if not receipt.secret_hash.startswith(HMAC_PREFIX):  # an old PBKDF2 receipt: re-store
            Receipt.objects.filter(pk=receipt.pk).update(secret_hash=receipt_hash(lookup, secret))
        throttle.release_all(limits)  # only wrong codes count
        return receipt.case
    return None


def _failure_limits(client: str, lookup: str) -> list[throttle.Limit]:
    window = FAILURE_WINDOW_SECONDS
    return [
        throttle.Limit(throttle.throttle_key("receipt-lookup", lookup), MAX_FAILURES, window),
        throttle.Limit(
            throttle.throttle_key("receipt-client", client), MAX_CLIENT_FAILURES, window
        ),
    ]


@cache
def _dummy_hash() -> str:
    return receipt_hash("not-a", "receipt")
