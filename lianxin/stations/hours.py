"""A station's opening hours: a weekly schedule kept as a JSON list, validated here. Pure Python.

    [{"day": 0, "open": "08:00", "close": "20:00"}, ...]

`day` is the weekday (0 Monday … 6 Sunday), times are local (Beijing) "HH:MM", `close` may be
"24:00" (open until midnight), and a day may have several periods that do not overlap. A period
never runs past midnight: 20:00–02:00 is written as 20:00–24:00 and the next day's 00:00–02:00.
No period on a day means closed that day.
"""

import itertools
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

MIDNIGHT = 24 * 60
WEEKDAYS = range(7)


@dataclass(frozen=True, order=True)
class Period:
    day: int
    open: int  # minutes after midnight
    close: int  # minutes after midnight, after `open`, at most 24:00

    def as_dict(self) -> dict[str, Any]:
        return {"day": self.day, "open": clock_text(self.open), "close": clock_text(self.close)}

    def label(self) -> str:
        return f"{clock_text(self.open)}–{clock_text(self.close)}"


def clock_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(text: Any) -> int:
    if not isinstance(text, str) or len(text) != 5 or text[2] != ":":
        raise ValueError(f"a time is written HH:MM, not {text!r}")
    hh, mm = text[:2], text[3:]
    if not (hh.isdigit() and mm.isdigit()) or int(mm) > 59:
        raise ValueError(f"a time is written HH:MM, not {text!r}")
    minutes = int(hh) * 60 + int(mm)
    if minutes > MIDNIGHT:
        raise ValueError(f"{text} is past midnight")
    return minutes


def _period(item: Any) -> Period:
    if not isinstance(item, dict) or set(item) != {"day", "open", "close"}:
        raise ValueError("each period has exactly a day, an open and a close time")
    day = item["day"]
    if not isinstance(day, int) or isinstance(day, bool) or day not in WEEKDAYS:
        raise ValueError(f"a day is 0 (Monday) to 6 (Sunday), not {day!r}")
    opens, closes = _minutes(item["open"]), _minutes(item["close"])
    if closes <= opens:
        raise ValueError(
            f"a period closes after it opens ({item['open']}–{item['close']}): "
            "split a night over two days"
        )
    return Period(day, opens, closes)


def parse(value: Any) -> list[Period]:
    """The periods of a schedule, sorted; ValueError for anything malformed or overlapping."""
    if not isinstance(value, list):
        raise ValueError("opening hours are a list of periods")
    periods = sorted(_period(item) for item in value)
    for a, b in itertools.pairwise(periods):
        if a.day == b.day and b.open < a.close:
            raise ValueError(f"two periods overlap on day {a.day}: {a.label()} and {b.label()}")
    return periods


def is_open_at(periods: list[Period], moment: datetime) -> bool:
    """Whether the schedule is open at `moment` (a local, i.e. Beijing, datetime)."""
    minute = moment.hour * 60 + moment.minute
    day = moment.weekday()
    return any(p.day == day and p.open <= minute < p.close for p in periods)


def week(periods: list[Period]) -> list[tuple[int, list[str]]]:
    """Every weekday with its periods as text ([] when closed that day), Monday first."""
    return [(d, [p.label() for p in periods if p.day == d]) for d in WEEKDAYS]


def every_day(opens: time, closes: time | None = None) -> list[dict[str, Any]]:
    """The same hours on all seven days (`closes` None: until midnight)."""
    close = "24:00" if closes is None else closes.strftime("%H:%M")
    return [{"day": d, "open": opens.strftime("%H:%M"), "close": close} for d in WEEKDAYS]
