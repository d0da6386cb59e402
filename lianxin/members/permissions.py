"""Who may see which persons and memberships, and who may make which move: decided here.

- Seeing: the chair, staff, supervisors, leaders and admins of a union see the memberships in its
  subtree (a chair their union, a federation its whole subtree) and the persons who hold or held
  one there. Partner agencies and judges see none; a user with no role sees none. Outside one's
  scope a person or membership answers like a missing one (404).
- Acting (register, approve, reject, transfer, leave, merge, erase): chair, staff and admins reaching
  the membership's union. A member may also leave on their own.
- The full ID number: only chair, staff and admins reaching a union where the person is a member or
  an applicant now (they verify identity when approving and for aid), and the person themself.
  Leaders and supervisors read figures and masked lists. Every full view is logged
  (services.reveal_id_number).
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from lianxin.core.errors import PermissionDenied
from lianxin.members.models import Membership, Person
from lianxin.members.states import Action, State
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org, OrgKind, RoleName

AnyUser = User | AnonymousUser

SEEING_ROLES = frozenset(
    {RoleName.CHAIR, RoleName.STAFF, RoleName.SUPERVISOR, RoleName.LEADER, RoleName.ADMIN}
)
ACTING_ROLES = org_perms.HANDLING_ROLES
# A membership is held in a base union: an enterprise union, or an industry / street union (an
# industry union federation for gig workers, e.g. 外卖行业工会联合会, is an org of kind `union`).
BASE_UNION_KINDS = frozenset({OrgKind.ENTERPRISE, OrgKind.UNION})
CURRENT_STATES = (State.APPLIED, State.ACTIVE)


def member_orgs(user: AnyUser) -> QuerySet[Org]:
    """The orgs whose memberships the user may see."""
    return org_perms.orgs_reached(user, SEEING_ROLES)


def visible_memberships(user: AnyUser) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    if user.is_superuser:
        return Membership.objects.all()
    return Membership.objects.filter(org__in=member_orgs(user))


def visible_persons(user: AnyUser) -> QuerySet[Person]:
    """Persons who hold or held a membership the user may see (merged records excluded)."""
    held = visible_memberships(user).filter(person=OuterRef("pk"))
    return Person.objects.filter(Exists(held), merged_into__isnull=True)


def can_see_membership(user: AnyUser, membership: Membership) -> bool:
    return org_perms.reaches(user, membership.org, SEEING_ROLES)


def can_act_in(user: AnyUser, org: Org) -> bool:
    return org_perms.reaches(user, org, ACTING_ROLES)


def is_own(user: AnyUser, person: Person) -> bool:
    return bool(user.is_authenticated and person.user_id and person.user_id == user.pk)


def may_move(user: AnyUser, action: Action, membership: Membership) -> bool:
    if action == Action.LEAVE and is_own(user, membership.person):
        return True
    return can_act_in(user, membership.org)


def ensure_may_move(user: AnyUser, action: Action, membership: Membership) -> None:
    if not may_move(user, action, membership):
        raise PermissionDenied(
            _("You may not change this membership."), code="members.permission_denied"
        )


def ensure_may_act_in(user: AnyUser, org: Org) -> None:
    if not can_act_in(user, org):
        raise PermissionDenied(
            _("You may not manage the members of %(org)s.") % {"org": org.name},
            code="members.permission_denied",
        )


def may_see_full_id(user: AnyUser, person: Person) -> bool:
    """Chair, staff or admin of a union where the person is a member or applicant now, or themself."""
    if is_own(user, person) or (user.is_authenticated and user.is_superuser):
        return True
    current = Membership.objects.filter(person=person, state__in=CURRENT_STATES)
    return current.filter(org__in=org_perms.orgs_reached(user, ACTING_ROLES)).exists()
