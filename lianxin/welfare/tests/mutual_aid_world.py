"""A rider accident mutual-aid plan run by street union A (an industry union, like JZ-WM), with its
four rules, and helpers to enrol and to walk a claim (built through the services)."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from lianxin.members.services.people import today
from lianxin.members.tests.conftest import details
from lianxin.welfare.services import mutual_aid as aid
from lianxin.welfare.states.mutual_aid import Basis, ClaimKind, ClaimState

D = Decimal
RULES = [
    aid.RuleIn(ClaimKind.SELF_FALL, Basis.FIXED, amount=D("500"), cap_per_year=D("800")),
    aid.RuleIn(ClaimKind.THIRD_PARTY, Basis.PERCENT, percent=D("60"), cap_per_claim=D("10000"),
               cap_per_year=D("15000"), waiting_days=30),
    aid.RuleIn(ClaimKind.SEVERE, Basis.PERCENT, percent=D("80"), cap_per_claim=D("50000")),
    aid.RuleIn(ClaimKind.SERIOUS_ILLNESS, Basis.PERCENT, percent=D("50"),
               cap_per_claim=D("20000"), waiting_days=90),
]  # fmt: skip


def make_plan(world, **changes):
    values = {
        "actor": world.staff, "org": world.street_a, "name": "新就业形态意外伤害互助",
        "starts_on": today() - timedelta(days=200), "ends_on": today() + timedelta(days=100),
        "contribution": D("50.00"), "payer": "union", "rules": RULES,
    }  # fmt: skip
    values.update(changes)
    return aid.create_plan(**values)


@pytest.fixture
def plan_world(world):
    plan = make_plan(world)
    rider = aid.enrol(actor=world.staff, plan_id=plan.pk, details=details(7, employment_form="rider"),
                      enrolled_on=plan.starts_on)  # fmt: skip
    return SimpleNamespace(world=world, plan=plan, rider=rider)


def report(w, kind=ClaimKind.SELF_FALL, *, enrolment=None, days_ago=10, **fields):
    return aid.report_claim(
        actor=w.world.staff, enrolment_id=(enrolment or w.rider).pk, kind=kind,
        incident_on=today() - timedelta(days=days_ago), **fields,
    )  # fmt: skip


def walk(w, claim, to: str, *, loss=None, grade=None):
    """Move `claim` forward by the services until it is in state `to`."""
    loss = D("1000") if loss is None else loss
    actor = w.world.staff
    order = [ClaimState.REPORTED, ClaimState.DOCUMENTS_COMPLETE, ClaimState.ASSESSED,
             ClaimState.APPROVED, ClaimState.PAID]  # fmt: skip
    if to == ClaimState.REJECTED:
        return aid.reject_claim(actor=actor, claim_id=claim.pk, reason="材料不实")
    for state in order[order.index(claim.status) + 1 : order.index(to) + 1]:
        if state == ClaimState.DOCUMENTS_COMPLETE:
            claim = aid.complete_documents(actor=actor, claim_id=claim.pk)
        elif state == ClaimState.ASSESSED:
            claim = aid.assess_claim(actor=actor, claim_id=claim.pk, loss=loss,
                                     disability_grade=grade)  # fmt: skip
        elif state == ClaimState.APPROVED:
            computed = aid.claim_payout(claim).amount
            claim = aid.approve_claim(actor=actor, claim_id=claim.pk, amount=computed)
        else:
            claim = aid.pay_claim(actor=actor, claim_id=claim.pk, amount=claim.payout)
    return claim
