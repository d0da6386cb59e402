"""The intake's business areas in core.areas (陪伴日, 12351热线, 随手拍, 数据治理): each registered
metric computes, for a scope and a period, the figure the intake's own pages show, and nothing of
another union's."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lianxin.cases import metrics as case_metrics
from lianxin.cases.filters import day_start
from lianxin.cases.models import Category
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.core.areas import area, area_metric
from lianxin.intake import quality
from lianxin.intake import selectors_visits as selectors
from lianxin.intake.services.hotline import take_call
from lianxin.intake.tests import test_quality, test_visits_selectors
from lianxin.intake.tests.test_visits_selectors import MONDAY, SUNDAY

# The worlds of the pages whose figures the areas must equal (their own tests build them by hand).
week = test_visits_selectors.week
quality_ledger = test_quality.ledger

BJ = ZoneInfo("Asia/Shanghai")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
VISIT_FIGURES = {
    "visit_days_held": "made",
    "visit_entries": "entries_recorded",
    "visit_cases_raised": "cases_raised",
}
EVERYTHING = (date(2000, 1, 1), date(2099, 12, 31))


# ---- 陪伴日 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("user_name", ["chair", "staff", "city_staff", "chair_b"])
def test_visit_metrics_equal_the_weekly_summary_of_the_same_scope_and_week(world, week, user_name):
    # given the hand-built week of visit days (and days just before and after it)
    user = getattr(world, user_name)
    summary = selectors.weekly_summary(user=user, day=MONDAY)
    for key, figure in VISIT_FIGURES.items():
        # when the area's metric is computed for the user's whole scope over that week
        computed = area_metric(key).compute(user, None, MONDAY, SUNDAY)
        # then it is the visit pages' own weekly figure
        assert computed == getattr(summary, figure), key


def test_visit_metrics_of_one_enterprise_equal_its_row_of_the_weekly_summary(world, week):
    by_enterprise = selectors.weekly_summary(user=world.staff, day=MONDAY).by_enterprise
    for org in (world.ent_a1, world.ent_a2):
        row = next(r for r in by_enterprise if r["org_id"] == org.pk)
        for key, figure in VISIT_FIGURES.items():
            assert area_metric(key).compute(world.staff, org, MONDAY, SUNDAY) == row[figure], key
    # and the district's equal the whole week of its two enterprises (days outside it not counted)
    whole = selectors.weekly_summary(user=world.staff, day=MONDAY)
    held = area_metric("visit_days_held").compute(world.staff, world.district_a, MONDAY, SUNDAY)
    assert held == whole.made == 3


def test_an_outsider_counts_no_visit_of_another_union(world, week):
    for key in VISIT_FIGURES:
        compute = area_metric(key).compute
        assert compute(world.chair_b, world.ent_a1, MONDAY, SUNDAY) == 0, key
        assert compute(world.chair_b, world.district_a, MONDAY, SUNDAY) == 0, key
        assert compute(world.nobody, None, MONDAY, SUNDAY) == 0, key
    assert area("visits").headline == "visit_days_held"


# ---- 12351热线, 随手拍 ----------------------------------------------------------------------------


@pytest.fixture
def channels(world):
    """March: two hotline calls for A1 and one for B1, a snapshot report at A2, a visit case at A1;
    a hotline call in February."""
    for moment, enterprise in (
        (datetime(2026, 3, 2, 9, tzinfo=BJ), world.ent_a1),
        (datetime(2026, 3, 9, 9, tzinfo=BJ), world.ent_a1),
        (datetime(2026, 3, 10, 9, tzinfo=BJ), world.ent_b1),
        (datetime(2026, 2, 20, 9, tzinfo=BJ), world.ent_a1),
    ):
        with clock.frozen_at(moment):
            take_call(
                actor=world.city_staff, caller_phone="13812345678", enterprise=enterprise,
                category=Category.objects.get(key="wages"), urgency="ordinary",
                description="工资拖欠两个月，希望工会帮忙。", anonymous=False,
            )  # fmt: skip
    at = datetime(2026, 3, 3, 9, tzinfo=BJ)
    make_case(actor=world.staff, org=world.ent_a2, at=at, channel="snapshot")
    make_case(actor=world.staff, org=world.ent_a1, at=at, channel="visit")


def _ledger_count(org, channel: str) -> int:
    """The ledger's own 诉求量 of one channel in March (as the cockpit's channel breakdown)."""
    scope = case_metrics.Scope(
        org=org, start=day_start(MARCH[0]), end=day_start(date(2026, 4, 1)), channel=channel
    )
    return case_metrics.summary(scope).case_count


@pytest.mark.parametrize(
    ("key", "channel"), [("hotline_calls", "hotline"), ("snapshot_reports", "snapshot")]
)
def test_channel_metrics_equal_the_ledgers_count_of_that_channel(world, channels, key, channel):
    compute = area_metric(key).compute
    for user, org in (
        (world.staff, world.district_a),
        (world.leader, world.city),
        (world.chair_b, world.ent_b1),
    ):
        assert compute(user, org, *MARCH) == _ledger_count(org, channel)
        assert compute(user, None, *MARCH) == _ledger_count(org, channel)
    assert area(channel).headline == key


def test_hotline_calls_counted_by_hand(world, channels):
    compute = area_metric("hotline_calls").compute
    assert compute(world.staff, world.district_a, *MARCH) == 2
    assert compute(world.leader, None, *MARCH) == 3
    assert compute(world.leader, None, date(2026, 2, 1), date(2026, 3, 31)) == 4
    assert area_metric("snapshot_reports").compute(world.leader, None, *MARCH) == 1


@pytest.mark.parametrize("key", ["hotline_calls", "snapshot_reports"])
def test_an_outsider_counts_no_call_or_report_of_another_union(world, channels, key):
    compute = area_metric(key).compute
    assert compute(world.chair_b, world.district_a, *MARCH) == 0
    assert compute(world.chair_b, world.ent_a1, *MARCH) == 0
    assert compute(world.nobody, None, *MARCH) == 0


# ---- 数据治理 ------------------------------------------------------------------------------------


def _page_issues(user, org) -> int:
    """The 数据治理 page's counts for the user and org, summed over its four measures."""
    counts = quality.quality_counts(quality.quality_cases(user=user, org=org))
    return sum(counts[kind] for kind in quality.KINDS)


def test_quality_issues_equal_the_data_quality_pages_counts(world, quality_ledger):
    compute = area_metric("quality_issues").compute
    for user, org in (
        (world.staff, world.district_a),
        (world.staff, None),
        (world.city_staff, None),
    ):
        assert compute(user, org, *EVERYTHING) == _page_issues(user, org) > 0
    assert area("quality").headline == "quality_issues"


def test_quality_issues_count_the_cases_registered_in_the_period(world, quality_ledger):
    # given the far phone twin registered 60 days after the others (not a duplicate: too late)
    compute = area_metric("quality_issues").compute
    march_2 = date(2026, 3, 2)
    # then the period of 2 March holds every problem but none of the later cases'
    later = compute(world.staff, None, date(2026, 3, 3), EVERYTHING[1])
    assert compute(world.staff, None, march_2, march_2) + later == _page_issues(world.staff, None)
    # and the second phone twin, registered ten days later, is still a duplicate in its own period
    assert compute(world.staff, None, date(2026, 3, 12), date(2026, 3, 12)) == 1


def test_an_outsider_counts_no_data_problem_of_another_union(world, quality_ledger):
    compute = area_metric("quality_issues").compute
    assert compute(world.chair_b, world.district_a, *EVERYTHING) == 0
    assert compute(world.chair_b, None, *EVERYTHING) == _page_issues(world.chair_b, None) == 1
    assert compute(world.nobody, None, *EVERYTHING) == 0
