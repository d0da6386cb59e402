"""Who may see and move mutual-aid plans, enrolments and claims.

- Seeing: chair, staff, supervisors, leaders and admins reaching the plan's union (its own people and
  its federations'); the enrolled person themself sees their own claims. Partners, judges, contest
  experts and the chairs of other unions reach nothing here: a claim answers 404 to them.
- Acting (create plans, enrol, report and move claims): chair, staff and admins reaching the union.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.core.errors import PermissionDenied
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org, RoleName
from lianxin.welfare.models.mutual_aid import Claim, Enrolment, Plan

AnyUser = User | AnonymousUser

SEEING_ROLES = frozenset(
    {RoleName.CHAIR, RoleName.STAFF, RoleName.SUPERVISOR, RoleName.LEADER, RoleName.ADMIN}
)
ACTING_ROLES = org_perms.HANDLING_ROLES


def plan_orgs(user: AnyUser) -> QuerySet[Org]:
    return org_perms.orgs_reached(user, SEEING_ROLES)


def visible_plans(user: AnyUser) -> QuerySet[Plan]:
    if not user.is_authenticated:
        return Plan.objects.none()
    return Plan.objects.filter(org__in=plan_orgs(user))


def visible_enrolments(user: AnyUser) -> QuerySet[Enrolment]:
    if not user.is_authenticated:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(plan__org__in=plan_orgs(user))


def visible_claims(user: AnyUser) -> QuerySet[Claim]:
    """The claims of plans the user's union runs, and the user's own."""
    if not user.is_authenticated:
        return Claim.objects.none()
    return Claim.objects.filter(
        Q(enrolment__plan__org__in=plan_orgs(user)) | Q(enrolment__person__user_id=user.pk)
    )


def can_act_in(user: AnyUser, org: Org) -> bool:
    return org_perms.reaches(user, org, ACTING_ROLES)


def can_move_claim(user: AnyUser, claim: Claim) -> bool:
    return can_act_in(user, claim.enrolment.plan.org)


def ensure_may_act_in(user: AnyUser, org: Org) -> None:
    if not can_act_in(user, org):
        raise PermissionDenied(
            _("You may not manage the mutual aid of %(org)s.") % {"org": org.name},
            code="welfare.permission_denied",
        )
