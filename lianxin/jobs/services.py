"""Every jobs write: one function per move, one transaction, one journal event.

Posts (`post_job`, `fill_post`, `close_post`), 带岗直播 sessions (`create_session`,
`record_viewers`) and applications (`apply_for_job` and `withdraw_application` by the worker;
`pass_on_application`, `report_hired`, `report_not_hired` by the posting union). Journal events
name records by id and orgs by code, never a person's name or phone; a worker's own moves are
journalled as “the member” (members' SelfActor), not by name.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.core import clock
from lianxin.core.errors import DomainError, NotFound, require
from lianxin.jobs.models import Application, JobPost, LiveSession
from lianxin.jobs.permissions import (
    can_manage,
    ensure_may_manage,
    ensure_may_move,
    is_cadre,
    is_own,
)
from lianxin.jobs.states import (
    APPLICATION_WORKFLOW,
    POST_WORKFLOW,
    ApplicationAction,
    PostAction,
    PostKind,
    PostState,
    WageUnit,
)
from lianxin.members.models import Person
from lianxin.members.selectors import own_person
from lianxin.members.services.people import SelfActor
from lianxin.orgs.models import Org, OrgKind

TITLE_MAX, PLACE_MAX, SITE_MAX, NOTE_MAX = 120, 120, 40, 500
WAGE_MAX = 10_000_000


@dataclass(frozen=True)
class NewPost:
    org: Org  # the union publishing it
    enterprise: Org  # the employer's union
    title: str
    kind: str
    wage_min: int
    wage_max: int
    wage_unit: str
    place: str
    headcount: int
    requirements: str = ""
    site: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    contact: str = ""


def _check_post(new: NewPost) -> None:
    inside = new.enterprise.path.startswith(new.org.path)  # fixed-width segments: the subtree
    require(new.enterprise.kind == OrgKind.ENTERPRISE and inside and new.enterprise.is_active,
            _("Choose an enterprise of the posting union's subtree."),
            code="jobs.enterprise_invalid")  # fmt: skip
    require(0 < len(new.title.strip()) <= TITLE_MAX, _("Give the job a title."),
            code="jobs.title_missing")  # fmt: skip
    require(0 < len(new.place.strip()) <= PLACE_MAX, _("Say where the work is."),
            code="jobs.place_missing")  # fmt: skip
    require(new.kind in PostKind.values, _("Choose the kind of job."), code="jobs.kind_invalid")
    require(new.wage_unit in WageUnit.values, _("Choose the wage unit."),
            code="jobs.wage_unit_invalid")  # fmt: skip
    require(0 < new.wage_min <= new.wage_max <= WAGE_MAX,
            _("Give a wage range in yuan: from at most up to."), code="jobs.wage_invalid")  # fmt: skip
    require(new.headcount >= 1, _("Give how many people are wanted."),
            code="jobs.headcount_invalid")  # fmt: skip
    _check_gig(new)


def _check_gig(new: NewPost) -> None:
    if new.kind != PostKind.GIG:
        require(not new.site.strip(), _("Only a 零工 short job is offered at a station."),
                code="jobs.site_for_gig_only")  # fmt: skip
        return
    require(new.starts_on is not None, _("Give the day (or first day) of the short job."),
            code="jobs.gig_date_missing")  # fmt: skip
    assert new.starts_on is not None
    require(new.ends_on is None or new.ends_on >= new.starts_on,
            _("The short job ends before it starts."), code="jobs.period_invalid")  # fmt: skip
    require(len(new.site.strip()) <= SITE_MAX, _("The station code is too long."),
            code="jobs.site_invalid")  # fmt: skip


@transaction.atomic
def post_job(*, actor: User, new: NewPost) -> JobPost:
    """A union's staff publish a post for an enterprise of their subtree: it opens at once."""
    ensure_may_manage(actor, new.org)
    _check_post(new)
    gig = new.kind == PostKind.GIG
    post = JobPost.objects.create(
        org=new.org, enterprise=new.enterprise, title=new.title.strip(), kind=new.kind,
        wage_min=new.wage_min, wage_max=new.wage_max, wage_unit=new.wage_unit,
        place=new.place.strip(), requirements=new.requirements.strip(), headcount=new.headcount,
        site=new.site.strip().upper() if gig else "", starts_on=new.starts_on,
        ends_on=new.ends_on, contact=new.contact.strip(), created_by=actor, posted_at=clock.now(),
    )  # fmt: skip
    data = {"org": new.org.code, "enterprise": new.enterprise.code, "kind": new.kind}
    if post.site:
        data["site"] = post.site
    record_event(target=post, actor=actor, kind="post_created", state_after=post.state, data=data)
    return post


def _locked_post(post_id: int, actor: User) -> JobPost:
    post = (
        JobPost.objects.select_for_update(of=("self",)).select_related("org")
        .filter(pk=post_id).first()
    )  # fmt: skip
    if post is None or not (post.state == PostState.OPEN or can_manage(actor, post.org)):
        raise NotFound(_("No such job post."), code="jobs.post_not_found")
    return post


def _post_move(post_id: int, actor: User, action: PostAction, kind: str) -> JobPost:
    post = _locked_post(post_id, actor)

    def apply(p: JobPost) -> list[str]:
        p.ended_at = clock.now()
        return ["ended_at"]

    return run_move(
        post, workflow=POST_WORKFLOW, action=action, kind=kind, actor=actor,
        status_field="state", may=lambda: ensure_may_manage(actor, post.org), apply=apply,
        data={"org": post.org.code},
    )  # fmt: skip


@transaction.atomic
def fill_post(*, actor: User, post_id: int) -> JobPost:
    """open → filled: the enterprise has the people it wanted."""
    return _post_move(post_id, actor, PostAction.FILL, "post_filled")


@transaction.atomic
def close_post(*, actor: User, post_id: int) -> JobPost:
    """open → closed: the post is withdrawn or expired."""
    return _post_move(post_id, actor, PostAction.CLOSE, "post_closed")


# ---- applications ----------------------------------------------------------------------------


def _applicant(actor: User) -> Person:
    person = own_person(actor)
    if person is None:
        raise DomainError(
            _("Your account is not linked to a person in the union's registry yet: join the union "
              "(“My membership”) or ask your union to link your account, then apply."),
            code="jobs.no_person",
        )  # fmt: skip
    return person


def _session_for(session_id: int | None, post: JobPost) -> LiveSession | None:
    if session_id is None:
        return None
    session = LiveSession.objects.filter(pk=session_id).first()
    if session is None or not session.posts.filter(pk=post.pk).exists():
        raise DomainError(_("This post was not presented in that 带岗直播 session."),
                          code="jobs.post_not_in_session")  # fmt: skip
    return session


@transaction.atomic
def apply_for_job(
    *, actor: User, post_id: int, session_id: int | None = None, note: str = ""
) -> Application:
    """A signed-in worker (recognised by their person) applies, once per post, to an open post."""
    person = _applicant(actor)
    post = (
        JobPost.objects.select_for_update(of=("self",))
        .select_related("org")
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        raise NotFound(_("No such job post."), code="jobs.post_not_found")
    if post.state != PostState.OPEN:
        raise DomainError(_("This job post is no longer open."), code="jobs.post_not_open")
    require(len(note) <= NOTE_MAX, _("The note is too long."), code="jobs.note_too_long")
    session = _session_for(session_id, post)
    if Application.objects.filter(person=person, post=post).exists():
        raise DomainError(_("You have already applied for this job."), code="jobs.already_applied")
    try:
        with transaction.atomic():
            application = Application.objects.create(
                person=person, post=post, session=session, note=note.strip(),
                applied_at=clock.now(),
            )  # fmt: skip
    except IntegrityError:  # the same person applying twice at once: the constraint decides
        raise DomainError(_("You have already applied for this job."),
                          code="jobs.already_applied") from None  # fmt: skip
    data: dict[str, Any] = {"post": post.pk, "person": person.pk, "org": post.org.code}
    if session is not None:
        data["session"] = session.pk
    record_event(target=application, actor=SelfActor(actor), kind="applied",
                 state_after=application.state, data=data)  # fmt: skip
    return application


def _locked_application(application_id: int, actor: User) -> Application:
    row = (
        Application.objects.select_for_update(of=("self",))
        .select_related("post__org", "person").filter(pk=application_id).first()
    )  # fmt: skip
    if row is None or not (is_own(actor, row) or can_manage(actor, row.post.org)):
        raise NotFound(_("No such application."), code="jobs.application_not_found")
    return row


def _move(
    application_id: int, *, actor: User, action: ApplicationAction, kind: str, note: str = "",
    apply: Callable[[Application], Sequence[str]] | None = None,
) -> Application:  # fmt: skip
    row = _locked_application(application_id, actor)
    own = is_own(actor, row) and action == ApplicationAction.WITHDRAW
    return run_move(
        row, workflow=APPLICATION_WORKFLOW, action=action, kind=kind,
        actor=SelfActor(actor) if own else actor, status_field="state",
        may=lambda: ensure_may_move(actor, action, row), apply=apply, note=note,
        data={"post": row.post_id, "person": row.person_id, "org": row.post.org.code},
    )  # fmt: skip


def _stamp(name: str) -> Callable[[Application], list[str]]:
    def apply(row: Application) -> list[str]:
        setattr(row, name, clock.now())
        return [name]

    return apply


@transaction.atomic
def withdraw_application(*, actor: User, application_id: int) -> Application:
    """The worker takes their application back before the enterprise has decided."""
    return _move(application_id, actor=actor, action=ApplicationAction.WITHDRAW, kind="withdrawn")


@transaction.atomic
def pass_on_application(*, actor: User, application_id: int, note: str = "") -> Application:
    """submitted → passed_on: the union hands the application to the enterprise."""
    return _move(application_id, actor=actor, action=ApplicationAction.PASS_ON, kind="passed_on",
                 note=note, apply=_stamp("passed_on_at"))  # fmt: skip


@transaction.atomic
def report_hired(*, actor: User, application_id: int, note: str = "") -> Application:
    """passed_on → hired: the enterprise reported that it hired the worker."""
    return _move(application_id, actor=actor, action=ApplicationAction.REPORT_HIRED, kind="hired",
                 note=note, apply=_stamp("decided_at"))  # fmt: skip


@transaction.atomic
def report_not_hired(*, actor: User, application_id: int, note: str = "") -> Application:
    """passed_on → not_hired: the enterprise reported that it did not hire the worker."""
    return _move(application_id, actor=actor, action=ApplicationAction.REPORT_NOT_HIRED,
                 kind="not_hired", note=note, apply=_stamp("decided_at"))  # fmt: skip


APPLICATION_SERVICES: dict[ApplicationAction, Callable[..., Application]] = {
    ApplicationAction.WITHDRAW: withdraw_application,
    ApplicationAction.PASS_ON: pass_on_application,
    ApplicationAction.REPORT_HIRED: report_hired,
    ApplicationAction.REPORT_NOT_HIRED: report_not_hired,
}


# ---- 带岗直播 sessions -------------------------------------------------------------------------


@dataclass(frozen=True)
class NewSession:
    org: Org
    title: str
    starts_at: datetime
    host: User
    post_ids: list[int] = field(default_factory=list)


def _presented(new: NewSession) -> list[JobPost]:
    ids = sorted(set(new.post_ids))
    require(ids, _("Choose the posts the session presents."), code="jobs.no_posts")
    open_posts = JobPost.objects.filter(pk__in=ids, state=PostState.OPEN).order_by("pk")
    posts = list(open_posts.select_related("org"))
    inside = all(p.org.path.startswith(new.org.path) for p in posts)
    require(len(posts) == len(ids) and inside,
            _("A session presents open posts of its union's subtree."),
            code="jobs.post_outside_session")  # fmt: skip
    return posts


@transaction.atomic
def create_session(*, actor: User, new: NewSession) -> LiveSession:
    """A union plans a 带岗直播: its host (a union cadre), its time and the posts it presents."""
    ensure_may_manage(actor, new.org)
    require(0 < len(new.title.strip()) <= TITLE_MAX, _("Give the session a title."),
            code="jobs.title_missing")  # fmt: skip
    require(is_cadre(new.host), _("The host must be a union cadre."), code="jobs.host_not_cadre")
    posts = _presented(new)
    session = LiveSession.objects.create(
        org=new.org, title=new.title.strip(), starts_at=new.starts_at, host=new.host,
        created_by=actor, created_at=clock.now(),
    )  # fmt: skip
    session.posts.set(posts)
    data = {"org": new.org.code, "host": new.host.pk, "posts": [p.pk for p in posts]}
    record_event(target=session, actor=actor, kind="session_created", data=data)
    return session


@transaction.atomic
def record_viewers(*, actor: User, session_id: int, viewers: int) -> LiveSession:
    """After the session: how many watched it (a correction overwrites, journalled with both)."""
    session = (
        LiveSession.objects.select_for_update(of=("self",)).select_related("org")
        .filter(pk=session_id).first()
    )  # fmt: skip
    if session is None:
        raise NotFound(_("No such 带岗直播 session."), code="jobs.session_not_found")
    ensure_may_manage(actor, session.org)
    require(0 <= viewers <= WAGE_MAX, _("Give the number of viewers."),
            code="jobs.viewers_invalid")  # fmt: skip
    if session.starts_at > clock.now():
        raise DomainError(_("Viewers are recorded after the session."),
                          code="jobs.session_not_held")  # fmt: skip
    before = session.viewers
    session.viewers = viewers
    session.save(update_fields=["viewers"])
    record_event(target=session, actor=actor, kind="viewers_recorded",
                 data={"org": session.org.code, "viewers": viewers, "before": before})  # fmt: skip
    return session
