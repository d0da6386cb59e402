"""Personal data at rest: each person's fields encrypted under their own data key; keyed hashes for look-ups.

- The master key (`settings.LIANXIN_MEMBERS_KEY`; in development derived from SECRET_KEY) wraps each
  person's data key (Fernet: AES-128-CBC + HMAC-SHA256). It never touches a personal field itself.
- A person's name, phone, ID number and free text are encrypted under their data key. Erasure
  destroys the wrapped data key, so every copy of the ciphertext (a column, a backup) is unreadable.
- Look-ups and uniqueness use keyed hashes (HMAC-SHA256 under a key derived from the master key, one
  label per kind of value), never a plain hash: a table dump cannot be searched by guessing numbers
  without the key. Erasure blanks them too.
"""

import base64
import hashlib
import hmac
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from lianxin.core import idcard

ERASED = "⟨erased⟩"


def _master_material() -> bytes:
    configured = getattr(settings, "LIANXIN_MEMBERS_KEY", "") or ""
    source = configured or f"lianxin.members.dev-key:{settings.SECRET_KEY}"
    return hashlib.sha256(source.encode("utf-8")).digest()


@lru_cache(maxsize=4)
def _master(material: bytes) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(material))


def master() -> Fernet:
    return _master(_master_material())


def _lookup_key() -> bytes:
    return hmac.new(_master_material(), b"lianxin.members.lookup", hashlib.sha256).digest()


@lru_cache(maxsize=4)
def _keyed(material: bytes) -> "hmac.HMAC":
    # The HMAC with its key prepared once: a roster hashes ~20 values a row (copy() is ~1 µs).
    return hmac.new(hmac.new(material, b"lianxin.members.lookup", hashlib.sha256).digest(),
                    digestmod=hashlib.sha256)  # fmt: skip


def lookup_hash(kind: str, value: str, *, keyed: "hmac.HMAC | None" = None) -> str:
    """The keyed hash of a normalised value ("" for an empty one): what look-ups and uniqueness use."""
    if not value:
        return ""
    h = (keyed or _keyed(_master_material())).copy()
    h.update(f"{kind}:{value}".encode())
    return h.hexdigest()


def new_data_key() -> tuple[Fernet, str]:
    """A fresh per-person key, and its wrapped (master-encrypted) form to store."""
    key = Fernet.generate_key()
    return Fernet(key), master().encrypt(key).decode("ascii")


def data_key(wrapped: str) -> Fernet | None:
    """The person's key from its wrapped form; None once erased (or under another master key)."""
    if not wrapped:
        return None
    try:
        return Fernet(master().decrypt(wrapped.encode("ascii")))
    except InvalidToken:
        return None


def seal(key: Fernet, text: str) -> str:
    return key.encrypt(text.encode("utf-8")).decode("ascii") if text else ""


def unseal(key: Fernet | None, token: str) -> str:
    """The plain text, or ERASED when the key is gone or the token unreadable ("" stays "")."""
    if not token:
        return ""
    if key is None:
        return ERASED
    try:
        return key.decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        return ERASED


def normalise_name(name: str) -> str:
    """NFKC, surrounding and repeated spaces dropped: the form a name is sealed and hashed in."""
    return " ".join(unicodedata.normalize("NFKC", name or "").split())


def variant_digest(hex_digest: str) -> int:
    """A variant's hash as a signed 64-bit integer (its first 16 hex digits): a bigint key indexes
    far faster than 64 characters, and a rare collision only proposes a merge a person checks."""
    return int.from_bytes(bytes.fromhex(hex_digest[:16]), "big", signed=True)


def id_variants(number: str) -> set[int]:
    """The 64-bit keyed hashes of the first 17 digits with one blanked (see models.IdVariant)."""
    first17, keyed = number[:17], _keyed(_master_material())
    out = set()
    for i in range(17):
        h = keyed.copy()
        h.update(f"idv:{first17[:i]}*{first17[i + 1 :]}".encode())
        out.add(int.from_bytes(h.digest()[:8], "big", signed=True))
    return out


def id_hash(number: str) -> str:
    return lookup_hash("id", idcard.normalise_id_number(number))


def name_hash(name: str) -> str:
    return lookup_hash("name", normalise_name(name))


def phone_hash(phone: str) -> str:
    return lookup_hash("phone", phone)
