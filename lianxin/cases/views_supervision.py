"""督办 pages: a supervisor's board of the cases to press on (with bulk 催办), and the case page's
supervision panel and its actions. Each view parses the request, calls one selector or service,
and renders or redirects."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.cases import services
from lianxin.cases.forms_supervision import (
    AnswerUrgeForm,
    BulkUrgeForm,
    DecideExtensionForm,
    ExtensionForm,
    FlagForm,
    LiftForm,
    UrgeForm,
)
from lianxin.cases.models import Case
from lianxin.cases.permissions_supervision import is_supervisor, may_answer, may_supervise
from lianxin.cases.selectors import case_detail
from lianxin.cases.selectors_supervision import case_supervision, supervision_lists
from lianxin.cases.states import OPEN_STATES
from lianxin.core.errors import DomainError, NotFound
from lianxin.core.forms import StyledForm, error_texts

PAGE_SIZE = 20
LISTS = ("overdue", "near", "flagged", "urged", "extensions")


# ---- the 督办 board -------------------------------------------------------------------------------


def _supervisor_or_404(request: HttpRequest) -> None:
    if not is_supervisor(request.user):
        raise Http404(_("No such page."))


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """督办: the cases a supervisor presses on, list by list, each paged on its own."""
    _supervisor_or_404(request)
    lists = supervision_lists(user=request.user)
    pages = {
        name: Paginator(getattr(lists, name), PAGE_SIZE).get_page(request.GET.get(f"{name}_page"))
        for name in LISTS
    }
    return render(
        request, "cases/supervision/board.html", {"pages": pages, "urge_form": BulkUrgeForm()}
    )


@login_required
@require_POST
def bulk_urge(request: HttpRequest) -> HttpResponse:
    """催办 every ticked case with one note: one urge and one event per case."""
    _supervisor_or_404(request)
    form = BulkUrgeForm(request.POST)
    if not form.is_valid():
        for text in error_texts(form):
            messages.error(request, text)
        return redirect("cases:supervision")
    user: Any = request.user
    report = services.urge_cases(
        case_ids=form.cleaned_data["cases"], actor=user, note=form.cleaned_data["note"]
    )
    if report.urged:
        messages.success(
            request,
            _("Urged %(count)s cases: %(numbers)s")
            % {"count": len(report.urged), "numbers": "、".join(report.urged)},
        )
    for reason in dict.fromkeys(report.refused.values()):
        messages.error(request, reason)
    return redirect("cases:supervision")


# ---- the case page's panel ------------------------------------------------------------------------


def panel_context(user: Any, case: Case) -> dict[str, Any]:
    """What the case page's supervision panel shows this user: the case's state and the forms of
    the actions they may take now (the services decide again when one is sent)."""
    state = case_supervision(case)
    is_open = case.status in OPEN_STATES
    supervising, answering = may_supervise(user, case), may_answer(user, case)
    pending = state.extension
    offers: dict[str, StyledForm] = {}
    if supervising and is_open:
        offers["urge"] = UrgeForm(prefix="sv-urge")
    if supervising and is_open and state.order is None:
        offers["flag"] = FlagForm(prefix="sv-flag")
    if supervising and state.order is not None:
        offers["lift"] = LiftForm(prefix="sv-lift")
    if supervising and pending is not None and pending.requested_by_id != user.pk:
        offers["decide"] = DecideExtensionForm(prefix="sv-decide")
    if answering and state.open_urges:
        offers["answer"] = AnswerUrgeForm(prefix="sv-answer")
    if answering and is_open and pending is None:
        offers["extend"] = ExtensionForm(prefix="sv-extend")
    return {"state": state, "offers": offers}


def _urge(case: Case, user: User, data: dict) -> object:
    return services.urge_case(case_id=case.pk, actor=user, note=data["note"])


def _answer(case: Case, user: User, data: dict) -> object:
    return services.answer_urge(case_id=case.pk, actor=user, note=data["note"])


def _flag(case: Case, user: User, data: dict) -> object:
    return services.flag_case(case_id=case.pk, actor=user, due=data["due"], note=data["note"])


def _lift(case: Case, user: User, data: dict) -> object:
    return services.lift_supervision(case_id=case.pk, actor=user, note=data["note"])


def _extend(case: Case, user: User, data: dict) -> object:
    return services.request_extension(
        case_id=case.pk, actor=user, new_due=data["new_due"], reason=data["reason"]
    )


def _decide(case: Case, user: User, data: dict) -> object:
    if data["decision"] == "approve":
        return services.approve_extension(case_id=case.pk, actor=user, note=data["note"])
    return services.reject_extension(case_id=case.pk, actor=user, reason=data["note"])


Act = Callable[[Case, User, dict], object]
ACTIONS: dict[str, tuple[type[StyledForm], Act, Any]] = {
    "urge": (UrgeForm, _urge, _("Urge sent.")),
    "answer": (AnswerUrgeForm, _answer, _("Answer sent.")),
    "flag": (FlagForm, _flag, _("The case is under formal supervision.")),
    "lift": (LiftForm, _lift, _("Formal supervision lifted.")),
    "extend": (ExtensionForm, _extend, _("Extension requested.")),
    "decide": (DecideExtensionForm, _decide, _("Extension decided.")),
}


@login_required
@require_POST
def case_action(request: HttpRequest, number: str, what: str) -> HttpResponse:
    """One 督办 action on one case through its service; a refusal shows why and changes nothing."""
    if what not in ACTIONS:
        raise Http404
    try:
        case = case_detail(user=request.user, number=number)
    except NotFound as missing:
        raise Http404(missing.message) from None
    form_class, act, done = ACTIONS[what]
    form = form_class(request.POST, prefix=f"sv-{what}")
    if not form.is_valid():
        for text in error_texts(form):
            messages.error(request, text)
        return redirect("cases:detail", number=number)
    try:
        act(case, request.user, form.cleaned_data)  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(done))
    return redirect("cases:detail", number=number)
