"""In a real browser: after too many wrong passwords even the right one is refused, in Chinese."""

import pytest
from playwright.sync_api import Page, expect

from lianxin.core.login import MAX_FAILURES_PER_USER
from lianxin.demo.orgs_data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def try_password(page: Page, base: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("chair")
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_the_right_password_after_many_wrong_ones_is_refused_with_a_chinese_message(
    live_server, page: Page, demo_orgs
):
    # Given a guesser who got the chair's password wrong as often as allowed (each answer awaited,
    # so that the next try's navigation cannot cut the post short)
    for _ in range(MAX_FAILURES_PER_USER):
        try_password(page, live_server.url, "wrong")
        expect(page.get_by_role("alert")).to_contain_text("请输入一个正确的")
        expect(page.get_by_role("alert")).not_to_contain_text("登录失败次数过多")
    # When the right password comes next
    try_password(page, live_server.url, DEMO_PASSWORD)
    # Then it is refused, the page says why in Chinese, and nobody is signed in
    expect(page.get_by_role("alert")).to_contain_text("登录失败次数过多")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    assert not page.get_by_test_id("current-user").count()
