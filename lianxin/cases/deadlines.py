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
# Panjin's rider accidents (the 网约送餐行业工联会 practice), each claim type on its own clock,
# whatever the urgency or the accident category's default says:
# - a small self-fall (小额自摔) is settled by a one-time settlement within 24 hours;
# - a third-party accident (三方责任) is claimed from both insurers ("双重对接"), about 10 days: 10
#   working days, so a holiday does not eat the time;
# - a severe injury (重伤) follows its own steps, "伤残筛查 + 全程代办": the union steps in at once
#   (the 事故应急响应 group) and screens for disability within 2 hours — the response deadline —
#   then carries the disability appraisal and the aid application to the end. The appraisal
#   alone may take the 60 days of 工伤保险条例 art. 25, so resolution is due in 60 working days
#   (our choice: the seed names no duration for this step).
SELF_FALL_HOURS = 24
CLAIM_DEADLINES: dict[str, tuple[tuple[int, str] | None, tuple[int, str]]] = {
    # claim type: ((respond within, unit) or None for the category's, (resolve within, unit))
    ClaimType.SELF_FALL: (None, (SELF_FALL_HOURS, DeadlineUnit.HOURS)),
    ClaimType.THIRD_PARTY: (None, (10, DeadlineUnit.WORKING_DAYS)),
    ClaimType.SEVERE: ((2, DeadlineUnit.HOURS), (60, DeadlineUnit.WORKING_DAYS)),
}


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


Term = tuple[int, str]  # (value, DeadlineUnit): "within 2 hours", "within 7 working days"


def case_deadlines(
    *, registered_at: datetime, category: Category, urgency: str, claim_type: str = ""
) -> tuple[datetime, datetime]:
    """(respond by, resolve by) for a new case; the response is never due after the resolution."""
    (_respond, response), (_resolve, resolution) = case_terms(
        registered_at=registered_at, category=category, urgency=urgency, claim_type=claim_type
    )
    return response, resolution


def case_terms(
    *, registered_at: datetime, category: Category, urgency: str, claim_type: str = ""
) -> tuple[tuple[Term, datetime], tuple[Term, datetime]]:
    """The terms that set a new case's deadlines, each with the deadline it gives: what a notice
    to the worker says and what the ledger holds come from this one rule."""
    resolution_term = max(
        resolution_terms(category, urgency, claim_type), key=lambda t: due(registered_at, *t)
    )
    resolution = due(registered_at, *resolution_term)
    respond = response_term(category, claim_type)
    if due(registered_at, *respond) > resolution:
        respond = resolution_term
    return (respond, due(registered_at, *respond)), (resolution_term, resolution)


def response_term(category: Category, claim_type: str = "") -> Term:
    """An accident claim may set its own response term; any other case takes its category's."""
    own = CLAIM_DEADLINES[claim_type][0] if claim_type in CLAIM_DEADLINES else None
    return own or (category.response_value, category.response_unit)


def resolution_terms(category: Category, urgency: str, claim_type: str = "") -> tuple[Term, ...]:
    """The terms a new case's resolution may be due after; the one ending latest applies.
    An accident claim takes its claim type's deadlines (CLAIM_DEADLINES), not its urgency's."""
    if claim_type in CLAIM_DEADLINES:
        return (CLAIM_DEADLINES[claim_type][1],)
    if urgency == Urgency.URGENT:
        return ((URGENT_HOURS, DeadlineUnit.HOURS),)
    ordinary = (category.resolution_value, category.resolution_unit)
    if urgency == Urgency.COMPLEX:
        return (ordinary, (COMPLEX_WORKING_DAYS, DeadlineUnit.WORKING_DAYS))
    return (ordinary,)
