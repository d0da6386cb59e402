"""The business areas in Chromium on a phone (390 x 844): a leader opens the areas, taps an area's
card, reads its tiles, and switches area from the switcher — no page scrolls sideways."""

import pytest
from playwright.sync_api import Page, expect

from lianxin.cockpit.tests.test_areas import test_area  # noqa: F401 (the fixture)
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def sideways(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def controls_outside(page: Page) -> list[str]:
    """Visible controls beyond the screen's edge, but those of the switcher: it scrolls itself."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main button, main input, main select, main a')]
            .filter(el => el.offsetParent !== null && !el.closest('[data-testid=area-switcher]'))
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map(el => el.outerHTML.slice(0, 80))"""
    )


def test_a_leader_reads_an_area_on_a_phone_and_switches_areas(
    live_server,
    page: Page,
    demo_orgs,
    test_area,  # noqa: F811
):
    # Given the registry holds the test area (and whatever the apps declared)
    log_in(page, live_server.url, "leader")
    page.set_viewport_size(PHONE)

    # When the leader opens the areas and taps the test area's card
    page.goto(f"{live_server.url}/cockpit/areas/?start=2025-03-01&end=2025-03-31")
    assert sideways(page) <= 0
    assert controls_outside(page) == []
    page.get_by_test_id("area-card-zz").click()

    # Then its page shows a tile per metric, the rate with numerator/denominator and 同比
    expect(page.get_by_test_id("area-name")).to_have_text("测试领域")
    expect(page.get_by_test_id("tile-zz_rate-value")).to_have_text("66.7%")
    expect(page.get_by_test_id("tile-zz_rate-detail")).to_have_text("2/3")
    expect(page.get_by_test_id("tile-zz_count-yoy")).to_contain_text("+2 (+200%)")
    expect(page.get_by_test_id("tile-zz_empty-no-data")).to_be_visible()
    assert sideways(page) <= 0
    assert controls_outside(page) == []

    # And the switcher leads back to every area
    page.get_by_test_id("area-switch-all").click()
    expect(page.get_by_test_id("area-card-zz")).to_be_visible()
    expect(page.get_by_test_id("area-period")).to_contain_text("2025-03-01")
