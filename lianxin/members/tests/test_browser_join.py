"""On a phone (390 x 844): a rider opens the union's join page (the URL its poster QR encodes),
applies, the chair approves, the rider sees the card, and 入会率's numerator grows by one."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.core.idcard import check_digit
from lianxin.demo.orgs_data import DEMO_PASSWORD
from lianxin.members.services import record_workforce
from lianxin.members.services.people import today
from lianxin.orgs.models import Org
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
UNION = "JZ-SY-YH-01"  # 天香面业's union, the demo chair's


def numerator(page: Page, base: str) -> int:
    page.goto(f"{base}/members/figures/?org={UNION}")
    return int(page.get_by_test_id("rate-numerator").inner_text())


def test_a_rider_joins_from_the_poster_link_and_the_rate_grows_by_one(
    live_server, page: Page, demo_orgs
):
    # Given the union's recorded workforce and a rider with an account
    chair = User.objects.get(username="chair")
    record_workforce(actor=chair, org=Org.objects.get(code=UNION), on=today(), total=157, gig=20)
    User.objects.create_user("rider", password=DEMO_PASSWORD, first_name="骑手")
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "chair")
    before = numerator(page, live_server.url)

    # When the rider opens the join page on the phone and applies
    log_in(page, live_server.url, "rider")
    page.goto(f"{live_server.url}/w/join/{UNION}/")
    expect(page.get_by_test_id("join-org")).to_contain_text("天香面业")
    first17 = "41081119950315123"
    page.locator("input[name=phone]").fill("13912345678")
    page.locator("input[name=name]").fill("刘骑手")
    page.locator("input[name=id_number]").fill(first17 + check_digit(first17))
    page.locator("select[name=employment_form]").select_option("rider")
    page.locator("input[name=platform_or_employer]").fill("美团")
    page.locator("input[name=consent]").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_test_id("join-submit").click()
    expect(page.get_by_test_id("join-applied")).to_be_visible()

    # And the chair approves it on the applications page, confirming first
    log_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/members/applications/")
    expect(page.get_by_test_id("application")).to_have_count(1)
    page.get_by_test_id("ask-approve").click()
    page.get_by_test_id("yes-approve").click()
    expect(page.get_by_test_id("pending-empty")).to_be_visible()

    # Then the rider, signed in, sees the card with its number and QR
    log_in(page, live_server.url, "rider")
    page.goto(f"{live_server.url}/w/join/")
    expect(page.get_by_test_id("card-number")).to_contain_text("LX")
    expect(page.get_by_test_id("card-qr")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # And the union's 入会率 counts one more member
    log_in(page, live_server.url, "chair")
    assert numerator(page, live_server.url) == before + 1
