"""Visit-day pages: they parse the request, call one selector or service, and render. Nothing else."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.core.errors import DomainError
from lianxin.fieldwork.views import DayPages
from lianxin.intake import selectors_visits as selectors
from lianxin.intake.forms_visits import (
    PlanVisitForm,
    WeekForm,
)
from lianxin.intake.grounds import VISITS
from lianxin.intake.models import VisitDay
from lianxin.intake.services import visits as services

PAGE_SIZE = 20

# The day page and its four actions: every kind of day's (fieldwork), with a visit day's words.
PAGES = DayPages(
    ground=VISITS,
    namespace="visits",
    place_name=lambda visit: visit.org.name,
    teams=lambda visit: selectors.teams_of(visit.org),
    words={
        "title": gettext_lazy("Visit day"),
        "list_title": gettext_lazy("Visit days"),
        "host": gettext_lazy("Chair"),
        "cancelled": gettext_lazy("This visit day was cancelled."),
        "not_yet": gettext_lazy("The diary opens on the day of the visit."),
        "open_cancel": gettext_lazy("Cancel this visit day"),
        "confirm_cancel": gettext_lazy("Cancel this visit day? This cannot be undone."),
        "do_cancel": gettext_lazy("Cancel the visit day"),
        "completed": gettext_lazy("Visit day marked done."),
        "was_cancelled": gettext_lazy("Visit day cancelled."),
    },
)
_day_views = PAGES.views()
detail, add_entry, complete, cancel, raise_case = (
    _day_views[name] for name in ("detail", "add_entry", "complete", "cancel", "raise_case")
)


@login_required
def visit_list(request):
    """The user's visit days: upcoming soonest first, or past latest first, one enterprise or all."""
    enterprises = selectors.enterprises_for_planning(request.user)
    org_id = request.GET.get("org", "")
    org = enterprises.filter(pk=org_id).first() if org_id.isdigit() else None
    upcoming = request.GET.get("when") != "past"
    rows = selectors.visit_list(
        user=request.user, today=services.today(), upcoming=upcoming, org=org
    )
    context = {
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "upcoming": upcoming,
        "enterprises": enterprises,
        "org": org,
        "today": services.today(),
        # the list's own filters, kept by every page link
        "query": urlencode(
            {"when": "upcoming" if upcoming else "past", **({"org": org.pk} if org else {})}
        ),
    }
    return render(request, "intake/visits/list.html", context)


@login_required
def plan(request):
    """Plan a visit day, or the same weekday for several weeks."""
    enterprises = selectors.enterprises_for_planning(request.user)
    form = PlanVisitForm(
        request.POST or None, enterprises=enterprises, initial={"day": services.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            planned, skipped = _plan(request.user, data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _after_planning(request, planned, skipped)
    context = {"form": form, "has_enterprises": enterprises.exists()}
    return render(request, "intake/visits/plan.html", context)


def _plan(user, data: dict) -> tuple[list[VisitDay], list]:
    """One date, or the same weekday for several weeks (where taken dates are skipped)."""
    if data["weeks"] == 1:
        one = services.plan_visit_day(
            actor=user, org=data["org"], day=data["day"], plan=data["plan"]
        )
        return [one], []
    return services.plan_weekly_visits(
        actor=user, org=data["org"], first_date=data["day"], weeks=data["weeks"], plan=data["plan"]
    )


def _after_planning(request, planned: list[VisitDay], skipped: list) -> HttpResponse:
    if skipped:
        messages.warning(
            request,
            _("Already planned, skipped: %(dates)s.")
            % {"dates": "、".join(d.isoformat() for d in skipped)},
        )
    if len(planned) == 1:
        messages.success(request, _("Visit day planned."))
        return redirect("visits:detail", day_id=planned[0].pk)
    messages.success(request, _("%(count)s visit days planned.") % {"count": len(planned)})
    return redirect("visits:list")


@login_required
def summary(request):
    """The week in figures for the user's enterprises: visits, entries, cases raised and resolved."""
    form = WeekForm(request.GET or None, initial={"day": services.today()})
    day = (form.cleaned_data["day"] if form.is_valid() else None) or services.today()
    figures = selectors.weekly_summary(user=request.user, day=day)
    context = {
        "form": form,
        "figures": figures,
        "previous_week": figures.monday - timedelta(weeks=1),
        "next_week": figures.monday + timedelta(weeks=1),
    }
    return render(request, "intake/visits/summary.html", context)
