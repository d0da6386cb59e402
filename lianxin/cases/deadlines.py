"""Deadlines in working days (Chinese public holidays and make-up workdays counted) or in hours.

Rule for working days: the deadline is the end (23:59:59, Beijing time) of the N-th working day after
the day the case was registered. Hours are plain elapsed hours (urgent and accident cases run round
the clock). Where the chinese-calendar package has no data for a year yet, Monday to Friday count as
working days and a warning is logged once, so a deadline is never refused for lack of a calendar.
"""

import logging
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import chinese_calendar

from lianxin.cases.models import Category, ClaimType, DeadlineUnit, Urgency

BEIJING = ZoneInfo("Asia/Shanghai")
logger = logging.getLogger("lianxin.deadlines")

# After the 12345 接诉即办 practice: urgent within 2 hours, complex within 15 working days,
# a response within 1 working day; ordinary cases take their category's deadline (7 by default).
URGENT_HOURS = 2
COMPLEX_WORKING_DAYS = 15
# Panjin's rider accidents: a small self-fall is settled within 24 hours.
SELF_FALL_HOURS = 24


@lru_cache(maxsize=4096)
def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_no_calendar(day.year)
        return day.weekday() < 5


@lru_cache(maxsize=64)
def _warn_no_calendar(year: int) -> None:
    logger.warning("no holiday calendar for %s: counting Monday to Friday as working days", year)


def add_working_days(start: datetime, days: int) -> datetime:
    """End of the `days`-th working day after `start`'s calendar day (in Beijing time)."""
    day = start.astimezone(BEIJING).date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return datetime.combine(day, time(23, 59, 59), tzinfo=BEIJING)


def add_hours(start: datetime, hours: int) -> datetime:
    return start + timedelta(hours=hours)


def due(start: datetime, value: int, unit: str) -> datetime:
    if unit == DeadlineUnit.HOURS:
        return add_hours(start, value)
    return add_working_days(start, value)


def case_deadlines(
    *, registered_at: datetime, category: Category, urgency: str, claim_type: str = ""
) -> tuple[datetime, datetime]:
    """(respond by, resolve by) for a new case; the response is never due after the resolution."""
    resolution = _resolution_due(registered_at, category, urgency, claim_type)
    response = due(registered_at, category.response_value, category.response_unit)
    return min(response, resolution), resolution


def _resolution_due(start: datetime, category: Category, urgency: str, claim_type: str) -> datetime:
    if urgency == Urgency.URGENT:
        return add_hours(start, URGENT_HOURS)
    if claim_type == ClaimType.SELF_FALL:
        return add_hours(start, SELF_FALL_HOURS)
    ordinary = due(start, category.resolution_value, category.resolution_unit)
    if urgency == Urgency.COMPLEX:
        return max(ordinary, add_working_days(start, COMPLEX_WORKING_DAYS))
    return ordinary
