"""The metrics against a hand-made March 2026 ledger whose every figure is counted by hand below.

All times are Beijing time. NOW is Tuesday 31 March 2026, 12:00. An ordinary wages or canteen case
must be answered by the end of the next working day and resolved by the end of the 7th.

  case  where      category  channel  registered  what happened                         state now
  a1    ent A1     wages     visit    Mon 2  9:00 accepted 2nd, resolved 5th, satisfied    closed
  a2    ent A1     wages     hotline  Mon 2  9:00 accepted 4th (late), resolved 13th       closed
                                                  (late, due 11th), mostly satisfied
  a3    ent A1     canteen   visit    Tue 3  9:00 accepted 3rd, resolved 6th, dissatisfied  in progress, overdue
  a4    ent A1     wages     visit    Mon 9  9:00 rejected the same hour                    rejected
  a5    ent A1     wages     visit    Tue 10 9:00 never answered, escalated to street A     registered, overdue
  a6    ent A1     canteen   online   Mon 30 9:00 not answered yet (due 31st 23:59:59)      registered
  a7    team A1-T1 wages     visit    Mon 16 9:00 accepted, resolved 18th, closed unrated   closed
  a8    ent A1     wages     visit    Mon 23 9:00 complex; accepted, being handled           in progress
  b1    ent B1     wages     visit    Wed 4  9:00 accepted, resolved 6th                    resolved
  b2    ent B1     wages     hotline  Thu 5  9:00 never answered                            registered, overdue
  jan   ent A1     wages     visit    12 Jan 9:00 resolved 14 Jan, satisfied (outside March) closed
"""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from lianxin.cases import metrics, services
from lianxin.cases.metrics import Rate, Scope, cases_in
from lianxin.cases.models import Case
from lianxin.cases.permissions import visible_cases
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock

BJ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 31, 12, tzinfo=BJ)
MARCH = {"start": datetime(2026, 3, 1, tzinfo=BJ), "end": datetime(2026, 4, 1, tzinfo=BJ)}


def bj(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=BJ)


def at(moment: datetime, service, **kwargs) -> Case:
    with clock.frozen_at(moment):
        return service(**kwargs)


def handled(case: Case, actor, accepted: datetime, resolved: datetime | None = None) -> None:
    at(accepted, services.accept_case, case_id=case.pk, actor=actor)
    at(accepted, services.start_case, case_id=case.pk, actor=actor)
    if resolved:
        at(resolved, services.resolve_case, case_id=case.pk, actor=actor, result="已解决")


@pytest.fixture
def ledger(world):
    chair, chair_b = world.chair, world.chair_b
    a, b = world.ent_a1, world.ent_b1
    c = SimpleNamespace(
        a1=make_case(actor=chair, org=a, at=bj(3, 2)),
        a2=make_case(actor=chair, org=a, at=bj(3, 2), channel="hotline"),
        a3=make_case(actor=chair, org=a, at=bj(3, 3), key="canteen_dorm"),
        a4=make_case(actor=chair, org=a, at=bj(3, 9)),
        a5=make_case(actor=chair, org=a, at=bj(3, 10)),
        a6=make_case(actor=chair, org=a, at=bj(3, 30), key="canteen_dorm", channel="online"),
        a7=make_case(actor=chair, org=world.team_a1, at=bj(3, 16)),
        a8=make_case(actor=chair, org=a, at=bj(3, 23), urgency="complex"),
        b1=make_case(actor=chair_b, org=b, at=bj(3, 4)),
        b2=make_case(actor=chair_b, org=b, at=bj(3, 5), channel="hotline"),
        jan=make_case(actor=chair, org=a, at=bj(1, 12)),
    )
    handled(c.a1, chair, bj(3, 2, 10), resolved=bj(3, 5))
    at(bj(3, 6), services.record_feedback, case_id=c.a1.pk, actor=chair, rating="satisfied")
    handled(c.a2, chair, bj(3, 4), resolved=bj(3, 13))
    at(bj(3, 14), services.record_feedback, case_id=c.a2.pk, actor=chair, rating="mostly")
    handled(c.a3, chair, bj(3, 3, 10), resolved=bj(3, 6))
    at(bj(3, 7), services.record_feedback, case_id=c.a3.pk, actor=chair, rating="dissatisfied")
    at(bj(3, 9, 10), services.reject_case, case_id=c.a4.pk, actor=chair, reason="不属于工会职责")
    at(bj(3, 12), services.escalate_case, case_id=c.a5.pk, actor=None, reason="逾期未受理")
    handled(c.a7, chair, bj(3, 16, 10), resolved=bj(3, 18))
    at(bj(3, 25), services.close_case, case_id=c.a7.pk, actor=chair, note="联系不上职工")
    handled(c.a8, chair, bj(3, 23, 10))
    handled(c.b1, chair_b, bj(3, 4, 10), resolved=bj(3, 6))
    handled(c.jan, chair, bj(1, 12, 10), resolved=bj(1, 14))
    at(bj(1, 15), services.record_feedback, case_id=c.jan.pk, actor=chair, rating="satisfied")
    return c


def only(*cases: Case):
    return Case.objects.filter(pk__in=[c.pk for c in cases])


def test_rate_carries_its_numerator_and_denominator_and_rounds_the_percent():
    rate = Rate(183, 185)
    assert (rate.numerator, rate.denominator) == (183, 185)
    assert rate.value == 183 / 185
    assert rate.percent == 98.9
    assert str(rate) == "183/185 (98.9%)"


def test_rate_over_nothing_has_no_value_and_an_impossible_rate_is_refused():
    assert Rate(0, 0).value is None
    assert Rate(0, 0).percent is None
    assert str(Rate(0, 0)) == "0/0 (—)"
    with pytest.raises(ValueError, match="not a rate"):
        Rate(3, 2)


def test_city_march_figures_match_the_hand_count(world, ledger):
    scope = Scope(org=world.city, **MARCH)
    # a1..a8, b1, b2; not jan.
    assert metrics.case_count(scope, now=NOW) == 10
    # a3, a8 in progress; a5, a6, b2 registered.
    assert metrics.open_count(scope, now=NOW) == 5
    # a3 past its resolution deadline (12th); a5 and b2 unanswered past the response one.
    assert metrics.overdue_count(scope, now=NOW) == 3
    assert metrics.counts_by_state(scope, now=NOW) == {
        "registered": 3, "accepted": 0, "rejected": 1, "in_progress": 2,
        "referred": 0, "resolved": 1, "closed": 3,
    }  # fmt: skip
    # On time: a1 a3 a4 a7 a8 b1. Expected: those + a2 (late) + a5 b2 (unanswered); a6 not due yet.
    assert metrics.response_rate(scope, now=NOW) == Rate(6, 9)
    # Resolved or closed: a1 a2 a7 b1, over all but the rejected a4.
    assert metrics.resolution_rate(scope, now=NOW) == Rate(4, 9)
    # a1 satisfied, a2 mostly, over a1 a2 a3 (a7 closed unrated, b1 not rated yet).
    assert metrics.satisfaction_rate(scope, now=NOW) == Rate(2, 3)
    # a1 a7 b1 by their deadline, a2 two days late.
    assert metrics.on_time_rate(scope, now=NOW) == Rate(3, 4)
    # a1 3 days, a2 11, a7 2, b1 2: 18 / 4.
    assert metrics.avg_resolve_days(scope, now=NOW) == pytest.approx(4.5)


def test_district_a_counts_the_cases_that_arose_in_its_subtree_including_a_team(world, ledger):
    scope = Scope(org=world.district_a, **MARCH)
    s = metrics.summary(scope, now=NOW)
    assert s.case_count == 8  # a1..a8; a7 arose in a team under enterprise A1
    assert (s.open_count, s.overdue_count) == (4, 2)  # a3 a5 a6 a8; a3 a5
    assert s.response_rate == Rate(5, 7)  # a1 a3 a4 a7 a8 / + a2 a5
    assert s.resolution_rate == Rate(3, 7)  # a1 a2 a7 / all but a4
    assert s.satisfaction_rate == Rate(2, 3)
    assert s.on_time_rate == Rate(2, 3)  # a1 a7 / a1 a2 a7
    assert s.avg_resolve_days == pytest.approx(16 / 3)  # (3 + 11 + 2) / 3


def test_district_b_without_ratings_shows_no_satisfaction_rate_rather_than_zero(world, ledger):
    s = metrics.summary(Scope(org=world.district_b, **MARCH), now=NOW)
    assert s.case_count == 2
    assert s.by_state["resolved"] == s.by_state["registered"] == 1
    assert s.response_rate == Rate(1, 2)  # b1 / b1 b2
    assert s.resolution_rate == Rate(1, 2)
    assert s.satisfaction_rate == Rate(0, 0)
    assert s.satisfaction_rate.value is None
    assert s.on_time_rate == Rate(1, 1)
    assert s.avg_resolve_days == pytest.approx(2.0)


def test_escalated_case_still_counts_where_it_arose(world, ledger):
    ledger.a5.refresh_from_db()
    assert ledger.a5.owner_org == world.street_a
    assert ledger.a5 in cases_in(Scope(org=world.ent_a1))
    # a1..a8: the team a7 arose in lies under enterprise A1; the team alone has only a7.
    assert metrics.case_count(Scope(org=world.ent_a1, **MARCH), now=NOW) == 8
    assert metrics.case_count(Scope(org=world.team_a1, **MARCH), now=NOW) == 1


def test_period_excludes_the_january_case_and_no_period_includes_it(world, ledger):
    january = Scope(start=datetime(2026, 1, 1, tzinfo=BJ), end=MARCH["start"])
    assert metrics.case_count(january, now=NOW) == 1
    assert metrics.avg_resolve_days(january, now=NOW) == pytest.approx(2.0)
    assert metrics.case_count(Scope(), now=NOW) == 11


def test_period_is_half_open_over_registration_time(world):
    for moment in (
        datetime(2026, 2, 28, 23, 59, 59, tzinfo=BJ),  # out: before the start
        datetime(2026, 3, 1, 0, 0, tzinfo=BJ),  # in: the start itself
        datetime(2026, 3, 31, 23, 59, 59, tzinfo=BJ),  # in
        datetime(2026, 4, 1, 0, 0, tzinfo=BJ),  # out: the end itself
    ):
        make_case(actor=world.chair, org=world.ent_a1, at=moment)
    assert metrics.case_count(Scope(**MARCH), now=NOW) == 2


def test_category_channel_and_urgency_narrow_the_slice(ledger):
    canteen = metrics.summary(Scope(category="canteen_dorm", **MARCH), now=NOW)
    assert (canteen.case_count, canteen.overdue_count) == (2, 1)  # a3 a6; a3
    assert canteen.response_rate == Rate(1, 1)  # a3; a6 is not due yet
    assert canteen.resolution_rate == Rate(0, 2)
    assert canteen.satisfaction_rate == Rate(0, 1)  # a3 dissatisfied
    assert canteen.on_time_rate == Rate(0, 0)
    assert canteen.avg_resolve_days is None
    hotline = metrics.summary(Scope(channel="hotline", **MARCH), now=NOW)
    assert hotline.case_count == 2  # a2 b2
    assert hotline.response_rate == Rate(0, 2)  # a2 answered late, b2 never
    assert hotline.on_time_rate == Rate(0, 1)
    assert hotline.avg_resolve_days == pytest.approx(11.0)
    assert metrics.case_count(Scope(urgency="complex"), now=NOW) == 1  # a8


def test_rejected_case_is_a_timely_response_but_not_in_the_resolution_rate(ledger):
    assert metrics.response_rate(only(ledger.a4), now=NOW) == Rate(1, 1)
    assert metrics.resolution_rate(only(ledger.a4), now=NOW) == Rate(0, 0)


def test_dissatisfied_feedback_reopens_the_case_and_counts_against_it(ledger):
    ledger.a3.refresh_from_db()
    assert (ledger.a3.status, ledger.a3.resolved_at) == ("in_progress", None)
    s = metrics.summary(only(ledger.a3), now=NOW)
    assert s.satisfaction_rate == Rate(0, 1)
    assert s.resolution_rate == Rate(0, 1)
    assert s.on_time_rate == Rate(0, 0)  # its first resolution no longer counts
    assert s.overdue_count == 1


def test_unanswered_case_is_judged_only_once_its_response_deadline_passed(ledger):
    before = datetime(2026, 3, 11, 23, 59, tzinfo=BJ)  # a5 must be answered by 23:59:59
    assert metrics.response_rate(only(ledger.a5), now=before) == Rate(0, 0)
    assert metrics.overdue_count(only(ledger.a5), now=before) == 0
    assert metrics.response_rate(only(ledger.a5), now=NOW) == Rate(0, 1)
    assert metrics.overdue_count(only(ledger.a5), now=NOW) == 1


def test_now_defaults_to_the_clock(ledger):
    with clock.frozen_at(NOW):
        assert metrics.overdue_count(Scope(**MARCH)) == 3
        assert metrics.summary(Scope(**MARCH)).response_rate == Rate(6, 9)


def test_cases_in_keeps_within_a_user_scoped_base(world, ledger):
    base = visible_cases(world.chair_b)
    assert set(cases_in(Scope(**MARCH), base=base)) == {ledger.b1, ledger.b2}
    assert not cases_in(Scope(org=world.district_a), base=base).exists()


def test_summary_is_one_query_and_agrees_with_each_metric(ledger, django_assert_num_queries):
    scope = Scope(**MARCH)
    with django_assert_num_queries(1):
        s = metrics.summary(scope, now=NOW)
    assert s.case_count == metrics.case_count(scope, now=NOW)
    assert s.open_count == metrics.open_count(scope, now=NOW)
    assert s.overdue_count == metrics.overdue_count(scope, now=NOW)
    assert s.by_state == metrics.counts_by_state(scope, now=NOW)
    assert s.response_rate == metrics.response_rate(scope, now=NOW)
    assert s.resolution_rate == metrics.resolution_rate(scope, now=NOW)
    assert s.satisfaction_rate == metrics.satisfaction_rate(scope, now=NOW)
    assert s.on_time_rate == metrics.on_time_rate(scope, now=NOW)
    assert s.avg_resolve_days == metrics.avg_resolve_days(scope, now=NOW)
    assert s.resolution_rate_all == metrics.resolution_rate_all(scope, now=NOW)


def test_summary_by_channel_is_one_query_with_one_summary_per_channel(
    ledger, django_assert_num_queries
):
    with django_assert_num_queries(1):
        groups = metrics.summary_by(Scope(**MARCH), "channel", now=NOW)
    assert {k: g.case_count for k, g in groups.items()} == {"hotline": 2, "online": 1, "visit": 7}
    assert groups["visit"].response_rate == Rate(6, 7)  # a1 a3 a4 a7 a8 b1 / + a5
    assert groups["hotline"].resolution_rate == Rate(1, 2)  # a2 / a2 b2


def test_summary_by_child_org_splits_the_city_into_its_districts(world, ledger):
    groups = metrics.summary_by(
        Scope(org=world.city, **MARCH), metrics.by_child_org(world.city), now=NOW
    )
    assert set(groups) == {world.district_a.path, world.district_b.path}
    assert groups[world.district_a.path].resolution_rate == Rate(3, 7)
    assert groups[world.district_b.path].resolution_rate == Rate(1, 2)


def test_summary_by_month_groups_by_the_beijing_month_of_registration(ledger):
    groups = metrics.summary_by(Scope(), metrics.by_month(), now=NOW)
    assert {k: g.case_count for k, g in groups.items()} == {
        datetime(2026, 1, 1, tzinfo=BJ): 1,
        datetime(2026, 3, 1, tzinfo=BJ): 10,
    }
    assert groups[datetime(2026, 1, 1, tzinfo=BJ)].satisfaction_rate == Rate(1, 1)


# ---- 满意率 counts every rating; 解决率 over the cases taken on and over all cases -------------------


def rerate_a3_satisfied(ledger, actor) -> None:
    """a3, reopened by its dissatisfied rating on 7 March, is resolved again and rated satisfied."""
    at(bj(3, 20), services.resolve_case, case_id=ledger.a3.pk, actor=actor, result="已整改")
    at(bj(3, 21), services.record_feedback, case_id=ledger.a3.pk, actor=actor, rating="satisfied")


def test_a_case_rated_dissatisfied_reopened_and_rated_satisfied_counts_one_of_two(world, ledger):
    rerate_a3_satisfied(ledger, world.chair)

    assert metrics.satisfaction_rate(only(ledger.a3), now=NOW) == Rate(1, 2)
    assert metrics.summary(only(ledger.a3), now=NOW).satisfaction_rate == Rate(1, 2)


def test_city_march_satisfaction_counts_every_round_by_hand(world, ledger):
    rerate_a3_satisfied(ledger, world.chair)
    # Ratings of March's cases: a1 satisfied, a2 mostly, a3 dissatisfied then satisfied = 3 of 4
    # (jan's rating belongs to January's case; a7 and b1 were never rated).
    scope = Scope(org=world.city, **MARCH)
    assert metrics.satisfaction_rate(scope, now=NOW) == Rate(3, 4)
    by_month = metrics.summary_by(Scope(), metrics.by_month(), now=NOW, only=["satisfaction_rate"])
    assert by_month[datetime(2026, 3, 1, tzinfo=BJ)].satisfaction_rate == Rate(3, 4)
    assert by_month[datetime(2026, 1, 1, tzinfo=BJ)].satisfaction_rate == Rate(1, 1)


def test_summary_by_channel_counts_every_rating_of_its_cases(world, ledger):
    rerate_a3_satisfied(ledger, world.chair)
    groups = metrics.summary_by(Scope(**MARCH), "channel", now=NOW)
    assert groups["visit"].satisfaction_rate == Rate(
        2, 3
    )  # a1 satisfied; a3 dissatisfied, satisfied
    assert groups["hotline"].satisfaction_rate == Rate(1, 1)  # a2 mostly
    assert groups["online"].satisfaction_rate == Rate(0, 0)


def test_resolution_rate_over_all_cases_counts_the_rejected_case_in_the_denominator(world, ledger):
    scope = Scope(org=world.city, **MARCH)
    # Resolved or closed: a1 a2 a7 b1 — over the 9 taken on, and over all 10 registered.
    assert metrics.resolution_rate(scope, now=NOW) == Rate(4, 9)
    assert metrics.resolution_rate_all(scope, now=NOW) == Rate(4, 10)
    assert metrics.resolution_rate_all(only(ledger.a4), now=NOW) == Rate(0, 1)
    assert metrics.resolution_rate(only(ledger.a4), now=NOW) == Rate(0, 0)


def test_a_summary_of_one_rate_reads_the_other_rates_as_not_computed(ledger):
    s = metrics.summary(Scope(**MARCH), now=NOW, only=["resolution_rate"])
    assert s.resolution_rate == Rate(4, 9)
    assert s.resolution_rate_all == Rate(0, 0)
    assert s.satisfaction_rate == Rate(0, 0)
