"""A worker, an expert and a partner of the demo each sign in and land on a home listing only their
own tasks, with none of the staff menus that are not theirs."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.cases import services as case_services
from lianxin.cases.tests.factories import make_case
from lianxin.contests.demo import load_contest_demo
from lianxin.contests.models import Entry, Score
from lianxin.orgs.models import Org
from lianxin.tests.test_browser_home import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_MENUS = ["nav-ledger", "nav-intake", "nav-hotline", "nav-imports", "nav-cockpit"]


@pytest.fixture
def demo(demo_orgs):
    """The demo's contest (the `worker` and `expert1`–`expert5` logins) and two concerns."""
    load_contest_demo()
    chair, worker = User.objects.get(username="chair"), User.objects.get(username="worker")
    home = Org.objects.get(code="JZ-SY-YH-01")
    make_case(actor=chair, org=home, title="刘红梅的加班费问题", worker_user=worker)
    case = make_case(actor=chair, org=home, title="转人社局的欠薪问题")
    case_services.accept_case(case_id=case.pk, actor=chair)
    partner = Org.objects.get(code="JZ-P-HRSS")
    case_services.refer_case(case_id=case.pk, actor=chair, partner=partner, note="转办")
    return case


def no_staff_menus(page: Page) -> None:
    for item in STAFF_MENUS:
        expect(page.get_by_test_id(item)).to_have_count(0)


def test_the_demo_worker_lands_on_her_own_concerns_and_entries(live_server, page: Page, demo):
    log_in(page, live_server.url, "worker")
    expect(page.get_by_test_id("worker-links")).to_contain_text("反映诉求")
    expect(page.get_by_test_id("my-cases")).to_contain_text("刘红梅的加班费问题")
    expect(page.get_by_test_id("my-cases")).not_to_contain_text("转人社局的欠薪问题")
    mine = Entry.objects.filter(participant__user__username="worker").first()
    assert mine is not None
    expect(page.get_by_test_id("my-entries")).to_contain_text(mine.title)
    expect(page.get_by_text("您尚未在任何组织中担任角色")).to_have_count(0)
    no_staff_menus(page)
    expect(page.get_by_test_id("nav-tokens")).to_have_count(0)


def test_the_demo_expert_lands_on_the_entries_waiting_for_their_score(
    live_server, page: Page, demo
):
    log_in(page, live_server.url, "expert1")
    waiting = page.get_by_test_id("to-score").get_by_role("link")
    expect(waiting.first).to_be_visible()
    expert = User.objects.get(username="expert1")
    for href in waiting.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        entry_id = int(href.rstrip("/").rsplit("/", 1)[1])
        assert not Score.objects.filter(entry_id=entry_id, judge=expert).exists()
    expect(page.get_by_test_id("my-cases")).to_have_count(0)
    expect(page.get_by_text("您尚未在任何组织中担任角色")).to_have_count(0)
    no_staff_menus(page)


def test_the_demo_partner_lands_on_the_referrals_awaiting_their_report(
    live_server, page: Page, demo
):
    log_in(page, live_server.url, "partner")
    to_report = page.get_by_test_id("to-report")
    expect(to_report).to_contain_text(demo.number)
    expect(to_report.get_by_role("listitem")).to_have_count(1)
    expect(page.get_by_test_id("my-cases")).to_have_count(0)
    for item in ("nav-hotline", "nav-imports", "nav-cockpit"):
        expect(page.get_by_test_id(item)).to_have_count(0)
