"""Many sign-ups at the same moment never exceed the capacity, nor sign one person up twice
(PostgreSQL: SQLite's in-memory test database takes no concurrent writers)."""

import pytest
from django.db import connection

from lianxin.activities import services
from lianxin.activities.models import SignUp
from lianxin.activities.tests.activities_world import member, organised
from lianxin.tests.concurrency import run_concurrently

THREADS = 10


def _skip_on_sqlite():
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")


def _attempts(world, activity, persons):
    queue = iter(persons)

    def attempt():
        person = next(queue)
        return services.sign_up(actor=world.chair, activity_id=activity.pk, person_id=person.pk)

    return attempt


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_fill_the_places_and_queue_the_rest(world):
    _skip_on_sqlite()
    activity = organised(world, capacity=4)
    persons = [member(world, n) for n in range(1, THREADS + 1)]
    outcomes = run_concurrently(_attempts(world, activity, persons), threads=THREADS)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    rows = SignUp.objects.filter(activity=activity)
    assert rows.filter(state="signed_up").count() == 4
    waiting = sorted(rows.filter(state="waiting").values_list("position", flat=True))
    assert waiting == list(range(1, THREADS - 4 + 1))


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_without_waiting_list_refuse_beyond_the_capacity(world):
    _skip_on_sqlite()
    activity = organised(world, capacity=3, has_waiting_list=False)
    persons = [member(world, n) for n in range(1, THREADS + 1)]
    outcomes = run_concurrently(_attempts(world, activity, persons), threads=THREADS)
    refusals = [o for o in outcomes if isinstance(o, services.Refused)]
    assert len(refusals) == THREADS - 3
    assert {r.code for r in refusals} == {"activities.full"}
    assert SignUp.objects.filter(activity=activity).count() == 3


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_one_person_signed_up_at_once_from_many_places_holds_one_sign_up(world):
    _skip_on_sqlite()
    activity = organised(world, capacity=5)
    person = member(world, 1)
    outcomes = run_concurrently(_attempts(world, activity, [person] * 6), threads=6)
    refusals = [o for o in outcomes if isinstance(o, Exception)]
    assert {getattr(r, "code", repr(r)) for r in refusals} == {"activities.already_signed_up"}
    assert len(refusals) == 5
    assert SignUp.objects.filter(activity=activity, person=person).count() == 1
