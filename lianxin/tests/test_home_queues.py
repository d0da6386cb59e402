"""The homes of the ledger's own people (issue 16): a chair lands on their union's open cases
(overdue first), today's visit day and the proposals awaiting review; staff and supervisors on the
queues of their subtree — assigned to them, awaiting acceptance, overdue. Each lists only the
user's own scope, at most ten rows with a link to the rest, and says so when nothing waits."""

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianxin.cases import services as case_services
from lianxin.cases.deadlines import BEIJING
from lianxin.cases.tests.factories import make_case
from lianxin.home import HOME_LIMIT
from lianxin.intake.services import visits as visit_services
from lianxin.orgs.tests.factories import UserFactory
from lianxin.proposals.tests.factories import advance
from lianxin.proposals.tests.factories import submit as submit_proposal

ONE_DAY = timedelta(days=1)
LONG_AGO = datetime(2025, 3, 3, 9, 0, tzinfo=BEIJING)  # every deadline of a case then has passed
CHAIR_SECTIONS = ("chair-cases", "visits-today", "to-review")
QUEUE_SECTIONS = ("assigned", "to-accept", "overdue")


def open_home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.context["tasks"], response.content.decode()


def section(html: str, testid: str) -> str:
    """The html of one home card, from its test id to the next card."""
    start = html.index(f'data-testid="{testid}"')
    found = re.search(r'<div class="card( mb-3)?"', html[start:])
    return html[start : start + found.start()] if found else html[start:]


def titles(shortlist) -> list[str]:
    return [row.title for row in shortlist.items]


def test_a_chair_sees_the_open_cases_of_their_union_overdue_first(client, world):
    # given an overdue and a fresh case in the chair's enterprise, a resolved and a rejected one,
    # and a case of another enterprise
    fresh = make_case(actor=world.chair, org=world.ent_a1, title="新挂号的食堂问题")
    late = make_case(actor=world.chair, org=world.ent_a1, title="逾期的欠薪问题", at=LONG_AGO)
    rejected = make_case(actor=world.chair, org=world.ent_a1, title="不予受理的诉求")
    case_services.reject_case(case_id=rejected.pk, actor=world.chair, reason="不属于工会职责")
    make_case(actor=world.chair_b, org=world.ent_b1, title="B企业的诉求")
    # when the chair opens the home page
    tasks, html = open_home(client, world.chair)
    # then their open cases are listed, the overdue one first and marked, each linking to its page
    assert titles(tasks.chair_cases) == [late.title, fresh.title]
    cards = section(html, "chair-cases")
    assert reverse("cases:detail", args=[late.number]) in cards
    assert cards.index(late.number) < cards.index(fresh.number)
    assert "Overdue" in cards.split(fresh.number)[0]
    assert "B企业的诉求" not in html
    assert rejected.number not in cards
    assert 'data-testid="chair-cases-more"' not in cards


def test_a_chair_of_another_enterprise_sees_none_of_it(client, world):
    # given a case, a visit day today and a proposal under review at enterprise A1
    make_case(actor=world.chair, org=world.ent_a1, title="A1的逾期诉求", at=LONG_AGO)
    visit_services.plan_visit_day(actor=world.chair, org=world.ent_a1, day=visit_services.today())
    submit_proposal(actor=world.chair, enterprise=world.ent_a1, title="A1的换模提案")
    # when the chair of enterprise B1 opens the home page
    tasks, html = open_home(client, world.chair_b)
    # then each of their lists is there and empty, saying so, with nothing of A1's
    for name in ("chair_cases", "visits_today", "to_review"):
        assert getattr(tasks, name).items == []
    for text in ("A1的逾期诉求", "A1的换模提案", world.ent_a1.name):
        assert text not in html
    assert "No open case" in section(html, "chair-cases")
    assert "No visit day today." in section(html, "visits-today")
    assert "No proposal is waiting for review." in section(html, "to-review")


def test_a_chair_sees_today_s_visit_day_of_their_enterprise_only(client, world):
    # given today's visit days at the chair's enterprise and at another one, and tomorrow's
    today = visit_services.today()
    mine = visit_services.plan_visit_day(actor=world.chair, org=world.ent_a1, day=today)
    visit_services.plan_visit_day(actor=world.chair_b, org=world.ent_b1, day=today)
    visit_services.plan_visit_day(actor=world.chair_b, org=world.ent_b1, day=today + ONE_DAY)
    visit_services.plan_visit_day(actor=world.chair, org=world.ent_a1, day=today + ONE_DAY)
    # when the chair opens the home page
    tasks, html = open_home(client, world.chair)
    # then today's day at their own enterprise is listed, linking to its diary
    assert [v.pk for v in tasks.visits_today.items] == [mine.pk]
    assert reverse("visits:detail", args=[mine.pk]) in section(html, "visits-today")


def test_a_chair_sees_the_proposals_awaiting_review_oldest_first(client, world):
    # given proposals of the chair's enterprise in review, adopted and declined, and another's
    first = submit_proposal(actor=world.chair, enterprise=world.ent_a1, title="最早的提案")
    second = submit_proposal(actor=world.chair, enterprise=world.ent_a1, title="复审中的提案")
    advance(second, world.chair, "committee_review")
    adopted = submit_proposal(actor=world.chair, enterprise=world.ent_a1, title="已采纳的提案")
    advance(adopted, world.chair, "adopted")
    submit_proposal(actor=world.chair_b, enterprise=world.ent_b1, title="B企业的提案")
    # when the chair opens the home page
    tasks, html = open_home(client, world.chair)
    # then the two in review are listed, oldest first, each linking to the proposal
    assert titles(tasks.to_review) == [first.title, second.title]
    cards = section(html, "to-review")
    assert reverse("proposals:detail", args=[first.pk]) in cards
    assert "已采纳的提案" not in cards
    assert "B企业的提案" not in html


def staff_world(world):
    """District A: a case assigned to the staff member, one awaiting acceptance, one overdue;
    district B: the same three, which district A's staff must never see."""
    made = {}
    for district, ent, chair in (
        ("a", world.ent_a1, world.chair),
        ("b", world.ent_b1, world.chair_b),
    ):
        assigned = make_case(actor=chair, org=ent, title=f"{district}区已指派的诉求")
        handler = world.staff if district == "a" else chair
        case_services.accept_case(case_id=assigned.pk, actor=chair, handler=handler)
        made[f"{district}_assigned"] = assigned
        made[f"{district}_waiting"] = make_case(actor=chair, org=ent, title=f"{district}区待受理")
        made[f"{district}_late"] = make_case(
            actor=chair, org=ent, title=f"{district}区逾期诉求", at=LONG_AGO
        )
    return made


def test_staff_see_the_queues_of_their_subtree_only(client, world):
    # given cases in districts A and B
    made = staff_world(world)
    # when district A's staff member opens the home page
    tasks, html = open_home(client, world.staff)
    # then they see what is assigned to them, what awaits acceptance and what is overdue in A only
    assert titles(tasks.assigned) == [made["a_assigned"].title]
    assert titles(tasks.to_accept) == [made["a_late"].title, made["a_waiting"].title]
    assert titles(tasks.overdue) == [made["a_late"].title]
    assert "b区" not in html
    assert reverse("cases:detail", args=[made["a_waiting"].number]) in section(html, "to-accept")
    # and none of a chair's lists
    for name in CHAIR_SECTIONS:
        assert f'data-testid="{name}"' not in html


def test_a_supervisor_sees_the_subtree_queues_and_an_empty_assigned_list(client, world):
    made = staff_world(world)
    tasks, html = open_home(client, world.supervisor)
    assert tasks.assigned.items == []
    assert "No open case is assigned to you." in section(html, "assigned")
    assert titles(tasks.overdue) == [made["a_late"].title]
    assert made["b_late"].number not in html


def test_queues_and_chair_lists_stay_off_the_homes_of_other_roles(client, world):
    staff_world(world)
    for user in (world.leader, world.partner, world.nobody):
        _tasks, html = open_home(client, user)
        for name in (*CHAIR_SECTIONS, *QUEUE_SECTIONS):
            assert f'data-testid="{name}"' not in html, (user.username, name)
    _tasks, chair_html = open_home(client, world.chair)
    for name in QUEUE_SECTIONS:
        assert f'data-testid="{name}"' not in chair_html


def test_a_long_queue_shows_ten_and_links_to_the_ledger_for_the_rest(client, world):
    # given more cases awaiting acceptance than the home lists
    for i in range(HOME_LIMIT + 2):
        make_case(actor=world.chair, org=world.ent_a1, title=f"待受理诉求{i:02d}")
    # when the staff member opens the home page
    tasks, html = open_home(client, world.staff)
    # then ten are listed, and a link opens the same rows in the ledger
    assert len(tasks.to_accept.items) == HOME_LIMIT
    assert tasks.to_accept.more
    more = f"{reverse('cases:ledger')}?status=registered&amp;sort=registered_at"
    assert more in section(html, "to-accept")
    ledger = client.get(reverse("cases:ledger"), {"status": "registered", "sort": "registered_at"})
    assert ledger.context["counts"]["total"] == HOME_LIMIT + 2


# The home's reads: session, user, roles, the scope's org ids, the figures, the role list, the
# worker's own cases, proposals and entries, the judging seats, the menus' roles, the inbox — and
# one query per list of a chair (open cases, today's visit day, proposals) or of staff (assigned,
# awaiting acceptance, overdue) with the scope's org ids read once for them: 16 either way.
HOME_QUERIES = 16


def home_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def many_cases(world, count: int) -> None:
    for i in range(count):
        case = make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}", at=LONG_AGO)
        if i % 2:
            case_services.accept_case(case_id=case.pk, actor=world.chair, handler=world.staff)
        submit_proposal(actor=world.chair, enterprise=world.ent_a1, title=f"提案{i}")


@pytest.mark.parametrize("who", ["chair", "staff", "supervisor"])
def test_the_home_reads_the_same_few_queries_for_two_rows_or_thirty(client, world, who):
    # given a scope with two cases and proposals, then with thirty
    user = getattr(world, who)
    many_cases(world, 2)
    few = home_queries(client, user)
    many_cases(world, 28)
    # when the home page is opened, then its reads do not grow with the rows, within its budget
    assert home_queries(client, user) == few
    assert few <= HOME_QUERIES


def test_a_worker_with_nothing_raised_is_told_so_and_one_with_a_case_links_to_all(client, world):
    # given a worker with nothing yet, and one with a concern and a proposal
    newcomer, worker = UserFactory(username="newcomer"), UserFactory(username="liu")
    make_case(actor=world.chair, org=world.ent_a1, title="我的加班费问题", worker_user=worker)
    submit_proposal(actor=worker, enterprise=world.ent_a1, title="我的换模提案")
    # when each opens the home page
    _tasks, empty = open_home(client, newcomer)
    _tasks, html = open_home(client, worker)
    # then the newcomer reads an empty state; the worker's lists link to all their own
    assert 'data-testid="worker-empty"' in empty
    assert 'data-testid="worker-empty"' not in html
    assert f'href="{reverse("worker:mine")}" data-testid="my-cases-more"' in html
    assert f'href="{reverse("proposals:mine")}" data-testid="my-proposals-more"' in html
    for name in (*CHAIR_SECTIONS, *QUEUE_SECTIONS):
        assert f'data-testid="{name}"' not in html


def test_a_partner_s_referrals_link_to_the_referred_cases_in_the_ledger(client, world):
    case = make_case(actor=world.chair, org=world.ent_a1, title="转人社局的欠薪")
    case_services.accept_case(case_id=case.pk, actor=world.chair)
    case_services.refer_case(case_id=case.pk, actor=world.chair, partner=world.bureau, note="转办")
    _tasks, html = open_home(client, world.partner)
    cards = section(html, "to-report")
    assert case.number in cards
    assert f"{reverse('cases:ledger')}?status=referred&amp;sort=registered_at" in cards
