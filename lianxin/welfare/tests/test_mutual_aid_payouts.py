"""Hand-computed payouts for each kind of claim, with the caps and the waiting period."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from lianxin.core.errors import DomainError
from lianxin.members.services.people import today
from lianxin.members.tests.conftest import details
from lianxin.tests.refusals import refused
from lianxin.welfare.models.mutual_aid import Claim
from lianxin.welfare.services import mutual_aid as aid
from lianxin.welfare.states.mutual_aid import Basis, ClaimKind, ClaimState, Rule, payout
from lianxin.welfare.tests import mutual_aid_world
from lianxin.welfare.tests.mutual_aid_world import report, walk

D = Decimal
plan_world = mutual_aid_world.plan_world


def test_pure_payout_fixed_amount_is_paid_whatever_the_loss():
    rule = Rule(Basis.FIXED, amount=D("500"))
    got = payout(rule, loss=D("9999"), incident_on=date(2026, 5, 1),
                 enrolled_on=date(2026, 1, 1), paid_this_year=D("0"))  # fmt: skip
    assert got.amount == D("500.00")


def test_pure_payout_in_the_waiting_period_is_zero():
    rule = Rule(Basis.PERCENT, percent=D("60"), waiting_days=30)
    got = payout(rule, loss=D("1000"), incident_on=date(2026, 1, 30),
                 enrolled_on=date(2026, 1, 1), paid_this_year=D("0"))  # fmt: skip
    assert (got.amount, got.in_waiting_period) == (D("0.00"), True)


def test_pure_payout_on_the_first_covered_day_is_paid():
    rule = Rule(Basis.PERCENT, percent=D("60"), waiting_days=30)
    got = payout(rule, loss=D("1000"), incident_on=date(2026, 1, 31),
                 enrolled_on=date(2026, 1, 1), paid_this_year=D("0"))  # fmt: skip
    assert got.amount == D("600.00")


def test_self_fall_pays_the_fixed_500(plan_world):
    claim = walk(plan_world, report(plan_world), ClaimState.PAID, loss=D("1234"))
    assert claim.payout == D("500.00")


def test_a_second_self_fall_the_same_year_gets_what_is_left_of_the_800_yearly_cap(plan_world):
    walk(plan_world, report(plan_world, days_ago=20), ClaimState.PAID)
    second = walk(plan_world, report(plan_world, days_ago=5), ClaimState.ASSESSED)
    assert aid.claim_payout(second).amount == D("300.00")  # 800 − 500


def test_third_party_pays_60_percent_capped_at_10000_per_claim(plan_world):
    claim = walk(plan_world, report(plan_world, ClaimKind.THIRD_PARTY), ClaimState.ASSESSED,
                 loss=D("20000"))  # fmt: skip
    assert claim.payout == D("10000.00")  # 60 % of 20 000 = 12 000, capped


def test_third_party_under_the_cap_pays_60_percent(plan_world):
    claim = walk(plan_world, report(plan_world, ClaimKind.THIRD_PARTY), ClaimState.ASSESSED,
                 loss=D("7000"))  # fmt: skip
    assert claim.payout == D("4200.00")


def test_third_party_yearly_cap_leaves_5000_after_a_10000_payout(plan_world):
    walk(plan_world, report(plan_world, ClaimKind.THIRD_PARTY, days_ago=20), ClaimState.PAID,
         loss=D("20000"))  # fmt: skip
    second = walk(plan_world, report(plan_world, ClaimKind.THIRD_PARTY, days_ago=3),
                  ClaimState.ASSESSED, loss=D("20000"))  # fmt: skip
    assert second.payout == D("5000.00")  # 15 000 − 10 000


def test_severe_injury_pays_80_percent_with_its_disability_grade(plan_world):
    claim = walk(plan_world, report(plan_world, ClaimKind.SEVERE), ClaimState.PAID,
                 loss=D("30000"), grade=8)  # fmt: skip
    assert (claim.payout, claim.disability_grade, claim.full_agency) == (D("24000.00"), 8, True)


def test_severe_injury_is_not_assessed_without_a_disability_grade(plan_world):
    claim = walk(plan_world, report(plan_world, ClaimKind.SEVERE), ClaimState.DOCUMENTS_COMPLETE)
    error = refused(
        lambda: aid.assess_claim(actor=plan_world.world.staff, claim_id=claim.pk, loss=D("1")),
        DomainError, row=claim,
    )  # fmt: skip
    assert error.code == "welfare.disability_grade_missing"


def test_serious_illness_pays_half_rounded_to_the_fen(plan_world):
    claim = walk(plan_world, report(plan_world, ClaimKind.SERIOUS_ILLNESS), ClaimState.ASSESSED,
                 loss=D("9999.99"))  # fmt: skip
    assert claim.payout == D("5000.00")  # 4 999.995 → 5 000.00


def test_an_incident_in_the_waiting_period_computes_zero_and_approval_is_refused(plan_world):
    w = plan_world
    late = aid.enrol(actor=w.world.staff, plan_id=w.plan.pk, details=details(8),
                     enrolled_on=today() - timedelta(days=5))  # fmt: skip
    claim = walk(w, report(w, ClaimKind.THIRD_PARTY, enrolment=late, days_ago=1),
                 ClaimState.ASSESSED, loss=D("5000"))  # fmt: skip
    assert claim.payout == D("0.00")
    error = refused(
        lambda: aid.approve_claim(actor=w.world.staff, claim_id=claim.pk, amount=D("0.00")),
        DomainError, row=claim,
    )  # fmt: skip
    assert error.code == "welfare.claim_in_waiting_period"


def test_approval_at_another_amount_than_the_computed_one_is_refused(plan_world):
    claim = walk(plan_world, report(plan_world), ClaimState.ASSESSED)
    error = refused(
        lambda: aid.approve_claim(actor=plan_world.world.staff, claim_id=claim.pk,
                                  amount=D("800")),
        DomainError, row=claim,
    )  # fmt: skip
    assert error.code == "welfare.amount_changed"


def test_a_self_fall_claim_is_due_24_hours_after_its_report(plan_world):
    claim = report(plan_world)
    assert claim.due_at - claim.reported_at == timedelta(hours=24)


@pytest.mark.parametrize("kind", [ClaimKind.THIRD_PARTY, ClaimKind.SEVERE])
def test_longer_claims_are_due_after_working_days(plan_world, kind):
    claim = report(plan_world, kind)
    assert claim.due_at - claim.reported_at > timedelta(days=10)
    assert Claim.objects.get(pk=claim.pk).due_at == claim.due_at
