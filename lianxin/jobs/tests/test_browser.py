"""On a phone (390 x 844): a rider finds a 零工 short job at a station, applies after a confirmation
and sees it under "my applications"; the district's staff find it in their queue (name and phone
masked) and pass it on to the enterprise; the rider sees it passed on."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.demo.orgs_data import DEMO_PASSWORD
from lianxin.jobs import services
from lianxin.jobs.tests.jobs_world import gig_post, new_post
from lianxin.members.services import register_member
from lianxin.members.tests.conftest import details
from lianxin.orgs.models import Org
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_rider_applies_on_a_phone_and_the_union_passes_it_on(live_server, page: Page, demo_orgs):
    # Given a regular post and a 零工 short job at station JZ-ST-01, and a rider with a login
    staff = User.objects.get(username="staff")
    district, wanhe = Org.objects.get(code="JZ-SY"), Org.objects.get(code="JZ-SY-YH-03")
    services.post_job(actor=staff, new=new_post(district, wanhe, title="仓储叉车司机"))
    gig = services.post_job(actor=staff, new=gig_post(district, wanhe))
    rider = User.objects.create_user("rider1", password=DEMO_PASSWORD)
    person = register_member(actor=staff, org=wanhe, details=details(7)).person
    person.user = rider
    person.save(update_fields=["user"])
    page.set_viewport_size(PHONE)
    base = live_server.url

    # When the rider filters the list to 零工 and opens the short job
    log_in(page, base, "rider1")
    page.goto(f"{base}/jobs/")
    page.locator("select[name=kind]").select_option("gig")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_test_id("post-row")).to_have_count(1)
    assert fits(page)
    page.get_by_role("link", name=gig.title).click()
    expect(page.get_by_test_id("post-site")).to_have_text("JZ-ST-01")
    assert fits(page)

    # And applies, confirming first
    page.get_by_test_id("ask-apply").click()
    expect(page.get_by_test_id("confirm-apply-box")).to_be_visible()
    page.get_by_test_id("yes-apply").click()

    # Then the application is under "my applications"
    expect(page.get_by_test_id("application-state")).to_have_attribute("data-state", "submitted")
    assert fits(page)

    # When the district's staff open their queue: the rider masked, and pass it on
    log_in(page, base, "staff")
    page.goto(f"{base}/jobs/applications/")
    expect(page.get_by_test_id("queue-row")).to_have_count(1)
    body = page.content()
    assert details(7).name not in body
    assert details(7).phone not in body
    assert fits(page)
    page.get_by_test_id("ask-pass_on").click()
    page.get_by_test_id("yes-pass_on").click()
    expect(page.locator("[data-testid=queue-row] [data-state=passed_on]")).to_have_count(1)

    # Then the rider sees it passed to the enterprise
    log_in(page, base, "rider1")
    page.goto(f"{base}/jobs/mine/")
    expect(page.get_by_test_id("application-state")).to_have_attribute("data-state", "passed_on")
