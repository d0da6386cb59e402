"""Money and irreversible moves ask first: 发放奖励 shows the amount the tiers give, 撤销 a
resolution says what happens (issue 14, item 20). Rendering the question changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from lianxin.audit.models import Event
from lianxin.cases.tests.confirming import asks_first, form_posting_to
from lianxin.core import clock
from lianxin.proposals import services
from lianxin.proposals.tests.factories import advance, meeting, set_tiers, submit, worker

pytestmark = pytest.mark.django_db


def test_grant_reward_asks_first_with_the_amount_and_asking_grants_nothing(client, world):
    set_tiers(world.chair, world.ent_a1)
    proposal = advance(submit(actor=worker(), enterprise=world.ent_a1), world.chair, "implemented")
    events = Event.objects.count()
    client.force_login(world.chair)
    with translation.override("en"):
        page = client.get(
            reverse("proposals:detail", args=[proposal.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    message = asks_first(page, reverse("proposals:act", args=[proposal.pk, "reward"]))
    assert "¥740.00" in message
    assert "12000" in message
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reward_amount, Event.objects.count()) == (
        "implemented",
        None,
        events,
    )


def test_grant_reward_without_a_tier_says_the_rules_are_missing(client, world):
    proposal = advance(submit(actor=worker(), enterprise=world.ent_a1), world.chair, "implemented")
    client.force_login(world.chair)
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    message = asks_first(page, reverse("proposals:act", args=[proposal.pk, "reward"]))
    assert "¥" not in message


def test_dropping_a_resolution_asks_first_and_marking_it_done_does_not(client, world):
    m = meeting(actor=world.chair, org=world.ent_a1)
    r = services.add_resolution(
        meeting_id=m.pk, actor=world.chair, text="杂物间改建母婴室", owner_name="行政部 李总",
        due=clock.now() + timedelta(days=20),
    )  # fmt: skip
    client.force_login(world.chair)
    page = client.get(reverse("proposals:meeting", args=[m.pk])).content.decode()
    asks_first(page, reverse("proposals:resolution_act", args=[m.pk, r.pk, "drop"]))
    done = form_posting_to(page, reverse("proposals:resolution_act", args=[m.pk, r.pk, "complete"]))
    assert "lx-confirm" not in done
