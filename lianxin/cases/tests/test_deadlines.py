"""Deadlines: working days by the Chinese calendar (holidays and make-up days), hours round the clock.

Every expected date is worked out by hand in the comments. A deadline in working days ends at
23:59:59 Beijing time on the N-th working day after the day of registration (in Beijing time).
The 2026 calendar (chinese-calendar 1.11): Spring Festival holiday 15–23 February, make-up working
Saturdays 14 and 28 February; Mid-Autumn 25 September (Friday) to 27; National Day 1–7 October,
make-up working days Sunday 20 September and Saturday 10 October. 2027 is not in the package yet.
"""

import logging
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from lianxin.cases import deadlines
from lianxin.cases.deadlines import add_working_days, case_deadlines, is_working_day
from lianxin.cases.models import Category
from lianxin.cases.taxonomy import CATEGORIES

BJ = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


def category(key: str) -> Category:
    """The seeded category, unsaved: deadlines only read its values."""
    name, name_en, (rv, ru), (sv, su) = CATEGORIES[key]
    return Category(
        key=key,
        name=name,
        name_en=name_en,
        response_value=rv,
        response_unit=ru,
        resolution_value=sv,
        resolution_unit=su,
    )


def end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=BJ)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=BJ)


def deadlines_for(key: str, registered: datetime, urgency: str = "ordinary", claim: str = ""):
    return case_deadlines(
        registered_at=registered, category=category(key), urgency=urgency, claim_type=claim
    )


# ---- the calendar itself ------------------------------------------------------------------------


def test_the_2026_calendar_has_the_holidays_and_make_up_days_these_tests_rely_on():
    feb = chinese_calendar.get_workdays(date(2026, 2, 13), date(2026, 3, 2))
    assert feb == [date(2026, 2, d) for d in (13, 14, 24, 25, 26, 27, 28)] + [date(2026, 3, 2)]
    autumn = chinese_calendar.get_workdays(date(2026, 9, 19), date(2026, 10, 12))
    assert date(2026, 9, 20) in autumn  # a Sunday, worked for National Day
    assert date(2026, 10, 10) in autumn  # a Saturday, worked for National Day
    assert not any(date(2026, 10, d) in autumn for d in range(1, 8))
    assert date(2026, 9, 25) not in autumn  # Mid-Autumn Festival


def test_make_up_saturday_is_a_working_day_and_holiday_weekdays_are_not():
    assert is_working_day(date(2026, 2, 14))  # Saturday, worked for the Spring Festival
    assert is_working_day(date(2026, 2, 28))  # Saturday, worked for the Spring Festival
    assert not is_working_day(date(2026, 2, 16))  # Monday, Spring Festival holiday
    assert not is_working_day(date(2026, 10, 5))  # Monday, National Day holiday


# ---- working days across the holidays -----------------------------------------------------------


def test_seven_working_days_across_the_spring_festival_count_both_make_up_saturdays():
    # Registered Fri 13 Feb. Working days after it: Sat 14 (make-up) =1; 15–23 holiday;
    # Tue 24 =2, 25 =3, 26 =4, Fri 27 =5, Sat 28 (make-up) =6, Sun 1 Mar no, Mon 2 Mar =7.
    respond, resolve = deadlines_for("wages", at(2026, 2, 13, 10))
    assert resolve == end_of(date(2026, 3, 2))
    # One working day after Fri 13 Feb is the make-up Saturday 14 Feb.
    assert respond == end_of(date(2026, 2, 14))


def test_case_registered_on_the_make_up_saturday_is_answered_after_the_holiday():
    # Registered Sat 14 Feb (a working day); the next working day is Tue 24 Feb.
    respond, _ = deadlines_for("wages", at(2026, 2, 14, 15))
    assert respond == end_of(date(2026, 2, 24))


def test_case_registered_during_the_holiday_counts_from_the_first_day_back():
    # Registered Tue 17 Feb (holiday). 7 working days: 24, 25, 26, 27, Sat 28, Mon 2 Mar, Tue 3 Mar.
    _, resolve = deadlines_for("hours_leave", at(2026, 2, 17, 11))
    assert resolve == end_of(date(2026, 3, 3))


def test_make_up_saturday_is_the_next_working_day_after_a_friday():
    # Registered Fri 27 Feb: one working day later is the make-up Saturday 28 Feb, not Mon 2 Mar.
    respond, _ = deadlines_for("canteen_dorm", at(2026, 2, 27, 16))
    assert respond == end_of(date(2026, 2, 28))


def test_seven_working_days_across_national_day_count_the_make_up_saturday():
    # Registered Wed 30 Sep. 1–7 Oct holiday; Thu 8 Oct =1, Fri 9 =2, Sat 10 (make-up) =3,
    # Sun 11 no, Mon 12 =4, 13 =5, 14 =6, Thu 15 Oct =7.
    _, resolve = deadlines_for("wages", at(2026, 9, 30, 9))
    assert resolve == end_of(date(2026, 10, 15))


def test_ten_working_days_across_mid_autumn_and_national_day():
    # Registered Thu 24 Sep. Fri 25–Sun 27 Mid-Autumn; Mon 28 =1, 29 =2, 30 =3; 1–7 Oct holiday;
    # 8 =4, 9 =5, Sat 10 =6, Mon 12 =7, 13 =8, 14 =9, Thu 15 Oct =10.
    _, resolve = deadlines_for("contract", at(2026, 9, 24, 14))
    assert resolve == end_of(date(2026, 10, 15))


def test_make_up_sunday_before_national_day_is_a_working_day():
    # Registered Sat 19 Sep (rest day): the next working day is the make-up Sunday 20 Sep.
    respond, _ = deadlines_for("wages", at(2026, 9, 19, 10))
    assert respond == end_of(date(2026, 9, 20))


def test_the_day_of_registration_is_taken_in_beijing_time():
    # 17:30 UTC on Fri 13 Feb is 01:30 on Sat 14 Feb in Beijing: the count starts from the 14th,
    # so the next working day is Tue 24 Feb, not the make-up Saturday itself.
    respond, _ = deadlines_for("wages", datetime(2026, 2, 13, 17, 30, tzinfo=UTC))
    assert respond == end_of(date(2026, 2, 24))


# ---- urgency ------------------------------------------------------------------------------------


def test_urgent_case_is_due_in_two_hours_even_on_a_holiday_and_the_response_with_it():
    # Registered Tue 17 Feb 22:30 (holiday): due 18 Feb 00:30; the one-working-day response
    # (end of 24 Feb) would come after it, so it is brought forward to 00:30 too.
    respond, resolve = deadlines_for("safety", at(2026, 2, 17, 22, 30), urgency="urgent")
    assert resolve == at(2026, 2, 18, 0, 30)
    assert respond == at(2026, 2, 18, 0, 30)


def test_complex_case_gets_fifteen_working_days_instead_of_seven():
    # Registered Mon 2 Mar (no holiday until Qingming): 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18,
    # 19, 20, Mon 23 Mar = 15 working days. The response stays one working day: Tue 3 Mar.
    respond, resolve = deadlines_for("wages", at(2026, 3, 2, 9), urgency="complex")
    assert resolve == end_of(date(2026, 3, 23))
    assert respond == end_of(date(2026, 3, 3))


def test_complex_case_keeps_a_category_deadline_longer_than_fifteen_days():
    # A 20-working-day category: from Mon 2 Mar, the 15 days above, then 24, 25, 26, 27, Mon 30 Mar.
    long = category("other")
    long.resolution_value = 20
    _, resolve = case_deadlines(registered_at=at(2026, 3, 2, 9), category=long, urgency="complex")
    assert resolve == end_of(date(2026, 3, 30))


# ---- accidents and hour-based categories --------------------------------------------------------


def test_self_fall_accident_is_settled_within_24_hours_round_the_clock():
    # Registered Mon 16 Feb 20:00 (holiday): resolve by Tue 17 Feb 20:00; respond in 2 hours, 22:00.
    respond, resolve = deadlines_for("accident", at(2026, 2, 16, 20), claim="self_fall")
    assert resolve == at(2026, 2, 17, 20)
    assert respond == at(2026, 2, 16, 22)


def test_third_party_accident_takes_the_category_ten_working_days():
    # Registered Mon 16 Feb (holiday): 24, 25, 26, 27, Sat 28, 2, 3, 4, 5, Fri 6 Mar = 10.
    respond, resolve = deadlines_for("accident", at(2026, 2, 16, 20), claim="third_party")
    assert resolve == end_of(date(2026, 3, 6))
    assert respond == at(2026, 2, 16, 22)


def test_hours_based_response_runs_through_the_night_and_the_holiday():
    # Safety: respond within 4 hours, resolve within 3 working days. Registered Sat 21 Feb 23:00
    # (holiday): respond by Sun 22 Feb 03:00; resolve by Tue 24 =1, 25 =2, Thu 26 Feb =3.
    respond, resolve = deadlines_for("safety", at(2026, 2, 21, 23))
    assert respond == at(2026, 2, 22, 3)
    assert resolve == end_of(date(2026, 2, 26))


def test_response_is_never_due_after_the_resolution():
    # A category answering in 3 working days but resolving in 1: from Mon 2 Mar both end on Tue 3 Mar.
    odd = category("other")
    odd.response_value, odd.resolution_value = 3, 1
    respond, resolve = case_deadlines(
        registered_at=at(2026, 3, 2, 9), category=odd, urgency="ordinary"
    )
    assert resolve == end_of(date(2026, 3, 3))
    assert respond == resolve


# ---- a year without calendar data ---------------------------------------------------------------


@pytest.fixture
def fresh_calendar_cache():
    deadlines.is_working_day.cache_clear()
    deadlines._warn_no_calendar.cache_clear()
    yield
    deadlines.is_working_day.cache_clear()
    deadlines._warn_no_calendar.cache_clear()


def test_2027_falls_back_to_monday_to_friday_and_warns_once(fresh_calendar_cache, caplog):
    # Registered Thu 31 Dec 2026. 2027 has no data: Fri 1 Jan counts (New Year's Day, but unknown),
    # the weekend does not. 1 Jan =1, 4 =2, 5 =3, 6 =4, 7 =5, 8 =6, Mon 11 Jan =7.
    with caplog.at_level(logging.WARNING, logger="lianxin.deadlines"):
        respond, resolve = deadlines_for("wages", at(2026, 12, 31, 10))
        add_working_days(at(2027, 1, 8, 10), 1)
    assert resolve == end_of(date(2027, 1, 11))
    assert respond == end_of(date(2027, 1, 1))
    warnings = [r for r in caplog.records if "2027" in r.getMessage()]
    assert len(warnings) == 1


def test_2027_weekend_is_skipped_without_calendar_data(fresh_calendar_cache):
    # Fri 8 Jan 2027 + 1 working day: Sat 9 and Sun 10 are skipped, Mon 11 Jan.
    assert add_working_days(at(2027, 1, 8, 10), 1) == end_of(date(2027, 1, 11))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 11))  # proof the fallback was used


# ---- accident claims: each claim type on its own clock (the Panjin rider practice) ---------------


def working_days_between(registered: datetime, due: datetime) -> int:
    """Working days after the day of registration up to and including the due day (the package's
    own count, an independent check of add_working_days)."""
    first = registered.astimezone(BJ).date()
    return len(chinese_calendar.get_workdays(first, due.astimezone(BJ).date())) - (
        1 if chinese_calendar.is_workday(first) else 0
    )


def test_urgent_self_fall_is_still_settled_within_24_hours_not_2():
    # Registered Mon 16 Feb 20:00 (holiday), marked urgent: resolve by Tue 17 Feb 20:00 (24 h, not
    # the 2 hours of an urgent case); respond within the category's 2 hours, 22:00.
    respond, resolve = deadlines_for("accident", at(2026, 2, 16, 20), "urgent", "self_fall")
    assert resolve == at(2026, 2, 17, 20)
    assert respond == at(2026, 2, 16, 22)


def test_third_party_claim_keeps_ten_working_days_when_the_category_default_changes():
    # An admin shortened the accident category to 5 working days: a third-party claim still has the
    # 10 of the 双重对接 practice. Registered Thu 24 Sep: 28, 29, 30; (holidays) 8, 9, Sat 10, 12,
    # 13, 14, Thu 15 Oct = 10.
    short = category("accident")
    short.resolution_value = 5
    respond, resolve = case_deadlines(
        registered_at=at(2026, 9, 24, 14), category=short, urgency="ordinary",
        claim_type="third_party",
    )  # fmt: skip
    assert resolve == end_of(date(2026, 10, 15))
    assert respond == at(2026, 9, 24, 16)


def test_urgent_third_party_claim_gets_ten_working_days_not_two_hours():
    _, resolve = deadlines_for("accident", at(2026, 9, 24, 14), "urgent", "third_party")
    assert resolve == end_of(date(2026, 10, 15))


def test_severe_injury_is_screened_within_two_hours_and_resolved_in_sixty_working_days():
    # Registered Wed 16 Sep 2026 10:00, urgent: screening (the response) by 12:00, even though the
    # category's response is changed to one working day; resolution after 60 working days, counted
    # across Mid-Autumn, National Day and their make-up days — not the urgent 2 hours.
    slow = category("accident")
    slow.response_value, slow.response_unit = 1, "working_days"
    registered = at(2026, 9, 16, 10)
    respond, resolve = case_deadlines(
        registered_at=registered, category=slow, urgency="urgent", claim_type="severe"
    )
    assert respond == at(2026, 9, 16, 12)
    assert resolve.timetz() == time(23, 59, 59, tzinfo=BJ)
    assert chinese_calendar.is_workday(resolve.date())
    assert working_days_between(registered, resolve) == 60
    assert resolve > at(2026, 12, 1)  # 60 working days from mid-September reach December


def test_each_claim_type_has_its_own_resolution_deadline():
    registered = at(2026, 3, 2, 9)
    due = {
        c: deadlines_for("accident", registered, "ordinary", c)[1]
        for c in deadlines.CLAIM_DEADLINES
    }
    assert due["self_fall"] == at(2026, 3, 3, 9)
    assert working_days_between(registered, due["third_party"]) == 10
    assert working_days_between(registered, due["severe"]) == 60
