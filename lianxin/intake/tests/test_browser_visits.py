"""A chair's visit day in Chromium: plan today at 天香面业, write down what the 生产一班 said, turn
it into a case in one step, and follow the link to the case in the ledger."""

import re

import pytest
from playwright.sync_api import Page, expect

from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEARD = "老旧设备噪声大，长期影响听力"


def test_chair_records_a_visit_day_and_turns_a_diary_entry_into_a_case(
    live_server, page: Page, demo_orgs
):
    base = live_server.url
    log_in(page, base, "chair")
    page.goto(f"{base}/intake/visits/")
    expect(page.get_by_test_id("visits-empty")).to_be_visible()

    # Plan a visit day for today (the date field starts at today).
    page.get_by_test_id("plan-visit").click()
    form = page.get_by_test_id("plan-form")
    form.get_by_label("企业").select_option(label="焦作市天香面业有限公司工会")
    form.get_by_label("当天计划").fill("挂面生产车间，和生产一班同吃一桌饭")
    form.get_by_role("button", name="安排").click()
    expect(page.locator(".alert-success")).to_contain_text("陪伴日已安排")
    expect(page.locator("h1")).to_contain_text("焦作市天香面业有限公司工会")
    expect(page.get_by_test_id("visit-status")).to_have_text("已计划")

    # Write down what was heard.
    entry_form = page.get_by_test_id("entry-form")
    entry_form.get_by_label("班组").select_option(label="天香面业生产一班")
    entry_form.get_by_label("反映人").fill("几位老师傅")
    entry_form.get_by_label("听到的内容").fill(HEARD)
    entry_form.get_by_label("地点").fill("挂面生产车间")
    entry_form.get_by_role("button", name="记录").click()
    expect(page.locator(".alert-success")).to_contain_text("民意日记已记录")
    expect(page.get_by_test_id("visit-status")).to_have_text("已完成")
    entry = page.get_by_test_id("entry")
    expect(entry).to_have_count(1)
    expect(entry.get_by_test_id("entry-heard")).to_have_text(HEARD)

    # Turn it into a case: the title comes prefilled from the text.
    entry.get_by_test_id("raise-case").click()
    case_form = entry.get_by_test_id("case-form")
    expect(case_form.get_by_label("标题")).to_have_value(HEARD)
    case_form.get_by_label("类别").select_option(label="工伤与职业健康")
    case_form.get_by_label("职工姓名").fill("张师傅")
    case_form.get_by_role("button", name="挂号").click()
    expect(page.locator(".alert-success")).to_contain_text("已从民意日记挂号诉求")
    link = page.get_by_test_id("entry").get_by_test_id("entry-case")
    number = link.inner_text()
    assert re.fullmatch(r"JZ-\d{4}-\d{6}", number)
    expect(page.locator(".alert-success")).to_contain_text(number)

    # The case is in the ledger, registered, with the title as heard.
    link.click()
    expect(page).to_have_url(f"{base}/cases/{number}/")
    expect(page.get_by_test_id("case-status")).to_have_text("已挂号")
    expect(page.locator("h1")).to_contain_text(HEARD)
    page.get_by_test_id("nav-ledger").click()
    expect(page.get_by_test_id("ledger")).to_contain_text(number)

    # And the week's figures count the visit, the entry and the case.
    page.goto(f"{base}/intake/visits/summary/")
    expect(page.get_by_test_id("fig-made")).to_have_text("1")
    expect(page.get_by_test_id("fig-entries")).to_have_text("1")
    expect(page.get_by_test_id("fig-raised")).to_have_text("1")
    expect(page.get_by_test_id("fig-resolved")).to_have_text("0")


def test_an_anonymous_case_raised_from_the_diary_leaves_no_trace_of_the_speaker(
    live_server, page: Page, demo_orgs
):
    base = live_server.url
    log_in(page, base, "chair")
    page.goto(f"{base}/intake/visits/plan/")
    form = page.get_by_test_id("plan-form")
    form.get_by_label("企业").select_option(label="焦作市天香面业有限公司工会")
    form.get_by_role("button", name="安排").click()
    visit_url = page.url

    # The chair writes down who spoke, with a phone, then raises it as an anonymous case.
    entry_form = page.get_by_test_id("entry-form")
    entry_form.get_by_label("反映人").fill("刘师傅 13911112222")
    entry_form.get_by_label("听到的内容").fill(HEARD)
    entry_form.get_by_role("button", name="记录").click()
    entry = page.get_by_test_id("entry")
    entry.get_by_test_id("raise-case").click()
    case_form = entry.get_by_test_id("case-form")
    case_form.get_by_label("类别").select_option(label="工伤与职业健康")
    case_form.get_by_label("职工要求匿名").check()
    case_form.get_by_role("button", name="挂号").click()
    expect(page.locator(".alert-success")).to_contain_text(re.compile(r"JZ-\d{4}-\d{6}"))
    number = re.search(r"JZ-\d{4}-\d{6}", page.locator(".alert-success").inner_text()).group(0)

    # Afterwards, for the chair and for the district's supervisor, the visit page shows the entry
    # as raised anonymously — no speaker, no phone, no case number, no link.
    for username in ("chair", "supervisor"):
        if username != "chair":
            page.context.clear_cookies()
            log_in(page, base, username)
        page.goto(visit_url)
        entry = page.get_by_test_id("entry")
        expect(entry.get_by_test_id("entry-anonymous")).to_be_visible()
        expect(entry.get_by_test_id("entry-case")).to_have_count(0)
        content = page.content()
        for secret in ("刘师傅", "13911112222", number):
            assert secret not in content, f"{secret} shown to {username}"
