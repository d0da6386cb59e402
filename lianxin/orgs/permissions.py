"""Who may see and act in which orgs: decided here and nowhere else.

A role in an org reaches that org and its whole subtree, except the partner-agency roles (partner,
judge), which reach their own org only. A user with no role reaches nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from lianxin.orgs import tree
from lianxin.orgs.models import Org, OrgQuerySet, RoleName, subtree_q

SUBTREE_ROLES = frozenset(
    {RoleName.CHAIR, RoleName.STAFF, RoleName.SUPERVISOR, RoleName.LEADER, RoleName.ADMIN}
)
OWN_ORG_ROLES = frozenset({RoleName.PARTNER, RoleName.JUDGE})
HANDLING_ROLES = frozenset({RoleName.CHAIR, RoleName.STAFF, RoleName.ADMIN})
SUPERVISING_ROLES = frozenset({RoleName.SUPERVISOR, RoleName.ADMIN})
ALL_ROLES = SUBTREE_ROLES | OWN_ORG_ROLES

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Grant:
    role: str
    org_id: int
    path: str


def grants_of(user: AnyUser) -> list[Grant]:
    """The user's roles, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_lianxin_grants", None)
    if cached is None:
        cached = [
            Grant(role, org_id, path)
            for role, org_id, path in user.org_roles.filter(org__is_active=True).values_list(
                "role", "org_id", "org__path"
            )
        ]
        prime_grants(user, cached)
    return cached


def prime_grants(user: AnyUser, grants: list[Grant]) -> None:
    """Keep roles read with the user (e.g. with an API token, in one query) for grants_of."""
    user._lianxin_grants = grants  # type: ignore[union-attr]


def role_names(user: AnyUser) -> set[str]:
    return {g.role for g in grants_of(user)}


def reach(user: AnyUser, roles: frozenset[str]) -> tuple[list[str], list[int]]:
    """(subtree paths, single org ids) that the user's roles among `roles` reach."""
    paths, own = [], []
    for g in grants_of(user):
        if g.role not in roles:
            continue
        if g.role in OWN_ORG_ROLES:
            own.append(g.org_id)
        else:
            paths.append(g.path)
    return outermost(paths), own


def outermost(paths: Iterable[str]) -> list[str]:
    """Drop paths that lie inside another path of the list, so range filters stay few."""
    kept: list[str] = []
    for p in sorted(set(paths)):
        if not kept or not (kept[-1] <= p < tree.upper_bound(kept[-1])):
            kept.append(p)
    return kept


def orgs_reached(user: AnyUser, roles: frozenset[str] = ALL_ROLES) -> OrgQuerySet:
    """Orgs where the user holds one of `roles`, with their subtrees (partners: own org only)."""
    if user.is_authenticated and user.is_superuser:
        return Org.objects.all()
    paths, own = reach(user, roles)
    if not paths and not own:
        return Org.objects.none()
    q = subtree_q(paths, field="path")
    if own:
        q |= Q(pk__in=own)
    return Org.objects.filter(q)


def visible_orgs(user: AnyUser) -> OrgQuerySet:
    """Which orgs may this user see."""
    return orgs_reached(user, ALL_ROLES)


def actionable_orgs(user: AnyUser) -> OrgQuerySet:
    """In which orgs may this user handle cases (leaders only read; supervisors only supervise)."""
    return orgs_reached(user, HANDLING_ROLES)


def reaches(user: AnyUser, org: Org, roles: frozenset[str] = ALL_ROLES) -> bool:
    """The same answer as `orgs_reached(user, roles)` for one org, without a query."""
    if user.is_authenticated and user.is_superuser:
        return True
    paths, own = reach(user, roles)
    return org.pk in own or any(p <= org.path < tree.upper_bound(p) for p in paths)


def measured_orgs(user: AnyUser, org: Org | None, roles: frozenset[str]) -> list[Org]:
    """The orgs whose subtrees make up a figure's scope: `org` when the user's roles among `roles`
    reach it (else none); None: the outermost orgs those roles reach (an administrator: the roots),
    so no subtree is counted twice. The business areas' figures (core.areas) add up over these."""
    if org is not None:
        return [org] if reaches(user, org, roles) else []
    if user.is_authenticated and user.is_superuser:
        return list(Org.objects.filter(parent__isnull=True))
    paths, _own = reach(user, roles)
    return list(Org.objects.filter(path__in=paths)) if paths else []


def can_see_org(user: AnyUser, org: Org) -> bool:
    return reaches(user, org, ALL_ROLES)


def can_act_in(user: AnyUser, org: Org) -> bool:
    return reaches(user, org, HANDLING_ROLES)


def can_supervise(user: AnyUser, org: Org) -> bool:
    return reaches(user, org, SUPERVISING_ROLES)
