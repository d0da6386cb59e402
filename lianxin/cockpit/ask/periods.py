"""Periods in Chinese questions: 今年, 去年, 本月, 上个月, 一季度, 上半年, 近30天, 2025年, 3月份 …

`find_periods(text, today)` returns every period named in the text with its span, so the parser can
mask them before it reads the other slots. A period is a pair of days [start, end], both inclusive.
A period that has begun but not ended stops at `today`; a month, quarter or half year named without
a year that lies wholly in the future means the last one that happened (asked in February, “3月份”
is March of last year).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}  # fmt: skip
NUM = r"(?:\d{1,3}|[零〇一二两三四五六七八九十百]{1,4})"


def cn_number(text: str) -> int:
    """'30', '三十', '十二', '二十五', '一百' → int."""
    if text.isdigit():
        return int(text)
    if "百" in text:
        head, _, tail = text.partition("百")
        return (CN_DIGITS.get(head, 1) if head else 1) * 100 + (cn_number(tail) if tail else 0)
    if "十" in text:
        head, _, tail = text.partition("十")
        return (CN_DIGITS[head] if head else 1) * 10 + (CN_DIGITS[tail] if tail else 0)
    if len(text) == 4:  # a year written digit by digit: 二〇二五
        return int("".join(str(CN_DIGITS[c]) for c in text))
    return CN_DIGITS[text]


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    return date(year, month, min(d.day, month_end(year, month).day))


def capped(start: date, end: date, today: date) -> Period:
    return Period(start, min(end, today) if start <= today else end)


def _year(word: str | None, today: date) -> int | None:
    if not word:
        return None
    word = word.removesuffix("度").removesuffix("年")
    relative = {"今": 0, "本": 0, "去": -1, "上": -1, "上一": -1, "前": -2}
    if word in relative:
        return today.year + relative[word]
    return cn_number(word)


def _in_past(make: Callable[[int], tuple[date, date]], year: int | None, today: date) -> Period:
    """A part of a year; without a year, the most recent one that has begun."""
    if year is not None:
        return capped(*make(year), today)
    start, end = make(today.year)
    if start > today:
        start, end = make(today.year - 1)
    return capped(start, end, today)


YEAR = r"(?P<year>\d{4}年|[零〇一二三四五六七八九]{4}年|今年|本年度?|去年|上一?年|前年)?"
QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
DAY = r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"


def _date(y: str, m: str, d: str) -> date:
    return date(int(y), int(m), int(d))


def _range(m: re.Match, today: date) -> Period:
    return Period(_date(*m.group(1, 2, 3)), _date(*m.group(4, 5, 6)))


def _month_range(m: re.Match, today: date) -> Period:
    """2到4月, 3月至6月, 去年11月到2月 (across the new year); without a year, the last such span
    that has begun."""
    a, b = cn_number(m.group("m1")), cn_number(m.group("m2"))
    if not (1 <= a <= 12 and 1 <= b <= 12):
        raise ValueError((a, b))

    def make(y: int) -> tuple[date, date]:
        return date(y, a, 1), month_end(y + (b < a), b)

    return _in_past(make, _year(m.group("year"), today), today)


def _quarter(m: re.Match, today: date) -> Period:
    q = QUARTER[m.group("q")]
    return _in_past(
        lambda y: (date(y, 3 * q - 2, 1), month_end(y, 3 * q)), _year(m.group("year"), today), today
    )


def _half(m: re.Match, today: date) -> Period:
    first = m.group("half") == "上"
    return _in_past(
        lambda y: (date(y, 1, 1), date(y, 6, 30)) if first else (date(y, 7, 1), date(y, 12, 31)),
        _year(m.group("year"), today),
        today,
    )


def _month(m: re.Match, today: date) -> Period:
    month = cn_number(m.group("month"))
    if not 1 <= month <= 12:
        raise ValueError(month)
    return _in_past(
        lambda y: (date(y, month, 1), month_end(y, month)), _year(m.group("year"), today), today
    )


def _whole_year(m: re.Match, today: date) -> Period:
    year = _year(m.group("year"), today)
    assert year is not None
    return capped(date(year, 1, 1), date(year, 12, 31), today)


def _recent(m: re.Match, today: date) -> Period:
    word = m.group("n") or m.group("n2")
    n = cn_number(word) if word else 1
    unit = m.group("unit")
    if unit in ("天", "日"):
        start = today - timedelta(days=n - 1)
    elif unit in ("周", "个星期", "星期"):
        start = today - timedelta(days=7 * n - 1)
    elif unit in ("个月", "月"):
        start = add_months(today, -n) + timedelta(days=1)
    else:  # 年
        start = add_months(today, -12 * n) + timedelta(days=1)
    return Period(start, today)


def _fixed(make: Callable[[date], tuple[date, date]]) -> Callable[[re.Match, date], Period]:
    return lambda m, today: capped(*make(today), today)


def _this_month(t: date) -> tuple[date, date]:
    return date(t.year, t.month, 1), month_end(t.year, t.month)


def _last_month(t: date) -> tuple[date, date]:
    first = add_months(date(t.year, t.month, 1), -1)
    return first, month_end(first.year, first.month)


def _this_quarter(t: date) -> tuple[date, date]:
    q = (t.month - 1) // 3
    return date(t.year, 3 * q + 1, 1), month_end(t.year, 3 * q + 3)


def _last_quarter(t: date) -> tuple[date, date]:
    start = add_months(_this_quarter(t)[0], -3)
    return start, month_end(start.year, start.month + 2)


def _week(t: date, back: int) -> tuple[date, date]:
    monday = t - timedelta(days=t.weekday() + 7 * back)
    return monday, monday + timedelta(days=6)


# Tried in this order; a span taken by one pattern is not read again by a later one.
PATTERNS: list[tuple[re.Pattern, Callable[[re.Match, date], Period]]] = [
    (re.compile(rf"(?:从)?{DAY}(?:起)?\s*(?:至|到|~|～|—|-)\s*{DAY}"), _range),
    (re.compile(rf"{YEAR}(?:从)?(?P<m1>{NUM})(?:月份?)?\s*(?:至|到|~|～|—|-)\s*(?P<m2>{NUM})月份?"), _month_range),
    (re.compile(rf"{YEAR}第?(?P<q>[一二三四1-4])季度"), _quarter),
    (re.compile(rf"{YEAR}[Qq](?P<q>[1-4])"), _quarter),
    (re.compile(rf"{YEAR}(?P<half>[上下])半年"), _half),
    (re.compile(rf"(?:(?:近|最近|过去)(?P<n>{NUM})?|前(?P<n2>{NUM}))(?P<unit>天|日|周|个星期|星期|个月|月|年)"), _recent),
    (re.compile(rf"{YEAR}(?P<month>{NUM})月份?"), _month),
    (re.compile(r"近半年|最近半年|过去半年"), lambda m, t: Period(add_months(t, -6) + timedelta(days=1), t)),
    (re.compile(r"今年以来|年初以来|年初至今|今年|本年度|本年"), _fixed(lambda t: (date(t.year, 1, 1), date(t.year, 12, 31)))),
    (re.compile(r"(?P<year>\d{4}|[零〇一二三四五六七八九]{4})年(?:度|全年)?"), _whole_year),
    (re.compile(r"(?P<year>去年|上一年|上年|前年)(?:全年)?"), _whole_year),
    (re.compile(r"本月|这个月|当月|本月份"), _fixed(_this_month)),
    (re.compile(r"上个月|上月|上一个月"), _fixed(_last_month)),
    (re.compile(r"本季度|这个季度|当季|本季"), _fixed(_this_quarter)),
    (re.compile(r"上季度|上个季度|上一季度|上一个季度"), _fixed(_last_quarter)),
    (re.compile(r"本周|这周|这一周|本星期"), _fixed(lambda t: _week(t, 0))),
    (re.compile(r"上周|上一周|上星期|上个星期"), _fixed(lambda t: _week(t, 1))),
    (re.compile(r"今天|今日"), _fixed(lambda t: (t, t))),
    (re.compile(r"昨天|昨日"), _fixed(lambda t: (t - timedelta(days=1),) * 2)),
]  # fmt: skip


def find_periods(text: str, today: date) -> list[tuple[Period, tuple[int, int]]]:
    """Every period in `text` with its (start, end) span, in text order."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[Period, tuple[int, int]]] = []
    for pattern, make in PATTERNS:
        for m in pattern.finditer(text):
            span = m.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            try:
                period = make(m, today)
            except (ValueError, KeyError):
                continue
            taken.append(span)
            found.append((period, span))
    return sorted(found, key=lambda f: f[1])
