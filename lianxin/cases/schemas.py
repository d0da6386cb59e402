"""The shapes of cases, their journal, categories and metrics in the REST API."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StringConstraints

from lianxin.audit.models import Visibility
from lianxin.cases.filters import SORTS
from lianxin.cases.models import (
    Channel,
    ClaimType,
    DeadlineUnit,
    ReferralOutcome,
    Satisfaction,
    Urgency,
)
from lianxin.cases.states import Action, Status
from lianxin.core.api import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    Code,
    CursorPageMeta,
    Line,
    Text,
    named_enum,
)
from lianxin.core.text import CleanText

Amount = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
CASE_NUMBER = r"^[A-Za-z0-9-]{1,24}$"
CaseSort = named_enum(
    "CaseSort", SORTS, "How the ledger is sorted: a field, descending with a leading -."
)
# A calendar day within the years a ledger can hold (day arithmetic stays far from date.max).
Day = Annotated[date, Field(ge=date(1970, 1, 1), le=date(2999, 12, 31))]


class OrgRef(Schema):
    code: str
    name: str


class WorkerOut(Schema):
    name: str
    phone: str = Field(description="Masked (138****5678) unless the caller handles the case.")


class CaseOut(Schema):
    number: str
    title: str
    status: Status
    status_label: str
    category: str = Field(description="The category key (see /api/categories).")
    category_label: str
    channel: Channel
    urgency: Urgency
    origin_org: OrgRef = Field(description="Where the case arose.")
    owner_org: OrgRef = Field(description="Who handles it now.")
    handler: str | None
    is_anonymous: bool
    worker: WorkerOut | None = Field(description="Null for anonymous cases.")
    registered_at: datetime
    response_due: datetime
    resolution_due: datetime
    responded_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    is_overdue: bool
    satisfaction: Satisfaction | None


class ReferralOut(Schema):
    partner: OrgRef
    referred_at: datetime
    note: str
    reported_at: datetime | None
    report: str
    outcome: ReferralOutcome | None = Field(
        description="Null while the referral is open, and on reports made before outcomes were recorded."
    )


class CaseDetailOut(CaseOut):
    description: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    result: str
    claim_type: ClaimType | None
    amount_claimed: Decimal | None
    amount_paid: Decimal | None
    escalation_level: int
    referrals: list[ReferralOut]
    allowed_actions: list[Action] = Field(
        description="The moves the caller may make now (the transition table and their role)."
    )


class CasePage(CursorPageMeta):
    items: list[CaseOut]


class CaseListQuery(Schema):
    """The ledger page's filter, as query parameters."""

    status: Status | None = None
    category: Code | None = Field(None, description="A category key.")
    channel: Channel | None = None
    urgency: Urgency | None = None
    overdue: bool = False
    claim_type: ClaimType | None = Field(None, description="Accident claims of this type only.")
    org: Code | None = Field(None, description="An org code or name in your scope (its subtree).")
    date_from: Day | None = None
    date_to: Day | None = None
    q: Line | None = Field(None, description="Words that must all appear (number, title, text).")
    sort: CaseSort = CaseSort("-registered_at")  # type: ignore[valid-type]
    cursor: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,400}$")] | None = Field(
        None, description="`next_cursor` of the page before: the rows after it (stable paging)."
    )
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class CaseIn(Schema):
    """挂号: register a case, as the register page does."""

    origin_org: Code = Field(description="Code of the org where the case arose (in your scope).")
    category: Code = Field(description="A category key.")
    channel: Channel
    urgency: Urgency = Urgency.ORDINARY
    title: Annotated[str, CleanText(min_length=1, max_length=120)]
    description: Annotated[str, CleanText(min_length=1, max_length=5000)]
    is_anonymous: bool = False
    worker_name: Annotated[str, CleanText(max_length=60)] = ""
    worker_phone: Annotated[str, StringConstraints(pattern=r"^[0-9+\- ]{0,20}$")] = ""
    address: Line = ""
    latitude: Annotated[Decimal, Field(ge=-90, le=90, max_digits=9, decimal_places=6)] | None = None
    longitude: Annotated[Decimal, Field(ge=-180, le=180, max_digits=9, decimal_places=6)] | None = (
        None
    )
    claim_type: ClaimType | None = None
    amount_claimed: Amount | None = None


# ---- the moves ----------------------------------------------------------------------------------


class NoteIn(Schema):
    note: Text = ""


class ReasonIn(Schema):
    reason: Text = Field(description="Required: the worker or the org above is told why.")


class ProgressIn(Schema):
    note: Text
    public: bool = Field(False, description="Show it on the worker's timeline.")


class ReferIn(Schema):
    partner: Code = Field(description="Code of an active partner agency (see /api/partners).")
    note: Text = ""


class CorrectIn(Schema):
    note: Text = Field(description="Required: what is corrected and why (kept on the journal).")
    category: Code | None = Field(None, description="The right category key, if it was wrong.")
    origin_org: Code | None = Field(None, description="Code of the org where it really arose.")
    worker_phone: str | None = Field(None, max_length=20, description="The right phone number.")


class ReportBackIn(Schema):
    note: Text = Field(description="What the partner agency did.")
    outcome: ReferralOutcome = Field(
        description="What came of it: mediated (调解成功), unsuccessful (未成功), "
        "litigation (转诉讼) or other (其他)."
    )


class ResolveIn(Schema):
    result: Text = Field(description="The outcome, as the worker will read it.")
    amount_paid: Amount | None = None


class FeedbackIn(Schema):
    satisfaction: Satisfaction
    comment: Text = ""


# ---- journal, categories, metrics ---------------------------------------------------------------


class EventOut(Schema):
    seq: int
    at: datetime
    kind: str
    label: str
    actor: str = Field(description="Who made the move (`@worker` for the worker; empty: system).")
    note: str
    visibility: Visibility
    state_before: str
    state_after: str
    data: dict[str, Any]
    hash: str = Field(description="Hash of this event and the previous one (tamper evidence).")
    prev_hash: str


class CategoryOut(Schema):
    key: str
    name: str
    name_en: str
    label: str
    response_value: int
    response_unit: DeadlineUnit
    resolution_value: int
    resolution_unit: DeadlineUnit


class RateOut(Schema):
    numerator: int
    denominator: int
    value: float | None = Field(description="numerator / denominator; null when nothing to divide.")
    percent: float | None


class MetricsQuery(Schema):
    org: Code | None = Field(None, description="Cases that arose in this org's subtree.")
    date_from: Day | None = Field(None, description="Registered on or after this day (Beijing).")
    date_to: Day | None = Field(None, description="Registered on or before this day (Beijing).")
    category: Code | None = None
    channel: Channel | None = None
    urgency: Urgency | None = None


class ClaimTotalsOut(Schema):
    claim_type: ClaimType
    label: str
    count: int
    amount_claimed: Decimal = Field(description="Yuan claimed.")
    amount_paid: Decimal = Field(description="Yuan paid out.")


class MetricsOut(Schema):
    case_count: int
    open_count: int
    overdue_count: int
    by_state: dict[str, int]
    response_rate: RateOut
    resolution_rate: RateOut = Field(
        description="解决率 over the cases taken on: resolved or closed / not rejected."
    )
    resolution_rate_all: RateOut = Field(
        description="解决率 over all cases: resolved or closed / every case registered."
    )
    satisfaction_rate: RateOut = Field(
        description="满意率: satisfied + mostly satisfied ratings / all ratings, every round counted."
    )
    on_time_rate: RateOut
    avg_resolve_days: float | None
    claims: list[ClaimTotalsOut] = Field(
        description="Accident claims per claim type: count and amounts."
    )
    claim_count: int
    claim_amount_claimed: Decimal
    claim_amount_paid: Decimal
