"""REST endpoints of the proposals app, mounted on the project's API at /api/proposals/.

Reads only: the pipeline, one's own proposals, one proposal with its steps, the figures of an org,
and the overdue meeting resolutions. Each handler calls one selector and shapes its answer.
"""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from lianxin.cases.metrics import Scope
from lianxin.cases.schemas import RateOut
from lianxin.core.api import (
    DEFAULT_PAGE_SIZE,
    ERRORS,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    ApiRequest,
    PageMeta,
)
from lianxin.core.api import paginate as paginate_rows
from lianxin.core.errors import NotFound
from lianxin.orgs.permissions import visible_orgs
from lianxin.proposals import metrics, permissions, selectors
from lianxin.proposals.models import Proposal
from lianxin.proposals.states import EVENT_LABELS, Status

router = Router(tags=["proposals"])


# A name of its own: the cases' Status enum is already a component of the API's schema.
ProposalStatus = Literal[tuple(Status.values)]  # type: ignore[valid-type]


class ProposalOut(Schema):
    id: int
    number: str
    title: str
    enterprise: str = Field(description="The enterprise's org code.")
    status: ProposalStatus  # type: ignore[valid-type]
    status_label: str
    proposers: list[str]
    submitted_at: datetime
    realised_benefit: Decimal | None
    reward_amount: Decimal | None
    case: str | None = Field(description="The number of the linked case, if any.")


class StepOut(Schema):
    at: datetime
    kind: str
    label: str
    note: str


class ProposalDetailOut(ProposalOut):
    problem: str
    solution: str
    decision_reason: str
    benefit_description: str
    steps: list[StepOut]


class ProposalPage(PageMeta):
    items: list[ProposalOut]


class ListQuery(Schema):
    status: ProposalStatus | None = None  # type: ignore[valid-type]
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class FiguresOut(Schema):
    org: str
    proposal_count: int
    adoption_rate: RateOut
    implemented_count: int
    realised_benefit: Decimal
    rewards_paid: Decimal
    participation_rate: RateOut


class ResolutionOut(Schema):
    id: int
    meeting: int
    enterprise: str
    text: str
    owner: str
    due: datetime


def _out(p: Proposal) -> dict:
    return {
        "id": p.pk, "number": p.number, "title": p.title, "enterprise": p.enterprise.code,
        "status": p.status, "status_label": p.get_status_display(),
        "proposers": [x.name for x in p.proposers.all()], "submitted_at": p.submitted_at,
        "realised_benefit": p.realised_benefit, "reward_amount": p.reward_amount,
        "case": p.case.number if p.case else None,
    }  # fmt: skip


def _rate(rate) -> dict:
    return {
        "numerator": rate.numerator,
        "denominator": rate.denominator,
        "value": rate.value,
        "percent": rate.percent,
    }


def _page(request, rows, query: ListQuery) -> dict:
    if query.status:
        rows = rows.filter(status=query.status)
    page = paginate_rows(request, rows, page=query.page, page_size=query.page_size)
    page["items"] = [_out(p) for p in page["items"]]
    return page


@router.get("", response={200: ProposalPage, **ERRORS}, operation_id="list_proposals")
def list_proposals(request: ApiRequest, query: Query[ListQuery]):
    """The pipeline: every proposal you may see (your orgs' subtrees, and your own)."""
    return _page(request, selectors.proposal_list(user=request.auth), query)


@router.get("/mine", response={200: ProposalPage, **ERRORS}, operation_id="my_proposals")
def my_proposals(request: ApiRequest, query: Query[ListQuery]):
    """The proposals you made or handed in."""
    return _page(request, selectors.my_proposals(user=request.auth), query)


@router.get("/figures", response={200: FiguresOut, **ERRORS}, operation_id="proposal_figures")
def figures(request: ApiRequest, org: str = Query(..., max_length=40)):
    """The figures of an org of your scope and its subtree. 404: no such org in your scope."""
    found = visible_orgs(request.auth).filter(code=org).first()
    if found is None:
        raise NotFound(_("No such organisation."), code="org.not_found")
    s = metrics.summary(Scope(org=found))
    return {
        "org": found.code, "proposal_count": s.proposal_count,
        "adoption_rate": _rate(s.adoption_rate), "implemented_count": s.implemented_count,
        "realised_benefit": s.realised_benefit, "rewards_paid": s.rewards_paid,
        "participation_rate": _rate(s.participation_rate),
    }  # fmt: skip


@router.get(
    "/resolutions/overdue",
    response={200: list[ResolutionOut], **ERRORS},
    operation_id="overdue_resolutions",
)
def overdue(request: ApiRequest):
    """Open meeting resolutions past their deadline that you may see, most overdue first."""
    return [
        {
            "id": r.pk,
            "meeting": r.meeting_id,
            "enterprise": r.meeting.org.code,
            "text": r.text,
            "owner": r.owner_name,
            "due": r.due,
        }
        for r in selectors.overdue_resolutions(request.auth)[:500]
    ]


@router.get(
    "/{proposal_id}", response={200: ProposalDetailOut, **ERRORS}, operation_id="get_proposal"
)
def get_proposal(request: ApiRequest, proposal_id: int):
    """One proposal with its steps (a proposer sees the public ones). 404: not in your scope."""
    user = request.auth
    p = selectors.proposal_detail(user=user, proposal_id=proposal_id)
    steps = selectors.timeline(target=p, public_only=not permissions.can_handle(user, p))
    return {
        **_out(p), "problem": p.problem, "solution": p.solution,
        "decision_reason": p.decision_reason, "benefit_description": p.benefit_description,
        "steps": [
            {"at": e.at, "kind": e.kind, "label": str(EVENT_LABELS.get(e.kind, e.kind)),
             "note": e.note}
            for e in steps
        ],
    }  # fmt: skip
