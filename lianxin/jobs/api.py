"""The jobs API, mounted at /api/jobs: the public list of posts, a worker's application, the figures.

Each handler translates HTTP into one selector or service call and back. The list is public (a
token or the browser's session may still say who asks); applying needs the signed-in worker (409 on
a refusal, in the one error shape); figures answer the union roles reaching the org, others 404.
"""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router, Status

from lianxin.api.auth import TokenAuth
from lianxin.core.api import ERRORS, ApiRequest, paginate
from lianxin.core.masking import mask_phones_in
from lianxin.jobs import metrics, selectors, services
from lianxin.jobs.models import Application, JobPost
from lianxin.jobs.permissions import may_move
from lianxin.jobs.schemas import (
    ApplicationIn,
    ApplicationOut,
    FiguresOut,
    FiguresQuery,
    PostListQuery,
    PostPage,
)
from lianxin.jobs.states import APPLICATION_WORKFLOW

router = Router(tags=["jobs"])
PK = Path(..., ge=1, le=2**31 - 1)


def post_out(p: JobPost) -> dict[str, Any]:
    return {
        "id": p.pk, "title": p.title, "kind": p.kind,
        "enterprise": {"code": p.enterprise.code, "name": p.enterprise.name},
        "org": {"code": p.org.code, "name": p.org.name}, "wage_min": p.wage_min,
        "wage_max": p.wage_max, "wage_unit": p.wage_unit, "place": p.place,
        "requirements": mask_phones_in(p.requirements), "headcount": p.headcount, "site": p.site,
        "starts_on": p.starts_on, "ends_on": p.ends_on, "contact": p.contact, "state": p.state,
        "posted_at": p.posted_at,
    }  # fmt: skip


def application_out(a: Application, user: Any) -> dict[str, Any]:
    actions = APPLICATION_WORKFLOW.actions_from(a.state)
    return {
        "id": a.pk, "post_id": a.post_id, "session_id": a.session_id, "state": a.state,
        "applied_at": a.applied_at, "actions": [str(x) for x in actions if may_move(user, x, a)],
    }  # fmt: skip


@router.get("", response={200: PostPage, **ERRORS}, auth=None, operation_id="list_job_posts")
def list_posts(request: HttpRequest, filters: Query[PostListQuery]):
    """Open job posts, newest first, page by page (public: no credentials needed). `org` narrows to
    posts published in that org's subtree or offered by its enterprises; 404: no such org."""
    if request.headers.get("Authorization"):
        TokenAuth()(request)  # a wrong token is refused (401), a right one says who asks
    org = selectors.public_org(filters.org) if filters.org else None
    rows = selectors.post_list(
        request.user, kind=filters.kind or "", place=filters.place or "", org=org
    )
    page = paginate(request, rows, page=filters.page, page_size=filters.page_size)
    page["items"] = [post_out(p) for p in page["items"]]
    return page


@router.get("/figures", response={200: FiguresOut, **ERRORS}, operation_id="job_figures")
def job_figures(request: ApiRequest, query: Query[FiguresQuery]):
    """Posts, applications, passed on, hires and 带岗直播 of an org's subtree over a period.
    404: the org is not in your scope (or does not exist)."""
    org = selectors.figures_org(request.auth, query.org)
    today = timezone.localdate()
    found = metrics.figures(org, query.start or date(today.year, 1, 1), query.end or today)
    return {
        "org": org.code, "start": found.start, "end": found.end, "posts": found.posts,
        "posts_open": found.posts_open, "posts_filled": found.posts_filled,
        "applications": found.applications, "passed_on": found.passed_on, "hires": found.hires,
        "hire_rate": found.hire_rate.as_dict(), "sessions": found.sessions,
        "viewers": found.viewers, "session_applications": found.session_applications,
    }  # fmt: skip


@router.post(
    "/{post_id}/applications",
    response={201: ApplicationOut, **ERRORS},
    operation_id="apply_for_job",
)
def apply(request: ApiRequest, payload: ApplicationIn, post_id: int = PK):
    """The signed-in worker applies (once per post). 409: already applied, the post is no longer
    open, no person is linked to the account; 404: no such post."""
    application = services.apply_for_job(
        actor=request.auth, post_id=post_id, session_id=payload.session_id, note=payload.note
    )
    return Status(201, application_out(application, request.auth))
