"""互助保障 pages: plans (rules, enrolled, contributions), enrolment and roster, claims and their moves.

Each view translates to one selector or service call and back; a plan or claim outside the user's
scope answers 404. Approval and payment confirm first with the amount shown.
"""

from base64 import b64encode
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.cases.permissions import visible_cases
from lianxin.core.errors import DomainError, NotFound
from lianxin.core.excel import XLSX, xlsx_response
from lianxin.core.excel import local_time_header as timed
from lianxin.core.masking import mask_id_number, mask_name
from lianxin.members.services.people import PersonDetails
from lianxin.welfare.forms.mutual_aid import (
    MOVE_FORMS,
    ClaimFilterForm,
    EnrolForm,
    EnrolmentRosterForm,
    OpenClaimForm,
    PlanForm,
    RuleFormSet,
)
from lianxin.welfare.permissions.mutual_aid import can_act_in, can_move_claim, plan_orgs
from lianxin.welfare.selectors import mutual_aid as sel
from lianxin.welfare.services import mutual_aid as aid
from lianxin.welfare.services.mutual_aid_cases import open_claim_for_case
from lianxin.welfare.services.mutual_aid_roster import SHOWN_BAD_ROWS, import_enrolments
from lianxin.welfare.states.mutual_aid import CLAIM_ACTION_LABELS, CLAIM_WORKFLOW, ClaimAction

PAGE_SIZE = 25


def _page(request: Any, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _404(call: Any) -> Any:
    try:
        return call()
    except NotFound:
        raise Http404 from None


@login_required
def plans(request: Any) -> HttpResponse:
    if not plan_orgs(request.user).exists():
        raise Http404
    rows = sel.plan_list(request.user)
    context = {"page": _page(request, rows), "can_create": sel.acting_orgs(request.user).exists()}
    return render(request, "welfare/mutual_aid/plans.html", context)


def _rules(formset: Any) -> list[aid.RuleIn]:
    return [
        aid.RuleIn(kind=d["kind"], basis=d["basis"], amount=d.get("amount"),
                   percent=d.get("percent"), cap_per_claim=d.get("cap_per_claim"),
                   cap_per_year=d.get("cap_per_year"), waiting_days=d.get("waiting_days") or 0)
        for d in formset.cleaned_data if d and d.get("kind")
    ]  # fmt: skip


@login_required
def plan_new(request: Any) -> HttpResponse:
    """Start a plan with its benefit rules, in a union the user may act in; PRG to the plan."""
    orgs = sel.acting_orgs(request.user)
    if not orgs.exists():
        raise Http404
    form = PlanForm(request.POST or None, orgs=orgs)
    rules = RuleFormSet(request.POST or None, prefix="rules")
    if request.method == "POST" and form.is_valid() and rules.is_valid():
        d = form.cleaned_data
        try:
            made = aid.create_plan(
                actor=request.user, org=d["org"], name=d["name"], starts_on=d["starts_on"],
                ends_on=d["ends_on"], contribution=d["contribution"], payer=d["payer"],
                rules=_rules(rules),
            )  # fmt: skip
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Mutual-aid plan created."))
            return redirect("welfare:mutual_aid_plan", plan_id=made.pk)
    context = {"form": form, "rules": rules}
    return render(request, "welfare/mutual_aid/plan_new.html", context)


def _person_row(enrolment: Any) -> dict[str, Any]:
    p = enrolment.person
    return {"e": enrolment, "name": mask_name(p.name), "id_number": mask_id_number(p.id_number),
            "form": p.get_employment_form_display()}  # fmt: skip


@login_required
def plan(request: Any, plan_id: int) -> HttpResponse:
    """A plan: its rules, enrolled count and contributions, the people (masked), and enrolment."""
    found = _404(lambda: sel.plan_detail(request.user, plan_id))
    acting = can_act_in(request.user, found.org)
    form = EnrolForm(request.POST or None) if acting else None
    if form is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        details = PersonDetails(name=d["name"], id_number=d["id_number"], phone=d["phone"],
                                employment_form=d["employment_form"])  # fmt: skip
        try:
            aid.enrol(actor=request.user, plan_id=found.pk, details=details,
                      enrolled_on=d["enrolled_on"])  # fmt: skip
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Enrolled."))
            return redirect("welfare:mutual_aid_plan", plan_id=found.pk)
    page = _page(request, sel.plan_enrolments(request.user, found))
    context = {"plan": found, "rules": found.rules.all(), "form": form, "page": page,
               "rows": [_person_row(e) for e in page.object_list], "acting": acting}  # fmt: skip
    return render(request, "welfare/mutual_aid/plan.html", context)


@login_required
def roster(request: Any, plan_id: int) -> HttpResponse:
    """集中参保: enrol a roster; the answer is on the same page."""
    found = _404(lambda: sel.plan_detail(request.user, plan_id))
    if not can_act_in(request.user, found.org):
        raise Http404
    form = EnrolmentRosterForm(request.POST or None, request.FILES or None)
    result, error_file = None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_enrolments(actor=request.user, plan_id=found.pk, stream=upload.file,
                                       name=upload.name or "")  # fmt: skip
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            error_file = b64encode(result.error_file).decode("ascii")
    context = {"plan": found, "form": form, "result": result, "error_file": error_file,
               "xlsx": XLSX, "shown": result.bad[:SHOWN_BAD_ROWS] if result else []}  # fmt: skip
    return render(request, "welfare/mutual_aid/roster.html", context)


def _claim_filter(request: Any) -> tuple[ClaimFilterForm, sel.ClaimFilter]:
    form = ClaimFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = sel.ClaimFilter(state=f.get("state", ""), kind=f.get("kind", ""),
                              overdue=bool(f.get("overdue")))  # fmt: skip
    return form, filters


@login_required
def claims(request: Any) -> HttpResponse:
    form, filters = _claim_filter(request)
    page = _page(request, sel.claim_list(request.user, filters))
    rows = [{"c": c, "name": mask_name(c.enrolment.person.name), "overdue": aid.is_overdue(c)}
            for c in page.object_list]  # fmt: skip
    query = "&".join(f"{k}={v}" for k, v in request.GET.items() if k != "page" and v)
    context = {"form": form, "page": page, "rows": rows, "query": query}
    return render(request, "welfare/mutual_aid/claims.html", context)


@login_required
def claims_export(request: Any) -> HttpResponse:
    """The claims the list shows under the same filter, as Excel: names masked, ID and phone never."""
    _form, filters = _claim_filter(request)
    rows = sel.claim_list(request.user, filters)
    headers = [_("Claim number"), _("Mutual-aid plan"), _("Full name"), _("Kind of claim"), _("Status"),
               _("Incident on"), timed(_("Settle by")), _("Payout (yuan)"), timed(_("Paid at")),
               _("On time")]  # fmt: skip
    return xlsx_response(
        filename=_("mutual-aid-claims.xlsx"), sheet=_("Mutual-aid claims"), headers=headers,
        rows=(_claim_row(c) for c in rows.iterator(chunk_size=500)),
    )  # fmt: skip


def _claim_row(c: Any) -> list[Any]:
    return [
        c.pk, c.enrolment.plan.name, mask_name(c.enrolment.person.name), c.get_kind_display(),
        c.get_status_display(), c.incident_on, c.due_at, c.payout, c.paid_at,
        _("No") if aid.is_overdue(c) else _("Yes"),
    ]  # fmt: skip


def _moves(request: Any, claim: Any) -> list[tuple[str, Any, Any, Decimal | None]]:
    if not can_move_claim(request.user, claim):
        return []
    shown = []
    for action in CLAIM_WORKFLOW.actions_from(claim.status):
        amount = None
        if action == ClaimAction.APPROVE:
            amount = aid.claim_payout(claim).amount
        elif action == ClaimAction.PAY:
            amount = claim.payout
        initial = {"amount": amount} if amount is not None else None
        form = MOVE_FORMS[action](initial=initial, prefix=str(action))
        shown.append((str(action), CLAIM_ACTION_LABELS[action], form, amount))
    return shown


@login_required
def claim(request: Any, claim_id: int) -> HttpResponse:
    """A claim: the person (masked), the plan, the deadline, the payout (computed), the moves."""
    found = _404(lambda: sel.claim_detail(request.user, claim_id))
    context = {
        "claim": found, "name": mask_name(found.enrolment.person.name),
        "overdue": aid.is_overdue(found), "moves": _moves(request, found),
        "computed": _computed(found),
    }  # fmt: skip
    return render(request, "welfare/mutual_aid/claim.html", context)


def _computed(claim: Any) -> Any:
    try:
        return aid.claim_payout(claim)
    except DomainError:
        return None


@login_required
@require_POST
def act(request: Any, claim_id: int, action: str) -> HttpResponse:
    found = _404(lambda: sel.claim_detail(request.user, claim_id))
    if action not in MOVE_FORMS:
        raise Http404
    form = MOVE_FORMS[action](request.POST, prefix=action)
    if not form.is_valid():
        messages.error(request, _("Check the form."))
        return redirect("welfare:mutual_aid_claim", claim_id=found.pk)
    try:
        _run(request, ClaimAction(action), found.pk, form.cleaned_data)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Done."))
    return redirect("welfare:mutual_aid_claim", claim_id=found.pk)


def _run(request: Any, action: ClaimAction, claim_id: int, d: dict[str, Any]) -> Any:
    user = request.user
    if action == ClaimAction.COMPLETE_DOCUMENTS:
        return aid.complete_documents(actor=user, claim_id=claim_id)
    if action == ClaimAction.ASSESS:
        return aid.assess_claim(actor=user, claim_id=claim_id, loss=d["loss"],
                                disability_grade=d.get("disability_grade"))  # fmt: skip
    if action == ClaimAction.APPROVE:
        return aid.approve_claim(actor=user, claim_id=claim_id, amount=d["amount"])
    if action == ClaimAction.PAY:
        return aid.pay_claim(actor=user, claim_id=claim_id, amount=d["amount"])
    return aid.reject_claim(actor=user, claim_id=claim_id, reason=d["reason"])


@login_required
@require_POST
def open_from_case(request: Any, number: str) -> HttpResponse:
    """开启互助理赔 from the case page's panel: one action, back to the case."""
    case = visible_cases(request.user).filter(number=number).first()
    if case is None:
        raise Http404
    form = OpenClaimForm(request.POST, plans=sel.actionable_plans(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a plan."))
        return redirect("cases:detail", number=case.number)
    try:
        open_claim_for_case(actor=request.user, case_id=case.pk, plan_id=form.cleaned_data[
            "plan"].pk, id_number=form.cleaned_data["id_number"])  # fmt: skip
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Mutual-aid claim opened."))
    return redirect("cases:detail", number=case.number)
