"""GB/T 37668 by machine: axe-core finds no serious or critical violation on the pages of the main
menus, for each role that uses them (anonymous worker, worker with a login, chair, district staff,
partner, leader)."""

import pytest
from playwright.sync_api import Page, expect

from lianxin.cases.tests.factories import make_case
from lianxin.tests.axe import assert_accessible, blocking_violations
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    None: [
        "/accounts/login/",
        "/w/",
        "/w/status/",
        "/stations/",
        "/activities/",
        "/jobs/",
        "/contests/challenges/",
        "/no-such-page/",
    ],
    "nobody": ["/", "/w/", "/w/mine/", "/w/join/", "/proposals/mine/", "/skills/mine/", "/inbox/"],
    "chair": [
        "/",
        "/cases/",
        "/cases/{case}/",
        "/cases/new/",
        "/intake/hotline/",
        "/intake/visits/",
        "/intake/visits/plan/",
        "/proposals/",
        "/proposals/new/",
        "/proposals/meetings/",
        "/activities/organised/",
        "/inbox/",
        "/inbox/settings/",
    ],
    "staff": [
        "/",
        "/cases/supervision/",
        "/members/",
        "/members/applications/",
        "/welfare/",
        "/welfare/hardship/",
        "/welfare/mutual_aid/",
        "/welfare/mutual_aid/claims/",
        "/welfare/warmth/",
        "/stations/mine/",
        "/jobs/applications/",
        "/intake/imports/",
        "/intake/imports/quality/",
        "/contests/",
        "/skills/",
        "/accounts/tokens/",
    ],
    "partner": ["/", "/cases/{case}/"],
    "leader": [
        "/",
        "/cockpit/",
        "/cockpit/?wall=1",
        "/cockpit/areas/",
        "/cockpit/areas/intake/",
        "/cockpit/ask/?q=今年各区解决率",
        "/insights/topics/",
        "/insights/duplicates/",
        "/members/figures/",
        "/activities/figures/",
        "/proposals/figures/",
    ],
}


@pytest.fixture
def city(world):
    """The `world`, each user with the demo password, and one case referred to the labour bureau."""
    from django.contrib.auth.models import User

    from lianxin.cases import services as case_services
    from lianxin.demo.orgs_data import DEMO_PASSWORD

    for user in User.objects.all():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    case = make_case(actor=world.chair, org=world.ent_a1, title="车间噪声大影响听力")
    case_services.accept_case(case_id=case.pk, actor=world.chair)
    case_services.refer_case(case_id=case.pk, actor=world.chair, partner=world.bureau, note="转办")
    return case


@pytest.mark.parametrize("role", list(PAGES), ids=lambda r: r or "anonymous")
def test_the_pages_of_each_role_have_no_serious_or_critical_axe_violation(
    live_server, page: Page, city, role
):
    # given a role signed in (or nobody), when it opens every page of its menus
    if role:
        log_in(page, live_server.url, role)
    else:
        page.context.clear_cookies()
    problems: list[str] = []
    for path in PAGES[role]:
        page.goto(live_server.url + path.format(case=city.number))
        problems += blocking_violations(page)
    # then axe-core finds nothing serious or critical on any of them
    assert not problems, "axe-core found:\n" + "\n".join(problems)


def test_the_chairs_menus_in_english_stay_inside_the_bar_and_pass_axe(
    live_server, page: Page, demo_orgs
):
    # given the chair of the demo (the most menus) on a 1280 px screen
    log_in(page, live_server.url, "chair")
    # when the page switches to English, whose menu names are longer
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # then nothing runs off the red bar (white text on the white page) and axe-core agrees
    bar = page.locator(".lx-navbar")
    assert bar.evaluate("n => n.scrollWidth - n.clientWidth") <= 0
    for item in ("current-user", "inbox-link", "large-text"):
        box = page.get_by_test_id(item).bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= page.viewport_size["width"]
    assert_accessible(page)


def test_the_category_suggestion_on_the_worker_page_passes_axe(live_server, page: Page, demo_orgs):
    # given the worker page, when the worker writes a concern and the category suggestion appears
    page.goto(f"{live_server.url}/w/")
    page.get_by_label("反映的问题").fill("食堂饭菜太贵，宿舍热水器坏了两周没人修。")
    expect(page.get_by_test_id("category-suggestion")).to_be_visible()
    # then its chips (category and percentage) are readable: no serious or critical violation
    assert_accessible(page)
