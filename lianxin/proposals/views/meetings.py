"""议事厅 pages: meetings with agenda, attendees, minutes and resolutions; 厂务公开 of the minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core.errors import DomainError, NotFound
from lianxin.proposals import exports, permissions, selectors, services
from lianxin.proposals.forms import (
    RESOLUTION_FORMS,
    AgendaItemForm,
    AttendeeForm,
    MeetingForm,
    MinutesForm,
    ResolutionForm,
)
from lianxin.proposals.states import (
    RESOLUTION_ACTION_LABELS,
    ResolutionAction,
    ResolutionStatus,
)


def _meeting_or_404(request, meeting_id):
    try:
        return selectors.meeting_detail(user=request.user, meeting_id=meeting_id)
    except NotFound:
        raise Http404 from None


@login_required
def meeting_list(request):
    context = {
        "meetings": selectors.meeting_list(user=request.user)[:200],
        "can_create": selectors.handled_enterprises(user=request.user).exists(),
    }
    return render(request, "proposals/meetings.html", context)


@login_required
def meeting_new(request):
    orgs = selectors.handled_enterprises(user=request.user)
    form = MeetingForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("proposals:meeting", meeting.pk)
    return render(request, "proposals/meeting_new.html", {"form": form})


@login_required
def meeting(request, meeting_id):
    """The meeting: agenda, attendees, minutes, resolutions with their moves."""
    m = _meeting_or_404(request, meeting_id)
    manage = permissions.can_manage_meeting(request.user, m)
    resolutions = [
        (
            r,
            [
                (a, RESOLUTION_ACTION_LABELS[a], RESOLUTION_FORMS[a](prefix=f"r{r.pk}-{a}"))
                for a in permissions.allowed_resolution_actions(request.user, r)
            ],
        )
        for r in m.resolutions.all()
    ]
    context = {
        "meeting": m,
        "manage": manage,
        "resolutions": resolutions,
        "timeline": selectors.timeline(target=m),
        "agenda_form": AgendaItemForm(prefix="agenda") if manage else None,
        "attendee_form": AttendeeForm(prefix="attendee") if manage else None,
        "minutes_form": MinutesForm(prefix="minutes", initial={"minutes": m.minutes})
        if manage and not m.minutes_published_at
        else None,
        "resolution_form": ResolutionForm(prefix="resolution") if manage else None,
    }
    return render(request, "proposals/meeting.html", context)


def _back(request, meeting_id, call):
    """Run one service call; a refusal shows why and changes nothing."""
    try:
        call()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("proposals:meeting", meeting_id)


def _invalid(request, meeting_id, form):
    messages.error(request, " ".join(e for es in form.errors.values() for e in es))
    return redirect("proposals:meeting", meeting_id)


@login_required
@require_POST
def meeting_agenda(request, meeting_id):
    form = AgendaItemForm(request.POST, prefix="agenda")
    if not form.is_valid():
        return _invalid(request, meeting_id, form)
    d = form.cleaned_data
    return _back(request, meeting_id, lambda: services.add_agenda_item(
        meeting_id=meeting_id, actor=request.user, text=d["text"],
        case_number=d["case_number"].strip(), proposal_id=d["proposal_id"],
    ))  # fmt: skip


@login_required
@require_POST
def meeting_attendee(request, meeting_id):
    form = AttendeeForm(request.POST, prefix="attendee")
    if not form.is_valid():
        return _invalid(request, meeting_id, form)
    return _back(request, meeting_id, lambda: services.add_attendee(
        meeting_id=meeting_id, actor=request.user, **form.cleaned_data
    ))  # fmt: skip


@login_required
@require_POST
def meeting_minutes(request, meeting_id):
    form = MinutesForm(request.POST, prefix="minutes")
    if not form.is_valid():
        return _invalid(request, meeting_id, form)
    return _back(request, meeting_id, lambda: services.record_minutes(
        meeting_id=meeting_id, actor=request.user, minutes=form.cleaned_data["minutes"]
    ))  # fmt: skip


@login_required
@require_POST
def meeting_publish(request, meeting_id):
    return _back(request, meeting_id, lambda: services.publish_minutes(
        meeting_id=meeting_id, actor=request.user
    ))  # fmt: skip


@login_required
@require_POST
def resolution_add(request, meeting_id):
    form = ResolutionForm(request.POST, prefix="resolution")
    if not form.is_valid():
        return _invalid(request, meeting_id, form)
    d = form.cleaned_data
    return _back(request, meeting_id, lambda: services.add_resolution(
        meeting_id=meeting_id, actor=request.user, text=d["text"], owner_name=d["owner_name"],
        owner_username=d["owner_username"], due=d["due"],
    ))  # fmt: skip


MOVES = {
    ResolutionAction.COMPLETE: lambda r, u, note: services.complete_resolution(
        resolution_id=r, actor=u, outcome=note
    ),
    ResolutionAction.DROP: lambda r, u, note: services.drop_resolution(
        resolution_id=r, actor=u, reason=note
    ),
}


@login_required
@require_POST
def resolution_act(request, meeting_id, resolution_id, action):
    try:
        move = ResolutionAction(action)
    except ValueError:
        raise Http404 from None
    form = RESOLUTION_FORMS[move](request.POST, prefix=f"r{resolution_id}-{move}")
    if not form.is_valid():
        return _invalid(request, meeting_id, form)
    return _back(request, meeting_id, lambda: MOVES[move](
        resolution_id, request.user, form.cleaned_data["note"]
    ))  # fmt: skip


@login_required
def resolutions(request):
    """Every resolution the user may see, open ones first by deadline; overdue ones marked."""
    status = request.GET.get("status", ResolutionStatus.OPEN)
    status = status if status in ResolutionStatus.values else ""
    rows = selectors.resolution_list(user=request.user, status=status)[:500]
    context = {"rows": rows, "status": status, "statuses": ResolutionStatus.choices}
    return render(request, "proposals/resolutions.html", context)


@login_required
def resolutions_export(request):
    return exports.resolutions_workbook(selectors.resolution_list(user=request.user))


def public_minutes(request, org_code):
    """厂务公开: an enterprise's published minutes and how each resolution stands (no login)."""
    try:
        org, meetings = selectors.published_meetings(org_code=org_code)
    except NotFound:
        raise Http404 from None
    return render(request, "proposals/public_minutes.html", {"org": org, "meetings": meetings})
