"""`GET /api/welfare/figures?org=<code>&start=&end=`: every welfare area's figures for an org's
subtree over a period (default: this year so far)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from lianxin.core import clock
from lianxin.core.api import ERRORS, ApiRequest, Code
from lianxin.core.errors import NotFound
from lianxin.members.schemas import RateOut
from lianxin.orgs.models import Org
from lianxin.welfare.metrics.overview import welfare_figures

router = Router(tags=["welfare"])


class WelfareFiguresQuery(Schema):
    org: Code
    start: date | None = Field(None, description="The first day (default 1 January this year).")
    end: date | None = Field(None, description="The last day, included (default today).")


class WelfareFiguresOut(Schema):
    org: str
    start: date
    end: date
    hardship_files_open: int
    hardship_files_closed_out: int
    visits_done: int
    visits_overdue: int
    aid_paid: Decimal
    warmth_recipients: int
    warmth_amount: Decimal
    mutual_aid_enrolled: int
    mutual_aid_contributions: Decimal
    claims_paid: int
    claims_amount_paid: Decimal
    claims_on_time_rate: RateOut


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


@router.get("/figures", response={200: WelfareFiguresOut, **ERRORS}, operation_id="welfare_figures")
def figures(request: ApiRequest, query: Query[WelfareFiguresQuery]):
    """困难帮扶, 送温暖 and 互助保障 figures of the org's subtree; amounts in yuan."""
    today = timezone.localdate(clock.now())
    org = Org.objects.filter(code=query.org, is_active=True).first()
    if org is None:
        raise NotFound(_("No such organisation."), code="welfare.org_not_found")
    answer = welfare_figures(
        user=request.auth, org=org, start=query.start or today.replace(month=1, day=1),
        end=query.end or today,
    )  # fmt: skip
    for key in ("aid_paid", "warmth_amount", "mutual_aid_contributions", "claims_amount_paid"):
        answer[key] = _money(answer[key])
    return answer
