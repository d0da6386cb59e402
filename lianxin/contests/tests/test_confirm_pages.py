"""撤榜 asks first and says what happens (issue 14, item 20); showing the question changes nothing."""

from datetime import date

import pytest
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.cases.tests.confirming import asks_first
from lianxin.contests import services
from lianxin.contests.states import ChallengeStatus

pytestmark = pytest.mark.django_db


def test_closing_a_challenge_asks_first_and_the_page_changes_nothing(client, world):
    challenge = services.post_challenge(
        actor=world.chair, org=world.ent_a1, title="高温合金刀具寿命短",
        description="刀具平均寿命不足200件。", reward="攻关奖金5万元", deadline=date(2099, 12, 31),
    )  # fmt: skip
    events = Event.objects.count()
    client.force_login(world.chair)
    page = client.get(reverse("contests:challenge", args=[challenge.pk])).content.decode()
    asks_first(page, reverse("contests:close_challenge", args=[challenge.pk]))
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.OPEN
    assert Event.objects.count() == events
