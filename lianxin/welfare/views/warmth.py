"""送温暖 pages: campaigns, a campaign (budget against spent, progress by child org), its recipients
(add by ID number, record a delivery confirmed with its value), the duplicates to decide, the export.

Each view translates to one selector or service call and back. A campaign outside the user's reach
answers 404; a recipient list shows only the listings of the user's own subtree (names masked, ID
numbers never).
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core.errors import DomainError, NotFound
from lianxin.core.excel import xlsx_response
from lianxin.core.forms import error_texts
from lianxin.core.masking import mask_name
from lianxin.members.services.people import today
from lianxin.members.states import EmploymentForm
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org, OrgKind
from lianxin.welfare.forms.warmth import CampaignForm, DeliveryForm, RecipientForm
from lianxin.welfare.metrics import warmth as metrics
from lianxin.welfare.models.warmth import Campaign, Recipient
from lianxin.welfare.permissions.warmth import (
    ACTING_ROLES,
    SEEING_ROLES,
    can_run_campaign,
    may_move,
)
from lianxin.welfare.selectors import warmth as selectors
from lianxin.welfare.services import warmth as services
from lianxin.welfare.states.warmth import (
    CAMPAIGN_ACTION_LABELS,
    CAMPAIGN_WORKFLOW,
    RECIPIENT_ACTION_LABELS,
    RECIPIENT_WORKFLOW,
    CampaignAction,
    CampaignState,
    DeliveryKind,
    RecipientAction,
    RecipientState,
)

PAGE_SIZE = 25
EXPORT_HEADERS = ["姓名", "就业形态", "类别", "添加单位", "计划金额", "状态", "重复标记", "发放方式",
                  "发放金额", "发放日期"]  # fmt: skip
RECIPIENT_MOVES = {a.value: a for a in RecipientAction if a != RecipientAction.DELIVER}
SERVICE_OF = {
    RecipientAction.WITHDRAW: services.withdraw_recipient,
    RecipientAction.KEEP: services.keep_listing,
    RecipientAction.CONFIRM_DUPLICATE: services.confirm_duplicate,
}


def _seeing(request: Any) -> None:
    if not org_perms.orgs_reached(request.user, SEEING_ROLES).exists():
        raise Http404


def _campaign(request: Any, campaign_id: int) -> Campaign:
    try:
        return selectors.campaign_detail(request.user, campaign_id)
    except NotFound:
        raise Http404 from None


def _federations(request: Any) -> Any:
    return org_perms.orgs_reached(request.user, ACTING_ROLES).filter(kind=OrgKind.FEDERATION)


@login_required
def campaigns(request: Any) -> HttpResponse:
    """送温暖活动: the campaigns the user may see, newest first, with 人次 and the amount spent."""
    _seeing(request)
    page = Paginator(selectors.campaign_list(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    federations = _federations(request)
    form = CampaignForm(orgs=federations) if federations.exists() else None
    return render(request, "welfare/warmth/campaigns.html", {"page": page, "form": form})


@login_required
@require_POST
def campaign_new(request: Any) -> HttpResponse:
    form = CampaignForm(request.POST, orgs=_federations(request))
    if not form.is_valid():
        for text in error_texts(form):
            messages.error(request, text)
        return redirect("welfare:warmth_campaigns")
    data = form.cleaned_data
    new = services.NewCampaign(data["name"], data["starts_on"], data["ends_on"], data["budget"],
                               data["standard"])  # fmt: skip
    try:
        campaign = services.create_campaign(actor=request.user, org=data["org"], new=new)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("welfare:warmth_campaigns")
    return redirect("welfare:warmth_campaign", campaign.pk)


@login_required
def campaign(request: Any, campaign_id: int) -> HttpResponse:
    """The campaign: budget against spent, progress by child org and by employment form."""
    found = _campaign(request, campaign_id)
    tally = metrics.campaign_tally(found)
    runs = can_run_campaign(request.user, found)
    moves = [(a, CAMPAIGN_ACTION_LABELS[a]) for a in CAMPAIGN_WORKFLOW.actions_from(found.state)]
    context = {
        "campaign": found, "tally": tally, "remaining": found.budget - tally.amount,
        "children": metrics.by_child(found), "forms": _form_rows(found),
        "moves": moves if runs else [],
        "runs": runs,
    }  # fmt: skip
    return render(request, "welfare/warmth/campaign.html", context)


def _form_rows(found: Campaign) -> list[tuple[Any, metrics.Tally]]:
    labels = dict(EmploymentForm.choices)
    rows = metrics.by_employment_form(found).items()
    return [(labels[form], tally) for form, tally in rows if tally.delivered]


@login_required
@require_POST
def campaign_move(request: Any, campaign_id: int, action: str) -> HttpResponse:
    _campaign(request, campaign_id)
    move = {
        CampaignAction.OPEN: services.open_campaign,
        CampaignAction.CLOSE: services.close_campaign,
    }
    if action not in CampaignAction.__members__.values():
        raise Http404
    try:
        move[CampaignAction(action)](actor=request.user, campaign_id=campaign_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Done: %(move)s.") % {"move": CAMPAIGN_ACTION_LABELS[CampaignAction(action)]}
        )
    return redirect("welfare:warmth_campaign", campaign_id)


def _listing_orgs(request: Any, found: Campaign) -> Any:
    """The unions of the campaign the user may list for (empty unless the campaign is open)."""
    if found.state != CampaignState.OPEN:
        return Org.objects.none()
    reached = org_perms.orgs_reached(request.user, ACTING_ROLES)
    inside = reached.subtree_of(found.org).exclude(kind=OrgKind.PARTNER).filter(is_active=True)
    return inside.order_by("path")


def _row(request: Any, r: Recipient) -> dict[str, Any]:
    actions = [a for a in RECIPIENT_WORKFLOW.actions_from(r.state) if may_move(request.user, a, r)]
    return {
        "r": r, "name": mask_name(r.person.name),
        "delivery": getattr(r, "delivery", None) if r.state == RecipientState.DELIVERED else None,
        "actions": [(a, RECIPIENT_ACTION_LABELS[a]) for a in actions],
    }  # fmt: skip


@login_required
def recipients(request: Any, campaign_id: int) -> HttpResponse:
    """The campaign's listings the user may read, newest first, and the form to add one."""
    found = _campaign(request, campaign_id)
    state = request.GET.get("state", "")
    rows = selectors.recipient_list(
        request.user, found, state=state if state in RecipientState.values else ""
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    orgs = _listing_orgs(request, found)
    form = RecipientForm(orgs=orgs) if orgs.exists() else None
    context = {
        "campaign": found, "page": page, "rows": [_row(request, r) for r in page.object_list],
        "form": form, "state": state, "states": RecipientState.choices,
        "query": f"state={state}" if state else "",
    }  # fmt: skip
    return render(request, "welfare/warmth/recipients.html", context)


@login_required
@require_POST
def recipient_add(request: Any, campaign_id: int) -> HttpResponse:
    found = _campaign(request, campaign_id)
    form = RecipientForm(request.POST, orgs=_listing_orgs(request, found))
    if not form.is_valid():
        for text in error_texts(form):
            messages.error(request, text)
        return redirect("welfare:warmth_recipients", campaign_id)
    data = form.cleaned_data
    try:
        new = services.new_recipient_by_id(
            request.user, org=data["org"], id_number=data["id_number"], reason=data["reason"],
            planned_value=data["planned_value"], name=data["name"],
            employment_form=data["employment_form"],
        )  # fmt: skip
        added = services.add_recipient(actor=request.user, campaign_id=campaign_id, new=new)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if added.state == RecipientState.FLAGGED:
            messages.warning(request, _("This person is already listed by another level of the "
                                        "campaign: the listing is flagged for the federation to "
                                        "decide and cannot be delivered yet."))  # fmt: skip
        else:
            messages.success(request, _("Listed."))
    return redirect("welfare:warmth_recipients", campaign_id)


def _recipient(request: Any, recipient_id: int) -> Recipient:
    try:
        return selectors.recipient_detail(request.user, recipient_id)
    except NotFound:
        raise Http404 from None


@login_required
def deliver(request: Any, recipient_id: int) -> HttpResponse:
    """Record a delivery: the form, then a confirmation with the value shown, then the move."""
    found = _recipient(request, recipient_id)
    if not may_move(request.user, RecipientAction.DELIVER, found):
        raise Http404
    initial = {"value": found.planned_value, "delivered_on": today(), "kind": "cash"}
    form = DeliveryForm(request.POST or None, initial=initial)
    context = {"r": found, "name": mask_name(found.person.name), "form": form, "confirm": False}
    if request.method != "POST" or not form.is_valid():
        return render(request, "welfare/warmth/deliver.html", context)
    data = {**form.cleaned_data, "value": form.cleaned_data["value"].quantize(Decimal("0.01"))}
    if request.POST.get("confirmed") != "1":
        return render(
            request,
            "welfare/warmth/deliver.html",
            {
                **context,
                "confirm": True,
                "data": data,
                "kind_label": DeliveryKind(data["kind"]).label,
            },
        )
    try:
        services.record_delivery(
            actor=request.user, recipient_id=found.pk, kind=data["kind"], value=data["value"],
            delivered_on=data["delivered_on"],
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message)
        return render(request, "welfare/warmth/deliver.html", context)
    messages.success(request, _("Delivery of ¥%(value)s recorded.") % {"value": data["value"]})
    return redirect("welfare:warmth_recipients", found.campaign_id)


@login_required
@require_POST
def recipient_move(request: Any, recipient_id: int, action: str) -> HttpResponse:
    """Withdraw a listing, or decide a flagged duplicate (keep it, or withdraw it as a duplicate)."""
    found = _recipient(request, recipient_id)
    if action not in RECIPIENT_MOVES:
        raise Http404
    move = RECIPIENT_MOVES[action]
    try:
        SERVICE_OF[move](actor=request.user, recipient_id=found.pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done: %(move)s.") % {"move": RECIPIENT_ACTION_LABELS[move]})
    target = (
        "welfare:warmth_duplicates"
        if request.POST.get("back") == "duplicates"
        else "welfare:warmth_recipients"
    )
    return redirect(target, found.campaign_id)


@login_required
def duplicates(request: Any, campaign_id: int) -> HttpResponse:
    """Listings flagged as cross-level duplicates, each beside the listing it repeats."""
    found = _campaign(request, campaign_id)
    rows = selectors.flagged_duplicates(request.user, found)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = [
        {**_row(request, r), "other": r.duplicate_of,
         "other_name": mask_name(r.duplicate_of.person.name) if r.duplicate_of else ""}
        for r in page.object_list
    ]  # fmt: skip
    return render(
        request, "welfare/warmth/duplicates.html", {"campaign": found, "page": page, "rows": shown}
    )


@login_required
def export(request: Any, campaign_id: int) -> HttpResponse:
    """The recipient list the user may read, as Excel: names masked, ID numbers never."""
    found = _campaign(request, campaign_id)
    rows = selectors.recipient_list(request.user, found)
    return xlsx_response(
        filename=f"送温暖名单-{found.pk}.xlsx", sheet="送温暖名单", headers=EXPORT_HEADERS,
        rows=(_export_row(r) for r in rows.iterator(chunk_size=500)),
    )  # fmt: skip


def _export_row(r: Recipient) -> list[Any]:
    d = getattr(r, "delivery", None) if r.state == RecipientState.DELIVERED else None
    return [
        mask_name(r.person.name), r.person.get_employment_form_display(), r.get_reason_display(),
        r.org.name, r.planned_value, r.get_state_display(),
        _("Duplicate of #%(id)s") % {"id": r.duplicate_of_id} if r.duplicate_of_id else "",
        d.get_kind_display() if d else "", d.value if d else "",
        d.delivered_on if d else None,
    ]  # fmt: skip
