"""The business areas' pages, selectors and API over the registry (core.areas): a test area whose
figures the test controls, so 同比, 环比 and their changes are checked against hand counts, and the
dates the metric was asked for are the shifted periods."""

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from lianxin.cases.metrics import Rate
from lianxin.cockpit import selectors
from lianxin.core import areas as registry
from lianxin.core.areas import COUNT, RATE, YUAN, Area, AreaMetric
from lianxin.core.clock import frozen_at
from lianxin.orgs.models import Org

TODAY = datetime.fromisoformat("2025-06-15T12:00:00+08:00")
# (day, done): March 2025 holds three (two done), February 2025 one (not done), March 2024 one (done).
EVENTS = [
    (date(2025, 3, 3), True),
    (date(2025, 3, 20), False),
    (date(2025, 3, 31), True),
    (date(2025, 2, 10), False),
    (date(2024, 3, 5), True),
    (date(2024, 2, 29), False),
]
MARCH = "start=2025-03-01&end=2025-03-31"


def _in(start: date, end: date) -> list[bool]:
    return [done for day, done in EVENTS if start <= day <= end]


@pytest.fixture
def test_area():
    """An area "zz" with a count, a rate, a rate that never has a denominator and a yuan figure;
    every call to a compute is recorded as (metric, user, org, start, end)."""
    calls: list[tuple] = []

    def recorded(key, answer):
        def compute(user, org, start, end):
            calls.append((key, user, org, start, end))
            return answer(start, end)

        return compute

    registry.register_area(
        Area(key="zz", name="测试领域", name_en="Test area", order=9990, headline="zz_count")
    )
    metrics = [
        ("zz_count", COUNT, lambda s, e: len(_in(s, e))),
        ("zz_rate", RATE, lambda s, e: Rate(sum(_in(s, e)), len(_in(s, e)))),
        ("zz_empty", RATE, lambda s, e: Rate(0, 0)),
        ("zz_yuan", YUAN, lambda s, e: Decimal("12.50") * len(_in(s, e))),
    ]
    for key, unit, answer in metrics:
        registry.register_area_metric(
            AreaMetric(key=key, area="zz", name=key, name_en=key, unit=unit,
                       definition=key, compute=recorded(key, answer))
        )  # fmt: skip
    yield SimpleNamespace(calls=calls)
    registry.unregister_area("zz")
    assert registry.area("zz") is None
    assert registry.area_metric("zz_count") is None


def figures_of(user, org, start, end):
    period = selectors.area_period(start, end, TODAY.date())
    return {
        f.metric.key: f
        for f in selectors.area_figures(
            registry.area("zz"), user=user, org=org, period=period
        ).figures
    }


# ---- the periods compared ---------------------------------------------------------------------


def test_a_whole_month_is_compared_with_the_same_month_last_year_and_the_month_before():
    assert selectors.same_period_last_year(date(2025, 3, 1), date(2025, 3, 31)) == (
        date(2024, 3, 1), date(2024, 3, 31),
    )  # fmt: skip
    assert selectors.previous_period(date(2025, 3, 1), date(2025, 3, 31)) == (
        date(2025, 2, 1), date(2025, 2, 28),
    )  # fmt: skip
    # a quarter: the quarter before
    assert selectors.previous_period(date(2025, 4, 1), date(2025, 6, 30)) == (
        date(2025, 1, 1), date(2025, 3, 31),
    )  # fmt: skip


def test_a_period_of_days_is_compared_with_as_many_days_just_before():
    # 1 January to 15 June 2025: 166 days; the 166 days before end on 31 December
    assert selectors.previous_period(date(2025, 1, 1), date(2025, 6, 15)) == (
        date(2024, 7, 19), date(2024, 12, 31),
    )  # fmt: skip
    assert selectors.same_period_last_year(date(2024, 2, 29), date(2024, 3, 10)) == (
        date(2023, 2, 28), date(2023, 3, 10),
    )  # fmt: skip


def test_the_default_period_is_this_year_so_far_and_a_past_period_is_not_marked():
    period = selectors.area_period(None, None, date(2025, 6, 15))
    assert (period.start, period.end, period.so_far) == (date(2025, 1, 1), date(2025, 6, 15), True)
    assert (
        selectors.area_period(date(2025, 3, 1), date(2025, 3, 31), date(2025, 6, 15)).so_far
        is False
    )
    assert (
        selectors.area_period(date(2025, 6, 1), date(2025, 6, 30), date(2025, 6, 15)).so_far is True
    )


# ---- the figures: computed by the metric for the period and the two shifted ones ----------------


def test_each_metric_is_computed_for_the_period_last_year_and_the_period_before(world, test_area):
    city = Org.objects.get(code="JZ")
    figures = figures_of(world.leader, city, date(2025, 3, 1), date(2025, 3, 31))
    asked = [(s, e) for key, user, org, s, e in test_area.calls if key == "zz_count"]
    assert asked == [
        (date(2025, 3, 1), date(2025, 3, 31)),
        (date(2024, 3, 1), date(2024, 3, 31)),
        (date(2025, 2, 1), date(2025, 2, 28)),
    ]
    assert all(user == world.leader and org == city for _k, user, org, _s, _e in test_area.calls)
    count = figures["zz_count"]
    assert count.value == 3
    assert count.same_period_last_year.value == 1  # 5 March 2024 (29 February is not March)
    assert count.previous_period.value == 1  # 10 February 2025
    assert (
        count.same_period_last_year.change.delta,
        count.same_period_last_year.change.percent,
    ) == (2, 200.0)
    assert (count.previous_period.change.delta, count.previous_period.change.percent) == (2, 200.0)


def test_a_rate_changes_in_percentage_points_against_hand_counts(world, test_area):
    rate = figures_of(world.leader, None, date(2025, 3, 1), date(2025, 3, 31))["zz_rate"]
    assert (rate.numerator, rate.denominator, rate.number) == (2, 3, 66.7)
    assert rate.same_period_last_year.number == 100.0  # 1 of 1
    assert rate.same_period_last_year.change.delta == -33.3  # 66.7 % − 100 %
    assert rate.same_period_last_year.change.percent is None  # points, not a relative change
    assert rate.previous_period.number == 0.0  # 0 of 1: a real 0 %
    assert rate.previous_period.change.delta == 66.7


def test_a_rate_without_a_denominator_is_no_data_not_zero(world, test_area):
    empty = figures_of(world.leader, None, date(2025, 3, 1), date(2025, 3, 31))["zz_empty"]
    assert (empty.numerator, empty.denominator, empty.number) == (0, 0, None)
    assert empty.same_period_last_year.change.delta is None
    # a rate with data against a period without any: no change is claimed either way
    rate = figures_of(world.leader, None, date(2025, 4, 1), date(2025, 4, 30))["zz_rate"]
    assert rate.number is None
    assert rate.previous_period.number == 66.7
    assert rate.previous_period.change.delta is None


def test_a_change_from_zero_has_a_difference_but_no_percent(world, test_area):
    count = figures_of(world.leader, None, date(2024, 3, 1), date(2024, 3, 31))["zz_count"]
    assert count.value == 1
    assert count.same_period_last_year.value == 0
    assert (
        count.same_period_last_year.change.delta,
        count.same_period_last_year.change.percent,
    ) == (1, None)
    yuan = figures_of(world.leader, None, date(2025, 3, 1), date(2025, 3, 31))["zz_yuan"]
    assert yuan.value == Decimal("37.50")
    assert (yuan.previous_period.change.delta, yuan.previous_period.change.percent) == (25.0, 200.0)


# ---- the pages ------------------------------------------------------------------------------------


def test_the_areas_page_has_a_card_per_area_linking_to_its_page(client, world, test_area):
    client.force_login(world.leader)
    with frozen_at(TODAY):
        page = client.get(f"/cockpit/areas/?{MARCH}")
    assert page.status_code == 200
    cards = {c["area"].key: c for c in page.context["cards"]}
    assert cards["zz"]["tile"]["value"] == "3"  # the headline: zz_count
    assert [c["area"].key for c in page.context["cards"]] == [a.key for a in registry.areas()]
    html = page.content.decode()
    assert f'href="/cockpit/areas/zz/?{MARCH.replace("&", "&amp;")}"' in html
    assert 'data-testid="area-switcher"' in html
    assert page.context["org"] == world.city  # the leader's scope, as on the dashboard


def test_the_area_page_shows_every_metric_with_its_comparisons(client, world, test_area):
    client.force_login(world.leader)
    with frozen_at(TODAY):
        page = client.get(f"/cockpit/areas/zz/?{MARCH}&org=DA")
    assert page.status_code == 200
    tiles = {t["key"]: t for t in page.context["tiles"]}
    assert list(tiles) == ["zz_count", "zz_rate", "zz_empty", "zz_yuan"]
    assert tiles["zz_count"]["year"]["text"] == "+2 (+200%)"
    assert tiles["zz_rate"]["value"] == "66.7%"
    assert tiles["zz_rate"]["detail"] == "2/3"
    assert tiles["zz_rate"]["year"]["trend"] == "down-bad"
    assert tiles["zz_empty"]["value"] == "—"
    assert tiles["zz_empty"]["no_data"] is True
    assert tiles["zz_yuan"]["value"].startswith("37.5 ")  # 37.5 元
    assert {org for *_x, org, _s, _e in test_area.calls} == {world.district_a}
    html = page.content.decode()
    assert 'data-testid="tile-zz_empty-no-data"' in html
    assert 'data-testid="so-far"' not in html  # March is over
    assert 'aria-current="page" href="/cockpit/areas/zz/' in html  # the switcher marks the area
    assert {o.code for o in page.context["picker"]} >= {"JZ", "DA", "SA"}


def test_a_period_not_over_yet_is_marked_so_far(client, world, test_area):
    client.force_login(world.leader)
    with frozen_at(TODAY):
        page = client.get("/cockpit/areas/zz/")
    assert page.context["period"].so_far is True
    assert 'data-testid="so-far"' in page.content.decode()
    assert page.context["period"].start == date(2025, 1, 1)


def test_a_period_ending_before_it_starts_falls_back_to_the_default_and_says_so(
    client, world, test_area
):
    client.force_login(world.leader)
    with frozen_at(TODAY):
        page = client.get("/cockpit/areas/zz/?start=2025-03-31&end=2025-03-01")
    assert page.status_code == 200
    assert 'data-testid="area-period-errors"' in page.content.decode()
    assert page.context["period"].start == date(2025, 1, 1)


def test_the_dashboard_has_the_area_switcher(client, world, test_area):
    client.force_login(world.leader)
    html = client.get("/cockpit/").content.decode()
    assert 'data-testid="area-switcher"' in html
    assert 'href="/cockpit/areas/zz/"' in html


def test_an_unknown_area_is_404(client, world, test_area):
    client.force_login(world.leader)
    assert client.get("/cockpit/areas/nope/").status_code == 404


def test_outsiders_cannot_open_the_areas(client, world, test_area):
    assert client.get("/cockpit/areas/").status_code == 302
    assert client.get("/cockpit/areas/zz/").status_code == 302
    client.force_login(world.staff)  # district A
    assert client.get("/cockpit/areas/zz/?org=DB").status_code == 404
    assert client.get("/cockpit/areas/?org=DB").status_code == 404
    page = client.get("/cockpit/areas/zz/")
    assert page.context["org"] == world.district_a
    assert "DB" not in {o.code for o in page.context["picker"]}
    assert "JZ" not in {o.code for o in page.context["picker"]}


def test_the_page_is_empty_when_no_area_is_registered(client, world, monkeypatch):
    monkeypatch.setattr(registry, "_AREAS", {})
    monkeypatch.setattr(registry, "_METRICS", {})
    client.force_login(world.leader)
    page = client.get("/cockpit/areas/")
    assert page.status_code == 200
    assert 'data-testid="areas-empty"' in page.content.decode()
    assert 'data-testid="area-switcher"' not in client.get("/cockpit/").content.decode()


def test_every_registered_area_has_a_page_reachable_from_the_dashboard(client, world):
    client.force_login(world.leader)
    dashboard = client.get("/cockpit/").content.decode()
    for each in registry.areas():
        assert f'href="/cockpit/areas/{each.key}/"' in dashboard, each.key
        page = client.get(f"/cockpit/areas/{each.key}/")
        assert page.status_code == 200, each.key
        assert [t["key"] for t in page.context["tiles"]] == [
            m.key for m in registry.area_metrics(each.key)
        ]


# ---- the leader's home --------------------------------------------------------------------------


def test_the_leaders_home_shows_one_headline_per_area(client, world, test_area):
    client.force_login(world.leader)
    with frozen_at(TODAY):
        page = client.get("/")
    headlines = page.context["tasks"].headlines
    assert [h.area.key for h in headlines] == [a.key for a in registry.areas()]
    zz = next(h for h in headlines if h.area.key == "zz")
    assert [f.metric.key for f in zz.figures] == ["zz_count"]  # the headline only
    assert zz.headline.value == 4  # 1 January to 15 June 2025: four events
    html = page.content.decode()
    assert 'data-testid="headline-zz"' in html
    assert 'href="/cockpit/areas/zz/"' in html


def test_a_home_without_the_leader_role_computes_no_headline(client, world, test_area):
    client.force_login(world.chair)
    page = client.get("/")
    assert page.context["tasks"].headlines is None
    assert not [c for c in test_area.calls if c[0] == "zz_count"]


# ---- the API --------------------------------------------------------------------------------------


def test_the_api_answers_every_area_with_its_metrics_and_comparisons(client, world, test_area):
    client.force_login(world.leader)
    with frozen_at(TODAY):
        response = client.get(f"/api/cockpit/areas?{MARCH}&org=DA")
    assert response.status_code == 200
    body = response.json()
    assert [a["area"] for a in body] == [a.key for a in registry.areas()]
    zz = next(a for a in body if a["area"] == "zz")
    assert (zz["start"], zz["end"], zz["so_far"]) == ("2025-03-01", "2025-03-31", False)
    metrics = {m["key"]: m for m in zz["metrics"]}
    assert set(metrics["zz_rate"]) == {
        "key", "name", "unit", "dimensions", "value", "numerator", "denominator", "not_yet_due",
        "same_period_last_year", "previous_period",
    }  # fmt: skip
    assert metrics["zz_rate"]["value"] == 66.7
    assert (metrics["zz_rate"]["dimensions"], metrics["zz_count"]["dimensions"]) == (
        [], ["month", "child"],
    )  # fmt: skip
    assert (metrics["zz_rate"]["numerator"], metrics["zz_rate"]["denominator"]) == (2, 3)
    year = metrics["zz_rate"]["same_period_last_year"]
    assert (year["start"], year["end"], year["value"], year["change"]) == (
        "2024-03-01", "2024-03-31", 100.0, -33.3,
    )  # fmt: skip
    before = metrics["zz_count"]["previous_period"]
    assert (before["start"], before["end"], before["value"]) == ("2025-02-01", "2025-02-28", 1)
    assert (before["change"], before["change_percent"]) == (2, 200.0)
    assert metrics["zz_empty"]["value"] is None
    assert {org for *_x, org, _s, _e in test_area.calls} == {world.district_a}


def test_the_api_refuses_an_org_outside_the_scope_and_a_backwards_period(client, world, test_area):
    client.force_login(world.staff)
    response = client.get("/api/cockpit/areas?org=DB")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "cockpit.org_not_found"
    assert set(response.json()["error"]) == {"code", "message", "details"}
    response = client.get("/api/cockpit/areas?start=2025-03-31&end=2025-03-01")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "cockpit.invalid_period"
    assert not test_area.calls  # refused before anything was computed
    client.logout()
    assert client.get("/api/cockpit/areas").status_code == 401


@pytest.mark.parametrize(
    "query",
    ["start=0743-04-05", "start=2001-01-01&end=2025-01-01", "start=1949-12-31&end=1950-01-31"],
)
def test_a_period_too_long_or_too_far_back_is_refused_by_the_api_and_defaulted_on_the_page(
    client, world, test_area, query
):
    # Given periods whose 同比 or 环比 would fall before any figure was kept (a year 743 start, found
    # by the schema fuzzer, once overflowed the date arithmetic: a 500)
    client.force_login(world.staff)
    response = client.get(f"/api/cockpit/areas?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "cockpit.invalid_period"
    assert not test_area.calls
    with frozen_at(TODAY):
        page = client.get(f"/cockpit/areas/zz/?{query}")
    assert page.status_code == 200
    assert 'data-testid="area-period-errors"' in page.content.decode()
