"""The activities tests' world: on the shared `world` city, district A's staff organise; enterprise
A1's chair signs up their members; a worker account with a person of its own.

Imported by the test modules (pytest finds the fixtures by their names there).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from lianxin.activities import services
from lianxin.activities.services import NewActivity
from lianxin.core import clock
from lianxin.members.hooks import register_achievement_receiver, unregister_achievement_receiver
from lianxin.members.services import apply_for_membership, approve_membership, register_member
from lianxin.members.services.people import today
from lianxin.members.tests.conftest import details


def new_activity(**changes) -> NewActivity:
    now, day = clock.now(), today()
    values = {
        "kind": "childcare", "title": "暑期职工子女托管班", "capacity": 2,
        "signup_opens": now - timedelta(days=1), "signup_closes": now + timedelta(days=10),
        "starts_on": day + timedelta(days=12), "ends_on": day + timedelta(days=40),
        "place": "区职工服务中心",
    }  # fmt: skip
    values.update(changes)
    return NewActivity(**values)


def organised(world, **changes):
    """An activity of district A, created by its staff."""
    return services.create_activity(
        actor=world.staff, org=world.district_a, new=new_activity(**changes)
    )


def course(world, **changes):
    values = {"kind": "course", "title": "数控车床操作", "credit_hours": Decimal("16.0"),
              "capacity": 30, **changes}  # fmt: skip
    return organised(world, **values)


def member(world, n: int, **changes):
    """An active member of enterprise A1 (registered by its chair)."""
    return register_member(
        actor=world.chair, org=world.ent_a1, details=details(n, **changes)
    ).person


def signed(world, activity, person, *, by=None):
    return services.sign_up(actor=by or world.chair, activity_id=activity.pk, person_id=person.pk)


@pytest.fixture
def activity(world):
    return organised(world)


@pytest.fixture
def members(world):
    return [member(world, n) for n in range(1, 6)]


@pytest.fixture
def worker_user(world):
    """A worker who applied to join enterprise A1 on their phone (their own person, not yet a member)."""
    user = User.objects.create_user("rider_li", password="x")
    membership = apply_for_membership(
        actor=user, org=world.ent_a1, details=details(40, employment_form="rider")
    )
    user.applied = membership  # the application, for a test that approves it
    return user


@pytest.fixture
def approve(world):
    def approve_(user):
        approve_membership(actor=world.chair, membership_id=user.applied.pk)

    return approve_


@pytest.fixture
def achievements():
    """The achievements reported while the test runs (a receiver registered for it)."""
    got = []
    register_achievement_receiver(got.append)
    yield got
    unregister_achievement_receiver(got.append)
