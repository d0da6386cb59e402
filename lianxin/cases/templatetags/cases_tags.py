from django import template

from lianxin.cases.exports import worker_label
from lianxin.cases.models import Satisfaction
from lianxin.cases.states import EVENT_LABELS

register = template.Library()


@register.simple_tag(takes_context=True)
def worker(context, case):
    """The worker as this user may see them: anonymous, masked, or whole for the handler."""
    return worker_label(case, context["request"].user)


@register.filter
def status_badge(status: str) -> str:
    return {
        "registered": "text-bg-secondary",
        "accepted": "text-bg-info",
        "in_progress": "text-bg-primary",
        "referred": "text-bg-warning",
        "resolved": "text-bg-success",
        "closed": "text-bg-dark",
        "rejected": "text-bg-light border",
    }.get(status, "text-bg-secondary")


@register.filter
def event_label(kind: str) -> str:
    return str(EVENT_LABELS.get(kind, kind))


@register.filter
def rating_label(rating: str) -> str:
    return str(Satisfaction(rating).label) if rating in Satisfaction.values else rating
