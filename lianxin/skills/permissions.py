"""Who may see a credit account and who may record a certificate: decided here.

- An account (balance, lines, certificates) is seen by the person themself (their own account) and by
  whoever may see the person in the member registry: chair, staff, supervisors, leaders and admins of a
  union where the person holds or held a membership (members.permissions). Anyone else: as missing.
- A certificate is recorded by chair, staff or an admin of a union where the person is a member or
  applicant now (the union that verifies the paper).
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from lianxin.members import permissions as member_perms
from lianxin.members.models import Membership, Person
from lianxin.orgs import permissions as org_perms

AnyUser = User | AnonymousUser


def account_holders(user: AnyUser) -> QuerySet[Person]:
    """The persons whose accounts the user may see as a union (not counting their own)."""
    return member_perms.visible_persons(user)


def may_see_account(user: AnyUser, person: Person) -> bool:
    if member_perms.is_own(user, person):
        return True
    return account_holders(user).filter(pk=person.pk).exists()


def may_record_for(user: AnyUser, person: Person) -> bool:
    """Chair, staff or admin reaching a union where the person is a member or applicant now."""
    if not user.is_authenticated:
        return False
    current = Membership.objects.filter(person=person, state__in=member_perms.CURRENT_STATES)
    reached = org_perms.orgs_reached(user, member_perms.ACTING_ROLES)
    return current.filter(org__in=reached).exists()


def records_certificates(user: AnyUser) -> bool:
    """Whether the user records certificates anywhere (the form and the menu)."""
    return org_perms.orgs_reached(user, member_perms.ACTING_ROLES).exists()
