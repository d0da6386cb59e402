"""A rider with a weak signal: the concern written offline waits on the phone and arrives once."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from lianxin.cases.models import Attachment, Case
from lianxin.intake.services.receipts import case_for_receipt
from lianxin.intake.tests.test_worker_photos import photo_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_SCREEN = {"width": 390, "height": 844}
SAID = "人民路口的站点没有避雨的地方，暴雨天只能在路边等单。"
QUEUED = "已保存在手机上，联网后自动提交"
RECEIPT = re.compile(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def open_installed(page: Page, base: str) -> None:
    """Open the worker page and wait until its service worker controls it (kept for offline)."""
    page.goto(f"{base}/w/")
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # the worker claims the page; a reload proves the page is served through it
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def choose_enterprise(page: Page) -> None:
    page.get_by_label("按企业名称搜索").fill("天香")
    page.get_by_label("焦作市天香面业有限公司工会").check()


def test_a_concern_written_offline_waits_on_the_phone_and_arrives_once_with_its_receipt(
    live_server, page: Page, demo_orgs
):
    base = live_server.url
    page.set_viewport_size(PHONE_SCREEN)
    open_installed(page, base)
    choose_enterprise(page)

    # The signal drops while the rider writes the concern, with a photo and the place.
    page.context.set_offline(True)
    page.get_by_label("反映的问题").fill(SAID)
    page.get_by_label("照片（可选，最多 5 张）").set_input_files(
        files=[{"name": "IMG_7.jpg", "mimeType": "image/jpeg", "buffer": photo_with_gps()}]
    )
    page.get_by_label("提供我的位置").check()
    page.get_by_label("地点（可选）").fill("人民路口")
    page.get_by_role("button", name="提交").click()

    # It is kept on the phone, said so in Chinese, and nothing has reached the server.
    expect(page.get_by_test_id("outbox-queued")).to_contain_text(QUEUED)
    assert not Case.objects.filter(description=SAID).exists()
    # The page opens again without signal (from the service worker's copy), still queued.
    page.reload()
    expect(page.get_by_test_id("outbox-queued")).to_contain_text(QUEUED)
    assert not Case.objects.exists()

    # The signal returns: the concern is sent by itself and its receipt is shown.
    page.context.set_offline(False)
    receipt = page.get_by_test_id("outbox-receipt")
    expect(receipt).to_be_visible()
    expect(page.get_by_test_id("outbox-queued")).to_be_hidden()
    number = page.get_by_test_id("outbox-case-number").inner_text()
    code = page.get_by_test_id("outbox-receipt-code").inner_text().strip()
    assert RECEIPT.fullmatch(code)
    case = Case.objects.get(description=SAID)
    assert case.number == number
    assert case.address == "人民路口"
    assert case_for_receipt(code=code, client="198.51.100.9") == case
    assert Attachment.objects.filter(case=case).count() == 1

    # Opening the page again sends nothing twice; the receipt stays until the rider has noted it.
    page.reload()
    expect(page.get_by_test_id("outbox-receipt")).to_be_visible()
    page.get_by_test_id("outbox-noted").click()
    expect(page.get_by_test_id("outbox-receipt")).to_have_count(0)
    page.reload()
    expect(page.get_by_test_id("concern-form")).to_be_visible()
    assert Case.objects.filter(description=SAID).count() == 1
    assert Case.objects.count() == 1


def test_two_concerns_written_offline_on_the_kept_page_make_two_cases(
    live_server, page: Page, demo_orgs
):
    base = live_server.url
    open_installed(page, base)
    choose_enterprise(page)
    page.context.set_offline(True)
    for text in ("夜班没有热水。", "更衣室的锁坏了。"):
        page.get_by_label("反映的问题").fill(text)
        page.get_by_role("button", name="提交").click()
        expect(page.get_by_test_id("outbox-queued")).to_contain_text(QUEUED)
    page.context.set_offline(False)
    expect(page.get_by_test_id("outbox-receipt")).to_have_count(2)
    assert sorted(Case.objects.values_list("description", flat=True)) == sorted(
        ["夜班没有热水。", "更衣室的锁坏了。"]
    )


def test_with_javascript_off_the_worker_page_is_a_plain_form_that_still_files_the_concern(
    live_server, browser: Browser, demo_orgs
):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/w/?q=天香")
    page.get_by_label("焦作市天香面业有限公司工会").check()
    page.get_by_label("反映的问题").fill(SAID)
    page.get_by_role("button", name="提交").click()
    number = page.get_by_test_id("case-number").inner_text()
    assert Case.objects.get(description=SAID).number == number
    expect(page.get_by_test_id("outbox-queued")).to_have_count(0)
    context.close()


def test_a_kept_concern_the_server_refuses_comes_back_as_the_form_with_the_text_and_the_reason(
    live_server, page: Page, demo_orgs
):
    # given a concern written offline without choosing the enterprise
    open_installed(page, live_server.url)
    page.context.set_offline(True)
    page.get_by_label("反映的问题").fill(SAID)
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("outbox-queued")).to_contain_text(QUEUED)
    # when the signal returns and the server refuses it
    page.context.set_offline(False)
    # then the form is back with what was written and why, the outbox is empty, no case exists
    expect(page.get_by_text("请搜索并选择您所在的企业。")).to_be_visible()
    expect(page.get_by_label("反映的问题")).to_have_value(SAID)
    expect(page.get_by_test_id("outbox-queued")).to_be_hidden()
    assert not Case.objects.exists()


def test_a_send_lost_on_the_way_while_the_phone_thinks_it_is_online_is_kept_by_the_service_worker(
    live_server, page: Page, demo_orgs
):
    # given the installed page, and a connection that drops every form sent to the server
    open_installed(page, live_server.url)
    choose_enterprise(page)
    page.get_by_label("反映的问题").fill(SAID)
    dropped: list[str] = []

    def drop_posts(route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        dropped.append(route.request.url)
        route.abort("internetdisconnected")

    page.context.route("**/w/", drop_posts)
    # when the worker submits (navigator.onLine is true: the page itself sends the form)
    page.get_by_role("button", name="提交").click()
    # then the service worker keeps it and the page says so; nothing reached the server
    expect(page.get_by_test_id("outbox-queued")).to_contain_text(QUEUED)
    assert dropped
    assert not Case.objects.exists()
    # and the next page load, with the connection back, sends it once
    page.context.unroute("**/w/")
    page.reload()
    expect(page.get_by_test_id("outbox-receipt")).to_be_visible()
    assert Case.objects.filter(description=SAID).count() == 1
