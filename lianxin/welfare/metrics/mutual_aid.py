"""The mutual-aid figures of an org subtree over a period, computed in the database.

- Enrolled: enrolments in the subtree's plans with their enrolment date in the period; their
  contributions summed.
- Claims paid: claims paid in the period (the payment's Beijing date); the amount is their payouts.
- On-time rate: of those, the ones paid by their kind's deadline (`Claim.due_at`) ÷ all paid; a
  Rate with its numerator and denominator, value None when nothing was paid.
`start` and `end` are inclusive; either may be None (unbounded).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, F, Q, QuerySet, Sum

from lianxin.members.metrics import Rate
from lianxin.orgs.models import Org, subtree_q
from lianxin.welfare.models.mutual_aid import Claim, Enrolment
from lianxin.welfare.permissions.mutual_aid import visible_plans
from lianxin.welfare.states.mutual_aid import ClaimState


def _plans(user: User | AnonymousUser, org: Org) -> Any:
    return visible_plans(user).filter(subtree_q([org.path], field="org__path"))


def _period(rows: QuerySet, field: str, start: date | None, end: date | None) -> QuerySet:
    if start is not None:
        rows = rows.filter(**{f"{field}__gte": start})
    if end is not None:
        rows = rows.filter(**{f"{field}__lte": end})
    return rows


def figures(
    *, user: User | AnonymousUser, org: Org, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """mutual_aid_enrolled, mutual_aid_contributions, claims_paid, claims_amount_paid,
    claims_on_time_rate."""
    plans = _plans(user, org)
    enrolments = _period(Enrolment.objects.filter(plan__in=plans), "enrolled_on", start, end)
    enrolled = enrolments.aggregate(n=Count("pk"), total=Sum("contribution"))
    paid = _period(
        Claim.objects.filter(enrolment__plan__in=plans, status=ClaimState.PAID),
        "paid_at__date", start, end,
    )  # fmt: skip
    claims = paid.aggregate(
        n=Count("pk"), total=Sum("payout"), on_time=Count("pk", filter=Q(paid_at__lte=F("due_at")))
    )
    return {
        "mutual_aid_enrolled": enrolled["n"],
        "mutual_aid_contributions": enrolled["total"] or Decimal("0.00"),
        "claims_paid": claims["n"],
        "claims_amount_paid": claims["total"] or Decimal("0.00"),
        "claims_on_time_rate": Rate(claims["on_time"], claims["n"]).as_dict(),
    }
