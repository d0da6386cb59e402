"""Activities pages: the public list and an activity's page (sign up, with confirmation), a worker's
own sign-ups, the organiser's roster (waiting list, completion) with attendance per session on a
phone, and the figures (人次).

Each view translates to one selector or service call and back. A roster outside the user's scope
answers 404; persons are shown masked.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.activities import metrics, selectors, services
from lianxin.activities.forms import (
    ActivityForm,
    KindFilterForm,
    PeriodForm,
    SessionForm,
    StaffSignUpForm,
)
from lianxin.activities.models import Activity, SignUp
from lianxin.activities.permissions import (
    can_organise,
    can_see_roster,
    may_cancel,
    organising_orgs,
    roster_orgs,
)
from lianxin.activities.states import ACTION_LABELS, Kind, SignUpAction, actions_from
from lianxin.core.errors import DomainError, NotFound
from lianxin.core.forms import error_texts
from lianxin.core.masking import mask_name
from lianxin.members.selectors import own_person
from lianxin.members.services.people import today
from lianxin.members.states import EmploymentForm

PAGE_SIZE = 20
ROSTER_PAGE_SIZE = 50
STAFF_CHOICES_MAX = 500
MOVES: dict[SignUpAction, Callable[..., SignUp]] = {
    SignUpAction.COMPLETE: services.complete_signup,
    SignUpAction.NO_SHOW: services.mark_no_show,
    SignUpAction.CANCEL: services.cancel_signup,
}


def _public(activity_id: int) -> Activity:
    try:
        return selectors.public_activity(activity_id)
    except NotFound:
        raise Http404 from None


def _roster_activity(request: Any, activity_id: int) -> Activity:
    try:
        return selectors.roster_activity(request.user, activity_id)
    except NotFound:
        raise Http404 from None


def activity_list(request: Any) -> HttpResponse:
    """Public: activities open for sign-up, filtered by kind, soonest closing first."""
    form = KindFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    rows = selectors.open_activities(kind=kind)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "kind": kind, "query": urlencode({"kind": kind})}
    return render(request, "activities/list.html", context)


def _forms_label(activity: Activity) -> str:
    labels = dict(EmploymentForm.choices)
    return "、".join(str(labels[f]) for f in activity.employment_forms if f in labels)


def _staff_form(request: Any) -> StaffSignUpForm | None:
    if not request.user.is_authenticated:
        return None
    persons = selectors.signable_persons(request.user)[:STAFF_CHOICES_MAX]
    choices = [(p.pk, f"{mask_name(p.name)} · #{p.pk}") for p in persons]
    return StaffSignUpForm(persons=choices) if choices else None


def activity_detail(request: Any, activity_id: int) -> HttpResponse:
    """An activity: places, places left, the waiting count, and the sign-up button."""
    activity = _public(activity_id)
    person = own_person(request.user)
    mine = selectors.own_signup(person, activity)
    context = {
        "activity": activity, "places_left": activity.places_left,
        "forms_label": _forms_label(activity), "person": person, "mine": mine,
        "mine_position": selectors.waiting_position(mine) if mine else None,
        "staff_form": _staff_form(request), "roster": can_see_roster(request.user, activity),
        "full": activity.places_left == 0,
    }  # fmt: skip
    return render(request, "activities/detail.html", context)


@login_required
@require_POST
def sign_up(request: Any, activity_id: int) -> HttpResponse:
    """Sign up the signed-in worker, or (from the staff form) one of their members."""
    _public(activity_id)
    person_id = _person_to_sign_up(request)
    if person_id is None:
        messages.error(request, not_registered_message())
        return redirect("activities:detail", activity_id)
    try:
        signup = services.sign_up(actor=request.user, activity_id=activity_id, person_id=person_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _signed_message(signup))
    return redirect("activities:detail", activity_id)


def not_registered_message() -> str:
    return _(
        "Your account is not linked to a person record yet. Join the union on the “My membership” "
        "page, or ask your union to register you; then you can sign up here."
    )


def _person_to_sign_up(request: Any) -> int | None:
    raw = request.POST.get("person", "")
    if raw:
        try:
            return int(raw)
        except ValueError:
            raise Http404 from None
    person = own_person(request.user)
    return person.pk if person else None


def _signed_message(signup: SignUp) -> str:
    position = selectors.waiting_position(signup)
    if position is not None:
        return _("The activity is full: on the waiting list, number %(n)s.") % {"n": position}
    return _("Signed up. A place is held.")


@login_required
@require_POST
def cancel(request: Any, signup_id: int) -> HttpResponse:
    signup = SignUp.objects.select_related("activity__org", "person").filter(pk=signup_id).first()
    if signup is None or not may_cancel(request.user, signup):
        raise Http404
    try:
        services.cancel_signup(actor=request.user, signup_id=signup_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The sign-up is cancelled."))
    if request.POST.get("back") == "detail":
        return redirect("activities:detail", signup.activity_id)
    return redirect("activities:mine")


@login_required
def mine(request: Any) -> HttpResponse:
    """我的报名: the worker's own sign-ups, newest first."""
    person = own_person(request.user)
    rows = selectors.my_signups(person)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(s, selectors.waiting_position(s)) for s in page.object_list]
    context = {"page": page, "items": items, "person": person,
               "not_registered": not_registered_message()}  # fmt: skip
    return render(request, "activities/mine.html", context)


@login_required
def organised(request: Any) -> HttpResponse:
    """The activities of the user's scope with their counts: the way to each roster."""
    if not roster_orgs(request.user).exists():
        raise Http404
    page = Paginator(selectors.organised_activities(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    orgs = organising_orgs(request.user).order_by("path")
    form = ActivityForm(orgs=orgs) if orgs.exists() else None
    return render(request, "activities/organised.html", {"page": page, "form": form})


@login_required
@require_POST
def activity_new(request: Any) -> HttpResponse:
    form = ActivityForm(request.POST, orgs=organising_orgs(request.user))
    if not form.is_valid():
        for text in error_texts(form):
            messages.error(request, text)
        return redirect("activities:organised")
    data = dict(form.cleaned_data)
    org = data.pop("org")
    data["description"], data["place"] = data["description"] or "", data["place"] or ""
    try:
        activity = services.create_activity(
            actor=request.user, org=org, new=services.NewActivity(**data)
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("activities:organised")
    return redirect("activities:roster", activity.pk)


@login_required
def roster(request: Any, activity_id: int) -> HttpResponse:
    """The organiser's roster: places in order, then the waiting list; sessions; moves."""
    activity = _roster_activity(request, activity_id)
    page = Paginator(selectors.roster(activity), ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    organises = can_organise(request.user, activity)
    rows = [_roster_row(s, organises) for s in page.object_list]
    context = {
        "activity": activity, "page": page, "rows": rows, "organises": organises,
        "sessions": selectors.sessions(activity),
        "session_form": SessionForm() if organises else None,
    }  # fmt: skip
    return render(request, "activities/roster.html", context)


def _roster_row(s: SignUp, organises: bool) -> dict[str, Any]:
    moves = [(a.value, ACTION_LABELS[a]) for a in actions_from(s.state) if a in MOVES]
    return {"s": s, "name": mask_name(s.person.name), "position": selectors.rank_of(s),
            "moves": moves if organises else []}  # fmt: skip


@login_required
@require_POST
def move(request: Any, signup_id: int, action: str) -> HttpResponse:
    signup = SignUp.objects.select_related("activity__org").filter(pk=signup_id).first()
    if signup is None or action not in MOVES or not can_see_roster(request.user, signup.activity):
        raise Http404
    try:
        MOVES[SignUpAction(action)](actor=request.user, signup_id=signup_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        label = ACTION_LABELS[SignUpAction(action)]
        messages.success(request, _("Done: %(move)s.") % {"move": label})
    return redirect("activities:roster", signup.activity_id)


@login_required
@require_POST
def session_new(request: Any, activity_id: int) -> HttpResponse:
    activity = _roster_activity(request, activity_id)
    form = SessionForm(request.POST)
    if not form.is_valid():
        for text in error_texts(form):
            messages.error(request, text)
        return redirect("activities:roster", activity.pk)
    try:
        services.add_session(actor=request.user, activity_id=activity.pk, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("activities:roster", activity.pk)


@login_required
def session(request: Any, session_id: int) -> HttpResponse:
    """Attendance of one session on a phone: a tick per person holding a place."""
    try:
        found = selectors.session_for_roster(request.user, session_id)
    except NotFound:
        raise Http404 from None
    if request.method == "POST":
        return _record(request, found.pk)
    present = selectors.present_ids(found)
    rows = [
        {"s": s, "name": mask_name(s.person.name), "present": s.pk in present}
        for s in selectors.attending(found.activity)
    ]
    context = {"session": found, "activity": found.activity, "rows": rows,
               "organises": can_organise(request.user, found.activity)}  # fmt: skip
    return render(request, "activities/session.html", context)


def _record(request: Any, session_id: int) -> HttpResponse:
    try:
        present = {int(v) for v in request.POST.getlist("present")}
    except ValueError:
        raise Http404 from None
    try:
        services.record_attendance(actor=request.user, session_id=session_id, present=present)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Attendance saved: %(n)s present.") % {"n": len(present)})
    return redirect("activities:session", session_id)


@login_required
def figures(request: Any) -> HttpResponse:
    """人次 and the other figures of an org subtree over a period, by kind."""
    orgs = roster_orgs(request.user).order_by("path")
    org = orgs.filter(code=request.GET.get("org", "")).first() or orgs.first()
    if org is None:
        raise Http404
    form = PeriodForm(request.GET or None, initial=PeriodForm.default(today()))
    period = _period(form)
    labels = dict(Kind.choices)
    result = metrics.figures(org, *period)
    rows = [(labels[k], v) for k, v in result.by_kind.items()]
    context = {"org": org, "orgs": orgs[:200], "form": form, "figures": result, "rows": rows}
    return render(request, "activities/figures.html", context)


def _period(form: PeriodForm) -> tuple[date, date]:
    if form.is_bound and form.is_valid():
        return form.cleaned_data["start"], form.cleaned_data["end"]
    default = PeriodForm.default(today())
    return default["start"], default["end"]
