"""In the browser: a chair takes a hotline call from a phone another enterprise knows, and neither the
duplicates page nor the new case's page shows that enterprise's case."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.cases.models import Case
from lianxin.cases.tests.factories import make_case
from lianxin.demo.orgs_data import DEMO_PASSWORD
from lianxin.insights.models import DuplicateFlag
from lianxin.orgs.models import Org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13900002222"
NOISE = "我们挂面车间的机器噪声太大，耳朵整天嗡嗡响，希望厂里给装隔音设备。"
NOISE_AGAIN = "俺们车间噪音实在受不了，耳朵被震得嗡嗡的，上回说了还没人管，能不能想办法降降噪？"


def test_a_hotline_call_from_a_phone_known_next_door_shows_nothing_of_that_case(
    live_server, page: Page, demo_orgs
):
    # given: 恒信机械 (the chair's neighbour in the same street) has a case from this phone
    neighbour = Org.objects.get(code="JZ-SY-YH-02")
    theirs = make_case(
        actor=User.objects.get(username="staff"), org=neighbour, key="conditions",
        title="一号车间噪声太大", description=NOISE, worker_name="王建国", worker_phone=PHONE,
    )  # fmt: skip
    # when: the chair of 天香面业 takes a call from the same phone about the same noise
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("chair")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_label("密码").press("Enter")
    expect(page.get_by_test_id("current-user")).to_be_visible()
    page.goto(f"{live_server.url}/intake/hotline/")
    page.get_by_label("来电人电话").fill(PHONE)
    page.locator("[name=enterprise]").fill("天香面业")
    page.locator("[name=category]").select_option(index=1)
    page.locator("[name=description]").fill(NOISE_AGAIN)
    page.get_by_test_id("take-call").click()
    expect(page.get_by_test_id("call-taken")).to_be_visible()
    mine = Case.objects.exclude(pk=theirs.pk).get()

    # then: no page the chair opens names the neighbour's case, and no flag pairs the two
    for url in ("/insights/duplicates/", f"/cases/{mine.number}/"):
        page.goto(f"{live_server.url}{url}")
        body = page.locator("body")
        for shown in (theirs.number, theirs.title, theirs.worker_name):
            expect(body).not_to_contain_text(shown)
    assert not DuplicateFlag.objects.filter(candidate=theirs).exists()
