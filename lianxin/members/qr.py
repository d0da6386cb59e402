"""QR codes: a union's join poster and a member's card, and the signed token a card carries.

A card's QR holds a signed token (Django's signing, under SECRET_KEY): the membership's id and card
number, nothing about the person. A station scans it and opens `/members/check/<token>/`, which
checks the signature and then the registry (the membership must still be active), so a card is
valid exactly while the membership is.
"""

import io

import segno
from django.core import signing

CARD_SALT = "lianxin.members.card"


def svg(data: str, *, scale: int = 4, title: str = "") -> bytes:
    """The QR code of `data` as a standalone SVG (error correction M, a quiet zone of 4)."""
    buffer = io.BytesIO()
    code = segno.make(data, error="m", micro=False)
    code.save(buffer, kind="svg", scale=scale, title=title or None, xmldecl=False, svgns=True)
    return buffer.getvalue()


def png(data: str, *, scale: int = 10) -> bytes:
    """The QR code of `data` as a PNG, large enough to print on a poster."""
    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(buffer, kind="png", scale=scale)
    return buffer.getvalue()


def card_token(membership_id: int, card_number: str) -> str:
    """The signed token a member's card QR holds."""
    return signing.dumps({"m": membership_id, "c": card_number}, salt=CARD_SALT, compress=True)


def read_card_token(token: str) -> tuple[int, str] | None:
    """(membership id, card number) of a genuine token; None for a forged or damaged one."""
    try:
        data = signing.loads(token, salt=CARD_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    membership_id, card = data.get("m"), data.get("c")
    if not isinstance(membership_id, int) or not isinstance(card, str):
        return None
    return membership_id, card
