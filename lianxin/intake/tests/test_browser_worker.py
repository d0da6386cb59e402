"""A worker on a phone raises a concern anonymously, keeps the receipt, and later rates the result."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from playwright.sync_api import Page, expect

from lianxin.cases import services as case_services
from lianxin.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_SCREEN = {"width": 390, "height": 844}
SAID = "和面车间的排风扇坏了半个月，\n粉尘很大，戴口罩也呛。希望尽快修好。"


def test_worker_submits_anonymously_on_a_phone_and_later_rates_the_result(
    live_server, page: Page, demo_orgs
):
    base = live_server.url
    page.set_viewport_size(PHONE_SCREEN)

    # The worker finds the enterprise, writes the concern and stays anonymous.
    page.goto(f"{base}/w/")
    page.get_by_label("按企业名称搜索").fill("天香")
    page.get_by_label("焦作市天香面业有限公司工会").check()
    page.get_by_label("反映的问题").fill(SAID)
    page.get_by_label("匿名反映").check()
    expect(page.get_by_label("您的姓名")).to_be_hidden()
    page.get_by_role("button", name="提交").click()

    # The answer shows the case number and the receipt, once.
    number = page.get_by_test_id("case-number").inner_text()
    receipt = page.get_by_test_id("receipt-code").inner_text().strip()
    assert re.fullmatch(r"JZ-\d{4}-\d{6}", number)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", receipt)
    expect(page.get_by_text("回执码只显示这一次")).to_be_visible()
    case = Case.objects.get(number=number)
    assert case.is_anonymous
    assert case.description.replace("\r\n", "\n") == SAID  # browsers send line breaks as CRLF

    # The enterprise's chair handles it to the end.
    chair = User.objects.get(username="chair")
    case_services.accept_case(case_id=case.pk, actor=chair, note="已受理，联系设备科维修。")
    case_services.start_case(case_id=case.pk, actor=chair)
    case_services.resolve_case(
        case_id=case.pk, actor=chair, result="排风扇已更换，车间加装了除尘设备。"
    )

    # Later, on a fresh visit, the worker opens the case with the receipt and rates it.
    page.context.clear_cookies()
    page.goto(f"{base}/w/")
    page.get_by_test_id("go-status").click()
    page.get_by_label("回执码").fill(receipt.lower())
    page.get_by_role("button", name="查看我的诉求").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已办结")
    expect(page.get_by_test_id("result")).to_contain_text("排风扇已更换")
    expect(page.get_by_test_id("timeline")).to_contain_text("工会工作人员")
    expect(page.get_by_test_id("timeline")).not_to_contain_text("王秀梅")
    feedback = page.get_by_test_id("feedback-form")
    feedback.get_by_label("满意", exact=True).check()
    feedback.get_by_label("意见（可选）").fill("修得很快，谢谢工会！")
    feedback.get_by_role("button", name="提交评价").click()

    expect(page.get_by_text("感谢您的评价")).to_be_visible()
    expect(page.get_by_test_id("case-status")).to_have_text("已销账")
    expect(page.get_by_test_id("satisfaction")).to_have_text("满意")
    case.refresh_from_db()
    assert (case.status, case.satisfaction) == ("closed", "satisfied")
    # The page fits the phone: nothing wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_SCREEN["width"]


def fill_concern(page: Page, base: str, text: str) -> None:
    page.goto(f"{base}/w/")
    page.get_by_label("按企业名称搜索").fill("天香")
    page.get_by_label("焦作市天香面业有限公司工会").check()
    page.get_by_label("反映的问题").fill(text)
    page.get_by_label("匿名反映").check()


def test_reloading_the_receipt_page_or_sending_the_form_twice_files_one_case(
    live_server, page: Page, demo_orgs
):
    base = live_server.url
    page.set_viewport_size(PHONE_SCREEN)

    # The worker submits; the receipt page shows the code.
    fill_concern(page, base, SAID)
    page.get_by_role("button", name="提交").click()
    expect(page).to_have_url(f"{base}/w/submitted/")
    number = page.get_by_test_id("case-number").inner_text()
    expect(page.get_by_test_id("receipt-code")).to_be_visible()

    # The phone reloads the page on an app switch: no second case, and the code is not shown again.
    page.reload()
    expect(page.get_by_test_id("case-number")).to_have_text(number)
    expect(page.get_by_test_id("receipt-code")).to_have_count(0)
    expect(page.get_by_test_id("receipt-shown")).to_be_visible()
    assert Case.objects.count() == 1

    # Another concern, and the form is sent twice before any answer is shown (a double tap on a
    # slow network). On PostgreSQL both go at once (the later one waits on the key's unique index);
    # the test suite's in-memory SQLite refuses a read beside an open write ("table is locked")
    # where a real SQLite file in WAL mode would not, so there they go one after the other.
    fill_concern(page, base, "食堂晚班不供应热饭，夜班工人只能吃泡面。")
    statuses = page.evaluate(
        """async (together) => {
            const form = document.getElementById("concern-form");
            const send = () => fetch(form.action || location.href, {
                method: "POST", body: new FormData(form), redirect: "manual",
                credentials: "same-origin",
            }).then(r => r.type);
            if (together) return Promise.all([send(), send()]);
            return [await send(), await send()];
        }""",
        connection.vendor == "postgresql",
    )
    assert statuses == ["opaqueredirect", "opaqueredirect"]
    assert Case.objects.count() == 2
    page.goto(f"{base}/w/submitted/")
    second = page.get_by_test_id("case-number").inner_text()
    assert second != number
    receipt = page.get_by_test_id("receipt-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", receipt)
    page.reload()
    expect(page.get_by_test_id("receipt-code")).to_have_count(0)
    assert Case.objects.count() == 2
