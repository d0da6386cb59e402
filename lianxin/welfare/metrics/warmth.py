"""送温暖 figures, defined once and computed in the database.

- 人次 (`warmth_recipients`): delivered listings. A person flagged as a cross-level duplicate is
  never delivered while flagged and a confirmed duplicate is withdrawn, so nobody counts twice (the
  unique constraint on live listings per campaign and person guarantees it).
- Amount (`warmth_amount`): the sum of the delivered values (yuan, Decimal).
- By org: each child org of the campaign's organiser over its own subtree (the organiser's own
  listings in a row of their own); by employment form: the person's `employment_form`.
- `figures(user=, org=, start=, end=)`: deliveries in the org's subtree dated within [start, end].
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from lianxin.core.errors import NotFound
from lianxin.members.states import EmploymentForm
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org, OrgKind, subtree_q
from lianxin.welfare.models.warmth import Campaign, Recipient
from lianxin.welfare.permissions.warmth import SEEING_ROLES
from lianxin.welfare.states.warmth import RecipientState

AnyUser = User | AnonymousUser
ZERO = Decimal("0")


@dataclass(frozen=True)
class Tally:
    """Delivered 人次 and amount, and how many listings stand or wait (listed, flagged)."""

    delivered: int
    amount: Decimal
    listed: int = 0
    flagged: int = 0


def _tally(rows: QuerySet[Recipient]) -> Tally:
    done = Q(state=RecipientState.DELIVERED)
    got = rows.aggregate(
        delivered=Count("pk", filter=done),
        amount=Sum("delivery__value", filter=done),
        listed=Count("pk", filter=Q(state=RecipientState.LISTED)),
        flagged=Count("pk", filter=Q(state=RecipientState.FLAGGED)),
    )
    return Tally(got["delivered"], got["amount"] or ZERO, got["listed"], got["flagged"])


def campaign_tally(campaign: Campaign) -> Tally:
    return _tally(Recipient.objects.filter(campaign=campaign))


def remaining_budget(campaign: Campaign) -> Decimal:
    return campaign.budget - campaign_tally(campaign).amount


def by_child(campaign: Campaign) -> list[tuple[Org, Tally]]:
    """Progress of each org directly below the organiser (and the organiser's own listings)."""
    rows = Recipient.objects.filter(campaign=campaign)
    own = _tally(rows.filter(org=campaign.org))
    result = [(campaign.org, own)] if (own.delivered or own.listed or own.flagged) else []
    for child in (
        campaign.org.children.filter(is_active=True).exclude(kind=OrgKind.PARTNER).order_by("path")
    ):
        result.append((child, _tally(rows.filter(subtree_q([child.path], field="org__path")))))
    return result


def by_employment_form(campaign: Campaign) -> dict[str, Tally]:
    """Delivered 人次 and amount by the person's employment form (every form, 0 when none)."""
    rows = (
        Recipient.objects.filter(campaign=campaign, state=RecipientState.DELIVERED)
        .values("person__employment_form")
        .annotate(n=Count("pk"), amount=Sum("delivery__value"))
    )
    got = {r["person__employment_form"]: Tally(r["n"], r["amount"] or ZERO) for r in rows}
    return {form: got.get(form, Tally(0, ZERO)) for form in EmploymentForm.values}


def delivered_in(org: Org, start: date | None, end: date | None) -> QuerySet[Recipient]:
    """Delivered listings of `org`'s subtree whose delivery is dated within [start, end]."""
    rows = Recipient.objects.filter(
        subtree_q([org.path], field="org__path"), state=RecipientState.DELIVERED
    )
    if start is not None:
        rows = rows.filter(delivery__delivered_on__gte=start)
    if end is not None:
        rows = rows.filter(delivery__delivered_on__lte=end)
    return rows


def figures(
    *, user: AnyUser, org: Org, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """The warmth keys of `GET /api/welfare/figures`: 人次 and amount (amounts aggregate upward)."""
    if not org_perms.reaches(user, org, SEEING_ROLES):
        raise NotFound(_("No such organisation."), code="welfare.org_not_found")
    tally = _tally(delivered_in(org, start, end))
    return {"warmth_recipients": tally.delivered, "warmth_amount": tally.amount}
