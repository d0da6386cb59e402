"""The tiered reward rules, computed by hand.

The enterprise's tiers (factories.TIERS):
  鼓励奖  from 0 yuan a year:       100 yuan, a certificate of honour
  三等奖  from 10,000 yuan a year:  500 + 2% of the benefit, cash
  二等奖  from 50,000 yuan a year:  1,000 + 3% of the benefit, at most 5,000, cash
"""

from decimal import Decimal

import pytest

from lianxin.proposals import rewards
from lianxin.proposals.models import RewardRule
from lianxin.proposals.tests.factories import TIERS, set_tiers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("benefit", "tier", "amount", "form"),
    [
        (None, "鼓励奖", "100.00", "honour"),  # non-monetary only: counts as 0
        ("9999.99", "鼓励奖", "100.00", "honour"),
        ("10000", "三等奖", "700.00", "cash"),  # 500 + 2% × 10,000 = 500 + 200
        ("36500", "三等奖", "1230.00", "cash"),  # 500 + 2% × 36,500 = 500 + 730
        ("12345.67", "三等奖", "746.91", "cash"),  # 500 + 246.9134 → 746.91
        ("50000", "二等奖", "2500.00", "cash"),  # 1,000 + 3% × 50,000 = 1,000 + 1,500
        ("200000", "二等奖", "5000.00", "cash"),  # 1,000 + 6,000 = 7,000, capped at 5,000
    ],
)
def test_the_tier_and_the_amount_by_hand(world, benefit, tier, amount, form):
    rules = set_tiers(world.chair, world.ent_a1)
    quote = rewards.quote(rules, None if benefit is None else Decimal(benefit))
    assert (quote.rule.label, quote.amount, quote.form) == (tier, Decimal(amount), form)


def test_no_tier_reaches_a_benefit_below_the_lowest_threshold(world):
    rules = set_tiers(world.chair, world.ent_a1, TIERS[1:])
    assert rewards.quote(rules, Decimal("9000")) is None
    assert rewards.quote([], Decimal("9000")) is None


def test_rules_are_per_enterprise(world):
    set_tiers(world.chair, world.ent_a1)
    assert rewards.rules_of(world.ent_b1.pk) == []
    assert [r.label for r in rewards.rules_of(world.ent_a1.pk)] == ["鼓励奖", "三等奖", "二等奖"]
    assert RewardRule.objects.count() == 3
