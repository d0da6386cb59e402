"""Chromium: staff open a mutual-aid claim from a rider's accident case, move it to paid (approval and
payment confirmed with the amount shown), and the case page shows the claim's state."""

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from lianxin.cases.tests.factories import make_case
from lianxin.orgs.tests.factories import UserFactory
from lianxin.tests.browser import log_in
from lianxin.welfare.models.mutual_aid import Claim
from lianxin.welfare.states.mutual_aid import ClaimState
from lianxin.welfare.tests import mutual_aid_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
plan_world = mutual_aid_world.plan_world


def _label(state: str) -> str:
    with translation.override("zh-hans"):
        return str(ClaimState(state).label)


def _confirm(page: Page, action: str, amount: str) -> None:
    page.get_by_test_id(f"ask-{action}").click()
    expect(page.get_by_test_id(f"confirm-{action}-message")).to_contain_text(amount)
    page.get_by_test_id(f"yes-{action}").click()


def test_an_accident_case_opens_a_claim_that_moves_to_paid_and_the_case_and_figures_show_it(
    live_server, page: Page, plan_world
):
    # Given: an enrolled rider's self-fall accident case, raised from the rider's own account
    w = plan_world
    rider_user = UserFactory(username="rider7")
    w.rider.person.user = rider_user
    w.rider.person.save(update_fields=["user"])
    case = make_case(actor=w.world.staff, org=w.world.street_a, key="accident",
                     title="骑手送餐途中自摔", claim_type="self_fall", worker_user=rider_user)  # fmt: skip
    log_in(page, live_server.url, "staff", "pw")

    # When: staff open the claim from the case page in one action
    page.goto(f"{live_server.url}/cases/{case.number}/")
    page.get_by_test_id("open-claim-form").locator("select").select_option(str(w.plan.pk))
    page.get_by_test_id("open-claim").click()
    expect(page.get_by_test_id("case-claim-state")).to_have_text(_label(ClaimState.REPORTED))
    page.get_by_test_id("case-claim-link").click()

    # and move it through documents, assessment, approval and payment
    page.get_by_test_id("do-complete_documents").click()
    expect(page.get_by_test_id("claim-state")).to_have_text(_label(ClaimState.DOCUMENTS_COMPLETE))
    page.locator("#id_assess-loss").fill("1200")
    page.get_by_test_id("do-assess").click()
    expect(page.get_by_test_id("claim-computed")).to_contain_text("500.00")
    _confirm(page, "approve", "500.00")
    expect(page.get_by_test_id("claim-state")).to_have_text(_label(ClaimState.APPROVED))
    _confirm(page, "pay", "500.00")
    expect(page.get_by_test_id("claim-state")).to_have_text(_label(ClaimState.PAID))

    # Then: the claim is paid at the plan's 500 yuan, and the case page shows it
    claim = Claim.objects.get(case=case)
    assert (claim.status, str(claim.payout)) == (ClaimState.PAID, "500.00")
    page.goto(f"{live_server.url}/cases/{case.number}/")
    expect(page.get_by_test_id("case-claim-state")).to_have_text(_label(ClaimState.PAID))

    # and the welfare figures of the plan's union count the paid claim
    page.goto(f"{live_server.url}/welfare/?org={w.plan.org.code}&start=2000-01-01")
    expect(page.get_by_test_id("claims-paid")).to_have_text("1")
    expect(page.get_by_test_id("claims-amount-paid")).to_have_text("500.00")
