"""REST endpoints of the ledger: cases, every workflow move, the journal, categories, metrics.

Each handler translates HTTP into one selector or service call and back; scope, permission and
the transition table are the services' business, refusals are DomainErrors (see lianxin.rest).
"""

from datetime import UTC, timedelta
from typing import Any, Literal

from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from lianxin.cases import metrics, services
from lianxin.cases.filters import CaseFilterForm, day_start
from lianxin.cases.models import Case, Category, ClaimType
from lianxin.cases.permissions import allowed_actions, can_see_worker_contact, visible_cases
from lianxin.cases.schemas import (
    CASE_NUMBER,
    CaseDetailOut,
    CaseIn,
    CaseListQuery,
    CasePage,
    CategoryOut,
    CorrectIn,
    Day,
    EventOut,
    FeedbackIn,
    MetricsOut,
    MetricsQuery,
    NoteIn,
    ProgressIn,
    ReasonIn,
    ReferIn,
    ReportBackIn,
    ResolveIn,
)
from lianxin.cases.selectors import LedgerRows, case_detail, case_timeline, ledger_rows
from lianxin.cases.states import EVENT_LABELS, Action
from lianxin.core.api import ERRORS, ApiRequest, Text, cursor_paginate
from lianxin.core.errors import InvalidInput, NotFound
from lianxin.core.masking import mask_phone
from lianxin.orgs import tree
from lianxin.orgs.models import Org
from lianxin.orgs.permissions import can_see_org, visible_orgs
from lianxin.orgs.selectors import partner_agencies

router = Router()

CaseNumber = Path(..., pattern=CASE_NUMBER, description="The case number, e.g. JZ-2026-000183.")
MOVE: dict[str, Any] = {"response": {200: CaseDetailOut, **ERRORS}, "tags": ["workflow"]}


# ---- output -------------------------------------------------------------------------------------


def _org(org) -> dict:
    return {"code": org.code, "name": org.name}


def case_out(case: Case, user) -> dict:
    """A ledger row; the phone is whole only for the handler, anonymous cases carry no worker."""
    worker = None
    if not case.is_anonymous and (case.worker_name or case.worker_phone):
        phone = case.worker_phone
        worker = {
            "name": case.worker_name,
            "phone": phone if can_see_worker_contact(user, case) else mask_phone(phone),
        }
    handler = case.handler
    return {
        "number": case.number,
        "title": case.title,
        "status": case.status,
        "status_label": case.get_status_display(),
        "category": case.category.key,
        "category_label": case.category.label,
        "channel": case.channel,
        "urgency": case.urgency,
        "origin_org": _org(case.origin_org),
        "owner_org": _org(case.owner_org),
        "handler": (handler.get_full_name() or handler.username) if handler else None,
        "is_anonymous": case.is_anonymous,
        "worker": worker,
        "registered_at": case.registered_at,
        "response_due": case.response_due,
        "resolution_due": case.resolution_due,
        "responded_at": case.responded_at,
        "resolved_at": case.resolved_at,
        "closed_at": case.closed_at,
        "is_overdue": bool(getattr(case, "is_overdue", False)),
        "satisfaction": case.satisfaction or None,
    }


def case_detail_out(case: Case, user, *, just_registered: bool = False) -> dict:
    """The case as the API shows it; a case `just_registered` has no referrals yet (no query)."""
    referrals = [
        {
            "partner": _org(r.partner),
            "referred_at": r.referred_at,
            "note": r.note,
            "reported_at": r.reported_at,
            "report": r.report,
            "outcome": r.outcome or None,
        }
        for r in ([] if just_registered else case.referrals.select_related("partner"))
    ]
    return {
        **case_out(case, user),
        "description": case.description,
        "address": case.address,
        "latitude": case.latitude,
        "longitude": case.longitude,
        "result": case.result,
        "claim_type": case.claim_type or None,
        "amount_claimed": case.amount_claimed,
        "amount_paid": case.amount_paid,
        "escalation_level": case.escalation_level,
        "referrals": referrals,
        "allowed_actions": allowed_actions(user, case),
    }


def _nearest_case_prefix() -> RawSQL:
    """For an Org query: the case prefix of the org or of its nearest ancestor that has one ('' if
    none), so that registration needs no second query for it. The ancestors' paths are the leading
    segments of the org's own path, each looked up on the path index."""
    table = Org._meta.db_table
    depth = (Org._meta.get_field("path").max_length or 0) // tree.SEGMENT
    heads = ", ".join(f"substr({table}.path, 1, {tree.SEGMENT * k})" for k in range(1, depth + 1))
    return RawSQL(
        f"COALESCE((SELECT p.case_prefix FROM {table} p WHERE p.case_prefix <> '' "
        f"AND p.path IN ({heads}) ORDER BY p.path DESC LIMIT 1), '')",
        [],
    )


NEAREST_CASE_PREFIX = _nearest_case_prefix()


def _fresh(request: ApiRequest, number: str) -> dict:
    return case_detail_out(case_detail(user=request.auth, number=number), request.auth)


# ---- cases --------------------------------------------------------------------------------------


@router.get("/cases", response={200: CasePage, **ERRORS}, tags=["cases"], operation_id="list_cases")
def list_cases(request: ApiRequest, filters: Query[CaseListQuery]):
    """The ledger: the cases you may see, with the ledger page's filters, by page or by cursor."""
    user = request.auth
    data = filters.model_dump(exclude={"page", "page_size", "cursor"}, exclude_none=True)
    form = CaseFilterForm(data, visible_orgs=visible_orgs(user))
    if not form.is_valid():
        raise InvalidInput(
            _("The filter is not valid."),
            code="case.invalid_filter",
            fields={k: [str(m) for m in v] for k, v in form.errors.items()},
        )
    rows = ledger_rows(user=user, filters=form.to_filter())
    page = cursor_paginate(
        request, rows, order=rows.order, cursor=filters.cursor,
        after=lambda q: LedgerRows([part.filter(q) for part in rows.parts], rows.order),
        page=filters.page, page_size=filters.page_size,
    )  # fmt: skip
    page["items"] = [case_out(c, user) for c in page["items"]]
    return page


@router.post(
    "/cases", response={201: CaseDetailOut, **ERRORS}, tags=["cases"], operation_id="register_case"
)
def register_case(request: ApiRequest, payload: CaseIn):
    """挂号: register a case in an org of your scope where you may handle cases."""
    user = request.auth
    data = payload.model_dump()
    # By code, then the scope on the row in hand (the same answer as visible_orgs, no subquery);
    # with its parent, the owner org of a case registered in a team, and its case number prefix.
    found = (
        Org.objects.select_related("parent")
        .filter(code=data.pop("origin_org"))
        .annotate(nearest_case_prefix=NEAREST_CASE_PREFIX)
        .order_by()
    )
    org = next(iter(found[:1]), None)
    if org is None or not can_see_org(user, org):
        raise InvalidInput(
            _("No organisation in your scope has this code."),
            code="case.invalid",
            fields={"origin_org": [_("Unknown organisation.")]},
        )
    try:
        category = Category.objects.get(key=data.pop("category"), is_active=True)
    except Category.DoesNotExist:
        raise InvalidInput(
            _("No such category."),
            code="case.invalid",
            fields={"category": [_("Unknown category.")]},
        ) from None
    data["claim_type"] = data["claim_type"] or ""
    case = services.register_case(
        actor=user, new=services.NewCase(origin_org=org, category=category, **data)
    )
    # The case in hand, not read back through the scope-checked detail query: the registering
    # user sees it by construction, and nothing is overdue the instant it is registered.
    case.is_overdue = False  # type: ignore[attr-defined]
    # Times as a read gives them back (UTC), not in the Beijing zone the deadlines were counted in.
    for field in ("registered_at", "response_due", "resolution_due"):
        setattr(case, field, getattr(case, field).astimezone(UTC))
    return Status(201, case_detail_out(case, user, just_registered=True))


@router.get(
    "/cases/{number}",
    response={200: CaseDetailOut, **ERRORS},
    tags=["cases"],
    operation_id="get_case",
)
def get_case(request: ApiRequest, number: str = CaseNumber):
    """One case, with the moves you may make now; outside your scope it does not exist (404)."""
    return _fresh(request, number)


@router.get(
    "/cases/{number}/journal",
    response={200: list[EventOut], **ERRORS},
    tags=["cases"],
    operation_id="case_journal",
)
def case_journal(request: ApiRequest, number: str = CaseNumber):
    """The case's journal, oldest first: every move, who made it, when, and its hash chain."""
    case = case_detail(user=request.auth, number=number)
    return [
        {
            "seq": e.seq,
            "at": e.at,
            "kind": e.kind,
            "label": str(EVENT_LABELS.get(e.kind, e.kind)),
            "actor": e.actor_label,
            "note": e.note,
            "visibility": e.visibility,
            "state_before": e.state_before,
            "state_after": e.state_after,
            "data": e.data,
            "hash": e.hash,
            "prev_hash": e.prev_hash,
        }
        for e in case_timeline(case=case)
    ]


# ---- the moves: one endpoint per Action ---------------------------------------------------------


def _case_id(request: ApiRequest, number: str) -> int:
    return case_detail(user=request.auth, number=number).pk


@router.post("/cases/{number}/accept", operation_id="accept_case", **MOVE)
def accept(request: ApiRequest, payload: NoteIn, number: str = CaseNumber):
    """受理: take the case on (registered → accepted); you become its handler."""
    services.accept_case(case_id=_case_id(request, number), actor=request.auth, note=payload.note)
    return _fresh(request, number)


@router.post("/cases/{number}/reject", operation_id="reject_case", **MOVE)
def reject(request: ApiRequest, payload: ReasonIn, number: str = CaseNumber):
    """不予受理: decline the case, with the reason the worker is told."""
    services.reject_case(
        case_id=_case_id(request, number), actor=request.auth, reason=payload.reason
    )
    return _fresh(request, number)


@router.post("/cases/{number}/start", operation_id="start_case", **MOVE)
def start(request: ApiRequest, payload: NoteIn, number: str = CaseNumber):
    """Start handling (accepted → in progress)."""
    services.start_case(case_id=_case_id(request, number), actor=request.auth, note=payload.note)
    return _fresh(request, number)


@router.post("/cases/{number}/progress", operation_id="add_progress", **MOVE)
def progress(request: ApiRequest, payload: ProgressIn, number: str = CaseNumber):
    """A progress note, internal or shown on the worker's timeline; the state stays."""
    services.add_progress(
        case_id=_case_id(request, number),
        actor=request.auth,
        note=payload.note,
        public=payload.public,
    )
    return _fresh(request, number)


@router.post("/cases/{number}/refer", operation_id="refer_case", **MOVE)
def refer(request: ApiRequest, payload: ReferIn, number: str = CaseNumber):
    """转办: hand the case to a partner agency (court, 人社, …), which reports back."""
    case_id = _case_id(request, number)
    partner = partner_agencies().filter(code=payload.partner).first()
    if partner is None:
        raise InvalidInput(
            _("No active partner agency has this code."),
            code="case.invalid",
            fields={"partner": [_("Unknown partner agency.")]},
        )
    services.refer_case(case_id=case_id, actor=request.auth, partner=partner, note=payload.note)
    return _fresh(request, number)


@router.post("/cases/{number}/report_back", operation_id="report_back", **MOVE)
def report_back(request: ApiRequest, payload: ReportBackIn, number: str = CaseNumber):
    """The partner agency reports what it did; the case returns to its owner (referred → in progress)."""
    services.report_back(
        case_id=_case_id(request, number),
        actor=request.auth,
        report=payload.note,
        outcome=payload.outcome,
    )
    return _fresh(request, number)


@router.post("/cases/{number}/escalate", operation_id="escalate_case", **MOVE)
def escalate(request: ApiRequest, payload: ReasonIn, number: str = CaseNumber):
    """上报: the org above becomes the owner; the state stays."""
    services.escalate_case(
        case_id=_case_id(request, number), actor=request.auth, reason=payload.reason
    )
    return _fresh(request, number)


@router.post("/cases/{number}/resolve", operation_id="resolve_case", **MOVE)
def resolve(request: ApiRequest, payload: ResolveIn, number: str = CaseNumber):
    """办结: report the outcome (in progress → resolved); for accidents, the amount paid."""
    services.resolve_case(
        case_id=_case_id(request, number),
        actor=request.auth,
        result=payload.result,
        amount_paid=payload.amount_paid,
    )
    return _fresh(request, number)


@router.post("/cases/{number}/feedback", operation_id="record_feedback", **MOVE)
def feedback(request: ApiRequest, payload: FeedbackIn, number: str = CaseNumber):
    """回访: the worker's satisfaction; satisfied or mostly closes the case, dissatisfied reopens it."""
    services.record_feedback(
        case_id=_case_id(request, number),
        actor=request.auth,
        rating=payload.satisfaction,
        comment=payload.comment,
    )
    return _fresh(request, number)


@router.post("/cases/{number}/close", operation_id="close_case", **MOVE)
def close(request: ApiRequest, payload: NoteIn, number: str = CaseNumber):
    """销账 without a rating (e.g. the worker could not be reached)."""
    services.close_case(case_id=_case_id(request, number), actor=request.auth, note=payload.note)
    return _fresh(request, number)


@router.post("/cases/{number}/reopen", operation_id="reopen_case", **MOVE)
def reopen(request: ApiRequest, payload: ReasonIn, number: str = CaseNumber):
    """A supervisor sends a resolved or closed case back to be handled again."""
    services.reopen_case(
        case_id=_case_id(request, number), actor=request.auth, reason=payload.reason
    )
    return _fresh(request, number)


@router.post("/cases/{number}/correct", operation_id="correct_case", **MOVE)
def correct(request: ApiRequest, payload: CorrectIn, number: str = CaseNumber):
    """数据治理: fix a wrong category, org or phone in any state; old and new go on the journal."""
    case_id = _case_id(request, number)
    category = None
    if payload.category is not None:
        category = Category.objects.filter(key=payload.category, is_active=True).first()
        if category is None:
            raise InvalidInput(_("Unknown category."), code="case.invalid")
    origin = None
    if payload.origin_org is not None:
        origin = visible_orgs(request.auth).filter(code=payload.origin_org).first()
        if origin is None:
            raise InvalidInput(
                _("No organisation in your scope has this code."), code="case.invalid"
            )
    services.correct_case(
        case_id=case_id, actor=request.auth, note=payload.note, category=category,
        origin_org=origin, worker_phone=payload.worker_phone,
    )  # fmt: skip
    return _fresh(request, number)


# Every action of the workflow has its endpoint above (checked by a test).
MOVE_ENDPOINTS = {a: f"/cases/{{number}}/{a.value}" for a in Action}


# ---- categories and metrics ---------------------------------------------------------------------


@router.get(
    "/categories",
    response={200: list[CategoryOut], **ERRORS},
    tags=["categories"],
    operation_id="list_categories",
)
def list_categories(request: ApiRequest):
    """The case taxonomy, with the deadlines an ordinary case of each category gets."""
    return [
        {
            "key": c.key,
            "name": c.name,
            "name_en": c.name_en,
            "label": c.label,
            "response_value": c.response_value,
            "response_unit": c.response_unit,
            "resolution_value": c.resolution_value,
            "resolution_unit": c.resolution_unit,
        }
        for c in Category.objects.filter(is_active=True)
    ]


def _rate(rate: metrics.Rate) -> dict:
    return {
        "numerator": rate.numerator,
        "denominator": rate.denominator,
        "value": rate.value,
        "percent": rate.percent,
    }


@router.get(
    "/metrics", response={200: MetricsOut, **ERRORS}, tags=["metrics"], operation_id="metrics"
)
def case_metrics(request: ApiRequest, query: Query[MetricsQuery]):
    """The 三率 and more over the cases you may see, each rate with numerator and denominator."""
    user = request.auth
    org = None
    if query.org:
        org = visible_orgs(user).filter(code=query.org).first()
        if org is None:
            raise NotFound(_("No such organisation."), code="org.not_found")
    scope = metrics.Scope(
        org=org,
        start=day_start(query.date_from) if query.date_from else None,
        end=day_start(query.date_to + timedelta(days=1)) if query.date_to else None,
        category=query.category or "",
        channel=query.channel or "",
        urgency=query.urgency or "",
    )
    cases = metrics.cases_in(scope, base=visible_cases(user))
    s = metrics.summary(cases)
    claims = metrics.claims_by_type(cases)
    return {
        "case_count": s.case_count,
        "open_count": s.open_count,
        "overdue_count": s.overdue_count,
        "by_state": s.by_state,
        "response_rate": _rate(s.response_rate),
        "resolution_rate": _rate(s.resolution_rate),
        "satisfaction_rate": _rate(s.satisfaction_rate),
        "on_time_rate": _rate(s.on_time_rate),
        "avg_resolve_days": s.avg_resolve_days,
        "resolution_rate_all": _rate(s.resolution_rate_all),
        "claim_count": s.claim_count,
        "claim_amount_claimed": s.claim_amount_claimed,
        "claim_amount_paid": s.claim_amount_paid,
        "claims": [
            {
                "claim_type": key,
                "label": str(ClaimType(key).label),
                "count": t.claim_count,
                "amount_claimed": t.claim_amount_claimed,
                "amount_paid": t.claim_amount_paid,
            }
            for key, t in claims.items()
        ],
    }


# ---- 督办: urge, formal supervision, extensions (cases.services.supervision) -------------------------
# Not workflow moves of the case (its state stays): each answers the case after the action, and a
# refusal in the same error shape (409 for a case no longer open, an urge or request missing).

SUPERVISION: dict[str, Any] = {"response": {200: CaseDetailOut, **ERRORS}, "tags": ["workflow"]}


class SupervisionNoteIn(Schema):
    note: Text = Field(description="Required: what the handler (or the supervisor) reads.")


class FlagIn(Schema):
    due: Day = Field(description="The supervision deadline: a day after today (Beijing).")
    note: Text


class ExtensionIn(Schema):
    new_due: Day = Field(description="The new resolution deadline (its end, Beijing time).")
    reason: Text


class DecideExtensionIn(Schema):
    decision: Literal["approve", "reject"]
    note: Text = Field("", description="Required to reject: the handler is told why.")


@router.post("/cases/{number}/urge", operation_id="urge_case", **SUPERVISION)
def urge(request: ApiRequest, payload: SupervisionNoteIn, number: str = CaseNumber):
    """催办: a supervisor above the owner org presses the handler of an open case."""
    services.urge_case(case_id=_case_id(request, number), actor=request.auth, note=payload.note)
    return _fresh(request, number)


@router.post("/cases/{number}/answer_urge", operation_id="answer_urge", **SUPERVISION)
def answer_urge(request: ApiRequest, payload: SupervisionNoteIn, number: str = CaseNumber):
    """The handler answers every unanswered urge of the case."""
    services.answer_urge(case_id=_case_id(request, number), actor=request.auth, note=payload.note)
    return _fresh(request, number)


@router.post("/cases/{number}/flag", operation_id="flag_case", **SUPERVISION)
def flag(request: ApiRequest, payload: FlagIn, number: str = CaseNumber):
    """挂牌督办: put an open case under formal supervision until a later day."""
    services.flag_case(
        case_id=_case_id(request, number), actor=request.auth, due=payload.due, note=payload.note
    )
    return _fresh(request, number)


@router.post("/cases/{number}/lift", operation_id="lift_supervision", **SUPERVISION)
def lift(request: ApiRequest, payload: SupervisionNoteIn, number: str = CaseNumber):
    """摘牌: end the case's formal supervision."""
    services.lift_supervision(
        case_id=_case_id(request, number), actor=request.auth, note=payload.note
    )
    return _fresh(request, number)


@router.post("/cases/{number}/request_extension", operation_id="request_extension", **SUPERVISION)
def request_extension(request: ApiRequest, payload: ExtensionIn, number: str = CaseNumber):
    """申请延期: the handler asks for a later resolution deadline; nothing moves until approved."""
    services.request_extension(
        case_id=_case_id(request, number), actor=request.auth, new_due=payload.new_due,
        reason=payload.reason,
    )  # fmt: skip
    return _fresh(request, number)


@router.post("/cases/{number}/decide_extension", operation_id="decide_extension", **SUPERVISION)
def decide_extension(request: ApiRequest, payload: DecideExtensionIn, number: str = CaseNumber):
    """同意 (the deadline becomes the requested one) or 驳回 (with a reason; nothing moves)."""
    case_id = _case_id(request, number)
    if payload.decision == "approve":
        services.approve_extension(case_id=case_id, actor=request.auth, note=payload.note)
    else:
        services.reject_extension(case_id=case_id, actor=request.auth, reason=payload.note)
    return _fresh(request, number)
