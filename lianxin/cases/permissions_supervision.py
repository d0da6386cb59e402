"""Who may take which 督办 action on a case, and which cases a supervisor's 督办 page covers.

- Supervising actions (催办, 挂牌督办 and 摘牌, deciding an extension) belong to the supervising roles
  (supervisor, admin) reaching the case's owner org — held at that org or at any org above it: the
  rule of 重开 and of who hears of a 督办 notice (`orgs.permissions.can_supervise`).
- Handling answers (answering an urge, asking for an extension) belong to whoever may handle the
  owner org's cases (`orgs.permissions.can_act_in`): the case's handler and the handling roles.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lianxin.cases.models import Case
from lianxin.core.errors import PermissionDenied
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org, subtree_q

AnyUser = User | AnonymousUser


def may_supervise(user: AnyUser, case: Case) -> bool:
    return org_perms.can_supervise(user, case.owner_org)


def may_answer(user: AnyUser, case: Case) -> bool:
    return bool(user.is_authenticated and org_perms.can_act_in(user, case.owner_org))


def ensure_may_supervise(user: AnyUser, case: Case) -> None:
    if not may_supervise(user, case):
        raise PermissionDenied(
            _("You may not supervise case %(number)s.") % {"number": case.number},
            code="case.permission_denied",
        )


def ensure_may_answer(user: AnyUser, case: Case) -> None:
    if not may_answer(user, case):
        raise PermissionDenied(
            _("You may not do this to case %(number)s.") % {"number": case.number},
            code="case.permission_denied",
        )


def is_supervisor(user: AnyUser) -> bool:
    """Does the user supervise any subtree (the 督办 menu and page)?"""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    paths, _own = org_perms.reach(user, org_perms.SUPERVISING_ROLES)
    return bool(paths)


def supervised_cases(user: AnyUser) -> QuerySet[Case]:
    """The cases whose owner org lies in a subtree the user supervises (nothing for anyone else)."""
    if not user.is_authenticated:
        return Case.objects.none()
    if user.is_superuser:
        return Case.objects.all()
    paths, _own = org_perms.reach(user, org_perms.SUPERVISING_ROLES)
    if not paths:
        return Case.objects.none()
    orgs = Org.objects.filter(subtree_q(paths, field="path")).values("pk")
    return Case.objects.filter(owner_org_id__in=orgs)
