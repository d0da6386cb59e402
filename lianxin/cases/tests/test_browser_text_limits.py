"""In Chromium: a pasted control character never reaches the ledger, and a note over the limit is
capped by the box and, when sent anyway, refused in Chinese with the case unchanged."""

import pytest
from playwright.sync_api import Page, expect

from lianxin.audit.models import Event
from lianxin.cases.models import Case
from lianxin.cases.tests.test_browser_workflow import log_in
from lianxin.core.text import NOTE_MAX_LENGTH
from lianxin.tests.browser import open_panel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register(page: Page, base: str, title: str) -> str:
    page.goto(f"{base}/cases/new/")
    page.get_by_label("发生单位").select_option(label="焦作市天香面业有限公司工会")
    page.get_by_label("渠道").select_option(label="工会主席陪伴日")
    page.get_by_label("类别").select_option(label="劳动报酬与欠薪")
    page.get_by_label("标题").fill(title)
    page.get_by_label("职工反映的内容").fill("包装班组加班费一直没发。")
    page.get_by_role("button", name="挂号").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已挂号")
    return page.url


def test_a_pasted_control_character_is_dropped_and_an_over_long_note_is_refused(
    live_server, page: Page, demo_orgs
):
    base = live_server.url
    log_in(page, base, "chair")
    # given a case registered with a control character pasted into its title
    register(page, base, "加班费\u0001未结清")
    case = Case.objects.get()
    assert case.title == "加班费未结清"
    expect(page.locator("h1")).to_contain_text("加班费未结清")
    events = Event.objects.count()

    # when a note longer than the limit is typed, the box keeps only the limit
    open_panel(page, "open-accept", "#act-accept")
    box = page.get_by_test_id("form-accept").get_by_label("说明", exact=True)
    assert box.get_attribute("maxlength") == str(NOTE_MAX_LENGTH)

    # and when the box's limit is removed and the note sent anyway
    box.evaluate("el => el.removeAttribute('maxlength')")
    box.fill("长" * (NOTE_MAX_LENGTH + 1))
    page.get_by_test_id("form-accept").locator("button[type=submit]").click()

    # then the page says why in Chinese, and neither the case nor its journal changed
    expect(page.locator(".alert-danger")).to_contain_text(f"备注最多 {NOTE_MAX_LENGTH} 个字")
    expect(page.get_by_test_id("case-status")).to_have_text("已挂号")
    assert Event.objects.count() == events
