"""In Chromium: the ledger's search box finds wage cases by 欠薪 though their text never says it,
and a phrase as written comes before its words apart."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.cases import services
from lianxin.cases.models import Category
from lianxin.cases.tests.test_browser_trust_pages import TIANXIANG, register
from lianxin.orgs.models import Org
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register_conditions(title: str, description: str):
    return services.register_case(
        actor=User.objects.get(username="chair"),
        new=services.NewCase(
            origin_org=Org.objects.get(name=TIANXIANG), category=Category.objects.get(key="conditions"),
            channel="visit", title=title, description=description,
        ),
    )  # fmt: skip


def search(page: Page, base: str, words: str) -> list[str]:
    page.goto(f"{base}/cases/")
    box = page.locator("input[name=q]")
    box.fill(words)
    box.press("Enter")
    page.wait_for_url(lambda url: "q=" in url)
    ledger = page.get_by_test_id("ledger")
    return [row.inner_text() for row in ledger.locator("tbody tr").all()]


def test_the_ledger_search_box_finds_wage_cases_by_qianxin_and_ranks_a_phrase_first(
    live_server, page: Page, demo_orgs
):
    # Given a wage case that never says 欠薪, and two air-conditioning cases: the older holds
    # 空调坏了 as written, the newer only its words apart
    wages = register("三个月没发钱")
    phrase = register_conditions("空调坏了", "车间太热")
    apart = register_conditions("空调开关", "空调开关被调坏，风扇也坏了")
    log_in(page, live_server.url, "chair")

    # When the chair types 欠薪 in the ledger's search box
    rows = search(page, live_server.url, "欠薪")
    # Then the wage case is the one row
    assert len(rows) == 1
    assert wages.number in rows[0]

    # When the chair searches 空调坏了
    rows = search(page, live_server.url, "空调坏了")
    # Then both cases are listed, the phrase as written first though it is older
    assert len(rows) == 2
    assert phrase.number in rows[0]
    assert apart.number in rows[1]
    expect(page.locator("input[name=q]")).to_have_value("空调坏了")
