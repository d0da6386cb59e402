"""The 督办 page (/cases/supervision/) and the case page's supervision panel: what a supervisor sees and
does, what the handler sees and answers, and that nobody outside the supervised subtree sees anything."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.cases import services
from lianxin.cases.deadlines import BEIJING
from lianxin.cases.models import Case, ExtensionRequest, SupervisionOrder, Urge
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.orgs.tests.factories import UserFactory, with_role

BOARD = reverse("cases:supervision")
LONG_AGO = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)  # every deadline of such a case has passed


def overdue_case(world, org=None, **fields) -> Case:
    org = org or world.ent_a1
    actor = world.chair if org == world.ent_a1 else world.city_staff
    return make_case(actor=actor, org=org, at=LONG_AGO, **fields)


def open_case(world, **fields) -> Case:
    return services.accept_case(
        case_id=make_case(actor=world.chair, org=world.ent_a1, **fields).pk, actor=world.chair
    )


def supervise(action: str, number: str) -> str:
    return reverse("cases:supervise", args=[number, action])


def section(html: str, name: str) -> str:
    start = html.index(f'data-testid="list-{name}"')
    return html[start : html.index("</section>", start)]


def test_the_board_lists_overdue_near_flagged_urged_and_pending_extension_cases(client, world):
    # Given cases of district A in each condition
    late = overdue_case(world, title="食堂夜班无热饭")
    near = open_case(world, title="宿舍热水器坏了")
    services.request_extension(
        case_id=near.pk, actor=world.chair,
        new_due=near.resolution_due.astimezone(BEIJING).date() + timedelta(days=2), reason="等配件",
    )  # fmt: skip
    flagged = open_case(world, title="加班费少算")
    due = clock.now().astimezone(BEIJING).date() + timedelta(days=4)
    services.flag_case(case_id=flagged.pk, actor=world.supervisor, due=due, note="挂牌")
    urged = open_case(world, title="劳保用品不发")
    services.urge_case(case_id=urged.pk, actor=world.supervisor, note="请尽快")
    # When the district supervisor opens the board
    client.force_login(world.supervisor)
    with clock.frozen_at(near.resolution_due - timedelta(hours=3)):
        html = client.get(BOARD).content.decode()
    # Then each case is in its list, with its badges
    assert late.number in section(html, "overdue")
    assert near.number in section(html, "near")
    assert near.number not in section(html, "overdue")
    assert flagged.number in section(html, "flagged")
    assert due.isoformat() in section(html, "flagged")
    assert urged.number in section(html, "urged")
    assert near.number in section(html, "extensions")
    assert "等配件" in section(html, "extensions")
    assert 'class="table table-sm align-middle lx-cards"' in html
    assert f'name="cases" value="{late.pk}" form="bulk-urge"' in html


@pytest.mark.parametrize("who", ["chair", "chair_b", "partner", "staff", "leader", "nobody"])
def test_the_board_is_404_to_anyone_who_supervises_nothing(client, world, who):
    overdue_case(world)
    client.force_login(getattr(world, who))
    assert client.get(BOARD).status_code == 404
    assert client.post(reverse("cases:supervision_urge"), {"note": "催"}).status_code == 404


def test_a_supervisor_of_another_district_sees_none_of_district_as_cases(client, world):
    late = overdue_case(world)
    other = with_role("supervisor", world.district_b, UserFactory(username="supervisor_b"))
    client.force_login(other)
    html = client.get(BOARD).content.decode()
    assert late.number not in html
    assert late.title not in html
    assert client.get(reverse("cases:detail", args=[late.number])).status_code == 404
    response = client.post(supervise("urge", late.number), {"sv-urge-note": "催"})
    assert response.status_code == 404
    assert not Urge.objects.exists()


def test_bulk_urge_urges_each_ticked_case_with_its_own_event_and_refuses_the_outsider(
    client, world
):
    first, second = overdue_case(world), overdue_case(world)
    outside = overdue_case(world, org=world.ent_b1)
    events = Event.objects.count()
    client.force_login(world.supervisor)
    response = client.post(
        reverse("cases:supervision_urge"),
        {"cases": [first.pk, second.pk, outside.pk], "note": "月底前全部答复"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == BOARD
    assert set(Urge.objects.values_list("case_id", flat=True)) == {first.pk, second.pk}
    assert Event.objects.count() == events + 2
    text = response.content.decode()
    assert first.number in text
    assert second.number in text
    assert "没有这条诉求。" in text  # the outsider is refused like a missing case


def test_bulk_urge_without_a_tick_or_a_note_urges_nothing(client, world):
    late = overdue_case(world)
    client.force_login(world.supervisor)
    client.post(reverse("cases:supervision_urge"), {"note": "催"})
    client.post(reverse("cases:supervision_urge"), {"cases": [late.pk], "note": ""})
    assert not Urge.objects.exists()


def test_bulk_urge_of_more_cases_than_the_limit_urges_nothing(client, world):
    late = overdue_case(world)
    client.force_login(world.supervisor)
    client.post(reverse("cases:supervision_urge"), {"cases": [late.pk] * 201, "note": "催"})
    assert not Urge.objects.exists()


def test_the_board_answers_within_its_query_budget_over_many_rows(
    client, world, django_assert_max_num_queries
):
    for _ in range(22):
        late = overdue_case(world)
        services.urge_case(case_id=late.pk, actor=world.supervisor, note="催")
    client.force_login(world.supervisor)
    with django_assert_max_num_queries(20):
        assert client.get(BOARD).status_code == 200


# ---- the case page ------------------------------------------------------------------------------


def test_a_supervisor_on_an_overdue_case_is_offered_supervision_not_nothing_to_do(client, world):
    late = overdue_case(world)
    client.force_login(world.supervisor)
    html = client.get(reverse("cases:detail", args=[late.number])).content.decode()
    assert 'data-testid="form-sv-urge"' in html
    assert 'data-testid="form-sv-flag"' in html
    assert "这条诉求目前没有需要您办理的事项" not in html
    assert 'data-testid="form-sv-extend"' not in html  # the handler's action


def test_a_leader_who_may_do_nothing_still_reads_that_there_is_nothing_to_do(client, world):
    late = overdue_case(world)
    client.force_login(world.leader)
    html = client.get(reverse("cases:detail", args=[late.number])).content.decode()
    assert "这条诉求目前没有需要您办理的事项" in html
    assert 'data-testid="supervision-actions"' not in html


def test_urge_from_the_case_page_the_handler_sees_the_note_and_answers_it(client, world):
    case = open_case(world)
    client.force_login(world.supervisor)
    client.post(supervise("urge", case.number), {"sv-urge-note": "请明天前回复职工"})
    assert Urge.objects.get(case=case).note == "请明天前回复职工"

    client.force_login(world.chair)
    html = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "请明天前回复职工" in section_of(html, "open-urges")
    assert 'data-testid="form-sv-answer"' in html
    assert 'data-testid="form-sv-urge"' not in html
    client.post(supervise("answer", case.number), {"sv-answer-note": "已回复职工"})
    assert Urge.objects.get(case=case).answer == "已回复职工"
    html = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'data-testid="open-urges"' not in html


def section_of(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : start + 2000]


def test_flag_from_the_case_page_shows_the_badge_and_deadline_to_the_handler(client, world):
    case = open_case(world)
    due = clock.now().astimezone(BEIJING).date() + timedelta(days=5)
    client.force_login(world.supervisor)
    client.post(
        supervise("flag", case.number), {"sv-flag-due": due.isoformat(), "sv-flag-note": "挂牌督办"}
    )
    client.force_login(world.chair)
    html = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'data-testid="supervision-badge"' in html
    assert due.isoformat() in section_of(html, "supervision-due")
    client.force_login(world.supervisor)
    client.post(supervise("lift", case.number), {"sv-lift-note": "已整改"})
    assert not SupervisionOrder.objects.filter(lifted_at__isnull=True).exists()


def test_extension_asked_and_approved_on_the_case_page_moves_the_deadline(client, world):
    case = open_case(world)
    new_day = case.resolution_due.astimezone(BEIJING).date() + timedelta(days=6)
    client.force_login(world.chair)
    client.post(
        supervise("extend", case.number),
        {"sv-extend-new_due": new_day.isoformat(), "sv-extend-reason": "等待鉴定"},
    )
    case.refresh_from_db()
    old_due = case.resolution_due
    assert ExtensionRequest.objects.get(case=case).status == "pending"
    client.force_login(world.supervisor)
    html = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "等待鉴定" in section_of(html, "pending-extension")
    client.post(
        supervise("decide", case.number), {"sv-decide-decision": "approve", "sv-decide-note": ""}
    )
    case.refresh_from_db()
    assert case.resolution_due > old_due
    assert case.resolution_due.astimezone(BEIJING).date() == new_day


def test_a_rejection_without_a_reason_on_the_page_changes_nothing(client, world):
    case = open_case(world)
    new_day = case.resolution_due.astimezone(BEIJING).date() + timedelta(days=6)
    services.request_extension(case_id=case.pk, actor=world.chair, new_due=new_day, reason="等")
    client.force_login(world.supervisor)
    response = client.post(
        supervise("decide", case.number),
        {"sv-decide-decision": "reject", "sv-decide-note": ""},
        follow=True,
    )
    assert ExtensionRequest.objects.get(case=case).status == "pending"
    assert "alert-danger" in response.content.decode()


def test_the_menu_shows_supervision_to_supervisors_only(client, world):
    client.force_login(world.supervisor)
    assert 'data-testid="nav-supervision"' in client.get(reverse("cases:ledger")).content.decode()
    client.force_login(world.chair)
    assert (
        'data-testid="nav-supervision"' not in client.get(reverse("cases:ledger")).content.decode()
    )
