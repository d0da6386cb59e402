"""A 12351 operator on a call enters the case in Chromium with the keyboard alone (after logging in)."""

import re

import pytest
from playwright.sync_api import Page, expect

from lianxin.cases.models import Case, Category
from lianxin.cases.taxonomy import seed_categories
from lianxin.demo.orgs_data import DEMO_PASSWORD
from lianxin.intake.services.receipts import case_for_receipt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def categories(db):
    """Transactional tests empty the tables between tests, seeded categories included."""
    seed_categories(Category)


TIANXIANG = "焦作市天香面业有限公司工会"
SAID = "面粉车间的除尘设备坏了半个月，粉尘很大，工人咳嗽得厉害，希望尽快修好。"


def log_in_and_open_the_hotline(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("staff")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_label("密码").press("Enter")
    expect(page.get_by_test_id("current-user")).to_be_visible()
    page.goto(f"{base}/intake/hotline/")
    expect(page.get_by_label("来电人电话")).to_be_focused()


def focused_name(page: Page) -> str:
    return page.evaluate("document.activeElement.name")


def enter_the_rest_of_the_call(page: Page, enterprise: str) -> None:
    """From the last checkbox on: enterprise, category, urgency, what was said, submit."""
    page.keyboard.press("Tab")
    assert focused_name(page) == "enterprise"
    page.keyboard.type(enterprise)
    # The suggestions follow the typing (headless Chromium opens no datalist popup to pick from;
    # the server takes a part of the name that fits one enterprise only).
    expect(page.locator("#hotline-enterprises option")).to_have_count(1)
    expect(page.locator("#hotline-enterprises option")).to_have_attribute("value", TIANXIANG)
    page.keyboard.press("Tab")
    assert focused_name(page) == "category"
    page.keyboard.type("1")  # “1 · 劳动报酬与欠薪”: the number picks the category
    page.keyboard.press("Tab")
    assert focused_name(page) == "urgency"
    page.keyboard.press("ArrowUp")  # 一般 → 紧急
    page.keyboard.press("Tab")
    assert focused_name(page) == "description"
    page.keyboard.type(SAID)
    page.keyboard.press("Control+Enter")


def taken_case(page: Page) -> Case:
    number = page.get_by_test_id("taken-number").inner_text().strip()
    assert re.fullmatch(r"JZ-\d{4}-\d{6}", number)
    return Case.objects.get(number=number)


def test_an_operator_enters_a_named_call_with_the_keyboard_only(live_server, page: Page, demo_orgs):
    log_in_and_open_the_hotline(page, live_server.url)

    page.keyboard.type("13912345678")
    page.keyboard.press("Tab")
    assert focused_name(page) == "anonymous"
    page.keyboard.press("Tab")
    assert focused_name(page) == "sms_consent"
    page.keyboard.press("Space")  # the caller agrees to be told by SMS
    enter_the_rest_of_the_call(page, "天香面业")

    expect(page.get_by_test_id("call-taken")).to_be_visible()
    case = taken_case(page)
    assert (case.channel, case.category.key, case.urgency) == ("hotline", "wages", "urgent")
    assert case.origin_org.name == TIANXIANG
    assert case.worker_phone == "13912345678"
    assert case.sms_consent
    assert case.description == SAID
    expect(page.get_by_test_id("recent-calls")).to_contain_text("139****5678")
    expect(page.locator("body")).not_to_contain_text("13912345678")
    expect(page.get_by_test_id("receipt-code")).to_have_count(0)
    # Ready for the next call: an empty form with the cursor in the phone field.
    expect(page.get_by_label("来电人电话")).to_be_focused()
    expect(page.get_by_label("来电人电话")).to_have_value("")


def test_an_anonymous_caller_gets_a_receipt_that_opens_their_case(
    live_server, page: Page, demo_orgs
):
    log_in_and_open_the_hotline(page, live_server.url)

    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the caller wishes to stay anonymous
    expect(page.get_by_label("来电人电话")).to_be_disabled()
    expect(page.locator("[name=sms_consent]")).to_be_disabled()  # so Tab passes it by
    enter_the_rest_of_the_call(page, TIANXIANG)

    receipt = page.get_by_test_id("receipt-code")
    expect(receipt).to_be_visible()
    case = taken_case(page)
    code = receipt.inner_text().strip()
    assert case.is_anonymous
    assert case.worker_phone == ""
    assert case_for_receipt(code=code, client="198.51.100.7") == case
    expect(page.get_by_test_id("recent-phone").first).to_have_text("匿名来电")
    # Reloading the page neither shows the code again nor registers the call twice.
    page.reload()
    expect(page.get_by_test_id("receipt-code")).to_have_count(0)
    assert Case.objects.count() == 1
