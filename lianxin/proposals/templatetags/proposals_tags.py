"""Template helpers of the proposals app, including the resolutions panel for the ledger page."""

from django import template
from django.utils.translation import gettext as _

from lianxin.proposals import rewards
from lianxin.proposals.models import Proposal, RewardForm
from lianxin.proposals.selectors import (
    can_convert_case,
    due_soon_resolutions,
    overdue_resolutions,
    proposals_of_case,
    resolution_counts,
)
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


@register.inclusion_tag("proposals/_resolutions_panel.html", takes_context=True)
def resolutions_panel(context):
    """Open meeting resolutions overdue or due within three days, for the user in the context."""
    user = context["request"].user
    return {
        "counts": resolution_counts(user),
        "overdue": list(overdue_resolutions(user)[:PANEL_ROWS]),
        "due_soon": list(due_soon_resolutions(user)[:PANEL_ROWS]),
    }


@register.inclusion_tag("proposals/_case_proposals.html", takes_context=True)
def case_proposals(context, case):
    """On a case page: the proposal made from (or registered as) this case, or the button."""
    user = context["request"].user
    return {
        "case": case,
        "proposals": list(proposals_of_case(user=user, case=case)),
        "can_convert": can_convert_case(user, case),
        "csrf_token": context.get("csrf_token"),
    }
