"""In Chromium: a worker submits a proposal; the chair reviews it, the committee adopts it, it is
implemented with a realised benefit and rewarded under the enterprise's tiers; the worker sees
each step on their own pages."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.demo.orgs_data import DEMO_PASSWORD
from lianxin.orgs.models import Org
from lianxin.proposals.models import Proposal
from lianxin.proposals.tests.factories import set_tiers
from lianxin.tests.browser import log_in, open_panel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEPS = ["submitted", "department_review", "forwarded", "adopted", "implementing", "implemented",
         "rewarded"]  # fmt: skip


def do(page: Page, action: str, fields: dict[str, str] | None = None) -> None:
    form = open_panel(page, f"open-{action}", f"#move-{action}")
    for name, value in (fields or {}).items():
        form.locator(f"#id_{action}-{name}").fill(value)
    # Wait for the new page: the last move's success message may still be on the old one.
    with page.expect_navigation():
        if form.get_by_test_id(f"ask-{action}").count():  # a money move asks first
            form.get_by_test_id(f"ask-{action}").click()
            form.get_by_test_id(f"yes-{action}").click()
        else:
            form.get_by_test_id(f"do-{action}").click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_worker_proposal_from_submission_to_reward(live_server, page: Page, demo_orgs):
    base = live_server.url
    home = Org.objects.get(code="JZ-SY-YH-01")
    set_tiers(User.objects.get(username="chair"), home)
    User.objects.create_user("xiaohong", password=DEMO_PASSWORD, first_name="陈小红")

    log_in(page, base, "xiaohong")
    page.goto(f"{base}/proposals/new/")
    page.locator("#id_enterprise").select_option(value=str(home.pk))
    page.locator("#id_title").fill("包装工序快速换模法")
    page.locator("#id_problem").fill("换一次包装规格要停线40分钟，每天换四次。")
    page.locator("#id_solution").fill("做定位销和快换夹具，换型前把模具预热好。")
    page.locator("#id_expected_benefit").fill("每天多出两个半小时产能。")
    page.get_by_test_id("submit-proposal").click()
    expect(page.get_by_test_id("proposal-status")).to_have_attribute("data-status", "submitted")
    proposal = Proposal.objects.get(title="包装工序快速换模法")
    url = f"{base}/proposals/{proposal.pk}/"
    expect(page.get_by_test_id("open-review")).to_have_count(0)

    log_in(page, base, "chair")
    page.goto(url)
    do(page, "review", {"note": "设备部初审：可行。"})
    expect(page.get_by_test_id("proposal-status")).to_have_attribute(
        "data-status", "department_review"
    )
    do(page, "forward")
    expect(page.get_by_test_id("proposal-status")).to_have_attribute(
        "data-status", "committee_review"
    )
    do(page, "adopt", {"note": "提案委员会审议采纳。"})
    expect(page.get_by_test_id("proposal-status")).to_have_attribute("data-status", "adopted")
    do(page, "implement")
    expect(page.get_by_test_id("proposal-status")).to_have_attribute("data-status", "implementing")
    do(page, "complete", {"realised_benefit": "36500", "note": "换模时间降到12分钟。"})
    expect(page.get_by_test_id("proposal-status")).to_have_attribute("data-status", "implemented")
    expect(page.get_by_test_id("realised-benefit")).to_contain_text("36500")
    # The money move asks first, with the amount; cancelling grants nothing.
    form = open_panel(page, "open-reward", "#move-reward")
    form.get_by_test_id("ask-reward").click()
    expect(form.get_by_test_id("confirm-reward-message")).to_contain_text("1230.00")
    form.get_by_test_id("cancel-reward").click()
    expect(form.get_by_test_id("confirm-reward-box")).to_be_hidden()
    assert Proposal.objects.get(pk=proposal.pk).status == "implemented"
    form.get_by_test_id("ask-reward").click()
    with page.expect_navigation():
        form.get_by_test_id("yes-reward").click()
    expect(page.get_by_test_id("proposal-status")).to_have_attribute("data-status", "rewarded")
    # 三等奖: 500 + 2% × 36,500 = 1,230 yuan
    expect(page.get_by_test_id("reward")).to_contain_text("1230.00")

    log_in(page, base, "xiaohong")
    page.goto(f"{base}/proposals/mine/")
    expect(page.get_by_test_id("my-proposal-status")).to_have_attribute("data-status", "rewarded")
    page.get_by_test_id("my-proposal").click()
    kinds = page.locator("[data-testid=timeline] .lx-event").evaluate_all(
        "els => els.map(e => e.dataset.kind)"
    )
    assert kinds == STEPS
    expect(page.get_by_test_id("timeline")).to_contain_text("换模时间降到12分钟。")
    expect(page.get_by_test_id("reward")).to_contain_text("1230.00")
    expect(page.get_by_test_id("open-reward")).to_have_count(0)
