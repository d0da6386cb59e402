"""On a phone (390 px wide) the ledger reads as cards, with nothing to scroll sideways."""

import pytest
from playwright.sync_api import Page, expect

from lianxin.cases.tests.test_browser_trust_pages import log_in, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_the_ledger_at_390_px_shows_cards_and_no_horizontal_scroll(
    live_server, page: Page, demo_orgs
):
    # Given cases with long titles in the chair's ledger
    for title in (
        "夜班食堂没有热饭热菜工人只能吃泡面",
        "加班费按最低工资基数计算少算了很多",
        "宿舍热水器坏了两个星期没人来修",
    ):
        register(title)
    log_in(page, live_server.url, "chair")

    # When the ledger is opened on a phone
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/cases/")
    ledger = page.get_by_test_id("ledger")
    expect(ledger.locator("tbody tr")).to_have_count(3)

    # Then the rows are cards (no header row, one block per case) and nothing overflows sideways
    expect(ledger.locator("thead")).to_be_hidden()
    row = ledger.locator("tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    assert row.bounding_box()["width"] <= PHONE["width"]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls {overflow} px sideways"
    label = row.locator("td[data-label]").first.evaluate(
        "el => getComputedStyle(el, '::before').content"
    )
    assert "类别" in label  # each line says what it is
