"""The ledger's business areas in core.areas (诉求受理, 协作转办, 督办): each registered metric
computes, for a scope and a period, the ledger's own figure, and nothing of another union's.

March 2026, Beijing time. Enterprise A1 (district A): a1 resolved in two days and rated, a2 a
hotline case referred to the labour bureau, a3 left open and past due, a4 rejected; a February
case outside the period. Enterprise B1 (district B): one case, b1.
"""

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from lianxin.cases import metrics, services
from lianxin.cases.metrics import Rate, Scope
from lianxin.cases.models import Referral, SupervisionOrder, Urge
from lianxin.cases.permissions import visible_cases
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.core.areas import area, area_metric, area_metrics

BJ = ZoneInfo("Asia/Shanghai")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
CASE_METRICS = [m.key for m in area_metrics("cases")]


def bj(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=BJ)


def at(moment: datetime, service, **kwargs):
    with clock.frozen_at(moment):
        return service(**kwargs)


@pytest.fixture
def ledger(world):
    chair, a = world.chair, world.ent_a1
    c = SimpleNamespace(
        a1=make_case(actor=chair, org=a, at=bj(3, 2)),
        a2=make_case(actor=chair, org=a, at=bj(3, 3), channel="hotline"),
        a3=make_case(actor=chair, org=world.team_a1, at=bj(3, 4)),
        a4=make_case(actor=chair, org=a, at=bj(3, 5)),
        feb=make_case(actor=chair, org=a, at=bj(2, 10)),
        b1=make_case(actor=world.chair_b, org=world.ent_b1, at=bj(3, 6)),
    )
    for case, moment in ((c.a1, bj(3, 2, 10)), (c.a2, bj(3, 3, 10)), (c.feb, bj(2, 10, 10))):
        at(moment, services.accept_case, case_id=case.pk, actor=chair)
        at(moment, services.start_case, case_id=case.pk, actor=chair)
    at(bj(3, 4), services.resolve_case, case_id=c.a1.pk, actor=chair, result="已解决")
    at(bj(3, 5), services.record_feedback, case_id=c.a1.pk, actor=chair, rating="satisfied")
    at(bj(3, 5, 10), services.reject_case, case_id=c.a4.pk, actor=chair, reason="不属于工会职责")
    return c


def _expected(key: str, scope: Scope):
    value = getattr(metrics.summary(scope), key)
    return Decimal(value).quantize(Decimal("0.01")) if isinstance(value, float) else value


@pytest.mark.parametrize("key", CASE_METRICS)
def test_case_metric_equals_the_ledger_summary_for_the_same_scope_and_period(ledger, world, key):
    # given the March ledger, when a district's figures are computed through the area registry
    start, end = metrics.day_start(MARCH[0]), metrics.day_start(date(2026, 4, 1))
    computed = area_metric(key).compute(world.staff, world.district_a, *MARCH)
    # then each equals the ledger's own summary of the cases that arose there in March
    assert computed == _expected(key, Scope(org=world.district_a, start=start, end=end))
    # and the city leader's whole scope equals the city's summary
    whole = area_metric(key).compute(world.leader, None, *MARCH)
    assert whole == _expected(key, Scope(org=world.city, start=start, end=end))


def test_case_area_counts_what_was_built_by_hand(ledger, world):
    # given four March cases in district A (one rejected, one rated satisfied), one in B
    compute = lambda key, org=world.district_a: area_metric(key).compute(world.staff, org, *MARCH)  # noqa: E731
    # then the registry's figures are those hand counts
    assert compute("case_count") == 4
    assert compute("open_count") == 2  # a2 in progress, a3 registered
    assert compute("resolution_rate") == Rate(1, 3)
    assert compute("satisfaction_rate") == Rate(1, 1)
    assert area_metric("case_count").compute(world.leader, None, *MARCH) == 5
    assert area("cases").headline == "case_count"


@pytest.mark.parametrize("key", CASE_METRICS)
def test_an_outsider_sees_none_of_another_unions_cases(ledger, world, key):
    # given the chair of enterprise B1 and a user with no role
    metric = area_metric(key)
    # when they ask for enterprise A1's figures, or the user with no role for their whole scope
    outsider = metric.compute(world.chair_b, world.ent_a1, *MARCH)
    nobody = metric.compute(world.nobody, None, *MARCH)
    # then nothing is counted: zero, or a rate with nothing to divide by
    for value in (outsider, nobody):
        assert value in (0, Rate(0, 0), None)


def test_referrals_count_the_handovers_of_the_period_in_the_scope(ledger, world):
    # given a2 referred to the labour bureau in March and the February case referred in February
    at(bj(3, 7), services.refer_case, case_id=ledger.a2.pk, actor=world.chair, partner=world.bureau)
    at(
        bj(2, 11),
        services.refer_case,
        case_id=ledger.feb.pk,
        actor=world.chair,
        partner=world.bureau,
    )
    referral_count = area_metric("referral_count").compute
    # then the ledger's referral rows of district A made in March are what the area counts
    made_in_march = Referral.objects.filter(
        case__origin_org__path__startswith=world.district_a.path,
        referred_at__range=(bj(3, 1, 0), bj(3, 31, 23)),
    ).count()
    assert referral_count(world.staff, world.district_a, *MARCH) == made_in_march == 1
    assert referral_count(world.leader, None, date(2026, 2, 1), date(2026, 3, 31)) == 2
    assert area("referrals").headline == "referral_count"
    # and the labour bureau's whole scope is the case referred to it, as its ledger shows it
    march = Scope(start=metrics.day_start(MARCH[0]), end=metrics.day_start(date(2026, 4, 1)))
    partners_ledger = metrics.cases_in(march, visible_cases(world.partner))
    partner_count = area_metric("case_count").compute(world.partner, None, *MARCH)
    assert partner_count == metrics.summary(partners_ledger).case_count == 1
    assert referral_count(world.partner, None, *MARCH) == 1
    # and nobody outside district A sees either
    assert referral_count(world.chair_b, world.ent_a1, *MARCH) == 0
    assert referral_count(world.chair_b, None, *MARCH) == 0
    assert referral_count(world.nobody, None, *MARCH) == 0


def test_supervision_counts_orders_and_urges_of_the_period_in_the_scope(ledger, world):
    # given a3 flagged for supervision and urged twice in March, b1 urged once
    sup = world.supervisor
    at(
        bj(3, 10),
        services.flag_case,
        case_id=ledger.a3.pk,
        actor=sup,
        due=date(2026, 3, 20),
        note="限期办结",
    )
    for day in (11, 12):
        at(bj(3, day), services.urge_case, case_id=ledger.a3.pk, actor=sup, note="请尽快办理")
    city_sup = world.leader  # a leader may read, not urge: B1's urge comes from an admin
    admin = world.city_staff
    admin.is_superuser = True
    admin.save()
    at(bj(3, 12), services.urge_case, case_id=ledger.b1.pk, actor=admin, note="请尽快办理")
    supervised = area_metric("supervised_cases").compute
    urges = area_metric("urges_sent").compute
    # then district A counts its order and its two urges, as the ledger holds them
    in_a = {"case__origin_org__path__startswith": world.district_a.path}
    assert (
        supervised(sup, world.district_a, *MARCH)
        == SupervisionOrder.objects.filter(**in_a).count()
        == 1
    )
    assert urges(sup, world.district_a, *MARCH) == Urge.objects.filter(**in_a).count() == 2
    # and the city's whole scope counts B1's too; February holds none of them
    assert urges(city_sup, None, *MARCH) == 3
    assert urges(city_sup, None, date(2026, 2, 1), date(2026, 2, 28)) == 0
    assert area("supervision").headline == "supervised_cases"
    # and an outsider sees none of district A's
    assert supervised(world.chair_b, world.district_a, *MARCH) == 0
    assert urges(world.chair_b, world.ent_a1, *MARCH) == 0
    assert urges(world.nobody, None, *MARCH) == 0
