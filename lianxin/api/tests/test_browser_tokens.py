"""A user creates an API token on their page, uses it, and revokes it, in Chromium."""

import pytest
from playwright.sync_api import Page, expect

from lianxin.demo.orgs_data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_use_and_revoke_a_token_from_the_profile_page(live_server, page: Page, demo_orgs):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("chair")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_label("密码").press("Enter")
    expect(page.get_by_test_id("current-user")).to_be_visible()

    page.goto(f"{base}/accounts/tokens/")
    page.locator("#id_name").fill("月度报表脚本")
    page.get_by_test_id("create-token").click()
    token = page.get_by_test_id("new-token-value").input_value()
    assert token.startswith("lx_")
    auth = {"Authorization": f"Bearer {token}"}
    assert page.request.get(f"{base}/api/cases", headers=auth).status == 200

    page.goto(f"{base}/accounts/tokens/")  # shown once: not on the page again
    expect(page.get_by_test_id("new-token-value")).to_have_count(0)
    expect(page.get_by_test_id("token-table")).to_contain_text("月度报表脚本")
    prefix = token.split("_")[1]
    page.get_by_test_id(f"revoke-{prefix}").click()
    page.get_by_test_id("confirm-revoke").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id(f"revoke-{prefix}")).to_have_count(0)
    refused = page.request.get(f"{base}/api/cases", headers=auth)
    assert refused.status == 401
    assert refused.json()["error"]["code"] == "api.unauthorized"
