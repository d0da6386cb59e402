"""Masking of personal data: phone and ID numbers are shown whole only to those who need them."""

import re

_DIGITS = re.compile(r"\D")


def mask_phone(phone: str) -> str:
    """138****5678 for a mobile number; keep the last four digits of anything shorter or longer."""
    digits = _DIGITS.sub("", phone or "")
    if not digits:
        return ""
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_id_number(id_number: str) -> str:
    """Resident ID numbers keep the region's first 3 and the last 4 characters."""
    value = (id_number or "").strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***; keeps the surname a colleague would use."""
    value = (name or "").strip()
    if len(value) <= 1:
        return value
    return value[0] + "*" * (len(value) - 1)


# A mobile (optionally grouped 3-4-4) or a landline with its area code, not inside a longer number.
_PHONE_IN_TEXT = re.compile(r"(?<!\d)(?:1[3-9]\d(?:[ -]?\d{4}){2}|0\d{2,3}[ -]?\d{7,8})(?!\d)")


def mask_phones_in(text: str) -> str:
    """Free text (a diary line, a note) with every phone number in it masked as `mask_phone` does."""
    return _PHONE_IN_TEXT.sub(lambda found: mask_phone(found.group(0)), text or "")
