from datetime import datetime

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lianxin.cases.exports import worker_label
from lianxin.cases.models import Case, Satisfaction
from lianxin.cases.states import EVENT_LABELS, Status

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


@register.filter
def overdue_by(case: Case, now: datetime) -> str:
    """How long past the deadline it missed (a registered case's response deadline first) at
    `now`: whole days, or hours within the first day. Never Django's timesince, whose
    "10 月，1 周" reads in Chinese as the month of October."""
    missed = case.resolution_due
    if case.status == Status.REGISTERED and case.response_due and case.response_due < now:
        missed = case.response_due
    if missed is None or now <= missed:
        return ""
    hours = int((now - missed).total_seconds() // 3600)
    if hours < 1:
        return _("less than an hour")
    if hours < 24:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    days = hours // 24
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
