"""职工互助保障: who pays, the kinds of claim, the claim's workflow, and the payout arithmetic.

A claim moves `reported → documents_complete → assessed → approved → paid`, or is `rejected` (with a
reason) from any state before it is paid. The payout is pure arithmetic over the plan's rule for the
claim's kind (`payout`), so it can be shown before approval and tested by hand.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.core.workflow import Workflow, choices_label

CENT = Decimal("0.01")


class Payer(models.TextChoices):
    MEMBER = "member", _("The member")
    EMPLOYER = "employer", _("The employer")
    UNION = "union", _("The union")


class ClaimKind(models.TextChoices):
    # The accident kinds are the ledger's accident claim types (cases.models.ClaimType), same values.
    SELF_FALL = "self_fall", _("Self-inflicted fall")
    THIRD_PARTY = "third_party", _("Third party involved")
    SEVERE = "severe", _("Severe injury")
    SERIOUS_ILLNESS = "serious_illness", _("Serious illness")


class Basis(models.TextChoices):
    FIXED = "fixed", _("Fixed amount")
    PERCENT = "percent", _("Percent of the assessed loss")


class ClaimState(models.TextChoices):
    REPORTED = "reported", _("Reported")
    DOCUMENTS_COMPLETE = "documents_complete", _("Documents complete")
    ASSESSED = "assessed", _("Assessed")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


class ClaimAction(StrEnum):
    COMPLETE_DOCUMENTS = "complete_documents"
    ASSESS = "assess"
    APPROVE = "approve"
    PAY = "pay"
    REJECT = "reject"


CLAIM_ACTION_LABELS = {
    ClaimAction.COMPLETE_DOCUMENTS: _("Documents complete"),
    ClaimAction.ASSESS: _("Assess"),
    ClaimAction.APPROVE: _("Approve the payout"),
    ClaimAction.PAY: _("Record the payment"),
    ClaimAction.REJECT: _("Reject"),
}

CLAIM_EVENT_LABELS = {
    "claim_reported": _("Claim reported"),
    "claim_documents_complete": _("Documents complete"),
    "claim_assessed": _("Claim assessed"),
    "claim_approved": _("Payout approved"),
    "claim_paid": _("Payout paid"),
    "claim_rejected": _("Claim rejected"),
    "enrolled": _("Enrolled in the plan"),
    "plan_created": _("Plan created"),
}

S, A = ClaimState, ClaimAction
CLAIM_TRANSITIONS: dict[str, dict[ClaimAction, str]] = {
    S.REPORTED: {A.COMPLETE_DOCUMENTS: S.DOCUMENTS_COMPLETE, A.REJECT: S.REJECTED},
    S.DOCUMENTS_COMPLETE: {A.ASSESS: S.ASSESSED, A.REJECT: S.REJECTED},
    S.ASSESSED: {A.APPROVE: S.APPROVED, A.REJECT: S.REJECTED},
    S.APPROVED: {A.PAY: S.PAID, A.REJECT: S.REJECTED},
    S.PAID: {},
    S.REJECTED: {},
}
OPEN_STATES = frozenset({S.REPORTED, S.DOCUMENTS_COMPLETE, S.ASSESSED, S.APPROVED})
# Money committed to the person: what counts against the cap per person per year.
COMMITTED_STATES = frozenset({S.APPROVED, S.PAID})

CLAIM_WORKFLOW = Workflow(
    name="welfare_claim",
    table=CLAIM_TRANSITIONS,
    refusal=_("“%(action)s” is not possible while the claim is “%(status)s”."),
    action_labels=CLAIM_ACTION_LABELS,
    status_label=choices_label(ClaimState),
)


@dataclass(frozen=True)
class Rule:
    """What a plan pays for one kind of claim."""

    basis: str
    amount: Decimal | None = None  # FIXED: the amount paid
    percent: Decimal | None = None  # PERCENT: the share of the assessed loss
    cap_per_claim: Decimal | None = None
    cap_per_year: Decimal | None = None
    waiting_days: int = 0


@dataclass(frozen=True)
class Payout:
    amount: Decimal
    in_waiting_period: bool = False
    capped_by: str = ""  # "", "claim" or "year"


def waiting_ends(enrolled_on: date, waiting_days: int) -> date:
    """The first day an incident is covered: `waiting_days` after enrolment."""
    return enrolled_on + timedelta(days=waiting_days)


def payout(
    rule: Rule, *, loss: Decimal, incident_on: date, enrolled_on: date, paid_this_year: Decimal
) -> Payout:
    """The payout of one claim: 0 in the waiting period; else the rule's amount or share of the loss,
    at most the cap per claim and what is left of the cap per person per year."""
    if incident_on < waiting_ends(enrolled_on, rule.waiting_days):
        return Payout(Decimal("0.00"), in_waiting_period=True)
    if rule.basis == Basis.FIXED:
        base = rule.amount or Decimal(0)
    else:
        base = loss * (rule.percent or Decimal(0)) / Decimal(100)
    amount, capped = base.quantize(CENT, ROUND_HALF_UP), ""
    if rule.cap_per_claim is not None and amount > rule.cap_per_claim:
        amount, capped = rule.cap_per_claim, "claim"
    if rule.cap_per_year is not None:
        left = max(rule.cap_per_year - paid_this_year, Decimal(0))
        if amount > left:
            amount, capped = left, "year"
    return Payout(amount.quantize(CENT), capped_by=capped)
