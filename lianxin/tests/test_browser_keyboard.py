"""Keyboard alone (GB/T 37668): a worker raises a concern on the worker page and a chair finds a case
in the ledger with Tab, typing, Space and Enter only — no mouse, no click. (The 12351 hotline's
keyboard-only entry is intake/tests/test_browser_hotline.py.)"""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.cases.models import Case
from lianxin.cases.tests.factories import make_case
from lianxin.orgs.models import Org
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAID = "仓库叉车的刹车不灵，已经提过两次没人修。"


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focus is on an element matching `selector` (fails if it never gets there)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_worker_raises_a_concern_with_the_keyboard_alone(live_server, page: Page, demo_orgs):
    # given the worker page, nothing clicked
    page.goto(f"{live_server.url}/w/")
    # when the worker tabs to the search, types, picks the enterprise with Space, writes the concern,
    # keeps the preselected "anonymous" and presses Enter on the submit button
    tab_to(page, "#org-q")
    page.keyboard.type("天香")
    enterprise = page.get_by_label("焦作市天香面业有限公司工会")
    expect(enterprise).to_be_visible()
    tab_to(page, "input[name=enterprise]")
    page.keyboard.press("Space")
    expect(enterprise).to_be_checked()
    tab_to(page, "textarea[name=description]")
    page.keyboard.type(SAID)
    tab_to(page, "input[name=identity]")
    expect(page.locator("input[name=identity][value=anonymous]")).to_be_focused()
    tab_to(page, "[data-testid=submit-concern]")
    page.keyboard.press("Enter")
    # then the receipt is shown and the case is in the ledger, anonymous, at that enterprise
    expect(page.get_by_test_id("receipt-code")).to_be_visible()
    case = Case.objects.get(number=page.get_by_test_id("case-number").inner_text())
    assert case.is_anonymous
    assert case.description == SAID
    assert case.origin_org.code == "JZ-SY-YH-01"


def test_a_chair_searches_the_ledger_and_opens_a_case_with_the_keyboard_alone(
    live_server, page: Page, demo_orgs
):
    # given two cases at the chair's enterprise
    chair = User.objects.get(username="chair")
    home = Org.objects.get(code="JZ-SY-YH-01")
    wanted = make_case(actor=chair, org=home, title="叉车刹车失灵")
    make_case(actor=chair, org=home, title="食堂饭菜太贵")
    log_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/cases/")
    # when the chair tabs to the search, types and presses Enter, then tabs to the case and presses Enter
    tab_to(page, "#ledger-filter input[name=q]")
    page.keyboard.type("叉车")
    page.keyboard.press("Enter")
    expect(page.locator("#ledger-table")).not_to_contain_text("食堂饭菜太贵")
    tab_to(page, f'#ledger-table a[href$="/cases/{wanted.number}/"]')
    page.keyboard.press("Enter")
    # then the case page is open
    expect(page).to_have_url(f"{live_server.url}/cases/{wanted.number}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("叉车刹车失灵")
