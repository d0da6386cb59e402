"""In Chromium: a 随手拍 about a manhole cover has the district's community partner (a type the
fixed list never had) preselected on its refer form with the reason; the chair refers it, and the
community's officer sees it and reports back with an outcome."""

import re

import pytest
from playwright.sync_api import Page, expect

from lianxin.cases.tests.test_browser_workflow import do
from lianxin.demo.orgs_data import COMMUNITIES
from lianxin.tests.browser import log_in, open_panel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMUNITY = COMMUNITIES["JZ-SY"][1]  # the chair's enterprise is in 山阳区


def test_a_manhole_snapshot_is_suggested_to_the_community_partner_and_handled_by_it(
    live_server, page: Page, demo_orgs
):
    base = live_server.url
    log_in(page, base, "chair")
    page.goto(f"{base}/cases/new/")
    page.get_by_label("发生单位").select_option(label="焦作市天香面业有限公司工会")
    page.get_by_label("渠道").select_option(label="随手拍")
    page.get_by_label("类别").select_option(label="其他")
    page.get_by_label("标题").fill("厂门口井盖缺失")
    page.get_by_label("职工反映的内容").fill("厂门口人行道上的井盖丢了，夜班下班的工友险些踩空。")
    page.get_by_label("职工姓名").fill("马师傅")
    page.get_by_label("职工电话").fill("13912340002")
    page.get_by_role("button", name="挂号").click()
    number = re.search(r"JZ-\d{4}-\d{6}", page.locator("h1").inner_text()).group(0)
    do(page, "accept", {"说明": "已受理。"})

    # The refer form has the community partner selected, and says why
    form = open_panel(page, "open-refer", "#act-refer")
    chosen = form.get_by_label("协作单位", exact=True).locator("option:checked")
    expect(chosen).to_contain_text(COMMUNITY)
    expect(form.get_by_test_id("help-refer-partner")).to_contain_text("井盖")
    expect(form.get_by_test_id("help-refer-partner")).to_contain_text(COMMUNITY)
    expect(page.get_by_test_id("case-status")).to_have_text("已受理")  # nothing referred by itself

    # The chair refers it as suggested; the community's officer sees it and reports back
    page.get_by_test_id("form-refer").locator("button[type=submit]").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已转办")
    log_in(page, base, "community")
    page.goto(f"{base}/cases/{number}/")
    do(page, "report_back", {"本单位办理情况": "已协调市政补装井盖。", "办理结果": "调解成功"})
    expect(page.get_by_test_id("case-status")).to_have_text("办理中")
    expect(page.get_by_test_id("referral-outcome")).to_have_text("调解成功")
    expect(page.get_by_test_id("timeline")).to_contain_text(COMMUNITY)
