"""The jobs figures of an org subtree over a period, defined once and computed in the database.

Terms (the subtree is the posting union's; a period is two dates, both included, Beijing time):
- posts: posts published in the period; of them `posts_open` still open now;
- posts filled: posts marked filled in the period;
- applications: applications made in the period; passed on: applications the union passed to the
  enterprise in the period; hires: hires reported in the period;
- hire rate: of the applications passed on in the period, those hired (numerator and denominator);
- sessions: 带岗直播 sessions of the subtree held in the period, their recorded viewers (summed)
  and the applications tagged with them (whenever made).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum

from lianxin.jobs.models import Application, JobPost, LiveSession
from lianxin.jobs.permissions import FIGURE_ROLES
from lianxin.jobs.states import ApplicationState, PostState
from lianxin.members.metrics import Rate
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org, subtree_q
from lianxin.orgs.permissions import AnyUser


@dataclass(frozen=True)
class Figures:
    org: Org
    start: date
    end: date
    posts: int
    posts_open: int
    posts_filled: int
    applications: int
    passed_on: int
    hires: int
    hire_rate: Rate
    sessions: int
    viewers: int
    session_applications: int


def _within(field: str, start: date, end: date) -> Q:
    return Q(**{f"{field}__date__gte": start, f"{field}__date__lte": end})


def figures(org: Org, start: date, end: date) -> Figures:
    """The figures of `org`'s subtree between `start` and `end` (both days included)."""
    posts = JobPost.objects.filter(subtree_q([org.path], field="org__path")).aggregate(
        posted=Count("pk", filter=_within("posted_at", start, end)),
        still_open=Count("pk", filter=_within("posted_at", start, end) & Q(state=PostState.OPEN)),
        filled=Count("pk", filter=_within("ended_at", start, end) & Q(state=PostState.FILLED)),
    )
    passed = _within("passed_on_at", start, end)
    apps = Application.objects.filter(subtree_q([org.path], field="post__org__path")).aggregate(
        applied=Count("pk", filter=_within("applied_at", start, end)),
        passed=Count("pk", filter=passed),
        hires=Count(
            "pk", filter=_within("decided_at", start, end) & Q(state=ApplicationState.HIRED)
        ),
        passed_hired=Count("pk", filter=passed & Q(state=ApplicationState.HIRED)),
    )
    held = LiveSession.objects.filter(
        subtree_q([org.path], field="org__path"), _within("starts_at", start, end)
    )
    viewers = held.aggregate(n=Count("pk"), v=Sum("viewers"))
    tagged = Application.objects.filter(session__in=held.values("pk")).count()
    return Figures(
        org=org, start=start, end=end, posts=posts["posted"], posts_open=posts["still_open"],
        posts_filled=posts["filled"], applications=apps["applied"], passed_on=apps["passed"],
        hires=apps["hires"], hire_rate=Rate(apps["passed_hired"], apps["passed"]),
        sessions=viewers["n"], viewers=viewers["v"] or 0, session_applications=tagged,
    )  # fmt: skip


# ---- the 就业服务 area (core.areas) ---------------------------------------------------------------


def measured_orgs(user: AnyUser, org: Org | None) -> list[Org]:
    """`org` when the roles that read the figures reach it (else none); None: the outermost orgs
    those roles reach (an administrator: the roots), so no subtree counts twice."""
    return org_perms.measured_orgs(user, org, FIGURE_ROLES)


def job_posts(user: AnyUser, org: Org | None, start: date, end: date) -> int:
    """The figures' posts (published in the period) over the scope."""
    return sum(figures(o, start, end).posts for o in measured_orgs(user, org))


def job_applications(user: AnyUser, org: Org | None, start: date, end: date) -> int:
    """The figures' applications (made in the period) over the scope."""
    return sum(figures(o, start, end).applications for o in measured_orgs(user, org))
