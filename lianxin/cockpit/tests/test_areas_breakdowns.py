"""An area metric broken down by month or by sub-org (cockpit.breakdowns): only as its
registration accepts, and every group is the owning app's own figure for that slice — the
ledger's in one query (its declared `breakdown`), any other through its `compute` per slice.

Hand-built ledger, Beijing time, "now" 20 March 2026: district A (enterprise A1) has two February
cases and three March ones (one resolved); district B (enterprise B1) one March case, resolved.
"""

from datetime import date, datetime, timedelta

import pytest

from lianxin.cases.models import Category
from lianxin.cases.states import Status
from lianxin.cockpit import breakdowns, selectors
from lianxin.cockpit.tests.builders import make_case_row
from lianxin.core import areas
from lianxin.core.areas import CHILD, COUNT, MONTH, RATE, Area, AreaMetric
from lianxin.core.clock import frozen_at
from lianxin.core.errors import InvalidInput

NOW = datetime.fromisoformat("2026-03-20T12:00:00+08:00")
FEB_MAR = "start=2026-02-01&end=2026-03-31"
DAY = timedelta(days=1)


@pytest.fixture
def ledger(world):
    wages = Category.objects.get(key="wages")
    rows = [  # (org, day, resolved)
        (world.ent_a1, "2026-02-03", True), (world.ent_a1, "2026-02-20", False),
        (world.ent_a1, "2026-03-02", True), (world.ent_a1, "2026-03-05", False),
        (world.team_a1, "2026-03-09", False), (world.ent_b1, "2026-03-04", True),
    ]  # fmt: skip
    for i, (org, day, resolved) in enumerate(rows):
        make_case_row(
            number=f"B-{i}", org=org, category=wages,
            registered_at=datetime.fromisoformat(f"{day}T09:00:00+08:00"),
            status=Status.RESOLVED if resolved else Status.IN_PROGRESS,
            responded_after=DAY / 2, resolved_after=2 * DAY if resolved else None,
        )  # fmt: skip
    return world


def _period():
    return selectors.area_period(date(2026, 2, 1), date(2026, 3, 31), NOW.date())


def _rows(world, key: str, dimension: str, org=None):
    metric = areas.area_metric(key)
    with frozen_at(NOW):
        return breakdowns.metric_breakdown(
            metric, dimension, user=world.leader, org=org or world.city, period=_period()
        )


@pytest.mark.parametrize(
    "key", ["case_count", "open_count", "resolution_rate", "on_time_rate", "avg_resolve_days"]
)
@pytest.mark.parametrize("dimension", [MONTH, CHILD])
def test_each_group_of_a_ledger_figure_is_the_ledgers_own_figure_for_that_slice(
    ledger, key, dimension
):
    # given the ledger's metric, broken down in one query by its declared breakdown
    rows = _rows(ledger, key, dimension)
    metric = areas.area_metric(key)
    # then every group equals the metric's own compute over that month or sub-org
    with frozen_at(NOW):
        for row in rows:
            alone = metric.compute(ledger.leader, row.slice.org, row.slice.start, row.slice.end)
            assert AreaMetric.number(row.value) == AreaMetric.number(alone), row.slice


def test_the_case_count_by_month_and_by_district_counted_by_hand(ledger):
    by_month = {r.slice.key: r.value for r in _rows(ledger, "case_count", MONTH)}
    assert by_month == {"2026-02": 2, "2026-03": 4}
    by_child = {r.slice.key: r.value for r in _rows(ledger, "case_count", CHILD)}
    assert by_child == {ledger.district_a.code: 5, ledger.district_b.code: 1}
    rate = {r.slice.key: (r.value.numerator, r.value.denominator)
            for r in _rows(ledger, "resolution_rate", CHILD)}  # fmt: skip
    assert rate == {ledger.district_a.code: (2, 5), ledger.district_b.code: (1, 1)}


@pytest.fixture
def test_area():
    """An area with a count (no breakdown of its own) and a rate; calls are recorded."""
    calls: list[tuple] = []

    def count(user, org, start, end):
        calls.append((org, start, end))
        return (end - start).days + 1

    areas.register_area(Area(key="zb", name="测试", name_en="zb", order=9991, headline="zb_count"))
    for key, unit in (("zb_count", COUNT), ("zb_rate", RATE)):
        areas.register_area_metric(
            AreaMetric(key=key, area="zb", name=key, name_en=key, unit=unit, definition=key,
                       compute=count)
        )  # fmt: skip
    yield calls
    areas.unregister_area("zb")


def test_a_count_without_a_breakdown_of_its_own_is_computed_per_month(ledger, test_area):
    rows = _rows(ledger, "zb_count", MONTH)
    assert [(r.slice.key, r.value) for r in rows] == [("2026-02", 28), ("2026-03", 31)]
    assert [(s, e) for _o, s, e in test_area] == [
        (date(2026, 2, 1), date(2026, 2, 28)), (date(2026, 3, 1), date(2026, 3, 31)),
    ]  # fmt: skip


def test_a_breakdown_the_metric_does_not_declare_is_refused_and_nothing_computed(ledger, test_area):
    with pytest.raises(InvalidInput) as refused:
        _rows(ledger, "zb_rate", CHILD)
    assert refused.value.code == "cockpit.dimension_not_accepted"
    assert test_area == []


def test_the_area_page_shows_the_breakdown_by_district(client, ledger):
    client.force_login(ledger.leader)
    with frozen_at(NOW):
        page = client.get(f"/cockpit/areas/cases/?{FEB_MAR}&by=child").content.decode()
    assert 'data-testid="breakdown"' in page
    row_a = page.split(f'data-testid="breakdown-row-{ledger.district_a.code}"')[1].split("</tr>")[0]
    assert ">5<" in row_a  # its case count
    assert f'data-testid="breakdown-row-{ledger.district_b.code}"' in page


def test_the_area_page_without_by_computes_no_breakdown(client, ledger):
    client.force_login(ledger.leader)
    with frozen_at(NOW):
        page = client.get(f"/cockpit/areas/cases/?{FEB_MAR}").content.decode()
    assert 'data-testid="breakdown"' not in page
    assert 'data-testid="by-month"' in page


def test_an_area_with_no_metric_accepting_the_dimension_says_so(client, ledger, test_area):
    areas.unregister_area("zb")
    areas.register_area(Area(key="zb", name="测试", name_en="zb", order=9991, headline="zb_rate"))
    areas.register_area_metric(
        AreaMetric(key="zb_rate", area="zb", name="zb_rate", name_en="zb_rate", unit=RATE,
                   definition="zb_rate", compute=lambda *a: None)
    )  # fmt: skip
    client.force_login(ledger.leader)
    with frozen_at(NOW):
        page = client.get(f"/cockpit/areas/zb/?{FEB_MAR}&by=month").content.decode()
    assert 'data-testid="breakdown-none"' in page
