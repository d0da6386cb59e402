"""Visit-day pages: each one calls its service, shows refusals, and never leaks another enterprise."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.cases.models import Case, Category
from lianxin.cases.tests import conftest as case_fixtures
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.intake.models import DiaryEntry, VisitDay
from lianxin.intake.panels import diary_origin
from lianxin.intake.services import visits as services
from lianxin.intake.states import VISIT_ACTION_LABELS, VISIT_WORKFLOW, VisitAction

world = case_fixtures.world

BJ = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 1, 14)
HEARD = "老旧设备噪声大，长期影响听力"


@pytest.fixture(autouse=True)
def wednesday():
    with clock.frozen_at(datetime(2026, 1, 14, 10, tzinfo=BJ)):
        yield


@pytest.fixture
def visit(world) -> VisitDay:
    return services.plan_visit_day(actor=world.chair, org=world.ent_a1, day=TODAY)


@pytest.fixture
def entry(world, visit) -> DiaryEntry:
    return services.record_diary_entry(
        actor=world.chair, visit_id=visit.pk, heard=HEARD, team=world.team_a1
    )


def page_text(response) -> str:
    return response.content.decode()


# ---- list and plan ------------------------------------------------------------------------------


def test_visit_list_shows_the_users_days_and_not_another_enterprises(client, world, visit):
    client.force_login(world.chair)
    response = client.get(reverse("visits:list"))
    assert list(response.context["page"].object_list) == [visit]
    client.force_login(world.chair_b)
    response = client.get(reverse("visits:list"))
    assert list(response.context["page"].object_list) == []
    assert "没有已计划的陪伴日" in page_text(response)


def test_visit_list_for_someone_without_a_handling_role_explains_why_it_is_empty(client, world):
    client.force_login(world.leader)
    response = client.get(reverse("visits:list"))
    assert 'data-testid="visits-empty"' in page_text(response)
    assert 'data-testid="plan-visit"' not in page_text(response)


def test_visit_list_pages_by_20_with_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    services.plan_weekly_visits(actor=world.chair, org=world.ent_a1, first_date=TODAY, weeks=25)
    client.force_login(world.staff)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("visits:list"))
    assert len(response.context["page"].object_list) == 20
    second = client.get(reverse("visits:list"), {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_visit_list_page_links_keep_the_enterprise_and_when_chosen(client, world):
    # given 25 upcoming visit days at A1
    services.plan_weekly_visits(actor=world.chair, org=world.ent_a1, first_date=TODAY, weeks=25)
    client.force_login(world.staff)
    # when the list is filtered to A1
    response = client.get(reverse("visits:list"), {"org": world.ent_a1.pk, "when": "upcoming"})
    # then the link to the next page keeps the filter
    next_link = f'href="?when=upcoming&amp;org={world.ent_a1.pk}&amp;page=2"'
    assert next_link in page_text(response)


def test_plan_one_day_lands_on_the_new_visit_day(client, world):
    client.force_login(world.chair)
    response = client.post(
        reverse("visits:plan"),
        {"org": world.ent_a1.pk, "day": "2026-01-14", "weeks": 1, "plan": "生产一班"},
    )
    visit = VisitDay.objects.get()
    assert response.url == reverse("visits:detail", args=[visit.pk])
    assert (visit.org, visit.date, visit.plan) == (world.ent_a1, TODAY, "生产一班")


def test_plan_four_weeks_plans_four_days(client, world):
    client.force_login(world.chair)
    response = client.post(
        reverse("visits:plan"), {"org": world.ent_a1.pk, "day": "2026-01-15", "weeks": 4}
    )
    assert response.url == reverse("visits:list")
    assert VisitDay.objects.filter(org=world.ent_a1).count() == 4


def test_plan_a_past_date_shows_why_and_plans_nothing(client, world):
    client.force_login(world.chair)
    response = client.post(
        reverse("visits:plan"), {"org": world.ent_a1.pk, "day": "2026-01-13", "weeks": 1}
    )
    assert response.status_code == 200
    assert "2026-01-13" in page_text(response)
    assert not VisitDay.objects.exists()


def test_plan_form_offers_only_the_users_enterprises(client, world):
    client.force_login(world.chair)
    response = client.post(
        reverse("visits:plan"), {"org": world.ent_b1.pk, "day": "2026-01-14", "weeks": 1}
    )
    assert list(response.context["form"].fields["org"].queryset) == [world.ent_a1]
    assert not VisitDay.objects.exists()


# ---- the visit day ------------------------------------------------------------------------------


def test_visit_day_of_another_enterprise_is_404(client, world, visit, entry):
    client.force_login(world.chair_b)
    assert client.get(reverse("visits:detail", args=[visit.pk])).status_code == 404
    url = reverse("visits:raise_case", args=[entry.pk])
    assert client.post(url, {f"case-{entry.pk}-title": "x"}).status_code == 404
    assert (
        client.post(reverse("visits:add_entry", args=[visit.pk]), {"heard": "x"}).status_code == 404
    )
    assert DiaryEntry.objects.count() == 1


def test_add_entry_records_it_in_the_diary(client, world, visit):
    client.force_login(world.chair)
    response = client.post(
        reverse("visits:add_entry", args=[visit.pk]),
        {"team": world.team_a1.pk, "speaker": "张师傅", "heard": HEARD, "place": "挂面车间"},
        follow=True,
    )
    entry = DiaryEntry.objects.get()
    assert (entry.team, entry.speaker, entry.place) == (world.team_a1, "张师傅", "挂面车间")
    assert HEARD in page_text(response)
    assert response.context["entries"][0].case_form.initial["title"] == HEARD


def test_add_an_empty_entry_shows_the_form_again_and_records_nothing(client, world, visit):
    client.force_login(world.chair)
    response = client.post(reverse("visits:add_entry", args=[visit.pk]), {"speaker": "张师傅"})
    assert response.status_code == 200
    assert response.context["entry_form"].errors
    assert not DiaryEntry.objects.exists()


def raise_from(client, entry: DiaryEntry, **fields):
    prefix = f"case-{entry.pk}"
    data = {
        "category": Category.objects.get(key="injury_health").pk,
        "title": HEARD,
        "urgency": "ordinary",
        **fields,
    }
    return client.post(
        reverse("visits:raise_case", args=[entry.pk]),
        {f"{prefix}-{k}": v for k, v in data.items()},
        follow=True,
    )


def test_raise_case_links_the_entry_and_shows_the_case_number(client, world, entry):
    client.force_login(world.chair)
    response = raise_from(client, entry, worker_name="张师傅")
    case = Case.objects.get()
    entry.refresh_from_db()
    assert entry.case == case
    assert not case.is_anonymous
    assert case.number in page_text(response)
    assert reverse("cases:detail", args=[case.number]) in page_text(response)


SPEAKER, PHONE = "刘师傅", "13911112222"


@pytest.mark.parametrize("viewer", ["chair", "staff", "supervisor", "leader"])
def test_an_anonymous_case_raised_from_the_diary_shows_no_speaker_beside_it(
    client, world, visit, viewer
):
    # given an entry whose speaker is named with a phone, raised as an anonymous case
    entry = services.record_diary_entry(
        actor=world.chair, visit_id=visit.pk, heard=HEARD, speaker=f"{SPEAKER} {PHONE}"
    )
    client.force_login(world.chair)
    raise_from(client, entry, is_anonymous="on")
    case = Case.objects.get()
    assert case.is_anonymous
    # when anyone who may read the visit day opens it
    client.force_login(getattr(world, viewer))
    html = page_text(client.get(reverse("visits:detail", args=[visit.pk])))
    # then neither the speaker, nor the phone, nor the case number is on it
    assert 'data-testid="entry-anonymous"' in html
    for secret in (SPEAKER, PHONE, case.number, reverse("cases:detail", args=[case.number])):
        assert secret not in html
    # and the case page does not lead back to the entry
    client.force_login(world.chair)
    case_page = page_text(client.get(reverse("cases:detail", args=[case.number])))
    assert 'data-testid="case-origin"' not in case_page


@pytest.mark.parametrize(("viewer", "unmasked"), [("chair", True), ("staff", False),
                                                   ("supervisor", False), ("leader", False)])  # fmt: skip
def test_phones_in_the_diary_are_masked_for_all_but_the_one_who_wrote_them_down(
    client, world, visit, viewer, unmasked
):
    # given a named entry with a phone in the speaker, the place and what was heard
    services.record_diary_entry(
        actor=world.chair, visit_id=visit.pk, heard=f"{HEARD}，回电 {PHONE}",
        speaker=f"{SPEAKER} {PHONE}", place="0391-2345678 值班室",
    )  # fmt: skip
    # when a user who may read the visit day opens it
    client.force_login(getattr(world, viewer))
    html = page_text(client.get(reverse("visits:detail", args=[visit.pk])))
    # then only the chair who wrote it down sees the numbers; the others see them masked
    assert (PHONE in html) is unmasked
    assert ("0391-2345678" in html) is unmasked
    if not unmasked:
        assert "139****2222" in html
        assert "*******5678" in html
    assert SPEAKER in html


def test_raise_case_without_a_category_shows_the_form_again_open(client, world, entry):
    client.force_login(world.chair)
    response = client.post(
        reverse("visits:raise_case", args=[entry.pk]), {f"case-{entry.pk}-title": HEARD}
    )
    assert response.status_code == 200
    assert response.context["open_case_form"] == entry.pk
    assert not Case.objects.exists()


def test_complete_and_cancel_go_through_their_services(client, world, visit):
    later = services.plan_visit_day(
        actor=world.chair, org=world.ent_a1, day=TODAY + timedelta(days=7)
    )
    client.force_login(world.chair)
    client.post(reverse("visits:complete", args=[visit.pk]), {"summary": "走访两个班组"})
    client.post(reverse("visits:cancel", args=[later.pk]), {"reason": "停产检修"})
    visit.refresh_from_db()
    later.refresh_from_db()
    assert (visit.status, visit.summary) == ("done", "走访两个班组")
    assert later.status == "cancelled"


def test_cancel_without_a_reason_shows_the_error(client, world, visit):
    client.force_login(world.chair)
    response = client.post(reverse("visits:cancel", args=[visit.pk]), {"reason": ""})
    assert response.context["cancel_form"].errors
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_complete_a_cancelled_day_shows_the_workflows_refusal_and_changes_nothing(
    client, world, visit
):
    # given a cancelled visit day (its page offers no completion form, a stale one may still post)
    services.cancel_visit_day(actor=world.chair, visit_id=visit.pk, reason="停产检修")
    events = Event.objects.filter(target_type="intake.visitday", target_id=visit.pk).count()
    client.force_login(world.chair)
    # when the stale form is posted
    response = client.post(reverse("visits:complete", args=[visit.pk]), {"summary": "走访"})
    # then the page shows why, in the workflow's words, and the day and its journal are unchanged
    refusal = VISIT_WORKFLOW.refusal % {
        "action": VISIT_ACTION_LABELS[VisitAction.COMPLETE],
        "status": VisitDay.Status.CANCELLED.label,
    }
    assert [str(m) for m in response.context["messages"]] == [str(refusal)]
    assert str(refusal) in page_text(response)
    visit.refresh_from_db()
    assert (visit.status, visit.summary) == ("cancelled", "")
    assert Event.objects.filter(target_type="intake.visitday", target_id=visit.pk).count() == events


def test_future_visit_day_offers_no_diary_form(client, world):
    later = services.plan_visit_day(
        actor=world.chair, org=world.ent_a1, day=TODAY + timedelta(days=1)
    )
    client.force_login(world.chair)
    response = client.get(reverse("visits:detail", args=[later.pk]))
    assert response.context["entry_form"] is None
    assert response.context["cancel_form"] is not None


# ---- summary and the case page's link back ------------------------------------------------------


def test_weekly_summary_page_shows_this_weeks_figures_by_default(client, world, entry):
    client.force_login(world.chair)
    response = client.get(reverse("visits:summary"))
    figures = response.context["figures"]
    assert (figures.monday, figures.made, figures.entries_recorded) == (date(2026, 1, 12), 1, 1)
    last_week = client.get(reverse("visits:summary"), {"day": "2026-01-07"})
    assert last_week.context["figures"].planned == 0
    assert 'data-testid="week-empty"' in page_text(last_week)


def test_weekly_summary_of_another_chair_counts_nothing_of_ours(client, world, entry):
    client.force_login(world.chair_b)
    figures = client.get(reverse("visits:summary")).context["figures"]
    assert (figures.planned, figures.entries_recorded) == (0, 0)


def test_case_page_links_a_case_back_to_its_diary_entry(client, world, entry):
    # Given a named case raised from a diary entry
    case = services.raise_case_from_entry(
        actor=world.chair,
        entry_id=entry.pk,
        category=Category.objects.get(key="other"),
        title="噪声",
    )
    # When its page is opened, then intake's panel names the diary and links the visit day
    client.force_login(world.chair)
    html = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'data-testid="case-origin"' in html
    assert "来自民意日记" in html
    assert reverse("visits:detail", args=[entry.visit_id]) in html


def test_case_page_shows_no_diary_origin_for_other_cases(client, world):
    case = make_case(actor=world.chair, org=world.ent_a1)
    request = RequestFactory().get("/")
    request.user = world.chair
    assert diary_origin(request, case) is None
    client.force_login(world.chair)
    html = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'data-testid="case-origin"' not in html
