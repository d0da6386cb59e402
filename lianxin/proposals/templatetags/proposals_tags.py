"""Template helpers of the proposals app, including the resolutions panel for the ledger page."""

from django import template
from django.utils.translation import gettext as _

from lianxin.proposals import rewards
from lianxin.proposals.models import Proposal, RewardForm
from lianxin.proposals.states import EVENT_LABELS, MEETING_EVENT_LABELS, RESOLUTION_EVENT_LABELS

register = template.Library()

PANEL_ROWS = 10


@register.filter
def proposal_event(kind: str) -> str:
    label = EVENT_LABELS.get(kind) or RESOLUTION_EVENT_LABELS.get(kind)
    return str(label or MEETING_EVENT_LABELS.get(kind) or kind)


@register.filter
def proposal_status_badge(status: str) -> str:
    return {
        "submitted": "text-bg-secondary",
        "department_review": "text-bg-info",
        "committee_review": "text-bg-info",
        "adopted": "text-bg-primary",
        "declined": "text-bg-dark",
        "implementing": "text-bg-warning",
        "implemented": "text-bg-success",
        "rewarded": "text-bg-success",
        "open": "text-bg-warning",
        "done": "text-bg-success",
        "dropped": "text-bg-dark",
    }.get(status, "text-bg-light")


@register.simple_tag
def reward_warning(proposal: Proposal) -> str:
    """What granting the reward will do, with the amount the enterprise's tiers give now."""
    found = rewards.quote(rewards.rules_of(proposal.enterprise_id), proposal.realised_benefit)
    if found is None:
        return _("No reward tier of the enterprise reaches this benefit yet: set the rules first.")
    return _(
        "¥%(amount)s (%(form)s, tier “%(tier)s”) will be granted to the proposers for a realised "
        "benefit of ¥%(benefit)s a year. A granted reward cannot be taken back."
    ) % {
        "amount": found.amount,
        "form": RewardForm(found.form).label,
        "tier": found.rule.label,
        "benefit": proposal.realised_benefit or 0,
    }
