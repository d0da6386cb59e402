"""The hardship pages: the files list, the printable card, new file, visit, payment and its moves.

Views translate: parse, call one service, redirect with a message. A file outside the user's scope
is a 404 on every page and every POST, like a missing one.
"""

from collections.abc import Callable
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core.errors import DomainError, NotFound
from lianxin.core.excel import xlsx_response
from lianxin.core.forms import error_texts
from lianxin.core.masking import mask_id_number, mask_name
from lianxin.members.services import PersonDetails
from lianxin.orgs.models import Role, RoleName
from lianxin.orgs.tree import ancestor_paths
from lianxin.welfare.forms.hardship import (
    FileFilterForm,
    HouseholdFormSet,
    NewFileForm,
    PayForm,
    PaymentRequestForm,
    VisitForm,
)
from lianxin.welfare.models.hardship import HardshipFile
from lianxin.welfare.permissions.hardship import aid_orgs, can_handle
from lianxin.welfare.selectors import hardship as selectors
from lianxin.welfare.services import hardship as services
from lianxin.welfare.services import hardship_payments as payments
from lianxin.welfare.services.hardship import HouseholdRow, NewFile
from lianxin.welfare.states.hardship import (
    FILE_ACTION_LABELS,
    FILE_WORKFLOW,
    PAYMENT_ACTION_LABELS,
    PAYMENT_WORKFLOW,
    Cause,
    FileAction,
    PaymentAction,
)

PAGE_SIZE = 25
FILE_MOVES: dict[str, Callable[..., HardshipFile]] = {
    FileAction.REGISTER: services.register_file,
    FileAction.REJECT: services.reject_application,
    FileAction.REVIEW: services.start_review,
    FileAction.CONFIRM: services.confirm_review,
    FileAction.LIFT: services.lift_out_of_hardship,
    FileAction.CLOSE: services.close_file,
}
PAYMENT_MOVES: dict[str, Callable[..., Any]] = {
    PaymentAction.APPROVE: payments.approve_payment,
    PaymentAction.REJECT: payments.reject_payment,
}


def _handler(request) -> None:
    if not aid_orgs(request.user).exists():
        raise Http404


@login_required
def file_list(request) -> HttpResponse:
    """帮扶档案: the files in the user's scope, filtered, paginated, names masked."""
    _handler(request)
    form = FileFilterForm(request.GET or None, orgs=selectors.filter_orgs(request.user))
    rows = selectors.file_list(request.user, **form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    shown = [{"f": f, "name": mask_name(f.person.name)} for f in page.object_list]
    context = {"form": form, "page": page, "rows": shown, "query": query}
    return render(request, "welfare/hardship/list.html", context)


@login_required
def file_export(request) -> HttpResponse:
    """The files the list shows under the same filter, as Excel: names masked, ID and phone never."""
    _handler(request)
    form = FileFilterForm(request.GET or None, orgs=selectors.filter_orgs(request.user))
    rows = selectors.file_list(request.user, **form.filters())
    headers = [_("File number"), _("Full name"), _("Union"), _("Level"), _("State"), _("Opened on"),
               _("Next visit due"), _("Aid paid (yuan)")]  # fmt: skip
    return xlsx_response(
        filename=_("hardship-files.xlsx"), sheet=_("Hardship-aid files"), headers=headers,
        rows=(_export_row(f) for f in rows.iterator(chunk_size=500)),
    )  # fmt: skip


def _export_row(f: HardshipFile) -> list[Any]:
    paid = getattr(f, "paid_total", None) or 0
    return [
        f.number, mask_name(f.person.name), f.org.name, f.get_level_display(),
        f.get_state_display(), f.opened_on, f.next_visit_due, paid,
    ]  # fmt: skip


def _household(formset: Any) -> list[HouseholdRow]:
    return [
        HouseholdRow(relation=d["relation"], health=d["health"] or "healthy",
                     work=d["work"] or "employed", birth_year=d.get("birth_year"))
        for d in formset.cleaned_data if d and d.get("relation")
    ]  # fmt: skip


@login_required
def file_new(request) -> HttpResponse:
    _handler(request)
    form = NewFileForm(request.POST or None, orgs=selectors.filter_orgs(request.user))
    household = HouseholdFormSet(request.POST or None, prefix="household")
    if request.method == "POST" and form.is_valid() and household.is_valid():
        d = form.cleaned_data
        new = NewFile(
            org=d["org"], level=d["level"], causes=d["causes"],
            income_per_head=d["income_per_head"], household=_household(household),
            details=PersonDetails(name=d["name"], id_number=d["id_number"], phone=d["phone"]),
        )  # fmt: skip
        try:
            file = services.open_file(actor=request.user, new=new)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Hardship file %(number)s opened.") % {"number": file})
            return redirect("welfare:hardship_detail", file.pk)
    context = {"form": form, "household": household}
    return render(request, "welfare/hardship/new.html", context)


def _file(request, file_id: int) -> HardshipFile:
    try:
        return selectors.file_detail(request.user, file_id)
    except NotFound:
        raise Http404 from None


def _visitors(file: HardshipFile) -> Any:
    """Who may have gone: the chairs and staff of the holding union and the federations above it."""
    paths = [*ancestor_paths(file.org.path), file.org.path]
    held = Role.objects.filter(org__path__in=paths, role__in=[RoleName.CHAIR, RoleName.STAFF])
    return User.objects.filter(is_active=True, pk__in=held.values("user_id")).order_by("username")


@login_required
def file_detail(request, file_id: int) -> HttpResponse:
    """The card Baishan's worker keeps: household, visits and payments by year, totals; printable."""
    file = _file(request, file_id)
    handles = can_handle(request.user, file)
    visits = list(selectors.file_visits(file))
    pays = list(selectors.file_payments(file))
    context = {
        "file": file, "name": mask_name(file.person.name),
        "id_number": mask_id_number(file.person.id_number), "handles": handles,
        "household": list(file.household.all()), "totals": selectors.file_totals(file),
        "cause_labels": [Cause(c).label for c in file.causes if c in Cause.values],
        "visits_by_year": [(y, list(v)) for y, v in groupby(visits, lambda v: v.visited_on.year)],
        "payments": [_payment_row(p, handles) for p in pays],
        "moves": [(a, FILE_ACTION_LABELS[a]) for a in FILE_WORKFLOW.actions_from(file.state)]
        if handles else [],
        "visit_form": VisitForm(visitors=_visitors(file)) if handles else None,
        "payment_form": PaymentRequestForm() if handles else None,
    }  # fmt: skip
    return render(request, "welfare/hardship/detail.html", context)


def _payment_row(payment: Any, handles: bool) -> dict[str, Any]:
    actions = PAYMENT_WORKFLOW.actions_from(payment.state) if handles else []
    moves = [(a, PAYMENT_ACTION_LABELS[a]) for a in actions if a != PaymentAction.PAY]
    return {
        "p": payment,
        "moves": moves,
        "pay": PayForm() if PaymentAction.PAY in actions else None,
    }


def _done(request, file_id: int, call: Callable[[], object], message: str) -> HttpResponse:
    try:
        call()
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect("welfare:hardship_detail", file_id)


@login_required
@require_POST
def file_move(request, file_id: int, action: str) -> HttpResponse:
    move = FILE_MOVES.get(action)
    if move is None:
        raise Http404
    call = lambda: move(actor=request.user, file_id=file_id)  # noqa: E731
    label = FILE_ACTION_LABELS[FileAction(action)]
    return _done(request, file_id, call, _("Done: %(move)s.") % {"move": label})


@login_required
@require_POST
def visit_new(request, file_id: int) -> HttpResponse:
    file = _file(request, file_id)
    form = VisitForm(request.POST, visitors=_visitors(file))
    if not form.is_valid():
        for text in error_texts(form):
            messages.error(request, text)
        return redirect("welfare:hardship_detail", file_id)
    d = form.cleaned_data
    call = lambda: services.record_visit(  # noqa: E731
        actor=request.user, file_id=file.pk, visited_on=d["visited_on"], findings=d["findings"],
        visitor_ids=[u.pk for u in d["visitors"]], next_due=d["next_due"],
    )  # fmt: skip
    return _done(request, file_id, call, _("Home visit recorded."))


@login_required
@require_POST
def payment_new(request, file_id: int) -> HttpResponse:
    file = _file(request, file_id)
    form = PaymentRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a kind of aid and an amount in yuan."))
        return redirect("welfare:hardship_detail", file_id)
    d = form.cleaned_data
    call = lambda: payments.request_payment(  # noqa: E731
        actor=request.user, file_id=file.pk, kind=d["kind"], amount=d["amount"]
    )
    return _done(request, file_id, call, _("Payment of %(amount)s yuan requested.") % d)


@login_required
@require_POST
def payment_move(request, file_id: int, payment_id: int, action: str) -> HttpResponse:
    try:
        payment = selectors.payment_detail(request.user, payment_id)
    except NotFound:
        raise Http404 from None
    if payment.file_id != file_id:
        raise Http404
    if action == PaymentAction.PAY:
        form = PayForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the date it was paid."))
            return redirect("welfare:hardship_detail", file_id)
        on = form.cleaned_data["paid_on"]
        call = lambda: payments.pay_payment(  # noqa: E731
            actor=request.user, payment_id=payment_id, paid_on=on
        )
    elif (move := PAYMENT_MOVES.get(action)) is not None:
        call = lambda: move(actor=request.user, payment_id=payment_id)  # noqa: E731
    else:
        raise Http404
    label = PAYMENT_ACTION_LABELS[PaymentAction(action)]
    text = _("%(move)s: %(amount)s yuan.") % {"move": label, "amount": payment.amount}
    return _done(request, file_id, call, text)
