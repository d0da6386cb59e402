"""On a phone (390 x 844): a member finds an open 托管班, signs up with a confirmation, the next one
lands on the waiting list, and the organiser ticks attendance on the session page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.activities import services
from lianxin.activities.services import NewActivity
from lianxin.core import clock
from lianxin.core.idcard import check_digit
from lianxin.demo.orgs_data import DEMO_PASSWORD
from lianxin.members.services import PersonDetails, apply_for_membership, approve_membership
from lianxin.members.services.people import today
from lianxin.orgs.models import Org
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _member(username: str, n: int) -> User:
    user = User.objects.create_user(username, password=DEMO_PASSWORD)
    first17 = f"41081119900101{n:03d}"
    membership = apply_for_membership(
        actor=user, org=Org.objects.get(code="JZ-SY-YH-01"),
        details=PersonDetails(name=f"王职工{n}", id_number=first17 + check_digit(first17)),
    )  # fmt: skip
    approve_membership(actor=User.objects.get(username="chair"), membership_id=membership.pk)
    return user


def _class() -> int:
    now, day = clock.now(), today()
    new = NewActivity(
        kind="childcare", title="暑期职工子女托管班", capacity=1, members_only=True,
        signup_opens=now - timedelta(days=1), signup_closes=now + timedelta(days=9),
        starts_on=day + timedelta(days=10), ends_on=day + timedelta(days=30),
    )  # fmt: skip
    staff = User.objects.get(username="staff")
    activity = services.create_activity(actor=staff, org=Org.objects.get(code="JZ-SY"), new=new)
    services.add_session(
        actor=staff, activity_id=activity.pk, starts_at=now + timedelta(days=10), label="第一天"
    )
    return activity.pk


def _sign_up(page: Page, base: str, username: str) -> None:
    log_in(page, base, username)
    page.goto(f"{base}/activities/")
    page.get_by_role("link", name="暑期职工子女托管班").click()
    expect(page.get_by_test_id("activity-title")).to_have_text("暑期职工子女托管班")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_test_id("ask-sign-up").click()
    page.get_by_test_id("yes-sign-up").click()
    expect(page.get_by_test_id("my-state")).to_be_visible()


def test_members_sign_up_on_a_phone_and_the_organiser_ticks_attendance(
    live_server, page: Page, demo_orgs
):
    # Given a one-place class and two members with accounts
    activity_id = _class()
    _member("first_worker", 1), _member("second_worker", 2)
    page.set_viewport_size(PHONE)

    # When the first signs up, then the second
    _sign_up(page, live_server.url, "first_worker")
    expect(page.get_by_test_id("my-state")).to_have_attribute("data-state", "signed_up")
    _sign_up(page, live_server.url, "second_worker")

    # Then the second waits, first in line, and the page counts the place and the waiting list
    expect(page.get_by_test_id("my-state")).to_have_attribute("data-state", "waiting")
    expect(page.get_by_test_id("my-state")).to_have_attribute("data-position", "1")
    expect(page.get_by_test_id("places-left")).to_have_text("0")
    expect(page.get_by_test_id("waiting")).to_have_text("1")

    # And the organiser ticks the first present on the session page
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/activities/{activity_id}/roster/")
    expect(page.get_by_test_id("roster-row")).to_have_count(2)
    page.get_by_test_id("session-link").click()
    boxes = page.locator("input[name=present]")
    expect(boxes).to_have_count(1)
    boxes.first.check()
    page.get_by_test_id("save-attendance").click()
    expect(page.locator("input[name=present]").first).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
