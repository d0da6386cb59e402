"""Dates as ledgers write them: Excel dates, 2025-03-18, 2025/3/18, 2025.3.18, 2025年3月18日, 20250318."""

import re
from datetime import date, datetime, time
from typing import Any

from openpyxl.utils.datetime import from_excel

EARLIEST = date(2000, 1, 1)
_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Excel's day numbers for 1990 and 2100: a bare number in this range is a date cell that lost its format.
_SERIALS = range(32874, 73051)


def parse_date(value: Any) -> tuple[date, time | None]:
    """(the day, the time of day when the cell gave one); ValueError when it is no date."""
    if isinstance(value, datetime):
        return value.date(), (value.time() if value.time() != time.min else None)
    if isinstance(value, date):
        return value, None
    if isinstance(value, int | float) and int(value) in _SERIALS:
        return parse_date(from_excel(value))
    raw = str(value).strip()
    if isinstance(value, int | float):
        raw = str(int(value))
    match = _TEXT.match(raw) or _COMPACT.match(raw)
    if not match:
        raise ValueError(raw)
    year, month, day, *clock = match.groups() + (None,) * (6 - len(match.groups()))
    parsed = date(int(year), int(month), int(day))  # ValueError for 2025-02-30
    if clock[0] is None:
        return parsed, None
    return parsed, time(int(clock[0]), int(clock[1]), int(clock[2] or 0))
