"""Aid payments: every move allowed and refused, four eyes above the limit, hand-computed totals."""
# ruff: noqa: F811 - the fixtures are imported from hardship_world and named as arguments

from datetime import date
from decimal import Decimal

import pytest

from lianxin.audit.models import Event
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from lianxin.tests.refusals import refused
from lianxin.welfare.models.hardship import AidPayment
from lianxin.welfare.selectors.hardship import file_totals
from lianxin.welfare.services import hardship, hardship_payments
from lianxin.welfare.states.hardship import PAYMENT_WORKFLOW, PaymentAction, PaymentState
from lianxin.welfare.tests.hardship_world import (  # noqa: F401
    applied,
    at,
    registered,
    request,
)

pytestmark = pytest.mark.django_db

PA = PaymentAction


def move(world, payment, action, actor=None):
    actor = actor or world.staff
    with clock.frozen_at(at(2025, 3, 1)):
        if action == PA.APPROVE:
            return hardship_payments.approve_payment(actor=actor, payment_id=payment.pk)
        if action == PA.PAY:
            return hardship_payments.pay_payment(actor=actor, payment_id=payment.pk)
        return hardship_payments.reject_payment(actor=actor, payment_id=payment.pk)


PATH = {
    PaymentState.REQUESTED: [],
    PaymentState.APPROVED: [PA.APPROVE],
    PaymentState.PAID: [PA.APPROVE, PA.PAY],
    PaymentState.REJECTED: [PA.REJECT],
}
KIND = {PA.APPROVE: "approved", PA.PAY: "paid", PA.REJECT: "payment_rejected"}


def in_state(world, file, state, amount="3000.00"):
    payment = request(world, file, amount)
    for action in PATH[state]:
        move(world, payment, action)
    payment.refresh_from_db()
    return payment


def journal(payment):
    return list(Event.objects.filter(target_type="welfare.aidpayment", target_id=payment.pk))


def test_a_request_journals_the_file_and_amount_by_id(world, registered):
    payment = request(world, registered, "3000")
    (event,) = journal(payment)
    assert (event.kind, event.state_after) == ("requested", "requested")
    assert event.data == {"file": registered.pk, "kind": "living", "amount": "3000.00"}


@pytest.mark.parametrize(
    ("state", "action"), [(s, a) for s, a, ok in PAYMENT_WORKFLOW.pairs() if ok]
)
def test_every_allowed_payment_move_journals_one_event(world, registered, state, action):
    payment = in_state(world, registered, state)
    before = len(journal(payment))
    moved = move(world, payment, action)
    assert moved.state == PAYMENT_WORKFLOW.table[state][action]
    assert len(journal(payment)) == before + 1
    assert journal(payment)[-1].kind == KIND[action]


@pytest.mark.parametrize(
    ("state", "action"), [(s, a) for s, a, ok in PAYMENT_WORKFLOW.pairs() if not ok]
)
def test_every_payment_move_the_table_lacks_is_refused(world, registered, state, action):
    payment = in_state(world, registered, state)
    error = refused(lambda: move(world, payment, action), TransitionNotAllowed, row=payment)
    assert error.code == "welfare_aid_payment.transition_not_allowed"


def test_the_requester_cannot_approve_their_own_payment_above_the_limit(world, registered):
    payment = request(world, registered, "1000.01", by=world.chair)
    error = refused(
        lambda: move(world, payment, PA.APPROVE, actor=world.chair), PermissionDenied, row=payment
    )
    assert error.code == "welfare.aid_self_approval"


def test_another_handler_approves_the_payment_above_the_limit(world, registered):
    payment = request(world, registered, "5000", by=world.chair)
    approved = move(world, payment, PA.APPROVE, actor=world.staff)
    assert approved.state == PaymentState.APPROVED
    assert approved.approved_by == world.staff


def test_the_requester_may_approve_their_own_payment_up_to_the_limit(world, registered):
    payment = request(world, registered, "1000.00", by=world.chair)
    assert move(world, payment, PA.APPROVE, actor=world.chair).state == PaymentState.APPROVED


def test_the_limit_is_a_setting(world, registered, settings):
    settings.LIANXIN_AID_SELF_APPROVAL_LIMIT = 200
    payment = request(world, registered, "300", by=world.chair)
    refused(
        lambda: move(world, payment, PA.APPROVE, actor=world.chair), PermissionDenied, row=payment
    )


@pytest.mark.parametrize("who", ["partner", "judge", "chair_b", "leader", "supervisor"])
def test_a_payment_move_from_outside_the_holding_union_is_not_found(world, registered, who):
    payment = request(world, registered, "300")
    actor = getattr(world, who)
    error = refused(lambda: move(world, payment, PA.APPROVE, actor=actor), NotFound, row=payment)
    assert error.code == "welfare.aid_not_found"


def test_aid_is_requested_only_on_a_file_in_aid(world, applied):
    error = refused(lambda: request(world, applied, "300"), InvalidInput, counts=[AidPayment])
    assert error.code == "welfare.hardship_not_in_aid"


@pytest.mark.parametrize("amount", ["0", "-5", "12.345", "abc", "1000000"])
def test_a_bad_amount_is_refused(world, registered, amount):
    error = refused(lambda: request(world, registered, amount), InvalidInput, counts=[AidPayment])
    assert error.code == "welfare.aid_amount_invalid"


def pay(world, file, amount, on: date, kind="living"):
    payment = request(world, file, amount, kind=kind, on=on)
    with clock.frozen_at(at(on.year, on.month, on.day, 15)):
        hardship_payments.approve_payment(actor=world.staff, payment_id=payment.pk)
        hardship_payments.pay_payment(actor=world.staff, payment_id=payment.pk, paid_on=on)
    return payment


def test_the_files_totals_by_year_and_in_all(world, registered):
    # given two years of visits and payments, some not paid
    pay(world, registered, "3000", date(2025, 2, 1), kind="major_illness")
    pay(world, registered, "1500.50", date(2025, 9, 1), kind="schooling")
    pay(world, registered, "2500", date(2026, 1, 20))
    rejected = request(world, registered, "800", on=date(2026, 2, 1))
    with clock.frozen_at(at(2026, 2, 2)):
        hardship_payments.reject_payment(actor=world.staff, payment_id=rejected.pk)
    request(world, registered, "1200", on=date(2026, 2, 3))  # requested, not paid
    for on in (date(2025, 3, 1), date(2025, 7, 1), date(2026, 1, 5)):
        with clock.frozen_at(at(on.year, on.month, on.day)):
            hardship.record_visit(
                actor=world.chair, file_id=registered.pk, visited_on=on, findings="走访"
            )
    # when the totals are read
    totals = file_totals(registered)
    # then: 2025 paid 3000 + 1500.50, 2026 paid 2500; the rejected and the waiting count nothing
    assert [(y.year, y.visits, y.paid) for y in totals.years] == [
        (2025, 2, Decimal("4500.50")),
        (2026, 1, Decimal("2500.00")),
    ]
    assert totals.paid == Decimal("7000.50")
    assert totals.visits == 3
