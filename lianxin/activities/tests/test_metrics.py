"""The figures against a hand count: activities, places, waiting, 人次 and distinct persons, by kind
and over an org subtree and a period."""
# ruff: noqa: F811 (the fixtures imported from activities_world are named as arguments)

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from lianxin.activities import metrics, services
from lianxin.activities.tests.activities_world import (  # noqa: F401 (fixtures)
    course,
    members,
    organised,
    signed,
)
from lianxin.members.services.people import today


def _at(day, hour=9):
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@pytest.mark.django_db
def test_the_figures_match_a_hand_count(world, members):
    # Given a child-care class (2 places, 3 sign-ups: one waits) with two sessions,
    # and a course (1 sign-up, completed without sessions)
    care = organised(world, capacity=2)
    a, b, c = (signed(world, care, p) for p in members[:3])
    academy = course(world)
    d = signed(world, academy, members[0])
    day = care.starts_on
    first = services.add_session(actor=world.staff, activity_id=care.pk, starts_at=_at(day))
    second = services.add_session(
        actor=world.staff, activity_id=care.pk, starts_at=_at(day + timedelta(days=1))
    )
    services.record_attendance(actor=world.staff, session_id=first.pk, present={a.pk, b.pk})
    services.record_attendance(actor=world.staff, session_id=second.pk, present={a.pk})
    services.complete_signup(actor=world.staff, signup_id=d.pk, on=day)

    # When the city and district B read the period of the class
    found = metrics.figures(world.city, day, day + timedelta(days=1))
    other = metrics.figures(world.district_b, day, day + timedelta(days=1))

    # Then: 2 activities; places 2 + 1; 1 waiting; 人次 3; persons a, b (class) and the course's
    # person, who is a too (members[0]): 2 distinct
    assert (found.activities, found.signups, found.waiting) == (2, 3, 1)
    assert (found.attendances, found.persons) == (3, 2)
    assert found.by_kind["childcare"] == {
        "activities": 1, "signups": 2, "waiting": 1, "attendances": 3, "persons": 2,
    }  # fmt: skip
    assert found.by_kind["course"] == {
        "activities": 1, "signups": 1, "waiting": 0, "attendances": 0, "persons": 1,
    }  # fmt: skip
    assert (other.activities, other.attendances, other.persons, other.by_kind) == (0, 0, 0, {})
    assert c.state == "waiting"


@pytest.mark.django_db
def test_sessions_outside_the_period_are_not_counted(world, members):
    care = organised(world)
    a = signed(world, care, members[0])
    session = services.add_session(
        actor=world.staff, activity_id=care.pk, starts_at=_at(care.starts_on)
    )
    services.record_attendance(actor=world.staff, session_id=session.pk, present={a.pk})
    before = metrics.figures(world.city, today(), care.starts_on - timedelta(days=1))
    assert (before.attendances, before.persons) == (0, 0)
