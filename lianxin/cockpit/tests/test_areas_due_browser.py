"""In Chromium on a phone: the 诉求受理 area page marks the resolution rate of a period whose cases
are not yet due, and the leader breaks the area's figures down by sub-org with one tap."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from lianxin.cases.models import Category
from lianxin.cases.states import Status
from lianxin.cockpit.tests.builders import make_case_row
from lianxin.cockpit.tests.test_areas_browser import PHONE, controls_outside, sideways
from lianxin.core import clock
from lianxin.orgs.models import Org, OrgKind
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_sees_the_not_yet_due_mark_and_the_breakdown_by_sub_org(
    live_server, page: Page, demo_orgs
):
    # Given three cases of an enterprise this month: one resolved, two open and within deadline
    enterprise = Org.objects.filter(kind=OrgKind.ENTERPRISE).order_by("path").first()
    wages = Category.objects.get(key="wages")
    now = clock.now()
    for i, resolved in enumerate((True, False, False)):
        make_case_row(
            number=f"BR-{i}", org=enterprise, category=wages,
            registered_at=now - timedelta(days=2, hours=i),
            status=Status.RESOLVED if resolved else Status.IN_PROGRESS,
            responded_after=timedelta(hours=1),
            resolved_after=timedelta(days=1) if resolved else None, resolution_days=15,
        )  # fmt: skip
    start = (now - timedelta(days=3)).date()
    query = f"start={start.isoformat()}&end={(now + timedelta(days=1)).date().isoformat()}"
    log_in(page, live_server.url, "leader")
    page.set_viewport_size(PHONE)

    # When the leader opens the area's page
    page.goto(f"{live_server.url}/cockpit/areas/cases/?{query}")

    # Then the resolution rate (1 of 3) is marked: two cases are not yet due
    expect(page.get_by_test_id("tile-resolution_rate-detail")).to_have_text("1/3")
    expect(page.get_by_test_id("tile-resolution_rate-not-yet-due")).to_contain_text("2")
    expect(page.get_by_test_id("tile-case_count-not-yet-due")).to_have_count(0)
    assert sideways(page) <= 0

    # And one tap breaks the figures down by sub-org, the enterprise's district holding all three
    page.get_by_test_id("by-child").click()
    table = page.get_by_test_id("breakdown")
    expect(table).to_be_visible()
    district = next(o for o in enterprise.ancestors() if o.parent_id == demo_orgs.pk)
    expect(page.get_by_test_id(f"breakdown-row-{district.code}")).to_contain_text("3")
    assert sideways(page) <= 0
    assert controls_outside(page) == []
