"""入会率 against a hand count: members ÷ workforce for a subtree at a date, and the gig rate."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from lianxin.core import clock
from lianxin.members import metrics, services
from lianxin.members.tests.conftest import details

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
JAN, MAR, JUN = date(2026, 1, 10), date(2026, 3, 1), date(2026, 6, 1)


@pytest.fixture
def city(world):
    """A1: 3 employees and 2 riders; A2: 1 courier; B1: 1 employee. Workforce recorded per org."""
    for n, form in enumerate(["employee"] * 3 + ["rider"] * 2):
        services.register_member(
            actor=world.chair,
            org=world.ent_a1,
            details=details(n, employment_form=form),
            joined_on=JAN,
        )
    services.register_member(
        actor=world.staff,
        org=world.ent_a2,
        details=details(10, employment_form="courier"),
        joined_on=JAN,
    )
    services.register_member(
        actor=world.chair_b, org=world.ent_b1, details=details(20), joined_on=JAN
    )
    services.record_workforce(actor=world.chair, org=world.ent_a1, on=JAN, total=10, gig=4)
    services.record_workforce(actor=world.chair, org=world.ent_a1, on=MAR, total=8, gig=4)
    services.record_workforce(actor=world.staff, org=world.ent_a2, on=JAN, total=2, gig=2)
    services.record_workforce(actor=world.chair_b, org=world.ent_b1, on=JAN, total=5, gig=0)
    return world


def test_figures_of_a_district_by_hand(city):
    # District A on 1 June: members 5 (A1) + 1 (A2) = 6; workforce 8 (A1's March record) + 2 = 10
    figures = metrics.figures(city.district_a, JUN)
    assert figures["members"] == 6
    assert figures["workforce"] == 10
    assert figures["membership_rate"] == {
        "numerator": 6,
        "denominator": 10,
        "value": 0.6,
        "percent": 60.0,
    }
    # Gig: 2 riders + 1 courier of 4 + 2 gig workers
    assert (figures["gig_members"], figures["gig_workforce"]) == (3, 6)
    assert figures["gig_membership_rate"]["percent"] == 50.0


def test_the_workforce_at_a_date_is_each_orgs_latest_record_then(city):
    assert metrics.workforce_at(city.district_a, date(2026, 2, 1)) == (12, 6)
    assert metrics.workforce_at(city.city, JUN) == (15, 6)
    assert metrics.workforce_at(city.city, date(2025, 12, 31)) == (0, 0)


def test_a_member_who_left_counts_until_the_day_they_left(city):
    membership = services.register_member(
        actor=city.chair_b, org=city.ent_b1, details=details(30), joined_on=JAN
    )
    with clock.frozen_at(datetime(2026, 4, 1, 10, tzinfo=BEIJING)):
        services.leave_union(actor=city.chair_b, membership_id=membership.pk)
    ended = date(2026, 4, 1)
    assert metrics.member_counts(city.district_b, MAR) == (2, 0)
    assert metrics.member_counts(city.district_b, ended) == (1, 0)


def test_a_transfer_moves_the_member_on_the_day(city):
    a2 = metrics.members_at(city.ent_a2).count()
    membership = metrics.members_at(city.ent_a1).first()
    services.transfer_membership(actor=city.staff, membership_id=membership.pk, to_org=city.ent_a2)
    assert metrics.members_at(city.ent_a2).count() == a2 + 1
    assert metrics.member_counts(city.city) == (7, 3)


def test_no_workforce_gives_no_rate_rather_than_a_made_up_one(world):
    figures = metrics.figures(world.ent_b2, JUN)
    assert figures["membership_rate"] == {
        "numerator": 0,
        "denominator": 0,
        "value": None,
        "percent": None,
    }


def test_by_employment_form_and_by_child(city):
    forms = metrics.by_employment_form(city.city, JUN)
    assert (forms["employee"], forms["rider"], forms["courier"], forms["truck_driver"]) == (
        4,
        2,
        1,
        0,
    )
    children = {
        org.code: (r.numerator, r.denominator) for org, r in metrics.by_child(city.city, JUN)
    }
    assert children["DA"] == (6, 10)
    assert children["DB"] == (1, 5)


def test_target_progress_uses_the_gig_rate_for_a_gig_target(city):
    services.set_target(
        actor=city.staff, org=city.district_a, year=2026, rate=Decimal("0.6"), gig_only=True
    )
    services.set_target(actor=city.staff, org=city.district_a, year=2026, rate=Decimal("0.5"))
    overall, gig = metrics.target_progress(city.district_a, 2026, JUN)
    assert (overall.rate.numerator, overall.rate.denominator, overall.reached) == (6, 10, True)
    assert (gig.rate.numerator, gig.rate.denominator, gig.reached) == (3, 6, False)
