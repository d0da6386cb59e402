"""The pages over real HTTP: who sees what, each form posting through its service, and the costs."""

from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.proposals import services
from lianxin.proposals.models import Proposal, Resolution, RewardRule
from lianxin.proposals.tests.factories import advance, meeting, set_tiers, submit, worker

pytestmark = pytest.mark.django_db


def test_a_worker_submits_and_sees_only_their_own_proposals(world, client):
    me = worker("陈小红")
    other = submit(actor=worker(), enterprise=world.ent_a1, title="别人的提案")
    client.force_login(me)
    response = client.post(
        "/proposals/new/",
        {"enterprise": world.ent_a1.pk, "title": "冲压线快速换模", "problem": "换模慢",
         "solution": "做定位工装", "proposer_names": "王强\n"},
    )  # fmt: skip
    mine = Proposal.objects.get(title="冲压线快速换模")
    assert response.status_code == 302
    assert response["Location"] == f"/proposals/{mine.pk}/"
    page = client.get("/proposals/mine/").content.decode()
    assert "冲压线快速换模" in page
    assert "别人的提案" not in page
    assert f"/proposals/open/{world.ent_a1.code}/" in page
    assert client.get(f"/proposals/{other.pk}/").status_code == 404
    assert client.get(f"/proposals/{mine.pk}/").status_code == 200


def test_the_worker_sees_each_step_but_no_buttons(world, client):
    me = worker()
    set_tiers(world.chair, world.ent_a1)
    p = advance(submit(actor=me, enterprise=world.ent_a1), world.chair, "rewarded", benefit="36500")
    client.force_login(me)
    page = client.get(f"/proposals/{p.pk}/").content.decode()
    for kind in (
        "submitted",
        "department_review",
        "forwarded",
        "adopted",
        "implemented",
        "rewarded",
    ):
        assert f'data-kind="{kind}"' in page
    assert "¥1230.00" in page
    assert 'data-testid="open-' not in page


def test_staff_make_a_move_and_a_refused_one_shows_why(world, client):
    p = submit(actor=worker(), enterprise=world.ent_a1)
    client.force_login(world.chair)
    page = client.get(f"/proposals/{p.pk}/").content.decode()
    assert 'data-testid="open-review"' in page
    assert 'data-testid="open-adopt"' not in page
    client.post(f"/proposals/{p.pk}/review/", {"review-note": "交设备部初审"})
    p.refresh_from_db()
    assert p.status == "department_review"
    response = client.post(f"/proposals/{p.pk}/adopt/", {"adopt-note": ""}, follow=True)
    p.refresh_from_db()
    assert p.status == "department_review"
    assert "alert-danger" in response.content.decode()


def test_a_user_outside_the_enterprise_gets_404_and_changes_nothing(world, client):
    p = submit(actor=worker(), enterprise=world.ent_a1)
    client.force_login(world.chair_b)
    assert client.get(f"/proposals/{p.pk}/").status_code == 404
    assert client.post(f"/proposals/{p.pk}/review/", {}).status_code == 404
    p.refresh_from_db()
    assert p.status == "submitted"


def test_the_pipeline_lists_rows_in_a_fixed_number_of_queries(
    world, client, django_assert_max_num_queries
):
    for i in range(25):
        submit(actor=worker(f"职工{i}"), enterprise=world.ent_a1, title=f"提案{i}")
    client.force_login(world.staff)
    with django_assert_max_num_queries(12):
        page = client.get("/proposals/").content.decode()
    assert page.count('data-testid="pipeline"') == 1
    assert "提案24" in page


def test_the_worker_list_costs_a_fixed_number_of_queries(
    world, client, django_assert_max_num_queries
):
    me = worker()
    for i in range(22):
        submit(actor=me, enterprise=world.ent_a1, title=f"提案{i}")
    client.force_login(me)
    with django_assert_max_num_queries(10):
        page = client.get("/proposals/mine/").content.decode()
    assert page.count('data-testid="my-proposal"') == 22


def test_the_excel_export_holds_the_visible_proposals(world, client, django_assert_max_num_queries):
    set_tiers(world.chair, world.ent_a1)
    advance(submit(actor=worker("陈"), enterprise=world.ent_a1), world.chair, "rewarded")
    for i in range(20):
        submit(actor=worker(), enterprise=world.ent_a1, title=f"提案{i}")
    submit(actor=worker(), enterprise=world.ent_b1, title="B厂提案")
    client.force_login(world.chair)
    with django_assert_max_num_queries(12):
        response = client.get("/proposals/export.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 22
    titles = {r[1] for r in rows[1:]}
    assert "B厂提案" not in titles
    rewarded = next(r for r in rows[1:] if r[5] == "陈")
    assert rewarded[13] == 740.0


def test_the_reward_rules_page_saves_the_tiers(world, client):
    client.force_login(world.chair)
    assert client.get("/proposals/rules/").status_code == 200
    data = {
        "tier-TOTAL_FORMS": "2", "tier-INITIAL_FORMS": "0",
        "tier-0-label": "鼓励奖", "tier-0-min_benefit": "0", "tier-0-base_amount": "50",
        "tier-0-percent": "0", "tier-0-form": "honour",
        "tier-1-label": "一等奖", "tier-1-min_benefit": "100000", "tier-1-base_amount": "2000",
        "tier-1-percent": "1", "tier-1-max_amount": "8000", "tier-1-form": "cash",
    }  # fmt: skip
    response = client.post(f"/proposals/rules/{world.ent_a1.code}/", data)
    assert response.status_code == 302
    assert list(RewardRule.objects.values_list("label", flat=True)) == ["鼓励奖", "一等奖"]
    client.force_login(world.chair_b)
    assert client.get(f"/proposals/rules/{world.ent_a1.code}/").status_code == 404


def test_the_figures_page(world, client):
    submit(actor=worker("陈"), enterprise=world.ent_a1)
    client.force_login(world.leader)
    page = client.get("/proposals/figures/").content.decode()
    assert 'data-testid="proposal-count">1<' in page
    assert "陈" in page


def test_a_case_becomes_a_proposal_from_its_page_and_goes_back(world, client):
    case = make_case(actor=world.chair, org=world.ent_a1, channel="online", title="仓库杂物间闲置")
    client.force_login(world.chair)
    response = client.post(f"/proposals/from-case/{case.number}/")
    p = Proposal.objects.get(case=case)
    assert response["Location"] == f"/proposals/{p.pk}/"
    again = client.post(f"/proposals/from-case/{case.number}/")
    assert again["Location"] == f"/cases/{case.number}/"
    assert Proposal.objects.filter(case=case).count() == 1
    other = submit(actor=worker(), enterprise=world.ent_a1)
    category = case.category_id
    client.post(f"/proposals/{other.pk}/to-case/", {"category": category})
    other.refresh_from_db()
    assert other.case is not None
    assert other.case.title == other.title


def test_meeting_pages_run_the_meeting_and_publish_the_minutes(world, client):
    client.force_login(world.chair)
    response = client.post(
        "/proposals/meetings/new/",
        {"org": world.ent_a1.pk, "title": "三月议事厅", "held_at": "2026-03-02T15:00", "place": "职工之家"},
    )  # fmt: skip
    m = world.ent_a1.meetings.get()
    assert response["Location"] == f"/proposals/meetings/{m.pk}/"
    client.post(f"/proposals/meetings/{m.pk}/agenda/", {"agenda-text": "宿舍改造"})
    client.post(
        f"/proposals/meetings/{m.pk}/attendees/",
        {"attendee-name": "张敏", "attendee-side": "workers"},
    )
    client.post(f"/proposals/meetings/{m.pk}/minutes/", {"minutes-minutes": "议定宿舍拎包入住。"})
    client.post(
        f"/proposals/meetings/{m.pk}/resolutions/",
        {"resolution-text": "宿舍拎包入住", "resolution-owner_name": "后勤 王经理",
         "resolution-due": "2026-04-30T18:00"},
    )  # fmt: skip
    r = Resolution.objects.get()
    client.post(
        f"/proposals/meetings/{m.pk}/resolutions/{r.pk}/complete/",
        {f"r{r.pk}-complete-note": "已配齐"},
    )
    client.post(f"/proposals/meetings/{m.pk}/publish/")
    page = client.get(f"/proposals/meetings/{m.pk}/").content.decode()
    assert "宿舍改造" in page
    assert "张敏" in page
    assert 'data-testid="published"' in page
    r.refresh_from_db()
    assert r.status == "done"
    client.logout()
    public = client.get(f"/proposals/open/{world.ent_a1.code}/").content.decode()
    assert "议定宿舍拎包入住。" in public
    assert "宿舍拎包入住" in public


def test_unpublished_minutes_stay_off_the_public_page(world, client):
    m = meeting(actor=world.chair, org=world.ent_a1)
    services.record_minutes(meeting_id=m.pk, actor=world.chair, minutes="内部讨论稿")
    assert "内部讨论稿" not in client.get(f"/proposals/open/{world.ent_a1.code}/").content.decode()
    assert client.get("/proposals/open/NOPE/").status_code == 404


def test_meeting_list_and_resolutions_export(world, client, django_assert_max_num_queries):
    for i in range(21):
        m = meeting(actor=world.chair, org=world.ent_a1, title=f"议事厅{i}")
        services.add_resolution(
            meeting_id=m.pk, actor=world.chair, text=f"决议{i}", owner_name="李总",
            due=clock.now() + timedelta(days=i - 10, hours=1),
        )  # fmt: skip
    client.force_login(world.chair)
    with django_assert_max_num_queries(10):
        page = client.get("/proposals/meetings/").content.decode()
    assert "议事厅20" in page
    with django_assert_max_num_queries(10):
        page = client.get("/proposals/resolutions/").content.decode()
    assert page.count("text-bg-danger") == 10
    with django_assert_max_num_queries(10):
        response = client.get("/proposals/resolutions/export.xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 22
    assert sum(1 for r in rows[1:] if r[7]) == 10


def test_pages_need_a_login(client):
    response = client.get("/proposals/mine/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _render_case_proposals(user, case):
    from django.template import Context, Template
    from django.test import RequestFactory

    from lianxin.cases.hooks import shown_panels

    request = RequestFactory().get(f"/cases/{case.number}/")
    request.user = user
    [panel] = shown_panels(request, case, "case_side")["case_side"]
    template = Template("{% load panels %}{% render_panel panel %}")
    return template.render(Context({"request": request, "case": case, "panel": panel}))


def test_the_case_page_partial_offers_the_conversion_then_links_the_proposal(world):
    case = make_case(actor=world.chair, org=world.team_a1, channel="online")
    assert 'data-testid="to-proposal"' in _render_case_proposals(world.chair, case)
    assert 'data-testid="to-proposal"' not in _render_case_proposals(world.leader, case)
    p = services.proposal_from_case(case_number=case.number, actor=world.chair)
    html = _render_case_proposals(world.chair, case)
    assert f"/proposals/{p.pk}/" in html
    assert 'data-testid="to-proposal"' not in html
