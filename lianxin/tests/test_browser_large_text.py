"""适老化: the header's larger-text button sets the root font to 125 %, is remembered on the device, and
the worker page and the ledger still fit a 390 px phone with it on (nothing scrolls sideways)."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.cases.tests.factories import make_case
from lianxin.orgs.models import Org
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_SCREEN = {"width": 390, "height": 844}
ROOT_FONT_PX = "() => getComputedStyle(document.documentElement).fontSize"
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_larger_text_is_remembered_and_the_phone_layout_survives_it(
    live_server, page: Page, demo_orgs
):
    chair = User.objects.get(username="chair")
    home = Org.objects.get(code="JZ-SY-YH-01")
    for title in ("和面车间排风扇坏了半个月粉尘很大", "夜班没有热饭，希望食堂延长供应时间"):
        make_case(actor=chair, org=home, title=title)
    page.set_viewport_size(PHONE_SCREEN)

    # given the worker page at the normal size on a phone
    page.goto(f"{live_server.url}/w/")
    assert page.evaluate(ROOT_FONT_PX) == "16px"
    button = page.get_by_test_id("large-text")
    expect(button).to_have_attribute("aria-pressed", "false")

    # when the worker turns larger text on (the button is in the header, not the collapsed menu)
    button.click()

    # then the root font is 125 %, and it stays so on the next page load
    expect(button).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(ROOT_FONT_PX) == "20px"
    page.reload()
    assert page.evaluate(ROOT_FONT_PX) == "20px"
    expect(page.get_by_test_id("large-text")).to_have_attribute("aria-pressed", "true")
    # and nothing on the worker page scrolls sideways
    assert page.evaluate(SIDEWAYS) <= 0

    # and the ledger, for a chair on the same phone, fits too with its rows shown
    log_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/cases/")
    expect(page.locator("#ledger-table")).to_contain_text("和面车间排风扇坏了半个月粉尘很大")
    assert page.evaluate(ROOT_FONT_PX) == "20px"
    assert page.evaluate(SIDEWAYS) <= 0

    # when it is turned off again, the normal size comes back and is remembered
    page.get_by_test_id("large-text").click()
    page.reload()
    assert page.evaluate(ROOT_FONT_PX) == "16px"
