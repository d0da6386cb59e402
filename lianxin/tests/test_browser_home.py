"""A person signs in as the demo chair, reads the home page in Chinese, and switches to English."""

import pytest
from playwright.sync_api import Page, expect

from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chair_logs_in_sees_chinese_home_and_switches_to_english(
    live_server, page: Page, demo_orgs
):
    log_in(page, live_server.url, "chair")
    expect(page.get_by_role("heading", level=1)).to_contain_text("欢迎")
    expect(page.get_by_test_id("current-user")).to_contain_text("王秀梅")
    expect(page.get_by_test_id("role-list")).to_contain_text("焦作市天香面业有限公司工会")
    expect(page.get_by_test_id("role-list")).to_contain_text("主席")

    page.get_by_test_id("lang-en").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.get_by_test_id("role-list")).to_contain_text("Chair")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_wrong_password_shows_a_chinese_error_and_stays_on_login(
    live_server, page: Page, demo_orgs
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("chair")
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("请输入一个正确的")
