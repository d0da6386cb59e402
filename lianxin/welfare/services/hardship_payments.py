"""Every write of a hardship file's aid payments: request, approve (four eyes above the limit),
pay, reject — one transaction and one journal event on the payment each, the file named by id."""

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.core.errors import NotFound, require
from lianxin.members.services.people import today as beijing_today
from lianxin.welfare.models.hardship import AidPayment, HardshipFile
from lianxin.welfare.permissions.hardship import (
    can_see,
    ensure_can_handle,
    ensure_may_approve,
)
from lianxin.welfare.states.hardship import (
    PAYMENT_WORKFLOW,
    VISITED_STATES,
    AidKind,
    PaymentAction,
)

AMOUNT_MAX = Decimal("1000000")


def clean_amount(amount: object) -> Decimal:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, TypeError, ValueError):
        value = Decimal(0)
    require(
        value.is_finite()
        and Decimal(0) < value < AMOUNT_MAX
        and value == value.quantize(Decimal("0.01")),
        _("Give an amount in yuan (at most two decimals)."),
        code="welfare.aid_amount_invalid",
    )
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def request_payment(*, actor: User, file_id: int, kind: str, amount: object) -> AidPayment:
    """A union staff member requests aid for a household in aid."""
    file = HardshipFile.objects.select_for_update(of=("self",)).select_related("org", "person")
    found = file.filter(pk=file_id).first()
    if found is None or not can_see(actor, found):
        raise NotFound(_("No such hardship file."), code="welfare.hardship_not_found")
    ensure_can_handle(actor, found)
    require(kind in AidKind.values, _("Choose a kind of aid."), code="welfare.aid_kind_invalid")
    value = clean_amount(amount)
    require(
        found.state in VISITED_STATES,
        _("Aid is paid on a registered file."),
        code="welfare.hardship_not_in_aid",
    )
    payment = AidPayment.objects.create(
        file=found, kind=kind, amount=value, requested_by=actor, requested_on=beijing_today()
    )
    record_event(
        target=payment, actor=actor, kind="requested", state_after=payment.state,
        data={"file": found.pk, "kind": kind, "amount": str(value)},
    )  # fmt: skip
    return payment


def _locked(payment_id: int, actor: User) -> AidPayment:
    payment = (
        AidPayment.objects.select_for_update(of=("self",))
        .select_related("file__org", "file__person")
        .filter(pk=payment_id)
        .first()
    )
    if payment is None or not can_see(actor, payment.file):
        raise NotFound(_("No such payment."), code="welfare.aid_not_found")
    return payment


def _move(
    payment_id: int, *, actor: User, action: PaymentAction, kind: str,
    may: Callable[[AidPayment], None],
    apply: Callable[[AidPayment], Sequence[str]] | None = None,
) -> AidPayment:  # fmt: skip
    payment = _locked(payment_id, actor)
    return run_move(
        payment, workflow=PAYMENT_WORKFLOW, action=action, kind=kind, actor=actor,
        status_field="state", may=lambda: may(payment), apply=apply,
        data={"file": payment.file_id, "amount": str(payment.amount)},
    )  # fmt: skip


@transaction.atomic
def approve_payment(*, actor: User, payment_id: int) -> AidPayment:
    """Approve: above the limit, by someone other than the requester."""

    def apply(p: AidPayment) -> list[str]:
        p.approved_by = actor
        return ["approved_by"]

    return _move(
        payment_id, actor=actor, action=PaymentAction.APPROVE, kind="approved",
        may=lambda p: ensure_may_approve(actor, p), apply=apply,
    )  # fmt: skip


@transaction.atomic
def pay_payment(*, actor: User, payment_id: int, paid_on: date | None = None) -> AidPayment:
    """The approved amount was paid out (on `paid_on`, today by default, never in the future)."""
    on = paid_on or beijing_today()
    require(on <= beijing_today(), _("A payment cannot be paid in the future."),
            code="welfare.aid_paid_on_invalid")  # fmt: skip

    def apply(p: AidPayment) -> list[str]:
        p.paid_on = on
        return ["paid_on"]

    return _move(
        payment_id, actor=actor, action=PaymentAction.PAY, kind="paid",
        may=lambda p: ensure_can_handle(actor, p.file), apply=apply,
    )  # fmt: skip


@transaction.atomic
def reject_payment(*, actor: User, payment_id: int) -> AidPayment:
    return _move(
        payment_id, actor=actor, action=PaymentAction.REJECT, kind="payment_rejected",
        may=lambda p: ensure_can_handle(actor, p.file),
    )  # fmt: skip
