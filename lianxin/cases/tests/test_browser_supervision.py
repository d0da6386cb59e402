"""督办 in Chromium: the district supervisor opens 督办 from the menu, ticks an overdue case, confirms
the bulk urge; the chair finds it in their inbox, opens the case from there and answers it. At 390 px the 督办 lists
are cards and nothing scrolls sideways."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.cases import services
from lianxin.cases.models import Category, Urge
from lianxin.core import clock
from lianxin.orgs.models import Org
from lianxin.tests.browser import log_in, open_panel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TIANXIANG = "焦作市天香面业有限公司工会"
LONG_AGO = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


def overdue(title: str):
    with clock.frozen_at(LONG_AGO):
        return services.register_case(
            actor=User.objects.get(username="chair"),
            new=services.NewCase(
                origin_org=Org.objects.get(name=TIANXIANG),
                category=Category.objects.get(key="wages"),
                channel="visit",
                title=title,
                description=f"{title}，希望工会帮忙督促。",
                worker_name="刘师傅",
                worker_phone="13911112222",
            ),
        )


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"


def test_a_supervisor_urges_from_the_board_on_a_phone_and_the_chair_answers(
    live_server, page: Page, demo_orgs
):
    # Given two overdue cases of an enterprise in the supervisor's district
    first = overdue("夜班食堂没有热饭热菜工人只能吃泡面面面面面面面面面面面面面")
    second = overdue("宿舍热水器坏了两个星期没人来修")
    base = live_server.url

    # When the district supervisor opens 督办 on a phone
    page.set_viewport_size(PHONE)
    log_in(page, base, "supervisor")
    page.goto(f"{base}/cases/supervision/")
    overdue_list = page.get_by_test_id("list-overdue")
    expect(overdue_list.locator("tbody tr")).to_have_count(2)

    # Then the lists are labelled cards with nothing to scroll sideways
    expect(overdue_list.locator("thead")).to_be_hidden()
    row = overdue_list.locator("tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    no_sideways_scroll(page)

    # When the supervisor ticks the first case, writes a note and confirms the urge
    page.get_by_test_id(f"tick-overdue-{first.number}").check()
    page.get_by_test_id("bulk-urge").locator("textarea").fill("请三日内答复职工并报告进展")
    page.get_by_test_id("ask-bulk-urge").click()
    expect(page.get_by_test_id("confirm-bulk-urge-box")).to_be_visible()
    no_sideways_scroll(page)
    page.get_by_test_id("yes-bulk-urge").click()

    # Then that case alone is urged, and the board lists it as urged and unanswered
    expect(page.locator(".alert-success")).to_contain_text(first.number)
    assert list(Urge.objects.values_list("case_id", flat=True)) == [first.pk]
    expect(page.get_by_test_id("list-urged")).to_contain_text(first.number)
    expect(page.get_by_test_id("list-urged")).not_to_contain_text(second.number)

    # When the chair, who handles the case, signs in on the same phone
    log_in(page, base, "chair")

    # Then the header counts an unread message, and the inbox holds the urge, linked to the case
    expect(page.get_by_test_id("inbox-unread")).not_to_have_count(0)
    page.get_by_test_id("inbox-link").evaluate("el => el.click()")  # in the collapsed phone menu
    urges = page.get_by_test_id("inbox-message").filter(has_text="请三日内答复职工并报告进展")
    expect(urges).to_have_count(1)
    expect(urges).to_contain_text(first.number)
    expect(urges).to_have_attribute("data-unread", "1")
    no_sideways_scroll(page)
    urges.click()
    expect(page).to_have_url(f"{base}/cases/{first.number}/")

    # Then the urge's note is on the case page, and the chair answers it
    expect(page.get_by_test_id("open-urges")).to_contain_text("请三日内答复职工并报告进展")
    no_sideways_scroll(page)
    form = open_panel(page, "open-sv-answer", "#sv-answer")
    form.locator("textarea").fill("已约谈企业，周五前补发")
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id("open-urges")).to_have_count(0)
    assert Urge.objects.get(case=first).answer == "已约谈企业，周五前补发"
