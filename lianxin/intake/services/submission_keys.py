"""One case per worker-page form, and the receipt shown once, on the page the submission leads to.

The form carries a random key (a hidden field). Submitting claims the key in the same transaction
that registers the case, so a second submit with the same key — a double tap, a resubmission after
a reload — finds the first case instead of making another; two at once collide on the key's unique
index and the later one finds the first. The answer to a submission is a redirect (post/redirect/
get): the receipt page reads the key from a short-lived cookie and shows the receipt code once.
Until then the code is kept sealed under the key (XOR with an HMAC-SHA-512 stream keyed by the
site's secret and the key), which only the worker's browser holds, and wiped as it is shown or
after SEAL_SECONDS. Nothing here names the worker: a key hash, a case and a time.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction

from lianxin.cases.models import Case
from lianxin.core import clock
from lianxin.intake.models import SubmissionKey

KEY_BYTES = 32
SEAL_SECONDS = 30 * 60  # how long a receipt not yet shown can still be shown


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _stream(key: str, length: int) -> bytes:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"receipt-seal:{key}".encode(), "sha512")
    stream = digest.digest()
    if length > len(stream):
        raise ValueError("a receipt code is longer than the seal")
    return stream[:length]


def seal(receipt: str, key: str) -> str:
    data = receipt.encode()
    return bytes(a ^ b for a, b in zip(data, _stream(key, len(data)), strict=True)).hex()


def unseal(sealed: str, key: str) -> str:
    data = bytes.fromhex(sealed)
    return bytes(a ^ b for a, b in zip(data, _stream(key, len(data)), strict=True)).decode()


def claim(key: str) -> SubmissionKey:
    """Take the key inside the registering transaction; IntegrityError when it is taken already."""
    return SubmissionKey.objects.create(key_hash=_hash(key), created_at=clock.now())


def keep(claimed: SubmissionKey, *, key: str, case: Case, receipt: str) -> None:
    """Tie the claimed key to its case, with the receipt code sealed under the key."""
    claimed.case, claimed.sealed_receipt = case, seal(receipt, key)
    claimed.save(update_fields=["case", "sealed_receipt"])


def case_for(key: str) -> Case | None:
    """The case an earlier submission with this key made, if any."""
    row = SubmissionKey.objects.select_related("case").filter(key_hash=_hash(key)).first()
    return row.case if row is not None else None


@transaction.atomic
def take_receipt(*, key: str) -> tuple[Case, str] | None:
    """The case of this key and its receipt code the first time (then wiped); "" afterwards."""
    row = (
        SubmissionKey.objects.select_for_update()
        .select_related("case")
        .filter(key_hash=_hash(key), case__isnull=False)
        .first()
    )
    if row is None or row.case is None:
        return None
    fresh = row.created_at >= clock.now() - timedelta(seconds=SEAL_SECONDS)
    receipt = unseal(row.sealed_receipt, key) if row.sealed_receipt and fresh else ""
    if row.sealed_receipt:
        row.sealed_receipt = ""
        row.save(update_fields=["sealed_receipt"])
    return row.case, receipt
