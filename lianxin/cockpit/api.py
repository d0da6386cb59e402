"""REST endpoints of the cockpit app, mounted on the project's API: POST /api/ask (智能问数)."""

from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from ninja import Field, Router, Schema

from lianxin.cockpit.ask.answering import ask as answer_question
from lianxin.core import clock
from lianxin.core.api import ApiRequest

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


def _user(request: ApiRequest) -> User | AnonymousUser:
    auth = getattr(request, "auth", None)
    if isinstance(auth, User):
        return auth
    return getattr(auth, "user", None) or request.user


@router.post("/ask", response=AskOut, summary="Answer a statistics question asked in Chinese")
def ask(request: ApiRequest, payload: AskIn):
    """Reads the question into the metric registry's slots (metric, group_by, filters, period,
    order, limit) and answers from the cases the caller may see. A question it cannot read gets
    `understood: false`, the reason and examples — never a guess."""
    return answer_question(
        user=_user(request), question=payload.question, today=payload.today, now=clock.now()
    )
