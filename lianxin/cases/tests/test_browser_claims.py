"""The ledger's claim type filter in Chromium: choosing 涉及第三方 lists only the third-party claims,
and the export link carries the same filter."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.cases.tests.factories import make_case
from lianxin.cases.tests.test_browser_workflow import log_in
from lianxin.orgs.models import Org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_a_claim_type_on_the_ledger_lists_only_those_claims(
    live_server, page: Page, demo_orgs
):
    # Given: three accident claims of each type and a wages case at the chair's enterprise
    chair = User.objects.get(username="chair")
    org = Org.objects.get(name="焦作市天香面业有限公司工会")
    cases = {
        kind: make_case(actor=chair, org=org, key="accident", title=f"骑手事故{kind}",
                        claim_type=kind, amount_claimed=Decimal("1000"))
        for kind in ("self_fall", "third_party", "severe")
    }  # fmt: skip
    make_case(actor=chair, org=org, title="加班费未发")
    log_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/cases/")
    rows = page.get_by_test_id("ledger").locator("tbody tr")
    expect(rows).to_have_count(4)

    # When
    page.locator("#id_claim_type").select_option("third_party")

    # Then
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(cases["third_party"].number)
    expect(page.get_by_test_id("export")).to_have_attribute(
        "href", re.compile(r"claim_type=third_party")
    )
