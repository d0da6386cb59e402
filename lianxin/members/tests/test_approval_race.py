"""An approval while a roster chunk registers the same person elsewhere (real threads, PostgreSQL)."""

import io
import threading
import time

import pytest
from django.db import connection

from lianxin.core.errors import DomainError
from lianxin.members.models import Membership
from lianxin.members.services import apply_for_membership, approve_membership
from lianxin.members.services import roster as roster_service
from lianxin.members.services.roster import import_roster
from lianxin.members.tests.conftest import details
from lianxin.members.tests.test_roster_concurrency import roster
from lianxin.orgs.tests.factories import UserFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_an_approval_during_a_roster_chunk_of_the_same_person_waits_and_is_refused(
    world, monkeypatch
):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")
    # Given a worker's application to A2 waiting for approval
    application = apply_for_membership(actor=UserFactory(), org=world.ent_a2, details=details(1))
    # And a roster chunk of A1 naming them that pauses after reading their memberships
    read, real_current = threading.Event(), roster_service._current

    def current_then_pause(person_ids):
        held = real_current(person_ids)
        read.set()
        time.sleep(1.0)  # the approval runs meanwhile
        return held

    monkeypatch.setattr(roster_service, "_current", current_then_pause)
    outcomes: dict[str, object] = {}

    def run(name, call):
        try:
            outcomes[name] = call()
        except Exception as error:
            outcomes[name] = error
        finally:
            connection.close()

    file = roster([details(1).id_number])
    importer = threading.Thread(target=run, args=("roster", lambda: import_roster(
        actor=world.city_staff, org=world.ent_a1, stream=io.BytesIO(file), name="名册.xlsx")))  # fmt: skip
    importer.start()
    assert read.wait(10)
    # When the union approves the application while the chunk is between its read and its write
    run("approval", lambda: approve_membership(actor=world.staff, membership_id=application.pk))
    importer.join(20)
    # Then the roster did not fail: it registered the person in A1
    assert not isinstance(outcomes["roster"], Exception), outcomes["roster"]
    assert outcomes["roster"].added == 1
    # And the approval waited for it and was refused as a domain error, the application unchanged
    assert isinstance(outcomes["approval"], DomainError), outcomes["approval"]
    assert outcomes["approval"].code == "members.already_active"
    application.refresh_from_db()
    assert application.state == "applied"
    assert Membership.objects.filter(person=application.person, state="active").count() == 1
