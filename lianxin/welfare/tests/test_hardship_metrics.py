"""Hardship figures for an org's subtree and a period, against a hand count."""

from datetime import date
from decimal import Decimal

import pytest

from lianxin.core import clock
from lianxin.welfare.metrics.hardship import figures
from lianxin.welfare.services import hardship, hardship_payments
from lianxin.welfare.tests.hardship_world import at, new_file

pytestmark = pytest.mark.django_db


def paid(world, file, amount, on):
    with clock.frozen_at(at(on.year, on.month, on.day)):
        p = hardship_payments.request_payment(
            actor=world.city_staff, file_id=file.pk, kind="living", amount=amount
        )
        approver = world.chair if file.org == world.ent_a1 else world.chair_b
        hardship_payments.approve_payment(actor=approver, payment_id=p.pk)
        hardship_payments.pay_payment(actor=approver, payment_id=p.pk)


def visited(world, file, on):
    with clock.frozen_at(at(on.year, on.month, on.day)):
        hardship.record_visit(
            actor=world.city_staff, file_id=file.pk, visited_on=on, findings="走访"
        )


@pytest.fixture
def files(world):
    """A1: one lifted out in 2025 (2 visits, 5,000 paid in 2025), one in aid (visit overdue since
    2025-05-12, 1,000 paid 2025 + 700 paid 2026); A2: one applied; B1: one in aid (2,000 paid 2025)."""
    with clock.frozen_at(at(2025, 1, 10)):
        out = hardship.open_file(actor=world.staff, new=new_file(world.ent_a1, 1))
        aid = hardship.open_file(actor=world.staff, new=new_file(world.ent_a1, 2))
        hardship.open_file(actor=world.staff, new=new_file(world.ent_a2, 3))
        other = hardship.open_file(actor=world.chair_b, new=new_file(world.ent_b1, 4))
        for f in (out, aid, other):
            hardship.register_file(actor=world.city_staff, file_id=f.pk)
    visited(world, out, date(2025, 3, 1))
    visited(world, out, date(2025, 6, 1))
    visited(world, other, date(2025, 12, 1))
    paid(world, out, "5000", date(2025, 4, 1))
    paid(world, aid, "1000", date(2025, 4, 2))
    paid(world, aid, "700", date(2026, 1, 3))
    paid(world, other, "2000", date(2025, 8, 1))
    with clock.frozen_at(at(2025, 11, 1)):
        hardship.start_review(actor=world.city_staff, file_id=out.pk)
        hardship.lift_out_of_hardship(actor=world.city_staff, file_id=out.pk)
    return out, aid, other


def test_the_district_figures_for_2025_by_hand(world, files):
    got = figures(
        user=world.staff, org=world.district_a, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    assert got == {
        "hardship_files_open": 2,  # A1's file in aid, A2's application
        "hardship_files_closed_out": 1,  # A1's file lifted out on 2025-11-01
        "visits_done": 2,
        "visits_overdue": 1,  # A1's file in aid, due 2025-05-12, never visited
        "aid_paid": Decimal("6000.00"),  # 5,000 + 1,000 (the 700 is 2026's, B's 2,000 not A's)
    }


def test_the_city_aggregates_every_district(world, files):
    got = figures(user=world.leader, org=world.city, start=date(2025, 1, 1), end=date(2026, 12, 31))
    assert got["aid_paid"] == Decimal("8700.00")
    assert got["visits_done"] == 3
    assert got["hardship_files_open"] == 3
