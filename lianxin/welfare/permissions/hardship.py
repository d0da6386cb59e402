"""Who may see and act on hardship files: personal and sensitive, so decided narrowly here.

- Seeing a file (its card, visits, payments): the chair, staff and admins of the holding union and
  of its federations (a role reaching the union's subtree), and the person themself. Supervisors,
  leaders, partners, judges, contest experts and chairs of other unions see none: a file outside
  one's scope answers like a missing one (404). Leaders read amounts through the figures only.
- Acting (open, visit, request, approve, pay, review, close): the same chair, staff and admins.
- Approving a payment above `LIANXIN_AID_SELF_APPROVAL_LIMIT` (1,000 yuan by default): someone
  other than its requester (four eyes on money).
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.core.errors import PermissionDenied
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org
from lianxin.welfare.models.hardship import AidPayment, HardshipFile

AnyUser = User | AnonymousUser

AID_ROLES = org_perms.HANDLING_ROLES
DEFAULT_SELF_APPROVAL_LIMIT = Decimal("1000")


def aid_orgs(user: AnyUser) -> QuerySet[Org]:
    """The unions whose hardship files the user handles (their subtrees)."""
    return org_perms.orgs_reached(user, AID_ROLES)


def visible_files(user: AnyUser) -> QuerySet[HardshipFile]:
    if not user.is_authenticated:
        return HardshipFile.objects.none()
    if user.is_superuser:
        return HardshipFile.objects.all()
    return HardshipFile.objects.filter(Q(org__in=aid_orgs(user)) | Q(person__user_id=user.pk))


def can_handle(user: AnyUser, file: HardshipFile) -> bool:
    return org_perms.reaches(user, file.org, AID_ROLES)


def can_see(user: AnyUser, file: HardshipFile) -> bool:
    own = user.is_authenticated and file.person.user_id == user.pk
    return own or can_handle(user, file)


def ensure_can_handle(user: AnyUser, file: HardshipFile) -> None:
    if not can_handle(user, file):
        raise PermissionDenied(
            _("You may not handle this hardship file."), code="welfare.hardship_permission_denied"
        )


def ensure_can_open_in(user: AnyUser, org: Org) -> None:
    if not org_perms.reaches(user, org, AID_ROLES):
        raise PermissionDenied(
            _("You may not open hardship files for %(org)s.") % {"org": org.name},
            code="welfare.hardship_permission_denied",
        )


def self_approval_limit() -> Decimal:
    value = getattr(settings, "LIANXIN_AID_SELF_APPROVAL_LIMIT", DEFAULT_SELF_APPROVAL_LIMIT)
    return Decimal(str(value))


def needs_second_person(payment: AidPayment) -> bool:
    return payment.amount > self_approval_limit()


def may_approve(user: AnyUser, payment: AidPayment) -> bool:
    """Above the limit, the requester may not approve their own payment."""
    if needs_second_person(payment) and payment.requested_by_id == user.pk:
        return False
    return can_handle(user, payment.file)


def ensure_may_approve(user: AnyUser, payment: AidPayment) -> None:
    ensure_can_handle(user, payment.file)
    if not may_approve(user, payment):
        raise PermissionDenied(
            _("A payment above %(limit)s yuan is approved by someone other than its requester.")
            % {"limit": self_approval_limit()},
            code="welfare.aid_self_approval",
        )
