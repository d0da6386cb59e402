"""REST endpoints of 互助保障: plans and claims (scoped, paged, names masked) and every claim move.

A plan or claim outside the user's scope answers 404; a move the table refuses, 409 (lianxin.rest
renders the DomainError). Approval and payment take the amount confirmed: another amount is refused.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Query, Router, Schema

from lianxin.core.api import ERRORS, ApiRequest, PageMeta, paginate
from lianxin.core.masking import mask_name
from lianxin.welfare.models.mutual_aid import Claim, Plan
from lianxin.welfare.permissions.mutual_aid import can_move_claim
from lianxin.welfare.selectors import mutual_aid as sel
from lianxin.welfare.services import mutual_aid as aid
from lianxin.welfare.states.mutual_aid import CLAIM_WORKFLOW

router = Router(tags=["welfare"])


class PageQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(25, ge=1, le=100)


class ClaimQuery(PageQuery):
    state: str = ""
    kind: str = ""
    overdue: bool = False
    plan: int | None = None


class PlanOut(Schema):
    id: int
    name: str
    org: str
    starts_on: date
    ends_on: date
    contribution: Decimal
    payer: str
    enrolled: int
    contributions: Decimal


class ClaimOut(Schema):
    id: int
    plan: int
    name: str = Field(description="The person's name, masked.")
    kind: str
    status: str
    incident_on: date
    reported_at: datetime
    due_at: datetime
    overdue: bool
    full_agency: bool
    assessed_loss: Decimal | None
    payout: Decimal | None
    case: str | None
    actions: list[str]


class PlanPage(PageMeta):
    items: list[PlanOut]


class ClaimPage(PageMeta):
    items: list[ClaimOut]


class AssessIn(Schema):
    loss: Decimal = Field(ge=0)
    disability_grade: int | None = Field(None, ge=1, le=10)


class AmountIn(Schema):
    amount: Decimal = Field(ge=0)


class ReasonIn(Schema):
    reason: str


def plan_out(p: Plan) -> dict[str, Any]:
    return {
        "id": p.pk, "name": p.name, "org": p.org.code, "starts_on": p.starts_on,
        "ends_on": p.ends_on, "contribution": p.contribution, "payer": p.payer,
        "enrolled": p.enrolled, "contributions": p.contributions,  # type: ignore[attr-defined]
    }  # fmt: skip


def claim_out(c: Claim, user: Any) -> dict[str, Any]:
    moves = CLAIM_WORKFLOW.actions_from(c.status) if can_move_claim(user, c) else []
    return {
        "id": c.pk, "plan": c.enrolment.plan_id, "name": mask_name(c.enrolment.person.name),
        "kind": c.kind, "status": c.status, "incident_on": c.incident_on,
        "reported_at": c.reported_at, "due_at": c.due_at, "overdue": aid.is_overdue(c),
        "full_agency": c.full_agency, "assessed_loss": c.assessed_loss, "payout": c.payout,
        "case": c.case.number if c.case_id and c.case else None, "actions": [str(a) for a in moves],
    }  # fmt: skip


@router.get("/plans", response={200: PlanPage, **ERRORS}, operation_id="list_aid_plans")
def list_plans(request: ApiRequest, query: Query[PageQuery]):
    """Mutual-aid plans you may see, with enrolled persons and contributions."""
    page = paginate(request, sel.plan_list(request.auth), page=query.page,
                    page_size=query.page_size)  # fmt: skip
    page["items"] = [plan_out(p) for p in page["items"]]
    return page


@router.get("/claims", response={200: ClaimPage, **ERRORS}, operation_id="list_aid_claims")
def list_claims(request: ApiRequest, query: Query[ClaimQuery]):
    """Claims you may see (names masked), filtered by state, kind, overdue and plan."""
    filters = sel.ClaimFilter(state=query.state, kind=query.kind, overdue=query.overdue,
                              plan_id=query.plan)  # fmt: skip
    rows = sel.claim_list(request.auth, filters)
    page = paginate(request, rows, page=query.page, page_size=query.page_size)
    page["items"] = [claim_out(c, request.auth) for c in page["items"]]
    return page


@router.get("/claims/{claim_id}", response={200: ClaimOut, **ERRORS}, operation_id="aid_claim")
def get_claim(request: ApiRequest, claim_id: int):
    return claim_out(sel.claim_detail(request.auth, claim_id), request.auth)


MOVE: dict[str, Any] = {"response": {200: ClaimOut, **ERRORS}}


@router.post("/claims/{claim_id}/complete_documents", **MOVE,
             operation_id="aid_claim_documents")  # fmt: skip
def complete_documents(request: ApiRequest, claim_id: int):
    claim = aid.complete_documents(actor=request.auth, claim_id=claim_id)
    return claim_out(sel.claim_detail(request.auth, claim.pk), request.auth)


@router.post("/claims/{claim_id}/assess", **MOVE, operation_id="aid_claim_assess")
def assess(request: ApiRequest, claim_id: int, payload: AssessIn):
    aid.assess_claim(actor=request.auth, claim_id=claim_id, loss=payload.loss,
                     disability_grade=payload.disability_grade)  # fmt: skip
    return claim_out(sel.claim_detail(request.auth, claim_id), request.auth)


@router.post("/claims/{claim_id}/approve", **MOVE, operation_id="aid_claim_approve")
def approve(request: ApiRequest, claim_id: int, payload: AmountIn):
    aid.approve_claim(actor=request.auth, claim_id=claim_id, amount=payload.amount)
    return claim_out(sel.claim_detail(request.auth, claim_id), request.auth)


@router.post("/claims/{claim_id}/pay", **MOVE, operation_id="aid_claim_pay")
def pay(request: ApiRequest, claim_id: int, payload: AmountIn):
    aid.pay_claim(actor=request.auth, claim_id=claim_id, amount=payload.amount)
    return claim_out(sel.claim_detail(request.auth, claim_id), request.auth)


@router.post("/claims/{claim_id}/reject", **MOVE, operation_id="aid_claim_reject")
def reject(request: ApiRequest, claim_id: int, payload: ReasonIn):
    aid.reject_claim(actor=request.auth, claim_id=claim_id, reason=payload.reason)
    return claim_out(sel.claim_detail(request.auth, claim_id), request.auth)
