"""集中入会 twice at once: overlapping rosters imported at the same moment (real threads, PostgreSQL).

The same ID never makes two persons, a person is never an active member twice, and neither import
fails: each row is added by one of them and counted (same union) or refused (another union) by the other.
"""

import io
import random
import threading

import pytest
from django.db import connection
from openpyxl import Workbook

from lianxin.audit.models import Event
from lianxin.members.models import IdVariant, Membership, Person
from lianxin.members.services import leave_union, register_member
from lianxin.members.services import roster as roster_service
from lianxin.members.services.roster import import_roster
from lianxin.members.tests.conftest import details, valid_id
from lianxin.tests.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

SHARED, OWN = 60, 20  # numbers in both rosters, and in each roster only


def numbers(which: int) -> list[str]:
    """Roster `which` (0 or 1): the shared numbers and its own, in an order of its own."""
    shared = [valid_id(n, born="19850505") for n in range(SHARED)]
    own = [valid_id(n, born=f"1986010{which + 1}") for n in range(OWN)]
    mixed = shared + own
    random.Random(which).shuffle(mixed)
    return mixed


def roster(ids: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "手机号"])
    for i, number in enumerate(ids):
        sheet.append([f"孙{i}", number, f"137{i:08d}"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_both(world, orgs) -> list:
    """The two rosters imported at once, each into its union, in chunks small enough to interleave."""
    jobs = iter([(roster(numbers(0)), orgs[0]), (roster(numbers(1)), orgs[1])])
    lock = threading.Lock()

    def run():
        with lock:
            content, org = next(jobs)
        return import_roster(
            actor=world.city_staff, org=org, stream=io.BytesIO(content), name="名册.xlsx"
        )

    return run_concurrently(run, threads=2)


def assert_one_person_per_id_and_one_active_membership_each(distinct: int) -> None:
    assert Person.objects.count() == distinct
    assert Person.objects.values("id_hash").distinct().count() == distinct
    assert IdVariant.objects.count() == 17 * distinct
    active = Membership.objects.filter(state="active")
    assert active.count() == distinct
    assert active.values("person").distinct().count() == distinct


@pytest.fixture
def small_chunks(monkeypatch):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")
    monkeypatch.setattr(roster_service, "CHUNK", 10)


def test_overlapping_rosters_into_one_union_at_once_add_each_person_once(world, small_chunks):
    # When two rosters sharing 60 new numbers, in different orders, are imported into A1 at once
    outcomes = import_both(world, [world.ent_a1, world.ent_a1])
    # Then neither failed; each shared row was added by one import and counted by the other
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sum(o.added for o in outcomes) == SHARED + 2 * OWN
    assert sum(o.already for o in outcomes) == SHARED
    assert not any(o.bad for o in outcomes)
    assert_one_person_per_id_and_one_active_membership_each(SHARED + 2 * OWN)
    assert Event.objects.filter(kind="registered").count() == SHARED + 2 * OWN


def test_overlapping_rosters_into_two_unions_at_once_leave_each_person_in_one(world, small_chunks):
    # Given some of the shared numbers registered before and left (persons exist, unlocked)
    for n in range(0, SHARED, 6):
        number = valid_id(n, born="19850505")
        gone = register_member(
            actor=world.city_staff, org=world.ent_a2, details=details(n, id_number=number)
        )
        leave_union(actor=world.city_staff, membership_id=gone.pk)
    # When two rosters sharing 60 numbers are imported into A1 and B1 at once
    outcomes = import_both(world, [world.ent_a1, world.ent_b1])
    # Then neither failed; each shared person joined one union, the other import refused the row
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sum(o.added for o in outcomes) == SHARED + 2 * OWN
    refused = [why for o in outcomes for _line, why in o.bad]
    assert len(refused) == SHARED
    assert all("转接" in why or "transfer" in why for why in refused), refused[:3]
    assert_one_person_per_id_and_one_active_membership_each(SHARED + 2 * OWN)
