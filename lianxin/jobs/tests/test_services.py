"""Every jobs move: allowed (the table's state, one journal event) and refused (nothing changes)."""
# ruff: noqa: F811 (the fixtures imported from jobs_world are named as arguments)

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from lianxin.audit.models import Event
from lianxin.core import clock
from lianxin.core.errors import (
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from lianxin.jobs import services
from lianxin.jobs.models import Application, JobPost, LiveSession
from lianxin.jobs.states import (
    APPLICATION_TRANSITIONS,
    ApplicationAction,
    ApplicationState,
    PostState,
)
from lianxin.jobs.tests.jobs_world import (  # noqa: F401 (fixtures)
    applied,
    district_post,
    gig_post,
    new_post,
    post,
    session_for,
    worker,
    worker_with_person,
)
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory
from lianxin.tests.refusals import refused

pytestmark = pytest.mark.django_db


def events_of(row) -> list[Event]:
    rows = Event.objects.filter(target_type=row._meta.label_lower, target_id=row.pk)
    return list(rows.order_by("seq"))


# Posts


def test_a_post_opens_at_once_and_journals_codes_only(world, post):
    assert post.state == PostState.OPEN
    [event] = events_of(post)
    assert (event.kind, event.state_after) == ("post_created", "open")
    assert event.data == {"org": "EA1", "enterprise": "EA1", "kind": "regular"}


def test_a_gig_post_keeps_its_station_code_and_day(world, district_post):
    assert (district_post.kind, district_post.site, district_post.wage_unit) == (
        "gig",
        "JZ-ST-01",
        "day",
    )
    assert events_of(district_post)[0].data["site"] == "JZ-ST-01"


@pytest.mark.parametrize(
    ("who", "org", "enterprise", "changes", "error", "code"),
    [
        ("chair_b", "ent_a1", "ent_a1", {}, PermissionDenied, "jobs.permission_denied"),
        ("partner", "ent_a1", "ent_a1", {}, PermissionDenied, "jobs.permission_denied"),
        ("supervisor", "district_a", "ent_a1", {}, PermissionDenied, "jobs.permission_denied"),
        ("chair", "ent_a1", "ent_a2", {}, InvalidInput, "jobs.enterprise_invalid"),
        ("staff", "district_a", "street_a", {}, InvalidInput, "jobs.enterprise_invalid"),
        ("chair", "ent_a1", "ent_a1", {"title": " "}, InvalidInput, "jobs.title_missing"),
        ("chair", "ent_a1", "ent_a1", {"wage_min": 5000}, InvalidInput, "jobs.wage_invalid"),
        ("chair", "ent_a1", "ent_a1", {"wage_min": 0}, InvalidInput, "jobs.wage_invalid"),
        ("chair", "ent_a1", "ent_a1", {"headcount": 0}, InvalidInput, "jobs.headcount_invalid"),
        ("chair", "ent_a1", "ent_a1", {"site": "JZ-ST-01"}, InvalidInput, "jobs.site_for_gig_only"),
        (
            "chair",
            "ent_a1",
            "ent_a1",
            {"wage_unit": "year"},
            InvalidInput,
            "jobs.wage_unit_invalid",
        ),
        ("chair", "ent_a1", "ent_a1", {"place": ""}, InvalidInput, "jobs.place_missing"),
    ],
)
def test_a_refused_post_writes_nothing(world, who, org, enterprise, changes, error, code):
    new = new_post(getattr(world, org), getattr(world, enterprise), **changes)
    call = lambda: services.post_job(actor=getattr(world, who), new=new)  # noqa: E731
    assert refused(call, error, counts=[JobPost]).code == code


def test_a_gig_post_without_its_day_is_refused(world):
    new = gig_post(world.district_a, world.ent_a2, starts_on=None)
    call = lambda: services.post_job(actor=world.staff, new=new)  # noqa: E731
    assert refused(call, InvalidInput, counts=[JobPost]).code == "jobs.gig_date_missing"


def test_a_gig_post_that_ends_before_it_starts_is_refused(world):
    base = gig_post(world.district_a, world.ent_a2)
    new = gig_post(world.district_a, world.ent_a2, ends_on=base.starts_on - timedelta(days=1))
    call = lambda: services.post_job(actor=world.staff, new=new)  # noqa: E731
    assert refused(call, InvalidInput, counts=[JobPost]).code == "jobs.period_invalid"


@pytest.mark.parametrize(
    ("move", "state", "kind"),
    [(services.fill_post, "filled", "post_filled"), (services.close_post, "closed", "post_closed")],
)
def test_fill_or_close_ends_the_post_with_one_event(world, post, move, state, kind):
    move(actor=world.staff, post_id=post.pk)  # district A's staff reach enterprise A1's union
    post.refresh_from_db()
    assert post.state == state
    assert post.ended_at is not None
    assert [(e.kind, e.state_before, e.state_after) for e in events_of(post)][1:] == [
        (kind, "open", state)
    ]


@pytest.mark.parametrize("first", ["fill_post", "close_post"])
@pytest.mark.parametrize("then", ["fill_post", "close_post"])
def test_an_ended_post_moves_no_more(world, post, first, then):
    getattr(services, first)(actor=world.chair, post_id=post.pk)
    call = lambda: getattr(services, then)(actor=world.chair, post_id=post.pk)  # noqa: E731
    assert refused(call, TransitionNotAllowed, row=post).code == "jobs.transition_not_allowed"


@pytest.mark.parametrize(("who", "error"), [("chair_b", PermissionDenied),
                                            ("partner", PermissionDenied),
                                            ("leader", PermissionDenied)])  # fmt: skip
def test_outsiders_may_not_fill_or_close(world, post, who, error):
    call = lambda: services.close_post(actor=getattr(world, who), post_id=post.pk)  # noqa: E731
    assert refused(call, error, row=post).code == "jobs.permission_denied"


def test_a_closed_post_of_another_union_answers_as_missing(world, post):
    services.close_post(actor=world.chair, post_id=post.pk)
    call = lambda: services.fill_post(actor=world.chair_b, post_id=post.pk)  # noqa: E731
    assert refused(call, NotFound, row=post).code == "jobs.post_not_found"


# Applying


def test_a_worker_applies_once_journalled_as_the_member_with_ids_only(world, post, worker):
    application = applied(worker, post, note="有叉车证")
    assert (application.state, application.note) == ("submitted", "有叉车证")
    [event] = events_of(application)
    assert event.actor_id is None
    assert event.actor_label == "@member"
    assert event.data == {"post": post.pk, "person": application.person_id, "org": "EA1"}
    assert details(1).name not in str(event.data) + event.note


def test_a_second_application_to_the_same_post_is_refused(world, post, worker):
    applied(worker, post)
    call = lambda: applied(worker, post)  # noqa: E731
    error = refused(call, DomainError, counts=[Application], rows=[Application])
    assert error.code == "jobs.already_applied"


def test_the_database_holds_one_application_per_person_and_post(world, post, worker):
    first = applied(worker, post)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(person=first.person, post=post, applied_at=clock.now())


def test_the_same_person_may_apply_to_another_post(world, post, district_post, worker):
    applied(worker, post)
    assert applied(worker, district_post).post == district_post


def test_a_user_without_a_person_is_told_clearly(world, post):
    stranger = UserFactory(username="stranger")
    error = refused(lambda: applied(stranger, post), DomainError, counts=[Application])
    assert error.code == "jobs.no_person"
    assert "union" in error.message or "工会" in error.message


@pytest.mark.parametrize("end", ["fill_post", "close_post"])
def test_an_ended_post_takes_no_application(world, post, worker, end):
    getattr(services, end)(actor=world.chair, post_id=post.pk)
    error = refused(lambda: applied(worker, post), DomainError, counts=[Application])
    assert error.code == "jobs.post_not_open"


def test_applying_through_a_session_that_did_not_present_the_post_is_refused(
    world, post, district_post, worker
):
    session = session_for(world, [district_post])
    call = lambda: applied(worker, post, session_id=session.pk)  # noqa: E731
    assert refused(call, DomainError, counts=[Application]).code == "jobs.post_not_in_session"


def test_an_application_through_a_session_is_tagged_with_it(world, post, worker):
    session = session_for(world, [post])
    application = applied(worker, post, session_id=session.pk)
    assert application.session == session
    assert events_of(application)[0].data["session"] == session.pk


# The application's table, walked whole through the services


ACTORS = {
    ApplicationAction.WITHDRAW: "worker",
    ApplicationAction.PASS_ON: "chair",
    ApplicationAction.REPORT_HIRED: "staff",
    ApplicationAction.REPORT_NOT_HIRED: "chair",
}
KINDS = {
    ApplicationAction.WITHDRAW: "withdrawn",
    ApplicationAction.PASS_ON: "passed_on",
    ApplicationAction.REPORT_HIRED: "hired",
    ApplicationAction.REPORT_NOT_HIRED: "not_hired",
}
PAIRS = [(s, a) for s in ApplicationState for a in ApplicationAction]


@pytest.mark.parametrize(("state", "action"), PAIRS, ids=[f"{s}:{a}" for s, a in PAIRS])
def test_every_application_move_is_the_tables_or_refused(world, post, worker, state, action):
    application = applied(worker, post)
    Application.objects.filter(pk=application.pk).update(state=state)
    actor = worker if ACTORS[action] == "worker" else getattr(world, ACTORS[action])
    call = lambda: services.APPLICATION_SERVICES[action](  # noqa: E731
        actor=actor, application_id=application.pk
    )
    after = APPLICATION_TRANSITIONS[state].get(action)
    if after is None:
        error = refused(call, TransitionNotAllowed, row=application)
        assert error.code == "jobs.transition_not_allowed"
        return
    call()
    application.refresh_from_db()
    last = events_of(application)[-1]
    assert (application.state, last.kind, last.state_before) == (after, KINDS[action], state)


def test_passing_on_and_hiring_stamp_their_times(world, post, worker):
    application = applied(worker, post)
    services.pass_on_application(actor=world.chair, application_id=application.pk, note="已推荐")
    services.report_hired(actor=world.chair, application_id=application.pk)
    application.refresh_from_db()
    assert application.passed_on_at
    assert application.decided_at
    assert [e.note for e in events_of(application)] == ["", "已推荐", ""]


@pytest.mark.parametrize("who", ["chair_b", "partner", "judge", "nobody"])
def test_outsiders_find_no_application(world, post, worker, who):
    application = applied(worker, post)
    call = lambda: services.pass_on_application(  # noqa: E731
        actor=getattr(world, who), application_id=application.pk
    )
    assert refused(call, NotFound, row=application).code == "jobs.application_not_found"


def test_the_worker_may_not_pass_on_their_own_application(world, post, worker):
    application = applied(worker, post)
    call = lambda: services.pass_on_application(actor=worker, application_id=application.pk)  # noqa: E731
    assert refused(call, PermissionDenied, row=application).code == "jobs.permission_denied"


def test_the_union_may_not_withdraw_a_workers_application(world, post, worker):
    application = applied(worker, post)
    call = lambda: services.withdraw_application(actor=world.chair, application_id=application.pk)  # noqa: E731
    assert refused(call, PermissionDenied, row=application).code == "jobs.permission_denied"


def test_another_worker_finds_no_application_to_withdraw(world, post, worker):
    application = applied(worker, post)
    other = worker_with_person(world, 2)
    call = lambda: services.withdraw_application(actor=other, application_id=application.pk)  # noqa: E731
    assert refused(call, NotFound, row=application).code == "jobs.application_not_found"


# 带岗直播 sessions


def test_a_session_presents_its_posts_with_one_event(world, post, district_post):
    session = session_for(world, [post, district_post])
    assert set(session.posts.all()) == {post, district_post}
    [event] = events_of(session)
    assert event.kind == "session_created"
    assert event.data == {
        "org": "DA",
        "host": world.chair.pk,
        "posts": sorted([post.pk, district_post.pk]),
    }


@pytest.mark.parametrize("case", ["not_cadre", "outside", "none", "closed", "scope"])
def test_a_refused_session_writes_nothing(world, post, district_post, worker, case):
    kw: dict = {}
    posts = [post]
    code = {"not_cadre": "jobs.host_not_cadre", "outside": "jobs.post_outside_session",
            "none": "jobs.no_posts", "closed": "jobs.post_outside_session",
            "scope": "jobs.permission_denied"}[case]  # fmt: skip
    if case == "not_cadre":
        kw["host"] = worker
    elif case == "outside":
        kw.update(org=world.ent_a1, by=world.chair)
        posts = [post, district_post]  # district A's post lies above enterprise A1
    elif case == "none":
        posts = []
    elif case == "closed":
        services.close_post(actor=world.chair, post_id=post.pk)
    else:
        kw["by"] = world.chair_b
    call = lambda: session_for(world, posts, **kw)  # noqa: E731
    assert refused(call, DomainError, counts=[LiveSession]).code == code


def test_viewers_are_recorded_after_the_session_with_one_event(world, post):
    session = session_for(world, [post])
    services.record_viewers(actor=world.staff, session_id=session.pk, viewers=1200)
    services.record_viewers(actor=world.staff, session_id=session.pk, viewers=1250)
    session.refresh_from_db()
    assert session.viewers == 1250
    assert [e.data["before"] for e in events_of(session)[1:]] == [None, 1200]


@pytest.mark.parametrize(
    ("who", "viewers", "later", "code"),
    [
        ("staff", 10, True, "jobs.session_not_held"),
        ("staff", -1, False, "jobs.viewers_invalid"),
        ("chair_b", 10, False, "jobs.permission_denied"),
        ("partner", 10, False, "jobs.permission_denied"),
    ],
)
def test_refused_viewers_change_nothing(world, post, who, viewers, later, code):
    starts = clock.now() + timedelta(days=1) if later else None
    session = session_for(world, [post], starts_at=starts)
    call = lambda: services.record_viewers(  # noqa: E731
        actor=getattr(world, who), session_id=session.pk, viewers=viewers
    )
    assert refused(call, DomainError, row=session).code == code
