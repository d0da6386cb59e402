"""Four levels listing one person at the same moment: one listing stands, the others are flagged;
and a campaign's moves leave a journal that verifies."""
# ruff: noqa: F811 (the fixtures imported from warmth_fixtures are named as arguments)

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from lianxin.tests.concurrency import run_concurrently
from lianxin.welfare.models.warmth import Recipient
from lianxin.welfare.services import warmth as services
from lianxin.welfare.states.warmth import RecipientState
from lianxin.welfare.tests.warmth_fixtures import (  # noqa: F401 (fixtures)
    campaign,
    delivered,
    draft,
    listed,
    worker,
)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_levels_listing_one_person_at_once_leave_one_listing_standing(world, campaign, worker):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")
    levels = iter([(world.chair, world.ent_a1), (world.staff, world.district_a),
                   (world.city_staff, world.street_a), (world.city_staff, world.city)])  # fmt: skip

    def add():
        actor, org = next(levels)
        new = services.NewRecipient(org=org, reason="gig", person_id=worker.pk)
        return services.add_recipient(actor=actor, campaign_id=campaign.pk, new=new)

    outcomes = run_concurrently(add, threads=4)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    states = sorted(Recipient.objects.values_list("state", flat=True))
    assert states == [RecipientState.FLAGGED] * 3 + [RecipientState.LISTED]


@pytest.mark.django_db
def test_a_campaigns_moves_leave_a_journal_that_verifies(world, campaign, worker):
    first = listed(world, campaign, worker, by=world.staff, org=world.district_a)
    second = listed(world, campaign, worker)
    services.confirm_duplicate(actor=world.city_staff, recipient_id=second.pk)
    delivered(world, first, by=world.staff)
    services.close_campaign(actor=world.city_staff, campaign_id=campaign.pk)
    out = StringIO()
    call_command("verify_journal", stdout=out)
    assert "journal intact" in out.getvalue()
