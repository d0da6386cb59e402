"""The welfare figures page: every area's figures of an org the user reads, over a period."""

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lianxin.core import clock
from lianxin.orgs import permissions as org_perms
from lianxin.welfare.metrics.overview import welfare_figures
from lianxin.welfare.permissions.warmth import SEEING_ROLES


def _date(text: str, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


def figures(request: HttpRequest) -> HttpResponse:
    orgs = org_perms.orgs_reached(request.user, SEEING_ROLES).filter(is_active=True)
    orgs = orgs.order_by("path")[:500]
    org = next((o for o in orgs if o.code == request.GET.get("org", "")), None) or next(
        iter(orgs), None
    )
    if org is None:
        raise Http404
    today = timezone.localdate(clock.now())
    start = _date(request.GET.get("start", ""), today.replace(month=1, day=1))
    end = _date(request.GET.get("end", ""), today)
    context = {
        "org": org, "orgs": orgs, "start": start, "end": end,
        "figures": welfare_figures(user=request.user, org=org, start=start, end=end),
    }  # fmt: skip
    return render(request, "welfare/figures.html", context)
