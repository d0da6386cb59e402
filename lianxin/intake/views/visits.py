"""Visit-day pages: they parse the request, call one selector or service, and render. Nothing else."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lianxin.audit.models import Event
from lianxin.core.errors import DomainError, NotFound
from lianxin.core.masking import mask_phones_in
from lianxin.intake import selectors_visits as selectors
from lianxin.intake.forms_visits import (
    CancelVisitForm,
    CompleteVisitForm,
    DiaryEntryForm,
    PlanVisitForm,
    RaiseCaseForm,
    WeekForm,
    title_from,
)
from lianxin.intake.models import DiaryEntry, VisitDay
from lianxin.intake.permissions_visits import may_see_diary_contacts
from lianxin.intake.services import visits as services

PAGE_SIZE = 20

# What each journal event of a visit day is called on its history.
EVENT_LABELS = {
    "visit_planned": gettext_lazy("Planned"),
    "visit_entry_recorded": gettext_lazy("Diary entry recorded"),
    "visit_completed": gettext_lazy("Marked done"),
    "visit_cancelled": gettext_lazy("Cancelled"),
    "visit_case_raised": gettext_lazy("Case raised"),
}


def _visit_or_404(request, visit_id: int) -> VisitDay:
    try:
        return selectors.visit_detail(user=request.user, visit_id=visit_id)
    except NotFound as missing:
        raise Http404(missing.message) from None


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
        return redirect("visits:detail", visit_id=planned[0].pk)
    messages.success(request, _("%(count)s visit days planned.") % {"count": len(planned)})
    return redirect("visits:list")


def _shown(user, entry: DiaryEntry) -> DiaryEntry:
    """The entry as this user may read it: phone numbers masked unless they may see them."""
    show = str if may_see_diary_contacts(user, entry) else mask_phones_in
    # Display attributes the template reads beside the stored ones (set, never saved).
    vars(entry).update(
        shown_speaker=show(entry.speaker),
        shown_heard=show(entry.heard),
        shown_place=show(entry.place),
    )
    return entry


def _history(user, visit: VisitDay, entries: list[DiaryEntry]) -> list[tuple[Event, object]]:
    """The day's journal as this user may read it: notes about an entry masked like the entry,
    and no anonymous case's number (events written before anonymous cases were kept apart)."""
    events = list(selectors.visit_journal(visit))
    allowed = {e.pk for e in entries if may_see_diary_contacts(user, e)}
    numbers = {e.data.get("case") for e in events if e.data and e.data.get("case")}
    hidden = selectors.anonymous_case_numbers(numbers)
    for event in events:
        data = event.data or {}
        if data.get("entry") not in allowed:
            event.note = mask_phones_in(event.note)
        if data.get("case") in hidden:
            event.data = {k: v for k, v in data.items() if k != "case"}
    return [(e, EVENT_LABELS.get(e.kind, e.kind)) for e in events]


def _detail_context(request, visit: VisitDay, **bound) -> dict:
    """The visit-day page; `bound` carries a form that came back with errors, to show it again."""
    entries = [_shown(request.user, e) for e in selectors.diary_entries(visit)]
    writable = visit.status != VisitDay.Status.CANCELLED and visit.date <= services.today()
    case_forms = bound.get("case_forms", {})
    for entry in entries:
        if entry.case_id is None and not entry.raised_anonymously:
            vars(entry)["case_form"] = case_forms.get(entry.pk) or RaiseCaseForm(
                prefix=f"case-{entry.pk}", initial={"title": title_from(vars(entry)["shown_heard"])}
            )
    context = {
        "visit": visit,
        "entries": entries,
        "open_case_form": bound.get("open_case_form"),
        "history": _history(request.user, visit, entries),
        "entry_form": None,
        "complete_form": None,
        "cancel_form": None,
    }
    if writable:
        teams = selectors.teams_of(visit.org)
        context["entry_form"] = bound.get("entry_form") or DiaryEntryForm(teams=teams)
        context["complete_form"] = bound.get("complete_form") or CompleteVisitForm(
            initial={"summary": visit.summary}
        )
    if visit.status == VisitDay.Status.PLANNED and not entries:
        context["cancel_form"] = bound.get("cancel_form") or CancelVisitForm()
    return context


@login_required
def detail(request, visit_id: int):
    """A visit day: its plan, the diary, a quick form to add an entry, and “raise as a case”."""
    visit = _visit_or_404(request, visit_id)
    return render(request, "intake/visits/detail.html", _detail_context(request, visit))


def _render_detail(request, visit: VisitDay, **bound):
    """The page again with a form that came back refused. Where the day no longer offers that form
    (a stale page: the day was cancelled, or has not come), its refusal is shown above the page."""
    context = _detail_context(request, visit, **bound)
    for name, form in bound.items():
        if isinstance(form, Form) and context.get(name) is not form:
            for error in form.non_field_errors():
                messages.error(request, str(error))
    return render(request, "intake/visits/detail.html", context)


@login_required
@require_POST
def add_entry(request, visit_id: int):
    visit = _visit_or_404(request, visit_id)
    form = DiaryEntryForm(request.POST, teams=selectors.teams_of(visit.org))
    if form.is_valid():
        try:
            services.record_diary_entry(actor=request.user, visit_id=visit.pk, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Diary entry recorded."))
            return redirect("visits:detail", visit_id=visit.pk)
    return _render_detail(request, visit, entry_form=form)


@login_required
@require_POST
def complete(request, visit_id: int):
    visit = _visit_or_404(request, visit_id)
    form = CompleteVisitForm(request.POST)
    if form.is_valid():
        try:
            services.complete_visit_day(
                actor=request.user, visit_id=visit.pk, summary=form.cleaned_data["summary"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Visit day marked done."))
            return redirect("visits:detail", visit_id=visit.pk)
    return _render_detail(request, visit, complete_form=form)


@login_required
@require_POST
def cancel(request, visit_id: int):
    visit = _visit_or_404(request, visit_id)
    form = CancelVisitForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_visit_day(
                actor=request.user, visit_id=visit.pk, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Visit day cancelled."))
            return redirect("visits:detail", visit_id=visit.pk)
    return _render_detail(request, visit, cancel_form=form)


@login_required
@require_POST
def raise_case(request, entry_id: int):
    """转为诉求: the entry becomes a case in the ledger in one step, and the two stay linked."""
    try:
        entry = selectors.entry_in_scope(user=request.user, entry_id=entry_id)
    except NotFound as missing:
        raise Http404(missing.message) from None
    form = RaiseCaseForm(request.POST, prefix=f"case-{entry.pk}")
    if form.is_valid():
        try:
            case = services.raise_case_from_entry(
                actor=request.user, entry_id=entry.pk, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            text = (
                _("Anonymous case %(number)s registered; the diary entry no longer says who spoke.")
                if case.is_anonymous
                else _("Case %(number)s registered from the diary.")
            )
            messages.success(request, text % {"number": case.number})
            return redirect("visits:detail", visit_id=entry.visit_id)
    visit = _visit_or_404(request, entry.visit_id)
    return _render_detail(request, visit, case_forms={entry.pk: form}, open_case_form=entry.pk)


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
