"""Every mutual-aid read, scoped to the user: plans with their totals, claims with their filters."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from lianxin.cases.models import Case
from lianxin.core import clock
from lianxin.core.errors import NotFound
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org, OrgKind
from lianxin.welfare.models.mutual_aid import Claim, Enrolment, Plan
from lianxin.welfare.permissions.mutual_aid import (
    ACTING_ROLES,
    visible_claims,
    visible_enrolments,
    visible_plans,
)
from lianxin.welfare.states.mutual_aid import OPEN_STATES, ClaimState

AnyUser = User | AnonymousUser
ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))


def plan_list(user: AnyUser) -> QuerySet[Plan]:
    """Plans with their enrolled count and contributions, computed in the database."""
    return (
        visible_plans(user)
        .select_related("org")
        .annotate(
            enrolled=Count("enrolments", distinct=True),
            contributions=Coalesce(Sum("enrolments__contribution"), ZERO),
        )
        .order_by("-starts_on", "pk")
    )


def plan_detail(user: AnyUser, plan_id: int) -> Plan:
    plan = plan_list(user).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(_("No such plan."), code="welfare.plan_not_found")
    return plan


def plan_enrolments(user: AnyUser, plan: Plan) -> QuerySet[Enrolment]:
    return visible_enrolments(user).filter(plan=plan).select_related("person")


def acting_orgs(user: AnyUser) -> QuerySet[Org]:
    """The unions the user may start a plan in (the permission `create_plan` checks)."""
    orgs = org_perms.orgs_reached(user, ACTING_ROLES)
    return orgs.exclude(kind__in=[OrgKind.TEAM, OrgKind.PARTNER]).order_by("path")


def actionable_plans(user: AnyUser) -> QuerySet[Plan]:
    """Plans the user may enrol people in and open claims under."""
    return visible_plans(user).filter(org__in=org_perms.orgs_reached(user, ACTING_ROLES))


@dataclass(frozen=True)
class ClaimFilter:
    state: str = ""
    kind: str = ""
    overdue: bool = False
    plan_id: int | None = None


def claim_list(user: AnyUser, filters: ClaimFilter | None = None) -> QuerySet[Claim]:
    f = filters or ClaimFilter()
    rows = visible_claims(user).select_related("enrolment__plan__org", "enrolment__person", "case")
    if f.state:
        rows = rows.filter(status=f.state)
    if f.kind:
        rows = rows.filter(kind=f.kind)
    if f.plan_id:
        rows = rows.filter(enrolment__plan_id=f.plan_id)
    if f.overdue:
        rows = rows.filter(overdue_q())
    return rows.order_by("-reported_at", "-pk")


def overdue_q() -> Q:
    """Open past its deadline, or paid after it."""
    return Q(status__in=OPEN_STATES, due_at__lt=clock.now()) | Q(
        status=ClaimState.PAID, paid_at__gt=F("due_at")
    )


def claim_detail(user: AnyUser, claim_id: int) -> Claim:
    claim = claim_list(user).filter(pk=claim_id).first()
    if claim is None:
        raise NotFound(_("No such claim."), code="welfare.claim_not_found")
    return claim


def claim_of_case(user: AnyUser, case: Case) -> Claim | None:
    return claim_list(user).filter(case=case).first()


def enrolments_of_person(user: AnyUser, person_id: int) -> QuerySet[Enrolment]:
    return visible_enrolments(user).filter(person_id=person_id).select_related("plan")


def contribution_total(rows: QuerySet[Enrolment]) -> Decimal:
    total = rows.aggregate(total=Sum("contribution"))["total"]
    return total or Decimal("0.00")
