"""The leader's cockpit in Chromium: a click on a category slice of the pie lands on exactly the
ledger rows behind it; the question page answers with its interpretation, a table and a chart."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from lianxin.cases.models import Category
from lianxin.cases.states import Status
from lianxin.cockpit.tests.builders import make_case_row
from lianxin.core import clock
from lianxin.orgs.models import Org
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city_cases(demo_orgs):
    """Three wage cases and one safety case in Jiaozuo's enterprises, registered this week."""
    now = clock.now()
    tianxiang = Org.objects.get(code="JZ-SY-YH-01")
    jinhua = Org.objects.get(code="JZ-JF-JN-01")
    wages, safety = Category.objects.get(key="wages"), Category.objects.get(key="safety")
    for i, (org, category) in enumerate(
        [(tianxiang, wages), (tianxiang, wages), (jinhua, wages), (jinhua, safety)]
    ):
        make_case_row(
            number=f"JZ-2026-9{i:05d}",
            org=org,
            category=category,
            registered_at=now - timedelta(hours=2 + i),
            status=Status.IN_PROGRESS,
            responded_after=timedelta(hours=1),
        )


def slice_point(page: Page, chart: str, name: str) -> dict[str, float]:
    """Where the middle of a pie slice is inside its chart, from the chart's own layout."""
    x, y = page.evaluate(
        """([chart, name]) => {
          const c = window.lianxinCharts[chart];
          const data = c.getModel().getSeriesByIndex(0).getData();
          const l = data.getItemLayout(data.indexOfName(name));
          const mid = (l.startAngle + l.endAngle) / 2, r = (l.r + l.r0) / 2;
          return [l.cx + r * Math.cos(mid), l.cy + r * Math.sin(mid)];
        }""",
        [chart, name],
    )
    return {"x": x, "y": y}


def test_a_click_on_a_category_slice_opens_its_ledger_rows(live_server, page: Page, city_cases):
    base = live_server.url
    log_in(page, base, "leader")
    page.goto(f"{base}/cockpit/")
    expect(page.get_by_test_id("cockpit-org")).to_have_text("焦作市总工会")
    expect(page.get_by_test_id("tile-open_count-value")).to_have_text("4")
    page.locator("#chart-category[data-ready='1']").wait_for()
    # A real click on the slice (Playwright scrolls the chart into view first).
    page.locator("#chart-category").click(position=slice_point(page, "category", "劳动报酬与欠薪"))

    expect(page).to_have_url(re.compile(r"/cases/\?.*category=wages"))
    assert "org=JZ" in page.url
    rows = page.get_by_test_id("ledger").locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(page.get_by_test_id("ledger")).not_to_contain_text("安全生产")


def test_the_question_page_shows_the_interpretation_a_table_and_a_chart(
    live_server, page: Page, city_cases
):
    base = live_server.url
    log_in(page, base, "leader")
    page.goto(f"{base}/cockpit/ask/")
    page.locator("#question").fill("今年各区的诉求量")
    page.locator("#question").press("Enter")
    expect(page.get_by_test_id("interpretation")).to_contain_text(str(clock.now().year))
    table = page.get_by_test_id("answer-table")
    expect(table).to_contain_text("山阳区总工会")
    page.locator("#chart-answer[data-ready='1']").wait_for()
    page.locator("#question").fill("今天天气怎么样")
    page.locator("#question").press("Enter")
    expect(page.get_by_test_id("not-understood")).to_be_visible()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (2560, 1440)], ids=["phone", "wall"])
def test_the_cockpit_fits_a_phone_and_a_wall_screen(
    live_server, page: Page, city_cases, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    base = live_server.url
    log_in(page, base, "leader")
    page.goto(f"{base}/cockpit/?wall=1" if width > 1920 else f"{base}/cockpit/")
    page.locator("#chart-child[data-ready='1']").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    for key in ("trend", "category", "channel", "child"):
        box = page.locator(f"#chart-{key}").bounding_box()
        assert box is not None
        assert box["width"] <= width
        assert box["height"] > 200
    page.screenshot(path=f"/tmp/cockpit-{width}.png", full_page=True)
