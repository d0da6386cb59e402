"""Every read of jobs, already scoped to the user (permissions.py).

Posts and sessions are public reads; applications are read by the posting union's staff (persons
masked by whoever shows them) or by the worker themself.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.core.errors import NotFound
from lianxin.jobs.models import Application, JobPost, LiveSession
from lianxin.jobs.permissions import figure_orgs, managed_orgs, visible_applications, visible_posts
from lianxin.jobs.states import PostState
from lianxin.orgs.models import Org, OrgKind, subtree_q
from lianxin.orgs.permissions import SUBTREE_ROLES

AnyUser = User | AnonymousUser


def public_org(code: str) -> Org:
    """An active org by code (the public list's filter), or NotFound."""
    org: Org | None = Org.objects.filter(code=code, is_active=True).first()
    if org is None:
        raise NotFound(_("No such organisation."), code="jobs.org_not_found")
    return org


def figures_org(user: AnyUser, code: str) -> Org:
    """An org whose figures the user may read, by code; NotFound otherwise (like a missing one)."""
    org = figure_orgs(user).filter(code=code).first()
    if org is None:
        raise NotFound(_("No such organisation."), code="jobs.org_not_found")
    return org


def post_list(
    user: AnyUser, *, kind: str = "", place: str = "", org: Org | None = None, state: str = ""
) -> QuerySet[JobPost]:
    """Posts the user may read, newest first (open ones unless a manager asks for a state)."""
    rows = visible_posts(user).select_related("org", "enterprise")
    rows = rows.filter(state=state or PostState.OPEN)
    if kind:
        rows = rows.filter(kind=kind)
    if place.strip():
        rows = rows.filter(place__icontains=place.strip())
    if org is not None:
        inside = subtree_q([org.path], field="org__path")
        rows = rows.filter(inside | subtree_q([org.path], field="enterprise__path"))
    return rows.order_by("-posted_at", "-pk")


def post_detail(user: AnyUser, post_id: int) -> JobPost:
    found = visible_posts(user).select_related("org", "enterprise").filter(pk=post_id).first()
    if found is None:
        raise NotFound(_("No such job post."), code="jobs.post_not_found")
    return found


def managed_posts(user: AnyUser) -> QuerySet[JobPost]:
    """Posts of the unions the user manages, any state, with their applications counted."""
    rows = JobPost.objects.filter(org__in=managed_orgs(user)).select_related("org", "enterprise")
    return rows.annotate(applied=Count("applications")).order_by("-posted_at", "-pk")


def own_applications(user: AnyUser) -> QuerySet[Application]:
    """The signed-in worker's own applications, newest first."""
    if not user.is_authenticated:
        return Application.objects.none()
    rows = Application.objects.filter(person__user=user, person__erased_at__isnull=True)
    return rows.select_related("post__org", "post__enterprise", "session").order_by(
        "-applied_at", "-pk"
    )


def own_application_for(user: AnyUser, post: JobPost) -> Application | None:
    return own_applications(user).filter(post=post).first()


def application_queue(
    user: AnyUser, *, state: str = "", post_id: int | None = None
) -> QuerySet[Application]:
    """The union's queue: applications to posts of its subtree, oldest waiting first."""
    rows = visible_applications(user).select_related(
        "person", "post__org", "post__enterprise", "session"
    )
    if state:
        rows = rows.filter(state=state)
    if post_id is not None:
        rows = rows.filter(post_id=post_id)
    return rows.order_by("applied_at", "pk")


def application_detail(user: AnyUser, application_id: int) -> Application:
    found = application_queue(user).filter(pk=application_id).first()
    if found is None:
        found = own_applications(user).filter(pk=application_id).first()
    if found is None:
        raise NotFound(_("No such application."), code="jobs.application_not_found")
    return found


def session_list() -> QuerySet[LiveSession]:
    """Every 带岗直播 session (public), newest first, with its posts and applications counted."""
    rows = LiveSession.objects.select_related("org", "host")
    rows = rows.annotate(
        applied=Count("applications", distinct=True),
        presented=Count("posts", distinct=True),
    )
    return rows.order_by("-starts_at", "-pk")


def session_detail(session_id: int) -> LiveSession:
    found = session_list().filter(pk=session_id).first()
    if found is None:
        raise NotFound(_("No such 带岗直播 session."), code="jobs.session_not_found")
    return found


def session_posts(session: LiveSession) -> QuerySet[JobPost]:
    """The posts a session presented, each with the applications the session brought it."""
    brought = Count("applications", filter=Q(applications__session=session))
    rows = session.posts.select_related("org", "enterprise").annotate(applied=brought)
    return rows.order_by("pk")


def host_candidates(user: AnyUser) -> QuerySet[User]:
    """Cadres a union may name as a session's host: union roles in the orgs the user manages."""
    orgs = managed_orgs(user)
    rows = User.objects.filter(
        Q(pk=user.pk) | Q(org_roles__org__in=orgs, org_roles__role__in=sorted(SUBTREE_ROLES))
    )
    return rows.distinct().order_by("username")


def presentable_posts(user: AnyUser) -> QuerySet[JobPost]:
    """Open posts of the unions the user manages (what a session may present)."""
    return managed_posts(user).filter(state=PostState.OPEN)


def enterprises_for(user: AnyUser) -> QuerySet[Org]:
    return managed_orgs(user).filter(kind=OrgKind.ENTERPRISE).order_by("path")


def districts() -> QuerySet[Org]:
    """The public list's org filter: the active federations and unions (districts, streets)."""
    kinds = [OrgKind.FEDERATION, OrgKind.UNION]
    return Org.objects.filter(is_active=True, kind__in=kinds).order_by("path")
