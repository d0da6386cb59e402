"""A figure whose period's cases are not yet due is marked (core.areas' `not_yet_due`): on the
area page's tile, in GET /api/cockpit/areas and in 智能问数's answer — never shown as a collapse.

Hand-built ledger, city of the `world`, Beijing time; "now" is 20 March 2026 12:00:
  m1  2 Mar, resolved 4 Mar, due 12 Mar   done
  m2  5 Mar, open, due 15 Mar             past due (counts against the rate: final)
  m3 15 Mar, open, due 25 Mar             not yet due
  m4 18 Mar, open, due 28 Mar             not yet due
  f1 10 Feb, resolved 12 Feb, due 20 Feb  (环比: February, final)
So March's resolution rate is 1/4 with 2 cases not yet due; February's is 1/1, final.
"""

from datetime import date, datetime, timedelta

import pytest

from lianxin.cases.models import Category
from lianxin.cases.states import Status
from lianxin.cockpit import selectors
from lianxin.cockpit.tests.builders import make_case_row
from lianxin.core import areas
from lianxin.core.clock import frozen_at

NOW = datetime.fromisoformat("2026-03-20T12:00:00+08:00")
LATER = datetime.fromisoformat("2026-04-30T12:00:00+08:00")
MARCH = "start=2026-03-01&end=2026-03-31"
DAY = timedelta(days=1)


@pytest.fixture
def march(world):
    other = Category.objects.get(key="wages")
    rows = [  # (number, day registered, resolved after days | None)
        ("M1", "2026-03-02", 2), ("M2", "2026-03-05", None), ("M3", "2026-03-15", None),
        ("M4", "2026-03-18", None), ("F1", "2026-02-10", 2),
    ]  # fmt: skip
    for number, day, resolved in rows:
        make_case_row(
            number=number,
            org=world.ent_a1,
            category=other,
            registered_at=datetime.fromisoformat(f"{day}T09:00:00+08:00"),
            status=Status.RESOLVED if resolved else Status.IN_PROGRESS,
            responded_after=DAY / 2,
            resolved_after=resolved * DAY if resolved else None,
            resolution_days=10,
        )
    return world


def _figure(world, key: str, now: datetime) -> selectors.MetricFigure:
    metric = areas.area_metric(key)
    assert metric is not None
    period = selectors.area_period(date(2026, 3, 1), date(2026, 3, 31), now.date())
    with frozen_at(now):
        return selectors.metric_figure(metric, user=world.leader, org=world.city, period=period)


def test_resolution_rate_counts_the_cases_still_within_their_deadline_as_not_yet_due(march):
    # given March's four cases, two of them open and within their deadline on 20 March
    # when the cockpit computes the resolution rate for March
    figure = _figure(march, "resolution_rate", NOW)
    # then it is 1/4 and marked with the two cases not yet due; February's 环比 is final
    assert (figure.numerator, figure.denominator) == (1, 4)
    assert figure.not_yet_due == 2
    assert figure.previous_period is not None
    assert figure.previous_period.not_yet_due == 0
    assert figure.previous_period.value.denominator == 1


@pytest.mark.parametrize("key", ["on_time_rate", "avg_resolve_days"])
def test_the_figures_that_wait_on_the_deadline_are_marked_too(march, key):
    assert _figure(march, key, NOW).not_yet_due == 2


@pytest.mark.parametrize("key", ["case_count", "response_rate", "open_count"])
def test_a_figure_without_the_rule_is_never_marked(march, key):
    # given the same cases: a count, and the response rate that leaves the undue out already
    assert _figure(march, key, NOW).not_yet_due == 0


def test_once_every_case_is_past_its_deadline_the_mark_is_gone(march):
    figure = _figure(march, "resolution_rate", LATER)
    assert figure.not_yet_due == 0
    assert (figure.numerator, figure.denominator) == (1, 4)


def test_the_area_page_marks_the_tile_and_does_not_colour_its_drop_as_bad(client, march):
    client.force_login(march.leader)
    with frozen_at(NOW):
        page = client.get(f"/cockpit/areas/cases/?{MARCH}").content.decode()
    assert 'data-testid="tile-resolution_rate-not-yet-due"' in page
    assert 'data-testid="tile-case_count-not-yet-due"' not in page
    # the rate fell from 100 % (February) to 25 %: shown as not yet due, not as a bad trend
    badge = page.split('data-testid="tile-resolution_rate-not-yet-due"')[1].split("</span>")[0]
    mom = page.split('data-testid="tile-resolution_rate-mom"')[0].rsplit("<div", 1)[1]
    assert "not-yet-due" in mom
    assert "down-bad" not in mom
    assert "2" in badge


def test_the_api_gives_each_figure_its_not_yet_due_count(client, march):
    client.force_login(march.leader)
    with frozen_at(NOW):
        response = client.get(f"/api/cockpit/areas?{MARCH}")
    assert response.status_code == 200
    cases = next(a for a in response.json() if a["area"] == "cases")
    by_key = {m["key"]: m for m in cases["metrics"]}
    assert by_key["resolution_rate"]["not_yet_due"] == 2
    assert by_key["resolution_rate"]["previous_period"]["not_yet_due"] == 0
    assert by_key["case_count"]["not_yet_due"] == 0


def _ask(client, question: str) -> dict:
    with frozen_at(NOW):
        response = client.post("/api/ask", {"question": question}, content_type="application/json")
    assert response.status_code == 200
    return response.json()


def test_ask_marks_a_resolution_rate_whose_cases_are_not_yet_due(client, march):
    client.force_login(march.leader)
    answer = _ask(client, "今年3月的解决率是多少")
    assert answer["understood"]
    assert answer["interpretation"]["metric"] == "resolution_rate"
    assert answer["not_yet_due"] == 2
    assert "2" in answer["answer"].split("25.0%")[1]


def test_ask_does_not_mark_a_count(client, march):
    client.force_login(march.leader)
    answer = _ask(client, "今年3月的诉求量是多少")
    assert answer["understood"]
    assert answer["interpretation"]["metric"] == "case_count"
    assert answer["not_yet_due"] == 0


def test_the_case_area_computes_one_summary_per_period_for_all_its_metrics(march):
    # given the 诉求受理 area's eight metrics, each with 同比 and 环比 (24 figures)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    period = selectors.area_period(date(2026, 3, 1), date(2026, 3, 31), NOW.date())
    area = areas.area("cases")
    assert area is not None
    # when the area page's figures are computed
    with frozen_at(NOW), CaptureQueriesContext(connection) as ctx:
        figures = selectors.area_figures(area, user=march.leader, org=march.city, period=period)
    # then the ledger is aggregated once per period (3), not once per metric and period (24)
    aggregates = [q["sql"] for q in ctx.captured_queries if "cases_case" in q["sql"]]
    assert len([sql for sql in aggregates if "COUNT(" in sql.upper()]) == 3
    by_key = {f.metric.key: f for f in figures.figures}
    assert by_key["case_count"].value == 4
    assert by_key["open_count"].value == 3
    assert by_key["case_count"].previous_period.value == 1
