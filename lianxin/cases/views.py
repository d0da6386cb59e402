"""Ledger pages: they parse the request, call one selector or service, and render. Nothing else."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.cases import services
from lianxin.cases.exports import ledger_workbook
from lianxin.cases.filters import CaseFilter, CaseFilterForm
from lianxin.cases.forms import (
    ACTION_FORMS,
    AttachmentForm,
    CorrectForm,
    ReferForm,
    RegisterCaseForm,
)
from lianxin.cases.hooks import shown_panels
from lianxin.cases.permissions import allowed_actions, can_correct, can_see_worker_contact
from lianxin.cases.selectors import case_detail, case_list, case_timeline, ledger_rows
from lianxin.cases.states import ACTION_LABELS, Action
from lianxin.core.errors import DomainError, NotFound
from lianxin.core.forms import error_texts
from lianxin.core.routers import replica_reads
from lianxin.core.uploads import attachment_response
from lianxin.orgs.permissions import actionable_orgs, visible_orgs

PAGE_SIZE = 25

# One service per move; each lambda only maps form fields onto the service's arguments.
MOVES = {
    Action.ACCEPT: lambda c, u, d: services.accept_case(case_id=c.pk, actor=u, note=d["note"]),
    Action.REJECT: lambda c, u, d: services.reject_case(case_id=c.pk, actor=u, reason=d["note"]),
    Action.START: lambda c, u, d: services.start_case(case_id=c.pk, actor=u, note=d["note"]),
    Action.PROGRESS: lambda c, u, d: services.add_progress(
        case_id=c.pk, actor=u, note=d["note"], public=d["public"]
    ),
    Action.REFER: lambda c, u, d: services.refer_case(
        case_id=c.pk, actor=u, partner=d["partner"], note=d["note"]
    ),
    Action.REPORT_BACK: lambda c, u, d: services.report_back(
        case_id=c.pk, actor=u, report=d["note"], outcome=d["outcome"]
    ),
    Action.ESCALATE: lambda c, u, d: services.escalate_case(
        case_id=c.pk, actor=u, reason=d["note"]
    ),
    Action.RESOLVE: lambda c, u, d: services.resolve_case(
        case_id=c.pk, actor=u, result=d["note"], amount_paid=d["amount_paid"]
    ),
    Action.FEEDBACK: lambda c, u, d: services.record_feedback(
        case_id=c.pk, actor=u, rating=d["rating"], comment=d["note"]
    ),
    Action.CLOSE: lambda c, u, d: services.close_case(case_id=c.pk, actor=u, note=d["note"]),
    Action.REOPEN: lambda c, u, d: services.reopen_case(case_id=c.pk, actor=u, reason=d["note"]),
}


def _filter_form(request) -> CaseFilterForm:
    return CaseFilterForm(request.GET or None, visible_orgs=visible_orgs(request.user))


def _refused(form: CaseFilterForm) -> bool:
    return form.is_bound and not form.is_valid()


def _refused_ledger(request, form: CaseFilterForm):
    """A filter that cannot be applied shows why and no rows, never the unfiltered ledger."""
    query = {k: v for k, v in request.GET.items() if k != "page"}
    context = {
        "form": form,
        "refused": True,
        "org_choices": [(o, urlencode(query | {"org": o.code})) for o in form.org_choices],
        "page": Paginator([], PAGE_SIZE).get_page(1),
        "counts": {"total": 0, "open": 0, "overdue": 0},
        "can_register": actionable_orgs(request.user).exists(),
    }
    return _render_ledger(request, context)


@login_required
@replica_reads
def ledger(request):
    """问题台账: every case the user may see, filtered, sorted, paginated, with counts on top."""
    form = _filter_form(request)
    if _refused(form):
        return _refused_ledger(request, form)
    filters = form.to_filter() if form.is_valid() else CaseFilter()
    rows = ledger_rows(user=request.user, filters=filters, ranked=True)
    counts = rows.counts()
    page = Paginator(cast(Any, rows), PAGE_SIZE).get_page(request.GET.get("page"))
    query = filters.as_query()
    context = {
        "form": form,
        "page": page,
        "counts": counts,
        "query": urlencode(query),
        "query_without_sort": urlencode({k: v for k, v in query.items() if k != "sort"}),
        "sort": filters.sort,
        "can_register": actionable_orgs(request.user).exists(),
        **_printed_for(filters),
    }
    return _render_ledger(request, context)


def _printed_for(filters: CaseFilter) -> dict[str, str]:
    """The organisation and period a printed ledger says it covers."""
    org = filters.org.name if filters.org else _("Every organisation in your scope")
    if filters.date_from or filters.date_to:
        start, end = filters.date_from or "…", filters.date_to or "…"
        return {"print_org": org, "print_period": f"{start} – {end}"}
    return {"print_org": org, "print_period": _("All dates")}


def _render_ledger(request, context: dict) -> HttpResponse:
    """The whole page, or only its table for htmx (the panels above it stay as they are)."""
    if request.htmx:
        return render(request, "cases/_ledger_table.html", context)
    context["panels"] = shown_panels(request, None, "ledger_top")
    return render(request, "cases/ledger.html", context)


@login_required
def export(request):
    """Exactly the rows the ledger's filter shows, all pages, as Excel."""
    form = _filter_form(request)
    if _refused(form):
        return redirect(f"{reverse('cases:ledger')}?{request.GET.urlencode()}")
    filters = form.to_filter() if form.is_valid() else CaseFilter()
    return ledger_workbook(case_list(user=request.user, filters=filters), user=request.user)


@login_required
def register(request):
    """挂号: a staff member or chair enters a case heard on a visit, by phone, by letter…"""
    orgs = actionable_orgs(request.user)
    form = RegisterCaseForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.register_case(
                actor=request.user,
                new=services.NewCase(
                    origin_org=data.pop("origin_org"), category=data.pop("category"), **data
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Case %(number)s registered.") % {"number": case.number})
            return redirect("cases:detail", number=case.number)
    return render(request, "cases/register.html", {"form": form, "has_orgs": orgs.exists()})


def _case_or_404(request, number):
    try:
        return case_detail(user=request.user, number=number)
    except NotFound as missing:
        raise Http404(missing.message) from None


def _action_form(action: Action, case):
    """The form of one move; the referral's names the partner suggested for this case."""
    if action == Action.REFER:
        return ReferForm(prefix=action.value, case=case)
    return ACTION_FORMS[action](prefix=action.value)


@login_required
def detail(request, number):
    """A case with its timeline and only the moves this user may make now."""
    case = _case_or_404(request, number)
    actions = allowed_actions(request.user, case)
    context = {
        "case": case,
        "timeline": case_timeline(case=case),
        "referrals": case.referrals.select_related("partner"),
        "feedback": case.feedback.all(),
        "actions": [(a, ACTION_LABELS[a], _action_form(a, case)) for a in actions],
        "show_contact": can_see_worker_contact(request.user, case),
        "attachments": case.attachments.all(),
        "attach_form": AttachmentForm() if Action.PROGRESS in actions else None,
        "correct_form": CorrectForm(user=request.user) if can_correct(request.user, case) else None,
        "panels": shown_panels(request, case, "case_header", "case_facts", "case_side"),
    }
    return render(request, "cases/detail.html", context)


@login_required
@require_POST
def attach(request, number):
    """Attach a photo or PDF; allowed whoever may add progress to the case now."""
    case = _case_or_404(request, number)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect("cases:detail", number=number)
    try:
        services.add_attachment(
            case_id=case.pk, actor=request.user, upload=form.cleaned_data["file"],
            public=form.cleaned_data["public"],
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("File attached."))
    return redirect("cases:detail", number=number)


@login_required
def attachment(request, number, attachment_id):
    """Files are served only to those who may see the case, never from a public folder."""
    case = _case_or_404(request, number)
    row = case.attachments.filter(pk=attachment_id).first()
    if row is None:
        raise Http404
    return attachment_response(row.file, content_type=row.content_type, name=row.name)


@login_required
@require_POST
def act(request, number, action):
    """Make one move through its service; a refusal shows why and changes nothing."""
    try:
        move = Action(action)
    except ValueError:
        raise Http404 from None
    case = _case_or_404(request, number)
    form = ACTION_FORMS[move](request.POST, prefix=move.value)
    if not form.is_valid():
        for text in error_texts(form):
            messages.error(request, text)
        return redirect("cases:detail", number=number)
    try:
        MOVES[move](case, request.user, form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": ACTION_LABELS[move]})
    return redirect("cases:detail", number=number)


@login_required
@require_POST
def correct(request, number):
    """数据治理: fix the category, org or phone of a case through its service."""
    case = _case_or_404(request, number)
    form = CorrectForm(request.POST, user=request.user)
    if not form.is_valid():
        for text in error_texts(form):
            messages.error(request, text)
        return redirect("cases:detail", number=number)
    data = form.cleaned_data
    try:
        services.correct_case(
            case_id=case.pk, actor=request.user, note=data["note"], category=data["category"],
            origin_org=data["origin_org"], worker_phone=data["worker_phone"] or None,
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Record corrected."))
    return redirect("cases:detail", number=number)
