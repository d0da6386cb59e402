"""An enterprise's reward rules: the whole set of tiers is replaced at once, journalled on the org."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.services import record_event
from lianxin.core.errors import InvalidInput, PermissionDenied
from lianxin.orgs.models import Org, OrgKind
from lianxin.proposals.models import RewardForm, RewardRule
from lianxin.proposals.permissions import can_manage_rules


@dataclass(frozen=True)
class TierSpec:
    label: str
    min_benefit: Decimal
    base_amount: Decimal = Decimal(0)
    percent: Decimal = Decimal(0)
    max_amount: Decimal | None = None
    form: str = RewardForm.CASH


def _check(tiers: Sequence[TierSpec]) -> None:
    if not tiers:
        raise InvalidInput(_("Give at least one reward tier."), code="proposal.rules_invalid")
    thresholds = [t.min_benefit for t in tiers]
    if len(set(thresholds)) != len(thresholds):
        raise InvalidInput(
            _("Two tiers cannot start at the same benefit."), code="proposal.rules_invalid"
        )
    for t in tiers:
        money = [t.min_benefit, t.base_amount, t.percent, t.max_amount or Decimal(0)]
        if not t.label.strip() or any(v < 0 for v in money) or t.form not in RewardForm.values:
            raise InvalidInput(
                _("Each tier needs a name, amounts that are not negative and a form of reward."),
                code="proposal.rules_invalid",
            )


@transaction.atomic
def set_reward_rules(
    *, actor: User, enterprise: Org, tiers: Sequence[TierSpec]
) -> list[RewardRule]:
    """Replace the enterprise's reward tiers; rewards already granted keep what they were."""
    org = Org.objects.select_for_update().get(pk=enterprise.pk)
    if org.kind != OrgKind.ENTERPRISE or not can_manage_rules(actor, org):
        raise PermissionDenied(
            _("You may not set the reward rules of %(org)s.") % {"org": org.name},
            code="proposal.permission_denied",
        )
    _check(tiers)
    RewardRule.objects.filter(enterprise=org).delete()
    rows = RewardRule.objects.bulk_create(
        [
            RewardRule(
                enterprise=org,
                label=t.label.strip()[:60],
                min_benefit=t.min_benefit,
                base_amount=t.base_amount,
                percent=t.percent,
                max_amount=t.max_amount,
                form=t.form,
            )
            for t in sorted(tiers, key=lambda t: t.min_benefit)
        ]
    )
    record_event(
        target=org,
        actor=actor,
        kind="reward_rules_set",
        data={
            "tiers": [
                {"label": r.label, "from": str(r.min_benefit), "base": str(r.base_amount),
                 "percent": str(r.percent), "max": None if r.max_amount is None else str(r.max_amount),
                 "form": r.form}
                for r in rows
            ]
        },
    )  # fmt: skip
    return rows
