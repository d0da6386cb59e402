"""送温暖 figures against a hand count: 人次 and amount, by org and by employment form, the
cross-level duplicate excluded."""
# ruff: noqa: F811 (the fixtures imported from warmth_fixtures are named as arguments)

from datetime import date
from decimal import Decimal

import pytest

from lianxin.core.errors import NotFound
from lianxin.members.services import register_member
from lianxin.members.tests.conftest import details
from lianxin.welfare.metrics import warmth as metrics
from lianxin.welfare.services import warmth as services
from lianxin.welfare.tests.warmth_fixtures import (  # noqa: F401 (fixtures)
    campaign,
    delivered,
    draft,
    listed,
)

pytestmark = pytest.mark.django_db


def person(world, n, org, chair, form="employee"):
    return register_member(actor=chair, org=org, details=details(n, employment_form=form)).person


@pytest.fixture
def season(world, campaign):
    """P1 rider listed by district A and again by A1 (the duplicate, confirmed), delivered 500 by
    the district; P2 employee A1 300 goods; P3 courier B1 450; P4 employee A2 listed only; P5 rider
    A1 200 on 10 February."""
    p1 = person(world, 1, world.ent_a1, world.chair, "rider")
    first = listed(world, campaign, p1, by=world.staff, org=world.district_a)
    dup = listed(world, campaign, p1)
    services.confirm_duplicate(actor=world.city_staff, recipient_id=dup.pk)
    delivered(world, first, "500", by=world.staff)
    p2 = person(world, 2, world.ent_a1, world.chair)
    delivered(world, listed(world, campaign, p2), "300", kind="goods")
    p3 = person(world, 3, world.ent_b1, world.chair_b, "courier")
    delivered(world, listed(world, campaign, p3, by=world.chair_b, org=world.ent_b1), "450",
              by=world.chair_b)  # fmt: skip
    p4 = person(world, 4, world.ent_a2, world.staff)
    listed(world, campaign, p4, by=world.staff, org=world.ent_a2)
    p5 = person(world, 5, world.ent_a1, world.chair, "rider")
    delivered(world, listed(world, campaign, p5), "200", on=date(2027, 2, 10))
    return campaign


def test_the_campaign_counts_each_person_once_and_the_duplicate_not_at_all(season):
    tally = metrics.campaign_tally(season)
    assert tally.delivered == 4  # P1 once, P2, P3, P5
    assert tally.amount == Decimal("1450.00")  # 500 + 300 + 450 + 200
    assert tally.listed == 1  # P4
    assert tally.flagged == 0
    assert metrics.remaining_budget(season) == Decimal("1550.00")  # 3000 - 1450


def test_a_pending_flag_counts_nothing(world, campaign):
    p1 = person(world, 1, world.ent_a1, world.chair, "rider")
    delivered(world, listed(world, campaign, p1, by=world.staff, org=world.district_a), "500",
              by=world.staff)  # fmt: skip
    listed(world, campaign, p1)
    tally = metrics.campaign_tally(campaign)
    assert (tally.delivered, tally.amount, tally.flagged) == (1, Decimal("500.00"), 1)


def test_progress_by_the_organisers_child_orgs(world, season):
    rows = {org.code: tally for org, tally in metrics.by_child(season)}
    assert list(rows) == ["DA", "DB"]
    assert (rows["DA"].delivered, rows["DA"].amount, rows["DA"].listed) == (3, Decimal("1000"), 1)
    assert (rows["DB"].delivered, rows["DB"].amount, rows["DB"].listed) == (1, Decimal("450"), 0)


def test_by_employment_form(season):
    forms = metrics.by_employment_form(season)
    assert (forms["rider"].delivered, forms["rider"].amount) == (2, Decimal("700"))
    assert (forms["employee"].delivered, forms["employee"].amount) == (1, Decimal("300"))
    assert (forms["courier"].delivered, forms["courier"].amount) == (1, Decimal("450"))
    assert forms["truck_driver"].delivered == 0


def test_figures_for_an_org_and_a_period(world, season):
    january = {"start": date(2027, 1, 1), "end": date(2027, 1, 31)}
    city = metrics.figures(user=world.leader, org=world.city, **january)
    assert city == {"warmth_recipients": 3, "warmth_amount": Decimal("1250.00")}  # P5 is February
    district = metrics.figures(user=world.staff, org=world.district_a, **january)
    assert district == {"warmth_recipients": 2, "warmth_amount": Decimal("800.00")}
    whole = metrics.figures(user=world.city_staff, org=world.city)
    assert whole == {"warmth_recipients": 4, "warmth_amount": Decimal("1450.00")}


@pytest.mark.parametrize("who", ["partner", "judge", "nobody", "chair_b"])
def test_figures_of_an_org_outside_ones_reach_are_not_found(world, season, who):
    with pytest.raises(NotFound):
        metrics.figures(user=getattr(world, who), org=world.district_a)
