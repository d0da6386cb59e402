"""The 送温暖 tests' world: a city campaign (city staff run it), listings by district A and A1.

Imported by the test_warmth_* modules (pytest finds the fixtures by their names there).
"""

from datetime import date
from decimal import Decimal

import pytest

from lianxin.members.services import register_member
from lianxin.members.tests.conftest import details
from lianxin.welfare.services import warmth as services
from lianxin.welfare.services.warmth import NewCampaign, NewRecipient

DAY = date(2027, 1, 20)


def new_campaign(**changes) -> NewCampaign:
    values = {
        "name": "2027年两节送温暖", "starts_on": date(2027, 1, 1), "ends_on": date(2027, 2, 28),
        "budget": Decimal("3000.00"), "standard": Decimal("500.00"),
    }  # fmt: skip
    values.update(changes)
    return NewCampaign(**values)


@pytest.fixture
def draft(world):
    return services.create_campaign(actor=world.city_staff, org=world.city, new=new_campaign())


@pytest.fixture
def campaign(world, draft):
    return services.open_campaign(actor=world.city_staff, campaign_id=draft.pk)


@pytest.fixture
def worker(world):
    """A rider, an active member of enterprise A1: the person the levels may both list."""
    return register_member(
        actor=world.chair, org=world.ent_a1, details=details(1, employment_form="rider")
    ).person


def listed(world, campaign, person, *, by=None, org=None, reason="gig", planned=None):
    return services.add_recipient(
        actor=by or world.chair, campaign_id=campaign.pk,
        new=NewRecipient(org=org or world.ent_a1, reason=reason, person_id=person.pk,
                         planned_value=planned),
    )  # fmt: skip


def delivered(world, recipient, value="500", *, by=None, kind="cash", on=DAY):
    return services.record_delivery(
        actor=by or world.chair, recipient_id=recipient.pk, kind=kind, value=Decimal(value),
        delivered_on=on,
    )  # fmt: skip
