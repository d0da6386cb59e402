"""On a phone (390 x 844): 天香面业's chair lists a worker by ID number, the district lists the same
worker and is told it is a duplicate, the chair records the delivery after a confirmation showing the
value, the city federation withdraws the duplicate, and the campaign counts one 人次."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.members.services import register_member
from lianxin.members.services.people import today
from lianxin.members.tests.conftest import details
from lianxin.orgs.models import Org
from lianxin.tests.browser import log_in
from lianxin.welfare.services import warmth as services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def add(page: Page, base: str, campaign_id: int, org: Org, id_number: str) -> None:
    page.goto(f"{base}/welfare/warmth/{campaign_id}/recipients/")
    page.locator("select[name=org]").select_option(str(org.pk))
    page.locator("input[name=id_number]").fill(id_number)
    page.locator("select[name=reason]").select_option("frontline")
    page.get_by_test_id("add").click()


def test_a_duplicate_is_caught_and_the_person_counts_once(live_server, page: Page, demo_orgs):
    # Given the city's open campaign and a worker of 天香面业
    admin, chair = User.objects.get(username="admin"), User.objects.get(username="chair")
    new = services.NewCampaign("2027年两节送温暖", today() - timedelta(days=5),
                               today() + timedelta(days=60), Decimal("50000"), Decimal("500"))  # fmt: skip
    campaign = services.create_campaign(actor=admin, org=Org.objects.get(code="JZ"), new=new)
    services.open_campaign(actor=admin, campaign_id=campaign.pk)
    tianxiang, district = Org.objects.get(code="JZ-SY-YH-01"), Org.objects.get(code="JZ-SY")
    register_member(actor=chair, org=tianxiang, details=details(1))
    number = details(1).id_number
    page.set_viewport_size(PHONE)
    base = live_server.url

    # When the chair lists the worker by ID number, and the district lists the same worker
    log_in(page, base, "chair")
    add(page, base, campaign.pk, tianxiang, number)
    expect(page.get_by_test_id("recipient-state")).to_have_attribute("data-state", "listed")
    assert fits(page)
    log_in(page, base, "staff")
    add(page, base, campaign.pk, district, number)
    expect(page.locator("[data-state=flagged]")).to_have_count(1)

    # And the chair records the delivery, confirming the value
    log_in(page, base, "chair")
    page.goto(f"{base}/welfare/warmth/{campaign.pk}/recipients/")
    page.get_by_test_id("deliver").click()
    page.locator("input[name=value]").fill("480")
    page.get_by_test_id("continue").click()
    expect(page.get_by_test_id("confirm-amount")).to_contain_text("¥480.00")
    page.get_by_test_id("yes-deliver").click()
    expect(page.get_by_test_id("recipient-state")).to_have_attribute("data-state", "delivered")

    # Then the city federation withdraws the flagged listing as a duplicate
    log_in(page, base, "admin")
    page.goto(f"{base}/welfare/warmth/{campaign.pk}/duplicates/")
    expect(page.get_by_test_id("duplicate-row")).to_have_count(1)
    page.get_by_test_id("ask-confirm_duplicate").click()
    page.get_by_test_id("yes-confirm_duplicate").click()
    expect(page.get_by_test_id("duplicates-empty")).to_be_visible()

    # And the campaign counts the worker once
    page.goto(f"{base}/welfare/warmth/{campaign.pk}/")
    expect(page.get_by_test_id("delivered")).to_have_text("1")
    expect(page.get_by_test_id("spent")).to_contain_text("480")
    assert fits(page)
