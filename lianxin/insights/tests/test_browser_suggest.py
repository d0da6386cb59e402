"""As a worker or a hotline operator types, a category is suggested; a click on it sets the select."""

from urllib.parse import parse_qs

import pytest
from playwright.sync_api import Page, expect

from lianxin.cases.models import Category
from lianxin.demo.orgs_data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAID = "宿舍八个人一间，没有空调也没有热水，晚上还老断电"


def test_the_worker_page_suggests_a_category_while_the_worker_types(
    live_server, page: Page, demo_orgs
):
    sent = []
    page.on(
        "request",
        lambda r: sent.append(r) if r.url.split("?")[0].endswith("/insights/suggest") else None,
    )
    page.goto(f"{live_server.url}/w/")
    page.get_by_label("反映的问题").press_sequentially(SAID, delay=10)

    top = page.get_by_test_id("suggestion-top")
    expect(top).to_contain_text("食堂宿舍与生活")
    expect(page.get_by_test_id("suggestion-alt")).to_have_count(2)
    top.click()
    expect(page.get_by_label("问题类别")).to_have_value("canteen_dorm")
    # Only the text (and the page's list of categories) travels, in the body (never in a URL an
    # access log keeps), nothing else of the form.
    assert sent
    assert all(r.method == "POST" and "?" not in r.url for r in sent)
    assert all(set(parse_qs(r.post_data)) == {"description", "only"} for r in sent)


def test_the_hotline_screen_suggests_a_category_the_operator_can_take(
    live_server, page: Page, demo_orgs
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("staff")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_label("密码").press("Enter")
    expect(page.get_by_test_id("current-user")).to_be_visible()
    page.goto(f"{live_server.url}/intake/hotline/")

    page.get_by_label("来电反映的内容").press_sequentially(SAID, delay=10)

    top = page.get_by_test_id("suggestion-top")
    expect(top).to_contain_text("食堂宿舍与生活")
    top.click()
    chosen = Category.objects.get(key="canteen_dorm")
    expect(page.get_by_label("类别", exact=True)).to_have_value(str(chosen.pk))


def test_close_categories_are_offered_as_two_equal_choices_and_either_sets_the_select(
    live_server, page: Page, demo_orgs, pin_model
):
    pin_model({"conditions": 0.42, "safety": 0.36, "injury_health": 0.12, "other": 0.1})
    page.goto(f"{live_server.url}/w/")
    page.get_by_label("反映的问题").press_sequentially("车间里粉尘大，排风扇也坏了", delay=10)

    choices = page.get_by_test_id("suggestion-choice")
    expect(choices).to_have_count(2)
    expect(choices.nth(0)).to_contain_text(
        "安全生产"
    )  # the taxonomy's order, not the likelier first
    expect(choices.nth(1)).to_contain_text("劳动条件与设施")
    expect(page.get_by_test_id("suggestion-top")).to_have_count(0)
    expect(choices.nth(0)).to_have_class(choices.nth(1).get_attribute("class") or "")
    choices.nth(0).click()
    expect(page.get_by_label("问题类别")).to_have_value("safety")
    choices.nth(1).click()
    expect(page.get_by_label("问题类别")).to_have_value("conditions")
