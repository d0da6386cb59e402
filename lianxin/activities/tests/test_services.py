"""Sign-up moves: capacity, waiting list and promotion, no double sign-up, eligibility, attendance,
completion (a course reports its achievement); every refusal changes nothing."""
# ruff: noqa: F811 (the fixtures imported from activities_world are named as arguments)

from datetime import timedelta
from decimal import Decimal

import pytest

from lianxin.activities import services
from lianxin.activities.models import Activity, Attendance, Session, SignUp
from lianxin.activities.selectors import roster, waiting_position
from lianxin.activities.states import SignUpState
from lianxin.activities.tests.activities_world import (  # noqa: F401 (fixtures)
    achievements,
    activity,
    approve,
    course,
    member,
    members,
    new_activity,
    organised,
    signed,
    worker_user,
)
from lianxin.audit.models import Event
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from lianxin.members.selectors import own_person
from lianxin.tests.refusals import refused

SIDE = [SignUp, Attendance, Event]


def _events(row, kind=None):
    rows = Event.objects.filter(target_type=row._meta.label_lower, target_id=row.pk)
    return list(rows.filter(kind=kind) if kind else rows)


@pytest.mark.django_db
def test_sign_ups_fill_the_places_then_the_waiting_list_in_order(world, activity, members):
    first, second, third, fourth = (signed(world, activity, p) for p in members[:4])
    assert [first.state, second.state] == [SignUpState.SIGNED_UP] * 2
    assert [third.state, fourth.state] == [SignUpState.WAITING] * 2
    assert [waiting_position(third), waiting_position(fourth)] == [1, 2]
    event = _events(third)[0]
    assert (event.kind, event.state_after) == ("waitlisted", SignUpState.WAITING)
    assert event.data == {"activity": activity.pk, "person": members[2].pk, "position": 1,
                          "by_self": False}  # fmt: skip


@pytest.mark.django_db
def test_a_full_activity_without_waiting_list_refuses_clearly_and_changes_nothing(world, members):
    full = organised(world, capacity=1, has_waiting_list=False)
    signed(world, full, members[0])
    error = refused(lambda: signed(world, full, members[1]), services.Refused, row=full,
                    counts=SIDE)  # fmt: skip
    assert error.code == "activities.full"
    assert "1" in error.message
    assert error.http_status == 409


@pytest.mark.django_db
def test_cancelling_a_place_moves_the_first_waiting_up_and_journals_both(world, members):
    small = organised(world, capacity=1)
    holder, first, second = (signed(world, small, p) for p in members[:3])
    services.cancel_signup(actor=world.chair, signup_id=holder.pk)
    for row in (holder, first, second):
        row.refresh_from_db()
    assert (holder.state, first.state, second.state) == ("cancelled", "signed_up", "waiting")
    assert first.position is None
    assert waiting_position(second) == 1
    promoted = _events(first, "promoted")[0]
    assert promoted.data["freed_by"] == holder.pk
    assert (promoted.state_before, promoted.state_after) == ("waiting", "signed_up")
    assert _events(holder, "cancelled")[0].state_after == "cancelled"


@pytest.mark.django_db
def test_cancelling_a_waiting_sign_up_promotes_nobody(world, members):
    small = organised(world, capacity=1)
    holder, waiting, last = (signed(world, small, p) for p in members[:3])
    services.cancel_signup(actor=world.chair, signup_id=waiting.pk)
    holder.refresh_from_db(), last.refresh_from_db()
    assert (holder.state, last.state) == ("signed_up", "waiting")
    assert waiting_position(last) == 1


@pytest.mark.django_db
def test_a_person_never_signs_up_twice_but_may_again_after_cancelling(world, activity, members):
    first = signed(world, activity, members[0])
    error = refused(lambda: signed(world, activity, members[0], by=world.staff),
                    services.Refused, row=activity, counts=SIDE)  # fmt: skip
    assert error.code == "activities.already_signed_up"
    services.cancel_signup(actor=world.chair, signup_id=first.pk)
    again = signed(world, activity, members[0])
    assert again.state == SignUpState.SIGNED_UP
    assert again.pk != first.pk


@pytest.mark.django_db
def test_members_only_admits_an_active_member_and_refuses_an_applicant(world, worker_user, approve):
    only = organised(world, members_only=True)
    person = own_person(worker_user)
    error = refused(
        lambda: services.sign_up(actor=worker_user, activity_id=only.pk, person_id=person.pk),
        services.Refused, row=only, counts=SIDE,
    )  # fmt: skip
    assert error.code == "activities.members_only"
    approve(worker_user)
    mine = services.sign_up(actor=worker_user, activity_id=only.pk, person_id=person.pk)
    assert mine.state == SignUpState.SIGNED_UP
    event = _events(mine)[0]
    assert event.actor_id is None
    assert event.actor_label == "@member"
    assert event.data["by_self"]


@pytest.mark.django_db
def test_an_employment_form_outside_the_admitted_ones_is_refused(world, members):
    riders = organised(world, employment_forms=["rider", "courier"])
    error = refused(lambda: signed(world, riders, members[0]), services.Refused, row=riders,
                    counts=SIDE)  # fmt: skip
    assert error.code == "activities.not_eligible"
    rider = member(world, 9, employment_form="rider")
    assert signed(world, riders, rider).state == SignUpState.SIGNED_UP


@pytest.mark.django_db
def test_sign_up_outside_its_period_is_refused_as_closed(world, members):
    now = clock.now()
    past = organised(world, signup_opens=now - timedelta(days=9),
                     signup_closes=now - timedelta(days=1))  # fmt: skip
    error = refused(lambda: signed(world, past, members[0]), services.Refused, row=past,
                    counts=SIDE)  # fmt: skip
    assert error.code == "activities.closed"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["chair_b", "partner", "judge", "nobody", "leader"])
def test_a_person_outside_the_actors_unions_answers_as_missing(world, activity, members, who):
    error = refused(lambda: signed(world, activity, members[0], by=getattr(world, who)),
                    NotFound, row=activity, counts=SIDE)  # fmt: skip
    assert error.code == "activities.person_not_found"


@pytest.mark.django_db
def test_only_the_organiser_marks_completion_and_no_show(world, activity, members):
    signup = signed(world, activity, members[0])
    for outsider in (world.chair_b, world.partner, world.chair):
        error = refused(
            lambda o=outsider: services.complete_signup(actor=o, signup_id=signup.pk),
            PermissionDenied, row=signup, counts=SIDE,
        )  # fmt: skip
        assert error.code == "activities.permission_denied"
    services.mark_no_show(actor=world.staff, signup_id=signup.pk)
    error = refused(lambda: services.complete_signup(actor=world.staff, signup_id=signup.pk),
                    TransitionNotAllowed, row=signup, counts=SIDE)  # fmt: skip
    assert error.code == "activities.transition_not_allowed"


@pytest.mark.django_db
def test_completing_a_course_reports_the_achievement_in_the_transaction(
    world, members, achievements
):
    academy = course(world)
    signup = signed(world, academy, members[0])
    services.complete_signup(actor=world.staff, signup_id=signup.pk)
    [got] = achievements
    assert (got.person_id, got.kind, got.source) == (
        members[0].pk, "course_completed", f"activities.signup:{signup.pk}",
    )  # fmt: skip
    assert got.detail == {"credit_hours": Decimal("16.0"), "course": "数控车床操作"}
    assert got.actor_id == world.staff.pk
    signup.refresh_from_db()
    assert signup.state == SignUpState.COMPLETED
    assert signup.completed_on == got.on


@pytest.mark.django_db
def test_a_receiver_that_fails_undoes_the_completion(world, members):
    from lianxin.members.hooks import register_achievement_receiver, unregister_achievement_receiver

    def broken(_achievement):
        raise RuntimeError("the credit bank is down")

    academy = course(world)
    signup = signed(world, academy, members[0])
    register_achievement_receiver(broken)
    try:
        with pytest.raises(RuntimeError):
            services.complete_signup(actor=world.staff, signup_id=signup.pk)
    finally:
        unregister_achievement_receiver(broken)
    signup.refresh_from_db()
    assert signup.state == SignUpState.SIGNED_UP
    assert _events(signup, "completed") == []


@pytest.mark.django_db
def test_completing_another_kind_reports_nothing(world, activity, members, achievements):
    signup = signed(world, activity, members[0])
    services.complete_signup(actor=world.staff, signup_id=signup.pk)
    assert achievements == []


@pytest.mark.django_db
def test_attendance_is_recorded_per_session_and_corrected(world, activity, members):
    one, two, waiting = (signed(world, activity, p) for p in members[:3])
    session = services.add_session(actor=world.staff, activity_id=activity.pk,
                                   starts_at=clock.now() + timedelta(days=12))  # fmt: skip
    services.record_attendance(actor=world.staff, session_id=session.pk, present={one.pk, two.pk})
    services.record_attendance(actor=world.staff, session_id=session.pk, present={two.pk})
    assert list(session.attendances.values_list("signup_id", flat=True)) == [two.pk]
    last = _events(session)[-1]
    assert last.data == {"activity": activity.pk, "present": [two.pk], "added": 0, "removed": 1}
    rows = {r.pk: r.attended for r in roster(activity)}
    assert rows == {one.pk: 0, two.pk: 1, waiting.pk: 0}
    error = refused(
        lambda: services.record_attendance(
            actor=world.staff, session_id=session.pk, present={waiting.pk}
        ),
        InvalidInput, row=session, counts=SIDE,
    )  # fmt: skip
    assert error.code == "activities.not_signed_up"


@pytest.mark.django_db
def test_attendance_outside_the_organisers_scope_answers_as_missing(world, activity, members):
    session = services.add_session(actor=world.staff, activity_id=activity.pk,
                                   starts_at=clock.now())  # fmt: skip
    error = refused(
        lambda: services.record_attendance(actor=world.chair_b, session_id=session.pk,
                                           present=set()),
        NotFound, row=session, counts=[Session, Attendance],
    )  # fmt: skip
    assert error.code == "activities.not_found"


@pytest.mark.django_db
def test_only_an_organiser_creates_activities_and_credit_hours_belong_to_courses(world):
    error = refused(
        lambda: services.create_activity(actor=world.chair_b, org=world.district_a,
                                         new=new_activity()),
        PermissionDenied, counts=[Activity],
    )  # fmt: skip
    assert error.code == "activities.permission_denied"
    error = refused(lambda: organised(world, credit_hours=Decimal(4)), InvalidInput,
                    counts=[Activity])  # fmt: skip
    assert error.code == "activities.credit_hours_invalid"
