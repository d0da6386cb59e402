"""Keyset cursors: an opaque token for "the rows after this one" in an order of (sort key, id).

A page number counts rows from the top, so a row arriving above shifts every later page by one
(the same row shows on two pages of one walk); a cursor names the last row seen by its sort
value and id, and the next page starts strictly after it, whatever arrives meanwhile.
The token is base64 of a small JSON object; clients treat it as opaque.
"""

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from lianxin.core.errors import InvalidInput

MAX_CURSOR_LENGTH = 400


def encode_cursor(order: tuple[str, ...], row: Any) -> str:
    """The token for the rows after `row` in `order` (a sort key, then "-id" or "id")."""
    value = getattr(row, order[0].lstrip("-"))
    kind = "dt" if isinstance(value, datetime) else "s"
    value = value.isoformat() if isinstance(value, datetime) else value
    payload = {"o": list(order), "k": kind, "v": value, "id": row.pk}
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str, order: tuple[str, ...]) -> tuple[Any, int]:
    """(sort value, id) of the row a token names; refused when broken or made for another order."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = json.loads(raw)
        if payload["o"] != list(order) or not isinstance(payload["id"], int):
            raise ValueError("another order")
        value = payload["v"]
        if payload["k"] == "dt":
            value = datetime.fromisoformat(value)
        elif not isinstance(value, str | int):
            raise ValueError("not a sort value")
        return value, payload["id"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise InvalidInput(
            _("The cursor is not valid: start again from the first page, with the same sort."),
            code="api.invalid_cursor",
        ) from None


def after_q(order: tuple[str, ...], value: Any, pk: int) -> Q:
    """The rows strictly after (value, pk) in `order`: beyond the value, or equal to it and beyond
    the id (the id breaks ties, so no two rows share a place)."""
    field = order[0].lstrip("-")
    beyond = f"{field}__lt" if order[0].startswith("-") else f"{field}__gt"
    beyond_id = "pk__lt" if order[1].startswith("-") else "pk__gt"
    return Q(**{beyond: value}) | Q(**{field: value, beyond_id: pk})
