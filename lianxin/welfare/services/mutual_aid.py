"""Every mutual-aid write: plans, enrolment one by one, claims and each of their moves.

One function per action, one transaction, one journal event (`audit.moves.run_move` for a claim's
moves). Journal events name records by id and orgs by code, never a person's name or ID number.
The payout is computed from the plan's rule for the claim's kind (`claim_payout`): shown before
approval, and the approval and the payment are refused unless the amount confirmed is that amount.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.cases.deadlines import CLAIM_DEADLINES, due
from lianxin.cases.models import DeadlineUnit
from lianxin.core import clock
from lianxin.core.errors import DomainError, NotFound, require
from lianxin.members.models import Person
from lianxin.members.services.people import PersonDetails, clean_details, person_for, today
from lianxin.orgs.models import Org
from lianxin.welfare.models.mutual_aid import BenefitRule, Claim, Enrolment, Plan
from lianxin.welfare.permissions.mutual_aid import (
    can_move_claim,
    ensure_may_act_in,
    visible_claims,
    visible_plans,
)
from lianxin.welfare.states.mutual_aid import (
    CLAIM_WORKFLOW,
    COMMITTED_STATES,
    Basis,
    ClaimAction,
    ClaimKind,
    ClaimState,
    Payout,
    Rule,
    payout,
)

REASON_MAX = 500
# A serious-illness claim (大病互助) is settled within 20 working days of its report: our choice,
# the seeds name none. The accident kinds keep the ledger's clocks (cases.deadlines).
ILLNESS_DEADLINE = (20, DeadlineUnit.WORKING_DAYS)


class AlreadyEnrolled(DomainError):
    code = "welfare.already_enrolled"
    http_status = 409


class Conflict(DomainError):
    code = "welfare.conflict"
    http_status = 409


@dataclass(frozen=True)
class RuleIn:
    kind: str
    basis: str
    amount: Decimal | None = None
    percent: Decimal | None = None
    cap_per_claim: Decimal | None = None
    cap_per_year: Decimal | None = None
    waiting_days: int = 0


def claim_due(kind: str, reported_at: datetime) -> datetime:
    """When a claim of `kind` reported at `reported_at` must be settled (paid or rejected)."""
    value, unit = CLAIM_DEADLINES[kind][1] if kind in CLAIM_DEADLINES else ILLNESS_DEADLINE
    return due(reported_at, value, unit)


def rule_of(rule: BenefitRule) -> Rule:
    return Rule(
        basis=rule.basis, amount=rule.amount, percent=rule.percent,
        cap_per_claim=rule.cap_per_claim, cap_per_year=rule.cap_per_year,
        waiting_days=rule.waiting_days,
    )  # fmt: skip


# ---- plans and enrolment --------------------------------------------------------------------
@transaction.atomic
def create_plan(
    *, actor: User, org: Org, name: str, starts_on: date, ends_on: date, contribution: Decimal,
    payer: str, rules: list[RuleIn],
) -> Plan:  # fmt: skip
    """A union starts a mutual-aid plan with its benefit rules (one per kind of claim)."""
    ensure_may_act_in(actor, org)
    require(name.strip(), _("Give the plan's name."), code="welfare.plan_name_missing")
    require(starts_on <= ends_on, _("The plan ends before it starts."), code="welfare.plan_period")
    require(contribution >= 0, _("The contribution cannot be negative."), code="welfare.amount")
    kinds = [r.kind for r in rules]
    require(
        len(set(kinds)) == len(kinds) and set(kinds) <= set(ClaimKind.values),
        _("One rule per kind of claim."),
        code="welfare.rule_invalid",
    )
    plan = Plan.objects.create(
        name=name.strip()[:80], org=org, starts_on=starts_on, ends_on=ends_on,
        contribution=contribution, payer=payer,
    )  # fmt: skip
    BenefitRule.objects.bulk_create([BenefitRule(plan=plan, **_rule_fields(r)) for r in rules])
    record_event(
        target=plan, actor=actor, kind="plan_created", data={"org": org.code, "rules": kinds}
    )
    return plan


def _rule_fields(r: RuleIn) -> dict[str, Any]:
    figure_ok = (r.basis == Basis.FIXED and r.amount is not None) or (
        r.basis == Basis.PERCENT and r.percent is not None
    )
    require(figure_ok, _("A rule needs its amount or percent."), code="welfare.rule_invalid")
    return {
        "kind": r.kind, "basis": r.basis, "amount": r.amount, "percent": r.percent,
        "cap_per_claim": r.cap_per_claim, "cap_per_year": r.cap_per_year,
        "waiting_days": r.waiting_days,
    }  # fmt: skip


def plan_for(actor: User, plan_id: int) -> Plan:
    plan = visible_plans(actor).select_related("org").filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(_("No such plan."), code="welfare.plan_not_found")
    return plan


@transaction.atomic
def enrol(
    *, actor: User, plan_id: int, details: PersonDetails | None = None,
    person: Person | None = None, enrolled_on: date | None = None,
) -> Enrolment:  # fmt: skip
    """Enrol one person (found by ID number, registered when new) in a plan, once."""
    plan = plan_for(actor, plan_id)
    ensure_may_act_in(actor, plan.org)
    if person is None:
        require(details is not None, _("Give the person."), code="welfare.person_missing")
        assert details is not None
        person, _created = person_for(clean_details(details))
    on = enrolled_on or today()
    require(
        plan.starts_on <= on <= plan.ends_on,
        _("The enrolment date is outside the plan's period."),
        code="welfare.enrolment_outside_period",
    )
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                plan=plan, person=person, enrolled_on=on, contribution=plan.contribution,
                enrolled_by=actor,
            )  # fmt: skip
    except IntegrityError:
        raise AlreadyEnrolled(
            _("This person is already enrolled in the plan."), code="welfare.already_enrolled"
        ) from None
    record_event(
        target=enrolment, actor=actor, kind="enrolled",
        data={"plan": plan.pk, "person": person.pk, "org": plan.org.code},
    )  # fmt: skip
    return enrolment


# ---- claims --------------------------------------------------------------------------------
def paid_this_year(claim: Claim) -> Decimal:
    """What the person's other committed claims of this plan and kind paid in the incident's year."""
    total = (
        Claim.objects.filter(
            enrolment=claim.enrolment_id, kind=claim.kind, status__in=COMMITTED_STATES,
            incident_on__year=claim.incident_on.year,
        )
        .exclude(pk=claim.pk)
        .aggregate(total=Sum("payout"))["total"]
    )  # fmt: skip
    return total or Decimal(0)


def claim_rule(claim: Claim) -> BenefitRule:
    rule = BenefitRule.objects.filter(plan=claim.enrolment.plan_id, kind=claim.kind).first()
    if rule is None:
        raise Conflict(_("The plan pays nothing for this kind of claim."), code="welfare.no_rule")
    return rule


def claim_payout(claim: Claim, loss: Decimal | None = None) -> Payout:
    """The payout the plan's rules give this claim now (loss: the assessed loss, or the one given)."""
    return payout(
        rule_of(claim_rule(claim)),
        loss=loss if loss is not None else (claim.assessed_loss or Decimal(0)),
        incident_on=claim.incident_on,
        enrolled_on=claim.enrolment.enrolled_on,
        paid_this_year=paid_this_year(claim),
    )


@transaction.atomic
def report_claim(
    *, actor: User, enrolment_id: int, kind: str, incident_on: date, full_agency: bool = False,
    case_id: int | None = None,
) -> Claim:  # fmt: skip
    """报案: a claim for an enrolled person, on the clock of its kind from now."""
    enrolment = (
        Enrolment.objects.select_related("plan__org").select_for_update(of=("self",))
        .filter(pk=enrolment_id, plan__in=visible_plans(actor)).first()
    )  # fmt: skip
    if enrolment is None:
        raise NotFound(_("No such enrolment."), code="welfare.enrolment_not_found")
    ensure_may_act_in(actor, enrolment.plan.org)
    require(kind in ClaimKind.values, _("Choose a kind of claim."), code="welfare.kind_invalid")
    plan = enrolment.plan
    require(
        plan.starts_on <= incident_on <= min(plan.ends_on, today()),
        _("The incident date is outside the plan's period."),
        code="welfare.incident_outside_period",
    )
    now = clock.now()
    claim = Claim(
        enrolment=enrolment, kind=kind, incident_on=incident_on, reported_at=now,
        due_at=claim_due(kind, now), full_agency=full_agency or kind == ClaimKind.SEVERE,
        case_id=case_id, reported_by=actor,
    )  # fmt: skip
    claim_rule(claim)
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        raise Conflict(_("This case already has a claim."), code="welfare.case_has_claim") from None
    record_event(
        target=claim, actor=actor, kind="claim_reported", state_after=claim.status,
        data={"enrolment": enrolment.pk, "kind": kind, "case": case_id},
    )  # fmt: skip
    return claim


def _locked(claim_id: int, actor: User) -> Claim:
    claim = (
        visible_claims(actor).select_for_update(of=("self",))
        .select_related("enrolment__plan__org").filter(pk=claim_id).first()
    )  # fmt: skip
    if claim is None:
        raise NotFound(_("No such claim."), code="welfare.claim_not_found")
    return claim


def _ensure_may(actor: User, claim: Claim) -> None:
    if not can_move_claim(actor, claim):
        ensure_may_act_in(actor, claim.enrolment.plan.org)


def _move(claim_id: int, *, actor: User, action: ClaimAction, apply: Any = None,
          data: dict[str, Any] | None = None, note: str = "") -> Claim:  # fmt: skip
    claim = _locked(claim_id, actor)
    return run_move(
        claim, workflow=CLAIM_WORKFLOW, action=action, kind=f"claim_{_EVENT[action]}",
        actor=actor, may=lambda: _ensure_may(actor, claim), apply=apply, data=data, note=note,
    )  # fmt: skip


_EVENT = {
    ClaimAction.COMPLETE_DOCUMENTS: "documents_complete",
    ClaimAction.ASSESS: "assessed",
    ClaimAction.APPROVE: "approved",
    ClaimAction.PAY: "paid",
    ClaimAction.REJECT: "rejected",
}


@transaction.atomic
def complete_documents(*, actor: User, claim_id: int) -> Claim:
    """材料齐全: the documents the claim needs are in."""
    return _move(claim_id, actor=actor, action=ClaimAction.COMPLETE_DOCUMENTS)


@transaction.atomic
def assess_claim(
    *, actor: User, claim_id: int, loss: Decimal, disability_grade: int | None = None
) -> Claim:
    """定损: the assessed loss (and for a severe injury, the 伤残鉴定 grade); the payout follows."""
    require(loss >= 0, _("The loss cannot be negative."), code="welfare.amount")
    data: dict[str, Any] = {"loss": str(loss)}

    def apply(claim: Claim) -> list[str]:
        if claim.kind == ClaimKind.SEVERE:
            require(
                disability_grade is not None and 1 <= disability_grade <= 10,
                _("A severe injury needs its disability grade (1 to 10) from the appraisal."),
                code="welfare.disability_grade_missing",
            )
        claim.assessed_loss, claim.disability_grade = loss, disability_grade
        claim.payout = claim_payout(claim, loss).amount
        data["payout"] = str(claim.payout)
        return ["assessed_loss", "disability_grade", "payout"]

    return _move(claim_id, actor=actor, action=ClaimAction.ASSESS, apply=apply, data=data)


def _ensure_amount(confirmed: Decimal, computed: Decimal) -> None:
    require(
        confirmed == computed,
        _("The payout is now %(amount)s yuan; confirm that amount.") % {"amount": computed},
        code="welfare.amount_changed",
    )


@transaction.atomic
def approve_claim(*, actor: User, claim_id: int, amount: Decimal) -> Claim:
    """审批: the payout, computed again now, is approved at the amount the approver confirmed."""
    data: dict[str, Any] = {}

    def apply(claim: Claim) -> list[str]:
        computed = claim_payout(claim)
        if computed.in_waiting_period:
            raise Conflict(
                _("The incident happened in the waiting period: the plan pays nothing."),
                code="welfare.claim_in_waiting_period",
            )
        _ensure_amount(amount, computed.amount)
        claim.payout, claim.approved_by, claim.approved_at = computed.amount, actor, clock.now()
        data["payout"] = str(computed.amount)
        return ["payout", "approved_by", "approved_at"]

    return _move(claim_id, actor=actor, action=ClaimAction.APPROVE, apply=apply, data=data)


@transaction.atomic
def pay_claim(*, actor: User, claim_id: int, amount: Decimal) -> Claim:
    """支付: the approved payout is paid, at the amount confirmed."""

    def apply(claim: Claim) -> list[str]:
        _ensure_amount(amount, claim.payout or Decimal(0))
        claim.paid_at = clock.now()
        return ["paid_at"]

    return _move(
        claim_id, actor=actor, action=ClaimAction.PAY, apply=apply, data={"amount": str(amount)}
    )


@transaction.atomic
def reject_claim(*, actor: User, claim_id: int, reason: str) -> Claim:
    """拒赔: with the reason."""
    text = reason.strip()
    require(text, _("Give a reason."), code="welfare.reason_missing")
    require(len(text) <= REASON_MAX, _("The reason is too long."), code="welfare.reason_too_long")

    def apply(claim: Claim) -> list[str]:
        claim.rejection_reason = text
        return ["rejection_reason"]

    return _move(claim_id, actor=actor, action=ClaimAction.REJECT, apply=apply)


def is_overdue(claim: Claim, now: datetime | None = None) -> bool:
    end = claim.paid_at if claim.status == ClaimState.PAID else None
    if claim.status == ClaimState.REJECTED:
        return False
    return (end or now or clock.now()) > claim.due_at
