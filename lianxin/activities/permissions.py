"""Who may see and do what with activities: decided here.

- An open activity's public fields (title, kind, places left, waiting count) are public.
- The roster (sign-ups, waiting list, attendance) is personal: the seeing roles (chair, staff,
  supervisor, leader, admin) reaching the organiser org see it; anyone else gets 404.
- Organising (create, sessions, attendance, completion, no-show): the handling roles (chair, staff,
  admin) reaching the organiser org.
- Signing a person up or cancelling for them: the person themself, or a handling role reaching a
  union where the person holds a membership (a chair signs up their members), or the organiser.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lianxin.activities.models import Activity, SignUp
from lianxin.core.errors import PermissionDenied
from lianxin.members.models import Membership, Person
from lianxin.members.permissions import SEEING_ROLES
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org

AnyUser = User | AnonymousUser

ORGANISING_ROLES = org_perms.HANDLING_ROLES
ROSTER_ROLES = SEEING_ROLES


def roster_orgs(user: AnyUser) -> QuerySet[Org]:
    """Orgs whose activities' rosters the user may read."""
    return org_perms.orgs_reached(user, ROSTER_ROLES)


def organising_orgs(user: AnyUser) -> QuerySet[Org]:
    return org_perms.orgs_reached(user, ORGANISING_ROLES)


def can_see_roster(user: AnyUser, activity: Activity) -> bool:
    return org_perms.reaches(user, activity.org, ROSTER_ROLES)


def can_organise(user: AnyUser, activity: Activity) -> bool:
    return org_perms.reaches(user, activity.org, ORGANISING_ROLES)


def is_own(user: AnyUser, person: Person) -> bool:
    return bool(user.is_authenticated and person.user_id and person.user_id == user.pk)


def handles_person(user: AnyUser, person: Person) -> bool:
    """A chair, staff or admin reaching a union where the person is (or was) a member."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(person=person, org__in=organising_orgs(user)).exists()


def may_sign_up(user: AnyUser, person: Person) -> bool:
    return is_own(user, person) or handles_person(user, person)


def may_cancel(user: AnyUser, signup: SignUp) -> bool:
    return may_sign_up(user, signup.person) or can_organise(user, signup.activity)


def ensure_may_sign_up(user: AnyUser, person: Person) -> None:
    if not may_sign_up(user, person):
        raise PermissionDenied(
            _("You may sign up only yourself or the members of your union."),
            code="activities.permission_denied",
        )


def ensure_may_cancel(user: AnyUser, signup: SignUp) -> None:
    if not may_cancel(user, signup):
        raise PermissionDenied(
            _("You may not cancel this sign-up."), code="activities.permission_denied"
        )


def ensure_may_organise(user: AnyUser, activity: Activity) -> None:
    if not can_organise(user, activity):
        raise PermissionDenied(
            _("Only the organising union may do this."), code="activities.permission_denied"
        )


def ensure_may_organise_in(user: AnyUser, org: Org) -> None:
    if not org_perms.reaches(user, org, ORGANISING_ROLES):
        raise PermissionDenied(
            _("You may not organise activities for %(org)s.") % {"org": org.name},
            code="activities.permission_denied",
        )
