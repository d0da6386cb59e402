"""Who may do what at a station: decided here and nowhere else.

A station's page is public. Its service log is kept by its 站长 (the station's `manager`) or by the
handling roles (chair, staff, admin) of its managing union's subtree; its figures are read by those
and by the roles that read a subtree (supervisor, leader). Partners and judges reach no station.
Outside that scope a station's staff pages answer 404, exactly like an unknown code.
"""

from django.db.models import Q

from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import subtree_q
from lianxin.orgs.permissions import AnyUser
from lianxin.stations.models import Station

SEEING_ROLES = org_perms.SUBTREE_ROLES
LOGGING_ROLES = org_perms.HANDLING_ROLES


def _is_manager(user: AnyUser, station: Station) -> bool:
    return user.is_authenticated and station.manager_id == user.pk


def may_log(user: AnyUser, station: Station) -> bool:
    """The 站长, or a handling role over the managing union."""
    return _is_manager(user, station) or org_perms.reaches(user, station.org, LOGGING_ROLES)


def may_see_figures(user: AnyUser, station: Station) -> bool:
    """The 站长, or a role that reads the managing union's subtree."""
    return _is_manager(user, station) or org_perms.reaches(user, station.org, SEEING_ROLES)


def may_manage(user: AnyUser, station: Station) -> bool:
    """Create, change, close a station: a handling role over its managing union (not the 站长)."""
    return org_perms.reaches(user, station.org, LOGGING_ROLES)


def stations_in_scope_q(user: AnyUser) -> Q:
    """The stations whose figures the user may read, as a filter."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    paths, _own = org_perms.reach(user, SEEING_ROLES)
    q = Q(manager=user)
    if paths:
        q |= subtree_q(paths, field="org__path")
    return q
