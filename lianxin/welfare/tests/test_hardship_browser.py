"""Chromium at 390 px: staff approve and pay a hardship payment on the card, each confirmed with the
amount shown, and the card's total reads the payment; the phone page does not overflow sideways."""
# ruff: noqa: F811 - the fixtures are imported from hardship_world and named as arguments

import pytest
from playwright.sync_api import Page, expect

from lianxin.tests.browser import log_in
from lianxin.welfare.tests.hardship_world import applied, registered, request  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _confirm(page: Page, testid: str, amount: str) -> None:
    page.get_by_test_id(f"ask-{testid}").click()
    expect(page.get_by_test_id(f"confirm-{testid}-message")).to_contain_text(amount)
    page.get_by_test_id(f"yes-{testid}").click()


def test_a_payment_is_approved_and_paid_with_its_amount_confirmed_on_a_phone(
    live_server, page: Page, world, registered
):
    # given the chair's request of 5,000 yuan on a registered file
    payment = request(world, registered, "5000", by=world.chair)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "staff", "pw")
    # when district staff approve it and record it paid, confirming the amount each time
    page.goto(f"{live_server.url}/welfare/hardship/{registered.pk}/")
    _confirm(page, f"approve-{payment.pk}", "5000.00")
    _confirm(page, f"pay-{payment.pk}", "5000.00")
    # then the card's total reads it, and the page fits the phone
    expect(page.get_by_test_id("total-paid")).to_have_text("5000.00")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    payment.refresh_from_db()
    assert (payment.state, payment.approved_by) == ("paid", world.staff)
