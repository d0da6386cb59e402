"""数据治理's cockpit figure looks for same-phone twins only near the period (its days ±
the duplicate window) — and still equals, for every period, the 数据治理 page's flags on the cases
registered in it, twins far outside the period included.

District A, enterprise A1, Beijing time: a text twin a year before March; a phone twin 20 days
before March (a duplicate of the 5 March case) and one 45 days after it (too far); an
uncategorised case in March; clean cases around.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lianxin.cases.filters import day_start
from lianxin.cases.tests.factories import make_case
from lianxin.core.areas import area_metric
from lianxin.intake import quality

BJ = ZoneInfo("Asia/Shanghai")


def bj(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 10, tzinfo=BJ)


@pytest.fixture
def spread(world):
    def case(n: int, at: datetime, *, text: str = "", phone: str = "", key: str = "wages"):
        return make_case(
            actor=world.staff, org=world.ent_a1, key=key, at=at, title=f"诉求{n}",
            description=text or f"第{n}件诉求的内容。", worker_phone=phone or f"139000001{n:02d}",
        )  # fmt: skip

    case(1, bj(2025, 3, 10), text="宿舍热水器坏了一个月。")  # the text twin, a year before
    case(2, bj(2026, 3, 8), text="宿舍热水器坏了一个月。")
    case(3, bj(2026, 2, 13), phone="13912349999")  # 20 days before 5 March: a twin
    case(4, bj(2026, 3, 5), phone="13912349999")
    case(5, bj(2026, 4, 19), phone="13912349999")  # 45 days after: no twin of March's
    case(6, bj(2026, 3, 20), key="other")
    case(7, bj(2026, 3, 25))
    case(8, bj(2026, 5, 2))
    return world


def _page_in_period(user, org, start: date, end: date) -> int:
    """The page's flags (its lists, twins found among the whole scope) on the period's cases."""
    scoped = quality.quality_cases(user=user, org=org)
    lo, hi = day_start(start), day_start(end + timedelta(days=1))
    return sum(
        quality.quality_list(cases=scoped, kind=kind)
        .filter(registered_at__gte=lo, registered_at__lt=hi)
        .count()
        for kind in quality.KINDS
    )


PERIODS = [
    (date(2026, 3, 1), date(2026, 3, 31)),
    (date(2026, 3, 8), date(2026, 3, 8)),
    (date(2026, 2, 1), date(2026, 2, 28)),
    (date(2026, 4, 1), date(2026, 5, 31)),
    (date(2025, 1, 1), date(2025, 12, 31)),
]


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_quality_issues_equal_the_pages_flags_on_the_periods_cases(spread, start, end):
    # given twins far before and after the periods
    compute = area_metric("quality_issues").compute
    for user, org in ((spread.staff, spread.district_a), (spread.leader, None)):
        # when the figure is computed for the period, then it is the page's count of its flags
        assert compute(user, org, start, end) == _page_in_period(user, org, start, end)


def test_a_twin_outside_the_period_still_flags_the_periods_case(spread):
    compute = area_metric("quality_issues").compute
    # 8 March: its text twin is a year older; 5 March: its phone twin is 20 days older
    assert compute(spread.staff, None, date(2026, 3, 8), date(2026, 3, 8)) == 1
    assert compute(spread.staff, None, date(2026, 3, 5), date(2026, 3, 5)) == 1
    # March: those two and the uncategorised case; the April case 45 days on is no one's twin
    assert compute(spread.staff, None, date(2026, 3, 1), date(2026, 3, 31)) == 3
    assert compute(spread.staff, None, date(2026, 4, 1), date(2026, 4, 30)) == 0
