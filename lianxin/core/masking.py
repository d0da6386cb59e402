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
