"""Tiered reward rules: which tier a realised benefit falls in, and how much it earns.

An enterprise configures tiers by realised benefit (yuan a year). A proposal earns the tier with the
highest threshold not above its benefit (a non-monetary benefit counts as 0 yuan): the tier's base
amount plus its percentage of the benefit, capped at the tier's maximum when it has one, rounded to
the fen. No tier reaches the benefit → no reward can be computed (the rules must be set first).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from lianxin.proposals.models import RewardRule

FEN = Decimal("0.01")


@dataclass(frozen=True)
class Quote:
    rule: RewardRule
    amount: Decimal
    form: str


def tier_for(rules: Iterable[RewardRule], benefit: Decimal | None) -> RewardRule | None:
    value = benefit or Decimal(0)
    reached = [r for r in rules if r.min_benefit <= value]
    return max(reached, key=lambda r: r.min_benefit, default=None)


def amount_for(rule: RewardRule, benefit: Decimal | None) -> Decimal:
    value = benefit or Decimal(0)
    amount = rule.base_amount + value * rule.percent / Decimal(100)
    if rule.max_amount is not None:
        amount = min(amount, rule.max_amount)
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def quote(rules: Iterable[RewardRule], benefit: Decimal | None) -> Quote | None:
    """The reward `benefit` earns under `rules`, or None when no tier reaches it."""
    rule = tier_for(rules, benefit)
    if rule is None:
        return None
    return Quote(rule=rule, amount=amount_for(rule, benefit), form=rule.form)


def rules_of(enterprise_id: int) -> list[RewardRule]:
    return list(RewardRule.objects.filter(enterprise_id=enterprise_id).order_by("min_benefit"))
