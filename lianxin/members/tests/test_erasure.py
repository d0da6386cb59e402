"""Erasure (PIPL): nothing readable left in any column, memberships still count, the journal verifies."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from lianxin.audit.models import Event
from lianxin.core import clock
from lianxin.core.errors import DomainError, NotFound
from lianxin.members import metrics, services
from lianxin.members.crypto import ERASED
from lianxin.members.models import IdNumberView, IdVariant, Membership, Person
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory
from lianxin.tests.refusals import refused

pytestmark = pytest.mark.django_db

SECRET = details(21, name="欧阳娜娜", phone="13912345678", notes="家住解放路8号，腰伤")


def every_cell() -> str:
    """Every value of every table of the database, as text."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            found.append(repr(cursor.fetchall()))
    return "\n".join(found)


def secrets() -> list[str]:
    number = SECRET.id_number
    return [SECRET.name, SECRET.phone, number, number[:17], "家住解放路8号", "不干了"]


@pytest.fixture
def former(world):
    """A member who applied themself, was approved, had the full ID viewed, and left with a reason."""
    worker = UserFactory()
    application = services.apply_for_membership(actor=worker, org=world.ent_a1, details=SECRET)
    services.approve_membership(actor=world.chair, membership_id=application.pk)
    services.reveal_id_number(actor=world.chair, person_id=application.person_id, purpose="核实")
    services.leave_union(actor=world.chair, membership_id=application.pk, reason="不干了")
    return application


def test_erasure_leaves_no_readable_name_phone_or_id_in_any_column(world, former):
    # Given the person's data is readable before erasure (the check can see it)
    person = Person.objects.get(pk=former.person_id)
    assert person.name == SECRET.name
    # When the union erases them
    services.erase_person(actor=world.chair, person_id=former.person_id)
    # Then no column of any table holds their name, phone, ID, notes or reason
    cells = every_cell()
    for secret in secrets():
        assert secret not in cells, secret
    person = Person.objects.get(pk=former.person_id)
    assert (person.name, person.phone, person.id_number) == ("", "", "")
    assert person.is_erased
    assert person.user is None
    assert not IdVariant.objects.filter(person=person).exists()


def test_a_ciphertext_kept_elsewhere_is_unreadable_once_the_key_is_gone(world, former):
    # Given a copy of the sealed name taken before erasure (a backup)
    backup = Person.objects.get(pk=former.person_id)
    services.erase_person(actor=world.chair, person_id=former.person_id)
    # Then with the key as the database now holds it, the backup's ciphertext reads as erased
    backup.data_key = Person.objects.get(pk=former.person_id).data_key
    assert backup.name == ERASED


def test_erasure_keeps_memberships_as_counts_and_the_journal_verifies(world, former):
    left_on = Membership.objects.get(pk=former.pk).ended_on
    on = left_on - timedelta(days=1) if left_on else date.today()
    before = metrics.member_counts(world.city, on)
    services.erase_person(actor=world.chair, person_id=former.person_id)
    # The membership is still there (state, dates, card), and the figures of the past unchanged
    membership = Membership.objects.get(pk=former.pk)
    assert membership.card_number
    assert membership.reason_sealed == ""
    assert metrics.member_counts(world.city, on) == before
    # One erasure event on the person, naming ids only; the whole journal still verifies
    erased = Event.objects.get(target_type="members.person", kind="erased")
    assert erased.data == {"records": [former.person_id], "rule": "request"}
    out = StringIO()
    call_command("verify_journal", stdout=out)
    assert "journal intact" in out.getvalue()


def test_a_current_member_cannot_be_erased(world, member):
    error = refused(
        lambda: services.erase_person(actor=world.chair, person_id=member.person_id),
        DomainError, rows=[Person], counts=[Event],
    )  # fmt: skip
    assert error.code == "members.erase_current_member"


@pytest.mark.parametrize("who", ["chair_b", "leader", "partner", "nobody"])
def test_erasure_outside_ones_scope_or_role_is_refused(world, former, who):
    refused(
        lambda: services.erase_person(actor=getattr(world, who), person_id=former.person_id),
        NotFound, rows=[Person], counts=[Event],
    )  # fmt: skip


def test_an_erased_person_is_no_longer_found_by_name_phone_or_id(world, former):
    services.erase_person(actor=world.chair, person_id=former.person_id)
    from lianxin.members.selectors import member_list

    for q in (SECRET.name, SECRET.phone, SECRET.id_number):
        assert not member_list(world.chair, q=q).exists()


def test_retention_erases_a_person_who_left_long_ago_and_prunes_the_access_log(world, settings):
    settings.LIANXIN_MEMBERS_RETENTION = {"person_left": 365, "id_number_views": 30}
    long_ago = clock.now() - timedelta(days=400)
    with clock.frozen_at(long_ago):
        old = services.register_member(actor=world.chair, org=world.ent_a1, details=details(31))
        services.reveal_id_number(actor=world.chair, person_id=old.person_id, purpose="x")
        services.leave_union(actor=world.chair, membership_id=old.pk)
    recent = services.register_member(actor=world.staff, org=world.ent_a2, details=details(32))
    services.leave_union(actor=world.staff, membership_id=recent.pk)
    current = services.register_member(actor=world.chair_b, org=world.ent_b1, details=details(33))
    # When the retention task runs
    from lianxin.members.tasks import run_retention

    result = run_retention.enqueue().return_value
    # Then only the person who left over a year ago is erased, and the old view pruned
    assert result == {"person_left": 1, "id_number_views": 1}
    erased = set(Person.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {old.person_id}
    assert not IdNumberView.objects.exists()
    assert current.person_id not in erased
    call_command("verify_journal", stdout=StringIO())
