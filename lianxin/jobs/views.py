"""Jobs pages: the public list and a post (apply, confirmed first), the worker's applications, the
union's application queue, 带岗直播 sessions, and the staff's forms for posts and sessions.

Each view translates to one selector or service call and back. A post that is not public answers
404 to whoever cannot manage it; the queue answers 404 to anyone who manages no union, and shows
only applications to posts of the user's subtree, persons masked (name and phone).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core.errors import DomainError, NotFound
from lianxin.core.forms import error_texts
from lianxin.core.masking import mask_name, mask_phone, mask_phones_in
from lianxin.jobs import selectors, services
from lianxin.jobs.forms import ApplyForm, PostForm, SessionForm, ViewersForm
from lianxin.jobs.models import Application
from lianxin.jobs.permissions import can_manage, managed_orgs, may_manage_any, may_move
from lianxin.jobs.states import (
    APPLICATION_ACTION_LABELS,
    APPLICATION_WORKFLOW,
    POST_ACTION_LABELS,
    POST_WORKFLOW,
    ApplicationAction,
    ApplicationState,
    PostAction,
    PostKind,
)

PAGE_SIZE = 20
POST_SERVICES = {PostAction.FILL: services.fill_post, PostAction.CLOSE: services.close_post}


def _page(request: Any, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _managing(request: Any) -> None:
    if not may_manage_any(request.user):
        raise Http404


def post_list(request: Any) -> HttpResponse:
    """招聘岗位: open posts, filtered by kind, place and org (a district or union), paged."""
    kind = request.GET.get("kind", "") if request.GET.get("kind") in PostKind.values else ""
    place, code = request.GET.get("place", "").strip()[:60], request.GET.get("org", "")
    try:
        org = selectors.public_org(code) if code else None
    except NotFound:
        org = None
    rows = selectors.post_list(request.user, kind=kind, place=place, org=org)
    query = urlencode({k: v for k, v in {"kind": kind, "place": place, "org": code}.items() if v})
    context = {
        "page": _page(request, rows), "kinds": PostKind.choices, "kind": kind, "place": place,
        "org": org, "code": code, "orgs": selectors.districts(), "query": query,
        "manages": may_manage_any(request.user),
    }  # fmt: skip
    return render(request, "jobs/list.html", context)


def post_detail(request: Any, post_id: int) -> HttpResponse:
    """A post: what, where, the wage, the union to contact; apply (confirmed first)."""
    try:
        post = selectors.post_detail(request.user, post_id)
    except NotFound:
        raise Http404 from None
    manages = can_manage(request.user, post.org)
    moves = [(a, POST_ACTION_LABELS[a]) for a in POST_WORKFLOW.actions_from(post.state)]
    context = {
        "post": post, "requirements": mask_phones_in(post.requirements),
        "mine": selectors.own_application_for(request.user, post),
        "form": ApplyForm(), "session_id": request.GET.get("session", ""),
        "manages": manages, "moves": moves if manages else [],
        "waiting": selectors.application_queue(request.user, post_id=post.pk).count() if manages else 0,
    }  # fmt: skip
    return render(request, "jobs/post.html", context)


@login_required
@require_POST
def apply(request: Any, post_id: int) -> HttpResponse:
    form = ApplyForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    session = request.POST.get("session", "")
    try:
        services.apply_for_job(actor=request.user, post_id=post_id, note=note,
                               session_id=int(session) if session.isdigit() else None)  # fmt: skip
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("jobs:post", post_id)
    messages.success(request, _("Your application was sent to the union."))
    return redirect("jobs:mine")


@login_required
def mine(request: Any) -> HttpResponse:
    """我的求职: the worker's own applications, with a withdrawal while it is undecided."""
    page = _page(request, selectors.own_applications(request.user))
    withdraw = ApplicationAction.WITHDRAW
    rows = [{"a": a, "withdraw": APPLICATION_WORKFLOW.allows(a.state, withdraw)} for a in page]
    return render(request, "jobs/mine.html", {"rows": rows, "page": page})


@login_required
def queue(request: Any) -> HttpResponse:
    """The union's queue: applications to posts of its subtree (persons masked), by state."""
    _managing(request)
    state = request.GET.get("state", "")
    state = state if state in ApplicationState.values else ""
    page = _page(request, selectors.application_queue(request.user, state=state))
    rows = [_queue_row(request.user, a) for a in page]
    context = {"page": page, "rows": rows, "states": ApplicationState.choices, "state": state,
               "query": urlencode({"state": state}) if state else ""}  # fmt: skip
    return render(request, "jobs/queue.html", context)


def _queue_row(user: Any, a: Application) -> dict[str, Any]:
    actions = [
        x for x in APPLICATION_WORKFLOW.actions_from(a.state) if x != ApplicationAction.WITHDRAW
    ]
    return {
        "a": a, "name": mask_name(a.person.name), "phone": mask_phone(a.person.phone),
        "actions": [(x, APPLICATION_ACTION_LABELS[x]) for x in actions if may_move(user, x, a)],
    }  # fmt: skip


@login_required
@require_POST
def application_move(request: Any, application_id: int, action: str) -> HttpResponse:
    if action not in ApplicationAction.__members__.values():
        raise Http404
    move = services.APPLICATION_SERVICES[ApplicationAction(action)]
    note = request.POST.get("note", "")[:500]
    try:
        kw = {} if action == ApplicationAction.WITHDRAW else {"note": note}
        move(actor=request.user, application_id=application_id, **kw)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Done: %(move)s.") % {"move": APPLICATION_ACTION_LABELS[ApplicationAction(action)]},
        )
    return redirect("jobs:mine" if action == ApplicationAction.WITHDRAW else "jobs:queue")


@login_required
@require_POST
def post_move(request: Any, post_id: int, action: str) -> HttpResponse:
    if action not in PostAction.__members__.values():
        raise Http404
    try:
        POST_SERVICES[PostAction(action)](actor=request.user, post_id=post_id)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("jobs:post", post_id)


@login_required
def post_new(request: Any) -> HttpResponse:
    """发布岗位: staff publish a post for an enterprise of their subtree."""
    _managing(request)
    kw = {"orgs": managed_orgs(request.user).order_by("path"),
          "enterprises": selectors.enterprises_for(request.user)}  # fmt: skip
    form = PostForm(request.POST or None, **kw)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        new = services.NewPost(
            org=d["org"], enterprise=d["enterprise"], title=d["title"], kind=d["kind"],
            wage_min=d["wage_min"], wage_max=d["wage_max"], wage_unit=d["wage_unit"],
            place=d["place"], headcount=d["headcount"], requirements=d["requirements"],
            site=d["site"], starts_on=d["starts_on"], ends_on=d["ends_on"], contact=d["contact"],
        )  # fmt: skip
        try:
            post = services.post_job(actor=request.user, new=new)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("jobs:post", post.pk)
    return render(request, "jobs/post_new.html", {"form": form})


def sessions(request: Any) -> HttpResponse:
    """带岗直播: the sessions, newest first, with viewers and applications."""
    page = _page(request, selectors.session_list())
    return render(
        request, "jobs/sessions.html", {"page": page, "manages": may_manage_any(request.user)}
    )


def session_detail(request: Any, session_id: int) -> HttpResponse:
    try:
        session = selectors.session_detail(session_id)
    except NotFound:
        raise Http404 from None
    manages = can_manage(request.user, session.org)
    context = {"session": session, "posts": selectors.session_posts(session),
               "form": ViewersForm(initial={"viewers": session.viewers}) if manages else None}  # fmt: skip
    return render(request, "jobs/session.html", context)


@login_required
@require_POST
def session_viewers(request: Any, session_id: int) -> HttpResponse:
    form = ViewersForm(request.POST)
    if not form.is_valid():
        for text in error_texts(form):
            messages.error(request, text)
        return redirect("jobs:session", session_id)
    try:
        services.record_viewers(
            actor=request.user, session_id=session_id, viewers=form.cleaned_data["viewers"]
        )
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("jobs:session", session_id)


@login_required
def session_new(request: Any) -> HttpResponse:
    """A new 带岗直播: its union, time, host and the open posts it presents."""
    _managing(request)
    form = SessionForm(
        request.POST or None, orgs=managed_orgs(request.user).order_by("path"),
        hosts=selectors.host_candidates(request.user),
        posts=selectors.presentable_posts(request.user),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        new = services.NewSession(org=d["org"], title=d["title"], starts_at=d["starts_at"],
                                  host=d["host"], post_ids=[p.pk for p in d["posts"]])  # fmt: skip
        try:
            session = services.create_session(actor=request.user, new=new)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("jobs:session", session.pk)
    return render(request, "jobs/session_new.html", {"form": form})
