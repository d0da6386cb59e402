"""The union's work: pending applications (approve, reject with a reason), the merge list, figures."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core.errors import DomainError
from lianxin.core.forms import error_texts
from lianxin.core.masking import mask_id_number, mask_name, mask_phone
from lianxin.members import metrics, services
from lianxin.members.forms import MergeForm, RejectForm
from lianxin.members.models import Membership
from lianxin.members.permissions import may_move, member_orgs
from lianxin.members.selectors import near_duplicates, pending_applications
from lianxin.members.states import Action, EmploymentForm

PAGE_SIZE = 20


def _seeing(request) -> None:
    if not member_orgs(request.user).exists():
        raise Http404


def _row(request, m: Membership) -> dict:
    p = m.person
    return {
        "m": m, "name": mask_name(p.name), "phone": mask_phone(p.phone),
        "id_number": mask_id_number(p.id_number), "person": p,
        "may_decide": may_move(request.user, Action.APPROVE, m),
    }  # fmt: skip


@login_required
def pending(request) -> HttpResponse:
    """入会申请: applications waiting for the union, oldest first."""
    _seeing(request)
    page = Paginator(pending_applications(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [_row(request, m) for m in page.object_list]
    return render(
        request, "members/pending.html", {"page": page, "rows": rows, "reject_form": RejectForm()}
    )


@login_required
@require_POST
def approve(request, membership_id: int) -> HttpResponse:
    try:
        m = services.approve_membership(actor=request.user, membership_id=membership_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Approved: membership card %(card)s.") % {"card": m.card_number}
        )
    return redirect("members:pending")


@login_required
@require_POST
def reject(request, membership_id: int) -> HttpResponse:
    form = RejectForm(request.POST)
    if not form.is_valid():
        for text in error_texts(form):
            messages.error(request, text)
        return redirect("members:pending")
    try:
        services.reject_membership(
            actor=request.user, membership_id=membership_id, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The application was rejected; the reason is recorded."))
    return redirect("members:pending")


@login_required
def merge_list(request) -> HttpResponse:
    """The merge list: records that may be one person (same name and phone, or IDs one digit apart)."""
    _seeing(request)
    pairs = [
        {"pair": pair, "first": mask_name(pair.first.name), "second": mask_name(pair.second.name),
         "first_id": mask_id_number(pair.first.id_number),
         "second_id": mask_id_number(pair.second.id_number)}
        for pair in near_duplicates(request.user)
    ]  # fmt: skip
    return render(request, "members/merge.html", {"pairs": pairs})


@login_required
@require_POST
def merge(request) -> HttpResponse:
    form = MergeForm(request.POST)
    if form.is_valid():
        try:
            services.merge_persons(
                actor=request.user, survivor_id=form.cleaned_data["survivor"],
                duplicate_id=form.cleaned_data["duplicate"],
            )  # fmt: skip
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The two records are now one person."))
    return redirect("members:merge_list")


@login_required
def figures(request) -> HttpResponse:
    """入会率 of an org's subtree: members ÷ workforce, the gig rate, by form, targets, by child."""
    orgs = member_orgs(request.user).order_by("path")
    org = orgs.filter(code=request.GET.get("org", "")).first() or orgs.first()
    if org is None:
        raise Http404
    on = _date(request.GET.get("on", ""))
    year = (on or timezone.localdate()).year
    labels = dict(EmploymentForm.choices)
    context = {
        "org": org, "orgs": orgs, "on": on, "year": year,
        "figures": metrics.figures(org, on),
        "by_form": [(labels[k], n) for k, n in metrics.by_employment_form(org, on).items()],
        "by_child": metrics.by_child(org, on),
        "targets": metrics.target_progress(org, year, on),
    }  # fmt: skip
    return render(request, "members/figures.html", context)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
