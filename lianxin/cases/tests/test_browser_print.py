"""Printed, the ledger and a case page are their content only, headed by org, period and time."""

import pytest
from playwright.sync_api import Page, expect

from lianxin.cases.tests.test_browser_trust_pages import TIANXIANG, log_in, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_printed_ledger_and_case_page_have_no_menus_or_controls_and_say_what_they_cover(
    live_server, page: Page, demo_orgs
):
    case = register("夜班食堂没有热饭")
    log_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/cases/?date_from=2026-01-01")
    header = page.get_by_test_id("print-header")
    expect(header).to_be_hidden()  # on screen: the page as usual

    page.emulate_media(media="print")
    expect(header).to_be_visible()
    expect(header).to_contain_text("问题台账")
    expect(header).to_contain_text("2026-01-01 – …")
    expect(page.locator("nav.lx-navbar")).to_be_hidden()
    expect(page.locator("form").first).to_be_hidden()
    expect(page.get_by_test_id("export")).to_be_hidden()
    expect(page.get_by_test_id("ledger")).to_contain_text(case.number)

    page.goto(f"{live_server.url}/cases/{case.number}/")
    expect(header).to_contain_text(case.number)
    expect(header).to_contain_text(TIANXIANG)
    expect(page.get_by_test_id("timeline")).to_be_visible()
    expect(page.locator("nav.lx-navbar")).to_be_hidden()
