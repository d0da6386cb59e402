"""Reads over the org tree, scoped to the user."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from lianxin.orgs.models import Org, OrgKind, OrgQuerySet, Role
from lianxin.orgs.permissions import visible_orgs


def org_list(
    *, user: User | AnonymousUser, kind: str | None = None, query: str = ""
) -> OrgQuerySet:
    qs = visible_orgs(user)
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(
            Q(name__icontains=query) | Q(code__iexact=query) | Q(short_name__icontains=query)
        )
    return qs.select_related("parent").order_by("path")


def user_roles(*, user: User | AnonymousUser) -> list[Role]:
    if not user.is_authenticated:
        return []
    return list(user.org_roles.select_related("org").order_by("org__path", "role"))


def partner_agencies() -> OrgQuerySet:
    """Agencies a case may be referred to; any org may refer to any active partner."""
    return Org.objects.filter(kind=OrgKind.PARTNER, is_active=True).order_by("path")


def find_org(*, user: User | AnonymousUser, name_or_code: str) -> Org | None:
    """An org in the user's scope by exact code, exact name, or the unique name containing the words."""
    return find_org_in(visible_orgs(user), name_or_code)


def find_org_in(scope: QuerySet[Org], name_or_code: str) -> Org | None:
    """The same look-up among the orgs of `scope`."""
    exact = scope.filter(Q(code__iexact=name_or_code) | Q(name=name_or_code)).first()
    if exact:
        return exact
    matches = list(scope.filter(name__icontains=name_or_code)[:2])
    return matches[0] if len(matches) == 1 else None
