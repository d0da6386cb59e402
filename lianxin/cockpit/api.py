"""REST endpoints of the cockpit app, mounted on the project's API: POST /api/ask (智能问数) and
GET /api/cockpit/areas (every business area's figures)."""

from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from lianxin.cockpit import selectors
from lianxin.cockpit.ask.answering import ask as answer_question
from lianxin.core import clock
from lianxin.core.api import ERRORS, ApiRequest
from lianxin.core.areas import CHILD, MONTH, areas
from lianxin.core.errors import NotFound

router = Router(tags=["cockpit"])

Cell = str | int | float | None


class AskIn(Schema):
    question: str = Field(..., min_length=1, max_length=200, examples=["今年各区的解决率"])
    today: date | None = Field(None, description="The day relative periods count from.")


class PeriodOut(Schema):
    start: date
    end: date


class FiltersOut(Schema):
    org: str | None = Field(None, description="Org code, inside the caller's scope.")
    org_name: str | None = None
    category: str | None = Field(None, description="Category key (cases.taxonomy).")
    channel: str | None = None
    urgency: str | None = None


class InterpretationOut(Schema):
    metric: str
    group_by: str | None
    filters: FiltersOut
    period: PeriodOut
    order: str | None
    limit: int | None


class AskOut(Schema):
    understood: bool
    interpretation: InterpretationOut | None
    text: str = Field(..., description="The interpretation in words, or why it was not understood.")
    answer: str
    columns: list[str]
    rows: list[list[Cell]]
    links: list[str | None] = Field(..., description="The ledger rows behind each row.")
    chart: str | None = Field(None, description="number, bar, line or pie.")
    examples: list[str] = Field(..., description="Questions it can answer (when not understood).")
    not_yet_due: int = Field(
        0,
        description="How many of the period's cases the figure still waits on (within their "
        "deadline): above 0 the figure is not final, and the answer says so.",
    )


def _user(request: ApiRequest) -> User | AnonymousUser:
    auth = getattr(request, "auth", None)
    if isinstance(auth, User):
        return auth
    return getattr(auth, "user", None) or request.user


@router.post(
    "/ask",
    response=AskOut,
    summary="Answer a statistics question asked in Chinese",
    operation_id="ask_question",
)
def ask(request: ApiRequest, payload: AskIn):
    """Reads the question into the metric registry's slots (metric, group_by, filters, period,
    order, limit) and answers from the cases the caller may see. A question it cannot read gets
    `understood: false`, the reason and examples — never a guess."""
    return answer_question(
        user=_user(request), question=payload.question, today=payload.today, now=clock.now()
    )


# ---- GET /api/cockpit/areas: every business area's figures with 同比 and 环比 --------------------

Number = int | float | None


class AreasQuery(Schema):
    org: str | None = Field(
        None, description="Org code inside the caller's scope (default: the scope)."
    )
    start: date | None = Field(None, description="First day (default: 1 January this year).")
    end: date | None = Field(None, description="Last day, included (default: today).")


class ComparisonOut(Schema):
    start: date
    end: date
    value: Number = Field(..., description="A rate in percent; null when it has no denominator.")
    numerator: int | None = None
    denominator: int | None = None
    change: Number = Field(..., description="Difference (rates: percentage points).")
    change_percent: Number = Field(..., description="Relative change (counts, yuan, days).")
    not_yet_due: int = Field(0, description="Of that period's cases, still within their deadline.")


class AreaMetricOut(Schema):
    key: str
    name: str
    unit: str = Field(..., description="count, rate, yuan or days.")
    dimensions: list[str] = Field(
        default_factory=list, description="The breakdowns it accepts: month, child (sub-org)."
    )
    value: Number = Field(..., description="A rate in percent; null when it has no denominator.")
    numerator: int | None = None
    denominator: int | None = None
    not_yet_due: int = Field(
        0,
        description="How many of the period's cases the figure still waits on (within their "
        "deadline); above 0 the figure is not final: not yet due, not a collapse.",
    )
    same_period_last_year: ComparisonOut | None = Field(..., description="同比")
    previous_period: ComparisonOut | None = Field(..., description="环比: the period just before.")


class AreaOut(Schema):
    area: str
    name: str
    start: date
    end: date
    so_far: bool = Field(..., description="The period is not over yet.")
    metrics: list[AreaMetricOut]


def _comparison(c: selectors.Comparison | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "start": c.start, "end": c.end, "value": c.number,
        "numerator": getattr(c.value, "numerator", None),
        "denominator": getattr(c.value, "denominator", None),
        "change": c.change.delta, "change_percent": c.change.percent,
        "not_yet_due": c.not_yet_due,
    }  # fmt: skip


def _metric(f: selectors.MetricFigure) -> dict[str, Any]:
    m = f.metric
    return {
        "key": m.key, "name": str(m.name), "unit": m.unit, "value": f.number,
        "dimensions": [d for d in (MONTH, CHILD) if m.accepts(d)],
        "numerator": f.numerator, "denominator": f.denominator, "not_yet_due": f.not_yet_due,
        "same_period_last_year": _comparison(f.same_period_last_year),
        "previous_period": _comparison(f.previous_period),
    }  # fmt: skip


def _areas_period(query: AreasQuery) -> selectors.AreaPeriod:
    return selectors.area_period(query.start, query.end, selectors.today(clock.now()))


@router.get("/cockpit/areas", response={200: list[AreaOut], **ERRORS}, operation_id="cockpit_areas")
def cockpit_areas(request: ApiRequest, query: Query[AreasQuery]):
    """Every business area the apps declared, each metric over the period with 同比 (the same
    days last year) and 环比 (the period of the same length just before), for the caller's scope
    or an org in it. 404: the org is outside the scope; 400: the period ends before it starts."""
    user = _user(request)
    org = selectors.scope_org(user)
    if query.org:
        org = selectors.find_scope_org(user, query.org)
        if org is None:
            raise NotFound(_("No such organisation."), code="cockpit.org_not_found")
    period = _areas_period(query)
    return [
        {
            "area": figures.area.key, "name": str(figures.area.name),
            "start": period.start, "end": period.end, "so_far": period.so_far,
            "metrics": [_metric(f) for f in figures.figures],
        }
        for figures in (
            selectors.area_figures(a, user=user, org=org, period=period) for a in areas()
        )
    ]  # fmt: skip
