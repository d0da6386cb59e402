"""REST endpoints of 送温暖 campaigns: the lists (scoped, paged, masked) and every move (409 refused).

Each handler translates HTTP into one selector or service call and back. A recipient's name is
masked in every answer and the ID number is never given; outside one's scope a campaign or a
recipient answers 404, a move the table refuses 409 (lianxin.rest renders the DomainError).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Query, Router, Schema, Status

from lianxin.core.api import ERRORS, ApiRequest, Code, Line, PageMeta, paginate
from lianxin.core.masking import mask_name
from lianxin.members.states import EmploymentForm
from lianxin.welfare.models.warmth import Campaign, Recipient
from lianxin.welfare.permissions.warmth import can_run_campaign, may_move
from lianxin.welfare.selectors import warmth as selectors
from lianxin.welfare.services import warmth as services
from lianxin.welfare.states.warmth import (
    CAMPAIGN_WORKFLOW,
    RECIPIENT_WORKFLOW,
    CampaignState,
    DeliveryKind,
    Reason,
    RecipientState,
)

router = Router(tags=["welfare: 送温暖"])


class OrgRef(Schema):
    code: str
    name: str


class CampaignOut(Schema):
    id: int
    name: str
    org: OrgRef
    starts_on: date
    ends_on: date
    budget: Decimal
    standard: Decimal
    state: str
    delivered: int = Field(description="人次: delivered recipients (a duplicate never counts).")
    spent: Decimal
    actions: list[str]


class CampaignPage(PageMeta):
    items: list[CampaignOut]


class DeliveryOut(Schema):
    kind: str
    value: Decimal
    delivered_on: date


class RecipientOut(Schema):
    """One listing: the person's name masked (张*), never their ID number or phone."""

    id: int
    campaign_id: int
    person_id: int
    name: str
    employment_form: str
    org: OrgRef
    reason: str
    planned_value: Decimal
    state: str
    duplicate_of: int | None
    delivery: DeliveryOut | None
    actions: list[str]


class RecipientPage(PageMeta):
    items: list[RecipientOut]


class ListQuery(Schema):
    state: str | None = None
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)


class RecipientQuery(ListQuery):
    org: Code | None = Field(None, description="An org code in your scope (its subtree).")


class RecipientIn(Schema):
    org: Code = Field(description="The listing union (in the campaign's subtree).")
    id_number: Line = Field(
        description="The person's resident ID number (found by it, never shown)."
    )
    name: Line = Field("", description="Needed only for a person not yet in your registry.")
    employment_form: EmploymentForm = EmploymentForm.EMPLOYEE
    reason: Reason
    planned_value: Decimal | None = Field(None, ge=0, description="Default: the standard.")


class DeliveryIn(Schema):
    kind: DeliveryKind
    value: Decimal = Field(gt=0)
    delivered_on: date


def campaign_out(c: Campaign, user: Any) -> dict[str, Any]:
    runs = can_run_campaign(user, c)
    return {
        "id": c.pk, "name": c.name, "org": {"code": c.org.code, "name": c.org.name},
        "starts_on": c.starts_on, "ends_on": c.ends_on, "budget": c.budget,
        "standard": c.standard, "state": c.state, "delivered": getattr(c, "delivered", 0),
        "spent": (getattr(c, "spent", None) or Decimal("0")).quantize(Decimal("0.01")),
        "actions": [str(a) for a in CAMPAIGN_WORKFLOW.actions_from(c.state) if runs],
    }  # fmt: skip


def recipient_out(r: Recipient, user: Any) -> dict[str, Any]:
    delivery = getattr(r, "delivery", None) if r.state == RecipientState.DELIVERED else None
    return {
        "id": r.pk, "campaign_id": r.campaign_id, "person_id": r.person_id,
        "name": mask_name(r.person.name), "employment_form": r.person.employment_form,
        "org": {"code": r.org.code, "name": r.org.name}, "reason": r.reason,
        "planned_value": r.planned_value, "state": r.state, "duplicate_of": r.duplicate_of_id,
        "delivery": None if delivery is None else {
            "kind": delivery.kind, "value": delivery.value, "delivered_on": delivery.delivered_on,
        },
        "actions": [str(a) for a in RECIPIENT_WORKFLOW.actions_from(r.state)
                    if may_move(user, a, r)],
    }  # fmt: skip


@router.get("/campaigns", response={200: CampaignPage, **ERRORS}, operation_id="warmth_campaigns")
def list_campaigns(request: ApiRequest, filters: Query[ListQuery]):
    """送温暖 campaigns you may see, newest first, with 人次 and the amount delivered."""
    state = filters.state if filters.state in CampaignState.values else ""
    rows = selectors.campaign_list(request.auth, state=state or "")
    page = paginate(request, rows, page=filters.page, page_size=filters.page_size)
    page["items"] = [campaign_out(c, request.auth) for c in page["items"]]
    return page


@router.get(
    "/campaigns/{campaign_id}/recipients",
    response={200: RecipientPage, **ERRORS}, operation_id="warmth_recipients",
)  # fmt: skip
def list_recipients(request: ApiRequest, campaign_id: int, filters: Query[RecipientQuery]):
    """The campaign's listings you may read (your union's subtree), names masked, no ID numbers."""
    user = request.auth
    campaign = selectors.campaign_detail(user, campaign_id)
    org = selectors.org_for_code(user, filters.org) if filters.org else None
    state = filters.state if filters.state in RecipientState.values else ""
    rows = selectors.recipient_list(user, campaign, state=state or "", org=org)
    page = paginate(request, rows, page=filters.page, page_size=filters.page_size)
    page["items"] = [recipient_out(r, user) for r in page["items"]]
    return page


def _campaign(request: ApiRequest, campaign_id: int) -> dict[str, Any]:
    return campaign_out(selectors.campaign_detail(request.auth, campaign_id), request.auth)


CAMPAIGN_MOVE: dict[str, Any] = {"response": {200: CampaignOut, **ERRORS}}
RECIPIENT_MOVE: dict[str, Any] = {"response": {200: RecipientOut, **ERRORS}}


@router.post("/campaigns/{campaign_id}/open", operation_id="warmth_open_campaign", **CAMPAIGN_MOVE)
def open_campaign(request: ApiRequest, campaign_id: int):
    """draft → open (the organising federation's staff)."""
    services.open_campaign(actor=request.auth, campaign_id=campaign_id)
    return _campaign(request, campaign_id)


@router.post(
    "/campaigns/{campaign_id}/close", operation_id="warmth_close_campaign", **CAMPAIGN_MOVE
)
def close_campaign(request: ApiRequest, campaign_id: int):
    """open → closed (the organising federation's staff)."""
    services.close_campaign(actor=request.auth, campaign_id=campaign_id)
    return _campaign(request, campaign_id)


def _new_recipient(request: ApiRequest, payload: RecipientIn) -> services.NewRecipient:
    return services.new_recipient_by_id(
        request.auth, org=selectors.org_for_code(request.auth, payload.org),
        id_number=payload.id_number, reason=payload.reason, planned_value=payload.planned_value,
        name=payload.name, employment_form=payload.employment_form,
    )  # fmt: skip


@router.post(
    "/campaigns/{campaign_id}/recipients",
    response={201: RecipientOut, **ERRORS}, operation_id="warmth_add_recipient",
)  # fmt: skip
def add_recipient(request: ApiRequest, campaign_id: int, payload: RecipientIn):
    """List a person (by ID number); a second level listing the same person is flagged."""
    recipient = services.add_recipient(
        actor=request.auth, campaign_id=campaign_id, new=_new_recipient(request, payload)
    )
    return Status(201, _recipient(request, recipient.pk))


def _recipient(request: ApiRequest, recipient_id: int) -> dict[str, Any]:
    return recipient_out(selectors.recipient_detail(request.auth, recipient_id), request.auth)


@router.post("/recipients/{recipient_id}/deliver", operation_id="warmth_deliver", **RECIPIENT_MOVE)
def deliver(request: ApiRequest, recipient_id: int, payload: DeliveryIn):
    """Record what was delivered (listed → delivered); a flagged duplicate answers 409."""
    services.record_delivery(
        actor=request.auth, recipient_id=recipient_id, kind=payload.kind, value=payload.value,
        delivered_on=payload.delivered_on,
    )  # fmt: skip
    return _recipient(request, recipient_id)


@router.post(
    "/recipients/{recipient_id}/withdraw", operation_id="warmth_withdraw", **RECIPIENT_MOVE
)
def withdraw(request: ApiRequest, recipient_id: int):
    """listed → withdrawn (the listing union)."""
    services.withdraw_recipient(actor=request.auth, recipient_id=recipient_id)
    return _recipient(request, recipient_id)


@router.post("/recipients/{recipient_id}/keep", operation_id="warmth_keep", **RECIPIENT_MOVE)
def keep(request: ApiRequest, recipient_id: int):
    """Clear a duplicate flag, keeping this listing (the other must be withdrawn first)."""
    services.keep_listing(actor=request.auth, recipient_id=recipient_id)
    return _recipient(request, recipient_id)


@router.post(
    "/recipients/{recipient_id}/confirm-duplicate",
    operation_id="warmth_confirm_duplicate", **RECIPIENT_MOVE,
)  # fmt: skip
def confirm_duplicate(request: ApiRequest, recipient_id: int):
    """Confirm a flagged listing repeats another: it is withdrawn."""
    services.confirm_duplicate(actor=request.auth, recipient_id=recipient_id)
    return _recipient(request, recipient_id)
