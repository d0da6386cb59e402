"""In Chromium: pages that must not mislead (issue 14, item 20) — the status badge follows the
status, the home tile 未办结 opens exactly its rows, the org filter offers the orgs it matches and
lists nothing meanwhile, and an irreversible move asks first; cancelling it changes nothing."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.audit.models import Event
from lianxin.cases import services
from lianxin.cases.models import Case, Category
from lianxin.orgs.models import Org
from lianxin.tests.browser import log_in, open_panel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIANXIANG = "焦作市天香面业有限公司工会"


def register(title: str, username: str = "chair", org: str = TIANXIANG) -> Case:
    return services.register_case(
        actor=User.objects.get(username=username),
        new=services.NewCase(
            origin_org=Org.objects.get(name=org),
            category=Category.objects.get(key="wages"),
            channel="visit",
            title=title,
            description=f"{title}，希望工会帮忙。",
            worker_name="刘师傅",
            worker_phone="13911112222",
        ),
    )


def ledger_rows(page: Page) -> int:
    return page.get_by_test_id("ledger").locator("tbody tr").count()


def test_case_badges_differ_by_status(live_server, page: Page, demo_orgs):
    chair = User.objects.get(username="chair")
    registered = register("夜班没有热饭")
    accepted = register("加班费少算")
    services.accept_case(case_id=accepted.pk, actor=chair, note="已受理")
    log_in(page, live_server.url, "chair")

    classes = {}
    for status, case in (("registered", registered), ("accepted", accepted)):
        page.goto(f"{live_server.url}/cases/{case.number}/")
        classes[status] = page.get_by_test_id("case-status").get_attribute("class")
    assert classes == {"registered": "badge text-bg-secondary", "accepted": "badge text-bg-info"}


def test_home_tile_open_shows_exactly_the_open_cases(live_server, page: Page, demo_orgs):
    chair = User.objects.get(username="chair")
    for title in ("食堂太咸", "宿舍没热水"):
        register(title)
    rejected = register("想换岗位")
    services.reject_case(case_id=rejected.pk, actor=chair, reason="属于企业内部调岗")
    log_in(page, live_server.url, "chair")

    tile = page.get_by_test_id("tile-open")
    shown = int(tile.locator(".fs-3").inner_text())
    tile.click()
    expect(page.get_by_test_id("ledger")).to_be_visible()
    assert shown == 2
    assert ledger_rows(page) == shown
    expect(page.get_by_test_id("ledger")).not_to_contain_text("想换岗位")


def test_org_words_matching_several_orgs_offer_them_and_list_nothing(
    live_server, page: Page, demo_orgs
):
    register("天香的诉求")
    register("恒信的诉求", username="staff", org="焦作恒信机械制造有限公司工会")
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/cases/")
    expect(page.get_by_test_id("ledger").locator("tbody tr")).to_have_count(2)

    page.get_by_label("单位（名称或编码）").fill("天香")
    page.get_by_label("单位（名称或编码）").press("Enter")
    refused = page.get_by_test_id("ledger-refused")
    expect(refused).to_be_visible()
    expect(page.get_by_test_id("ledger")).to_have_count(0)
    choices = page.get_by_test_id("org-choice")
    assert choices.count() >= 2  # the enterprise union and its teams
    expect(choices.first).to_have_text(TIANXIANG)

    choices.first.click()
    expect(page.get_by_test_id("ledger").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("ledger")).to_contain_text("天香的诉求")
    expect(page.get_by_test_id("ledger-refused")).to_have_count(0)


def test_reject_asks_first_and_cancelling_changes_nothing(live_server, page: Page, demo_orgs):
    case = register("想换岗位")
    events = Event.objects.count()
    log_in(page, live_server.url, "chair")
    page.goto(f"{live_server.url}/cases/{case.number}/")

    open_panel(page, "open-reject", "#act-reject")
    form = page.get_by_test_id("form-reject")
    form.get_by_label("原因").fill("属于企业内部调岗")
    expect(form.get_by_test_id("yes-reject")).to_be_hidden()
    form.get_by_test_id("ask-reject").click()
    box = form.get_by_test_id("confirm-reject-box")
    expect(box).to_be_visible()
    expect(box.get_by_test_id("confirm-reject-message")).not_to_be_empty()

    form.get_by_test_id("cancel-reject").click()
    expect(box).to_be_hidden()
    page.reload()
    expect(page.get_by_test_id("case-status")).to_have_text("已挂号")
    assert Case.objects.get(pk=case.pk).status == "registered"
    assert Event.objects.count() == events

    open_panel(page, "open-reject", "#act-reject")
    form.get_by_label("原因").fill("属于企业内部调岗")
    form.get_by_test_id("ask-reject").click()
    expect(box).to_be_visible()
    form.get_by_test_id("yes-reject").click()
    expect(page.get_by_test_id("case-status")).to_have_text("不予受理")
    assert Case.objects.get(pk=case.pk).status == "rejected"


def test_register_form_starts_with_nothing_chosen_and_says_what_is_missing(
    live_server, page: Page, demo_orgs
):
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/cases/new/")
    for label in ("发生单位", "渠道", "类别"):
        field = page.get_by_label(label, exact=True)
        assert field.input_value() == ""
        assert "-----" not in field.locator("option").first.inner_text()
    page.get_by_label("标题", exact=True).fill("工资拖欠")
    page.get_by_label("职工反映的内容").fill("三个月没发工资")
    page.get_by_role("button", name="挂号").click()
    expect(page.locator(".text-danger")).to_have_count(3)
    assert Case.objects.count() == 0
    assert re.search(r"/cases/new/$", page.url)
