"""Who may see and do what with job posts, 带岗直播 sessions and applications.

- Posts and sessions are public: anyone reads an open post and the sessions' public figures
  (viewers, how many applied). A post that is filled or closed is read by whoever may manage it.
- Publishing, filling and closing a post, planning a session and recording its viewers: chair,
  staff and admins reaching the posting union (its subtree's staff).
- Applications are personal: only chair, staff and admins reaching the posting union see them
  (names and phones masked) and move them on; the worker sees and withdraws their own. Other
  unions' staff, partners, judges and contest experts see none (404, like a missing one).
- Figures: the union roles (chair, staff, supervisor, leader, admin) reaching the org asked about.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.core.errors import PermissionDenied
from lianxin.jobs.models import Application, JobPost
from lianxin.jobs.states import WORKER_ACTIONS, ApplicationAction, PostState
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org

AnyUser = User | AnonymousUser

ACTING_ROLES = org_perms.HANDLING_ROLES
FIGURE_ROLES = org_perms.SUBTREE_ROLES


def managed_orgs(user: AnyUser) -> QuerySet[Org]:
    """The unions through which the user may publish posts and handle applications."""
    return org_perms.orgs_reached(user, ACTING_ROLES)


def can_manage(user: AnyUser, org: Org) -> bool:
    return org_perms.reaches(user, org, ACTING_ROLES)


def may_manage_any(user: AnyUser) -> bool:
    return bool(
        user.is_authenticated and (user.is_superuser or org_perms.reach(user, ACTING_ROLES)[0])
    )


def visible_posts(user: AnyUser) -> QuerySet[JobPost]:
    """Open posts for everyone; every post of the unions the user manages."""
    public = Q(state=PostState.OPEN)
    if not user.is_authenticated:
        return JobPost.objects.filter(public)
    if user.is_superuser:
        return JobPost.objects.all()
    return JobPost.objects.filter(public | Q(org__in=managed_orgs(user)))


def visible_applications(user: AnyUser) -> QuerySet[Application]:
    """Applications to posts of the unions the user manages (never the worker's own: see own_)."""
    if not user.is_authenticated:
        return Application.objects.none()
    if user.is_superuser:
        return Application.objects.all()
    return Application.objects.filter(post__org__in=managed_orgs(user))


def is_own(user: AnyUser, application: Application) -> bool:
    owner = application.person.user_id
    return bool(user.is_authenticated and owner and owner == user.pk)


def may_move(user: AnyUser, action: ApplicationAction, application: Application) -> bool:
    if action in WORKER_ACTIONS:
        return is_own(user, application)
    return can_manage(user, application.post.org)


def ensure_may_move(user: AnyUser, action: ApplicationAction, application: Application) -> None:
    if not may_move(user, action, application):
        raise PermissionDenied(
            _("You may not make this move on the application."), code="jobs.permission_denied"
        )


def ensure_may_manage(user: AnyUser, org: Org) -> None:
    if not can_manage(user, org):
        raise PermissionDenied(
            _("You may not manage the jobs of %(org)s.") % {"org": org.name},
            code="jobs.permission_denied",
        )


def figure_orgs(user: AnyUser) -> QuerySet[Org]:
    return org_perms.orgs_reached(user, FIGURE_ROLES)


def is_cadre(user: User) -> bool:
    """A union cadre: holds a union role over a subtree (a partner officer does not)."""
    return bool(user.is_superuser or org_perms.reach(user, org_perms.SUBTREE_ROLES)[0])
