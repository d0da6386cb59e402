"""Who sees which cases and may make which move, and a ledger read that costs a constant few queries."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser, User

from lianxin.cases import services
from lianxin.cases.models import Case
from lianxin.cases.permissions import (
    allowed_actions,
    can_see_case,
    can_see_worker_contact,
    visible_cases,
)
from lianxin.cases.selectors import case_list
from lianxin.cases.states import Action, Status, actions_from
from lianxin.cases.tests.factories import make_case


@pytest.fixture
def cases(world):
    """A1: registered, referred to the bureau, reported back; A2: registered; B1: registered, and
    one referred to the court."""
    a1 = make_case(actor=world.chair, org=world.ent_a1, title="A1 挂号")
    referred = make_case(actor=world.chair, org=world.ent_a1, title="A1 转办")
    reported = make_case(actor=world.chair, org=world.ent_a1, title="A1 已反馈")
    for case in (referred, reported):
        services.accept_case(case_id=case.pk, actor=world.chair)
        services.refer_case(case_id=case.pk, actor=world.chair, partner=world.bureau)
    services.report_back(
        case_id=reported.pk, actor=world.partner, report="已处理", outcome="mediated"
    )
    a2 = make_case(actor=world.staff, org=world.ent_a2, title="A2 挂号")
    b1 = make_case(actor=world.chair_b, org=world.ent_b1, title="B1 挂号")
    court = make_case(actor=world.chair_b, org=world.ent_b1, title="B1 转法院")
    services.accept_case(case_id=court.pk, actor=world.chair_b)
    services.refer_case(case_id=court.pk, actor=world.chair_b, partner=world.court)
    return SimpleNamespace(a1=a1, referred=referred, reported=reported, a2=a2, b1=b1, court=court)


def seen(user) -> set[int]:
    return set(visible_cases(user).values_list("pk", flat=True))


def pks(*cases: Case) -> set[int]:
    return {c.pk for c in cases}


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


# ---- visible_cases -------------------------------------------------------------------------------


def test_chair_sees_the_cases_of_their_own_enterprise_only(world, cases):
    # When / then
    assert seen(world.chair) == pks(cases.a1, cases.referred, cases.reported)
    assert seen(world.chair_b) == pks(cases.b1, cases.court)


def test_district_staff_sees_district_a_and_not_district_b(world, cases):
    # When
    visible = seen(world.staff)

    # Then
    assert visible == pks(cases.a1, cases.referred, cases.reported, cases.a2)
    assert not visible & pks(cases.b1, cases.court)


def test_partner_sees_only_cases_referred_to_its_agency_even_after_reporting_back(world, cases):
    # When
    visible = seen(world.partner)

    # Then
    assert visible == pks(cases.referred, cases.reported)
    assert fresh(cases.reported).status == Status.IN_PROGRESS


def test_judge_sees_none_of_the_cases_referred_to_the_labour_bureau(world, cases):
    # When
    visible = seen(world.judge)

    # Then: only the case referred to the court
    assert visible == pks(cases.court)
    assert not visible & pks(cases.referred, cases.reported)


def test_leader_sees_every_case_but_may_make_no_move(world, cases):
    # When
    visible = seen(world.leader)

    # Then
    assert visible == set(Case.objects.values_list("pk", flat=True))
    assert len(visible) == 6
    for case in Case.objects.all():
        assert actions_from(case.status), case.status
        assert allowed_actions(world.leader, case) == []


def test_a_user_without_a_role_and_an_anonymous_visitor_see_nothing(world, cases):
    # When / then
    assert seen(world.nobody) == set()
    assert seen(AnonymousUser()) == set()
    assert not can_see_case(world.nobody, cases.a1)
    assert allowed_actions(AnonymousUser(), cases.a1) == []


def test_can_see_case_agrees_with_visible_cases_for_every_user_and_case(world, cases):
    # Given
    users = [world.chair, world.chair_b, world.staff, world.supervisor, world.city_staff]
    users += [world.partner, world.judge, world.leader, world.nobody]

    # When / then
    for user in users:
        visible = seen(user)
        for case in Case.objects.all():
            assert can_see_case(user, case) == (case.pk in visible), (user.username, case.title)


# ---- allowed_actions ------------------------------------------------------------------------------


def test_chair_on_a_registered_case_may_accept_reject_or_escalate(world, cases):
    # When / then
    assert allowed_actions(world.chair, cases.a1) == [Action.ACCEPT, Action.REJECT, Action.ESCALATE]
    assert allowed_actions(world.staff, cases.a1) == [Action.ACCEPT, Action.REJECT, Action.ESCALATE]


def test_partner_on_a_case_referred_to_it_may_report_back_or_add_progress(world, cases):
    # When / then
    assert allowed_actions(world.partner, fresh(cases.referred)) == [
        Action.REPORT_BACK,
        Action.PROGRESS,
    ]
    # the owner may only add progress while the partner works
    assert allowed_actions(world.chair, fresh(cases.referred)) == [Action.PROGRESS]


def test_partner_may_do_nothing_once_it_has_reported_back(world, cases):
    # When / then
    assert allowed_actions(world.partner, fresh(cases.reported)) == []
    assert allowed_actions(world.judge, fresh(cases.referred)) == []


def test_supervisor_on_a_resolved_case_may_only_reopen(world, cases):
    # Given
    case = fresh(cases.reported)
    services.resolve_case(case_id=case.pk, actor=world.chair, result="已补发")
    case = fresh(case)

    # When / then
    assert allowed_actions(world.supervisor, case) == [Action.REOPEN]
    assert allowed_actions(world.chair, case) == [Action.FEEDBACK, Action.CLOSE]


def test_nobody_is_offered_a_move_on_a_rejected_case(world, cases):
    # Given
    services.reject_case(case_id=cases.a1.pk, actor=world.chair, reason="不属于受理范围")
    case = fresh(cases.a1)

    # When / then
    for user in (world.chair, world.staff, world.supervisor, world.city_staff, world.leader):
        assert allowed_actions(user, case) == []


def test_allowed_actions_are_always_moves_of_the_table_from_the_current_state(world, cases):
    # Given
    users = [world.chair, world.chair_b, world.staff, world.supervisor, world.city_staff]
    users += [world.partner, world.judge, world.leader, world.nobody]

    # When / then
    for case in Case.objects.all():
        for user in users:
            offered = allowed_actions(user, case)
            assert set(offered) <= set(actions_from(case.status))
            if offered:
                assert can_see_case(user, case), (user.username, case.title)


# ---- the worker's contact -------------------------------------------------------------------------


def test_only_the_handler_sees_the_workers_contact(world, cases):
    # Given: the chair accepted the referred case and so handles it; A1 has no handler yet
    handled = fresh(cases.referred)
    assert handled.handler == world.chair

    # When / then
    assert can_see_worker_contact(world.chair, handled)
    for user in (world.staff, world.supervisor, world.partner, world.leader, world.nobody):
        assert not can_see_worker_contact(user, handled), user.username
    assert not can_see_worker_contact(AnonymousUser(), handled)
    assert not can_see_worker_contact(world.chair, fresh(cases.a1))


# ---- the ledger read -----------------------------------------------------------------------------


def test_case_list_over_25_cases_costs_a_constant_few_queries(world, django_assert_max_num_queries):
    # Given: 25 cases across two enterprises and a team, some with a handler
    for i in range(25):
        org = (world.ent_a1, world.ent_a2, world.team_a1)[i % 3]
        case = make_case(actor=world.staff, org=org, key=("wages", "canteen_dorm")[i % 2])
        if i % 2:
            services.accept_case(case_id=case.pk, actor=world.staff)
    user = User.objects.get(pk=world.staff.pk)  # no roles cached on it yet

    # When: the rows are read as the ledger shows them
    with django_assert_max_num_queries(3):
        rows = [
            (
                c.number,
                c.category.label,
                c.origin_org.name,
                c.owner_org.name,
                c.handler,
                c.is_overdue,
            )
            for c in case_list(user=user, filters=None)
        ]

    # Then
    assert len(rows) == 25
    assert sum(1 for r in rows if r[4] == world.staff) == 12
    assert {r[3] for r in rows} == {world.ent_a1.name, world.ent_a2.name}
