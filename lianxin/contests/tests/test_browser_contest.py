"""In Chromium: a worker submits a result, it passes three screening levels, two judges score it,
and the live standings page, left open all along, shows the new rank by swapping its table only."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lianxin.contests import services
from lianxin.contests.models import Entry
from lianxin.contests.services import CriterionSpec, StageSpec
from lianxin.contests.states import StageKind
from lianxin.contests.tests.factories import THREE_LEVELS, TRACKS
from lianxin.orgs.tests.factories import UserFactory
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wall_context(page: Page):
    """A second browser, closed when the test ends: its page polls the standings every 2 s, and
    left open it would go on reading the live server's database during the tests after this one
    (SQLite's shared in-memory test database then answers "table is locked" to their writes)."""
    context = page.context.browser.new_context()
    yield context
    context.close()


def running_contest(world):
    now = timezone.now()
    contest = services.create_contest(
        actor=world.city_staff, owner_org=world.city, title="职工五小创新大赛",
        starts_on=(now - timedelta(days=1)).date(), ends_on=(now + timedelta(days=60)).date(),
        tracks=TRACKS,
        criteria=[CriterionSpec("创新性", Decimal(40)), CriterionSpec("实用性", Decimal(30)), CriterionSpec("效益性", Decimal(30))],
        stages=[StageSpec(StageKind.POINTS, now - timedelta(days=1), now + timedelta(days=30))],
        screening=THREE_LEVELS,
    )  # fmt: skip
    services.open_stage(stage_id=contest.stages.get().pk, actor=world.city_staff)
    track = contest.tracks.get(name=TRACKS[1])
    judges = [UserFactory(username=f"expert{i}") for i in (1, 2)]
    for judge in judges:
        services.add_judge(actor=world.city_staff, track_id=track.pk, user=judge)
    return contest, track


def judges_of(track):
    return [j.user for j in track.judges.select_related("user").order_by("user__username")]


def test_worker_entry_screened_three_times_scored_twice_shows_up_in_live_standings(
    live_server, page: Page, world, wall_context
):
    base = live_server.url
    contest, track = running_contest(world)
    rival = UserFactory(username="rival")
    p = services.register_participant(
        actor=rival, contest_id=contest.pk, kind="team", name="先到团队", enterprise=world.ent_b1
    )
    first = services.submit_entry(
        actor=rival, participant_id=p.pk, track_id=track.pk, stage_kind=StageKind.POINTS,
        title="旧成果", description="d", completed_on=timezone.localdate(),
    )  # fmt: skip
    expert1, expert2 = judges_of(track)
    for screener in (world.chair_b, world.city_staff, expert1):
        services.pass_screening(entry_id=first.pk, actor=screener, reason="ok")
    marks = dict(
        zip(track.contest.criteria.values_list("pk", flat=True), (30, 20, 20), strict=True)
    )
    services.score_entry(entry_id=first.pk, actor=expert2, marks=marks)
    UserFactory(username="worker", first_name="刘红梅")

    # The wall of the union hall: the standings page, opened once and never reloaded.
    wall = wall_context.new_page()
    wall.goto(f"{base}/contests/{contest.pk}/standings/")
    expect(wall.get_by_test_id(f"standing-{p.pk}").get_by_test_id("rank")).to_have_text("1")
    wall.evaluate("window.__lianxinMarker = 'still here'")

    log_in(page, base, "worker", "pw")
    page.goto(f"{base}/contests/{contest.pk}/")
    page.get_by_test_id("submit-link").click()
    page.locator("[name=p-kind]").select_option("worker")
    page.locator("[name=p-name]").fill("刘红梅")
    page.locator("[name=p-enterprise]").select_option(str(world.ent_a1.pk))
    page.get_by_test_id("register-form").locator("button[type=submit]").click()
    form = page.get_by_test_id("entry-form")
    form.locator("[name=e-stage_kind]").select_option("points")
    form.locator("[name=e-track]").select_option(str(track.pk))
    form.locator("[name=e-title]").fill("包装线快速换模工装")
    form.locator("[name=e-description]").fill("换模时间由40分钟降到12分钟，一年节约工时1800小时。")
    form.locator("[name=e-completed_on]").fill(timezone.localdate().isoformat())
    form.locator("[name=e-benefit_claimed]").fill("120000")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("trail")).to_contain_text("包装线快速换模工装")
    entry = Entry.objects.get(title="包装线快速换模工装")

    for screener in ("chair", "city_staff", "expert1"):  # 部门初审 → 小组复审 → 专家评审
        log_in(page, base, screener, "pw")
        page.goto(f"{base}/contests/{contest.pk}/screening/")
        card = page.get_by_test_id(f"screen-{entry.pk}")
        card.locator("textarea[name=reason]").fill("同意进入下一级")
        card.locator("button[value=pass]").click()
        expect(page.locator(".alert-success")).to_be_visible()

    for judge, marks in [("expert1", ("36", "26", "24")), ("expert2", ("34", "24", "22"))]:
        log_in(page, base, judge, "pw")
        page.goto(f"{base}/contests/{contest.pk}/judging/")
        page.get_by_test_id(f"score-{entry.pk}").click()
        fields = page.get_by_test_id("score-form").locator("input[type=number]")
        # .all() does not wait: it would read the judging page while the score page still loads
        expect(fields).to_have_count(len(marks))
        for field, value in zip(fields.all(), marks, strict=True):
            field.fill(value)
        page.get_by_test_id("score-form").locator("button[type=submit]").click()
        expect(page.locator(".alert-success")).to_be_visible()

    # (36+26+24 + 34+24+22) / 2 = 83.00 points: rank 1, ahead of the rival's 70.00.
    row = wall.get_by_test_id(f"standing-{entry.participant_id}")
    expect(row.get_by_test_id("rank")).to_have_text("1", timeout=10_000)
    expect(row.get_by_test_id("points")).to_have_text("83.00")
    expect(wall.get_by_test_id(f"standing-{p.pk}").get_by_test_id("rank")).to_have_text("2")
    assert wall.evaluate("window.__lianxinMarker") == "still here"  # swapped in place, not reloaded
