"""Who may decide a duplicate flag, teach the classifier, and adopt a month's focus."""

from django.contrib.auth.models import AnonymousUser, User

from lianxin.cases.models import Case
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org

AnyUser = User | AnonymousUser


def can_decide_flag(user: AnyUser, case: Case) -> bool:
    """Linking or dismissing is handling work: the chair/staff of the flagged case's owner org."""
    return org_perms.can_act_in(user, case.owner_org)


def can_teach_classifier(user: AnyUser) -> bool:
    """Corrections are the classifier's training data: a handling role (chair, staff, admin) in
    some org, or an admin of the site."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(g.role in org_perms.HANDLING_ROLES for g in org_perms.grants_of(user))


def can_adopt_focus(user: AnyUser, org: Org) -> bool:
    """每月一题 is set by a supervisor of the org (or an admin)."""
    return org_perms.can_supervise(user, org)


def focus_orgs(user: AnyUser) -> list[Org]:
    """The orgs where the user holds a supervising role (an admin: the roots), outermost first."""
    if user.is_authenticated and user.is_superuser:
        return list(Org.objects.filter(parent__isnull=True).order_by("path"))
    ids = [g.org_id for g in org_perms.grants_of(user) if g.role in org_perms.SUPERVISING_ROLES]
    return sorted(Org.objects.filter(pk__in=ids, is_active=True), key=lambda o: o.path)
