"""hours: the weekly schedule's validation and whether it is open at a Beijing moment."""

from datetime import datetime, time

import pytest

from lianxin.stations import hours


def _p(day, opens, closes):
    return {"day": day, "open": opens, "close": closes}


def test_a_valid_schedule_parses_sorted_and_round_trips():
    periods = hours.parse(
        [_p(1, "13:00", "24:00"), _p(1, "08:00", "12:00"), _p(0, "00:00", "06:30")]
    )
    assert [p.as_dict() for p in periods] == [
        _p(0, "00:00", "06:30"),
        _p(1, "08:00", "12:00"),
        _p(1, "13:00", "24:00"),
    ]


@pytest.mark.parametrize(
    "bad",
    [
        "08:00-20:00",
        [_p(7, "08:00", "20:00")],
        [_p(True, "08:00", "20:00")],
        [_p(0, "8:00", "20:00")],
        [_p(0, "08:60", "20:00")],
        [_p(0, "24:30", "20:00")],
        [_p(0, "20:00", "02:00")],  # across midnight: split it over two days
        [_p(0, "08:00", "08:00")],
        [_p(0, "08:00", "12:00"), _p(0, "11:00", "14:00")],  # overlap
        [{"day": 0, "open": "08:00"}],
    ],
)
def test_a_malformed_schedule_is_refused(bad):
    with pytest.raises(ValueError, match=r"period|day|time|midnight"):
        hours.parse(bad)


def test_open_from_the_opening_minute_until_just_before_closing():
    periods = hours.parse([_p(0, "08:00", "20:00")])  # Mondays
    monday = datetime(2027, 1, 4)
    assert monday.weekday() == 0
    assert not hours.is_open_at(periods, monday.replace(hour=7, minute=59))
    assert hours.is_open_at(periods, monday.replace(hour=8))
    assert hours.is_open_at(periods, monday.replace(hour=19, minute=59))
    assert not hours.is_open_at(periods, monday.replace(hour=20))
    assert not hours.is_open_at(periods, datetime(2027, 1, 5, 9, 0))  # Tuesday: no period


def test_until_midnight_is_open_at_23_59_and_every_day_covers_the_week():
    periods = hours.parse(hours.every_day(time(6, 0)))
    assert all(hours.is_open_at(periods, datetime(2027, 1, d, 23, 59)) for d in range(4, 11))
    assert [len(p) for _d, p in hours.week(periods)] == [1] * 7
    assert hours.week(hours.parse([]))[3] == (3, [])
