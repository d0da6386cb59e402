"""Mainland phone numbers: a mobile (1[3-9] and 9 digits) or a landline with its area code.

Numbers are kept as digits: 13812345678 for a mobile, 0391-2345678 for a landline (area codes are
3 digits when they start 01/02 — Beijing, Tianjin, the big cities — and 4 digits otherwise).
"""

import re

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{9,11}$")
_SEPARATORS = re.compile(r"[\s\-()（）]")

# The same rule for numbers already in the ledger, in the regex subset both SQLite (Python's re) and
# PostgreSQL understand; an optional +86 and a space or dash after the area code are tolerated.
STORED_PHONE_REGEX = r"^(\+?86[- ]?)?(1[3-9][0-9]{9}|0[0-9]{2,3}[- ]?[0-9]{7,8})$"


def normalise_phone(value: str) -> str:
    """The number in its stored form; ValueError when it is neither a mobile nor a full landline."""
    digits = _SEPARATORS.sub("", value)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if _MOBILE.match(digits):
        return digits
    if _LANDLINE.match(digits):
        area = 3 if digits[1] in "12" else 4
        local = digits[area:]
        if 7 <= len(local) <= 8:
            return f"{digits[:area]}-{local}"
    raise ValueError(value)
