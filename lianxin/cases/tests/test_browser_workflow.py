"""The whole ledger workflow as people do it, in Chromium: visit → accept → refer → report back →
resolve → the worker's feedback closes the case; the timeline shows every step."""

import re

import pytest
from playwright.sync_api import Page, expect

from lianxin.tests.browser import log_in, open_panel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def do(page: Page, action: str, fill: dict[str, str] | None = None) -> None:
    """Open the move's panel on the case page, fill its form and submit it."""
    open_panel(page, f"open-{action}", f"#act-{action}")
    form = page.get_by_test_id(f"form-{action}")
    for label, value in (fill or {}).items():
        field = form.get_by_label(label, exact=True)
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        elif field.get_attribute("type") == "radio":
            field.check()
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_visit_case_goes_from_register_to_closed_through_the_labour_bureau(
    live_server, page: Page, demo_orgs
):
    base = live_server.url
    log_in(page, base, "chair")
    page.get_by_test_id("nav-ledger").click()
    page.get_by_test_id("register-case").click()
    page.get_by_label("发生单位").select_option(label="焦作市天香面业有限公司工会")  # none preset
    page.get_by_label("渠道").select_option(label="工会主席陪伴日")
    page.get_by_label("类别").select_option(label="劳动报酬与欠薪")
    page.get_by_label("标题").fill("包装班组加班费三个月未结清")
    page.get_by_label("职工反映的内容").fill(
        "包装班组8月至10月周末加班，加班费一直没发，班长说等年底一起算。"
    )
    page.get_by_label("职工姓名").fill("刘红梅")
    page.get_by_label("职工电话").fill("13912340001")
    page.get_by_role("button", name="挂号").click()

    expect(page.get_by_test_id("case-status")).to_have_text("已挂号")
    number = re.search(r"JZ-\d{4}-\d{6}", page.locator("h1").inner_text()).group(0)
    do(page, "accept", {"说明": "已受理，本周内核实考勤记录。"})
    expect(page.get_by_test_id("case-status")).to_have_text("已受理")
    do(
        page,
        "refer",
        {
            "协作单位": "焦作市人力资源和社会保障局",
            "请协作单位办理的事项": "请劳动监察核查欠发加班费。",
        },
    )
    expect(page.get_by_test_id("case-status")).to_have_text("已转办")

    log_in(page, base, "partner")
    page.goto(f"{base}/cases/{number}/")
    do(
        page,
        "report_back",
        {"本单位办理情况": "已约谈企业，企业承诺11月底前补发。", "办理结果": "调解成功"},
    )
    expect(page.get_by_test_id("case-status")).to_have_text("办理中")
    expect(page.get_by_test_id("referral-outcome")).to_have_text("调解成功")

    log_in(page, base, "chair")
    page.goto(f"{base}/cases/{number}/")
    do(page, "resolve", {"向职工反馈的办理结果": "企业已补发8—10月加班费共2860元。"})
    expect(page.get_by_test_id("case-status")).to_have_text("已办结")
    do(page, "feedback", {"满意": "", "回访意见": "钱拿到了，谢谢工会。"})
    expect(page.get_by_test_id("case-status")).to_have_text("已销账")

    kinds = (
        page.get_by_test_id("timeline")
        .locator(".lx-event")
        .evaluate_all("els => els.map(e => e.dataset.kind)")
    )
    assert kinds == ["registered", "accepted", "referred", "reported_back", "resolved", "feedback"]
    expect(page.get_by_test_id("timeline")).to_contain_text("焦作市人力资源和社会保障局")
    expect(page.get_by_test_id("actions")).to_have_count(0)
