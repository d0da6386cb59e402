"""A worker whose concern hits a server error keeps what they wrote and is told it was not saved."""

import pytest
from django.db import OperationalError
from playwright.sync_api import Page, expect

from lianxin.cases.models import Case
from lianxin.intake.services import worker as worker_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAID = "宿舍楼三楼热水器坏了两周，\n洗澡只能用凉水。"


def fill_concern(page: Page, base: str) -> None:
    page.goto(f"{base}/w/")
    page.get_by_label("按企业名称搜索").fill("天香")
    page.get_by_label("焦作市天香面业有限公司工会").check()
    page.get_by_label("反映的问题").fill(SAID)
    page.get_by_label("匿名反映").check()


def test_a_server_error_keeps_the_workers_text_until_the_concern_is_saved(
    live_server, page: Page, demo_orgs, monkeypatch
):
    base = live_server.url
    real_submit = worker_services.submit_concern

    def full_disk(**kwargs):
        raise OperationalError("database or disk is full")

    # given a database that cannot write, when the worker submits
    monkeypatch.setattr(worker_services, "submit_concern", full_disk)
    fill_concern(page, base)
    page.get_by_role("button", name="提交").click()

    # then the page says, in Chinese, that nothing was saved, the text is kept, and 12351
    expect(page.get_by_test_id("not-saved")).to_have_text("您的诉求没有保存成功。")
    expect(page.get_by_text("12351")).to_be_visible()
    assert not Case.objects.exists()

    # and back on the form, what they wrote is there again
    page.get_by_test_id("back-worker").click()
    expect(page.get_by_label("反映的问题")).to_have_value(SAID)

    # once the database is back, the submission goes through and the kept text is forgotten
    monkeypatch.setattr(worker_services, "submit_concern", real_submit)
    page.get_by_label("按企业名称搜索").fill("天香")
    page.get_by_label("焦作市天香面业有限公司工会").check()
    page.get_by_label("匿名反映").check()
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("receipt-code")).to_be_visible()
    assert Case.objects.count() == 1
    page.goto(f"{base}/w/")
    expect(page.get_by_label("反映的问题")).to_have_value("")
