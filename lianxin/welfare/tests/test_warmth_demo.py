"""The 送温暖 demo: the Jiaozuo campaign with deliveries and one cross-level duplicate caught."""

import pytest

from lianxin.demo.members_loader import load_members_demo
from lianxin.demo.welfare_warmth_loader import load_warmth_demo
from lianxin.welfare.metrics import warmth as metrics
from lianxin.welfare.models.warmth import Campaign, Recipient
from lianxin.welfare.states.warmth import RecipientState

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_catches_one_duplicate_and_loads_once(demo_orgs, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    load_members_demo()
    assert load_warmth_demo() == 104  # 40 天香面业 + 60 riders + 4 by the district
    campaign = Campaign.objects.get(name="2027年两节送温暖")
    assert campaign.state == "open"
    [flagged] = Recipient.objects.filter(state=RecipientState.FLAGGED)
    assert flagged.org.code == "JZ-SY"
    assert flagged.duplicate_of.org.code == "JZ-SY-YH-01"
    tally = metrics.campaign_tally(campaign)
    assert tally.delivered == 83  # four in five of 40 and of 60, and the district's three
    assert tally.amount == 80 * 500 + 3 * 800
    assert tally.flagged == 1
    assert load_warmth_demo() == 0
    assert Recipient.objects.count() == 104
