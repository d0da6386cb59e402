"""What every Chromium test does the same way: log in, and open a collapsed panel before using it.

log_in(page, live_server.url, "chair")
form = open_panel(page, "open-reject", "#act-reject")   # returns once the panel has opened
"""

import re

from playwright.sync_api import Locator, Page, expect

from lianxin.demo.orgs_data import DEMO_PASSWORD

SHOWN = re.compile(r"(^|\s)show(\s|$)")


def log_in(page: Page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in afresh (the last user's cookies are dropped) and wait for the page behind it."""
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_label("密码").press("Enter")
    # attached, not visible: on a phone the name sits in the collapsed menu
    expect(page.get_by_test_id("current-user")).to_be_attached()


def open_panel(page: Page, opener: str, panel: str) -> Locator:
    """Click the button with test id `opener` and wait until the collapse `panel` has opened.

    Bootstrap adds `show` only when the collapse has finished moving; a click on a button inside it
    while it still moves can be lost, and the test would then wait for a page that never comes."""
    page.get_by_test_id(opener).click()
    box = page.locator(panel)
    expect(box).to_have_class(SHOWN)
    return box
