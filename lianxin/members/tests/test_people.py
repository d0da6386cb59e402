"""One person per ID number; personal data sealed at rest; every full-ID view logged."""

import pytest
from django.db import connection

from lianxin.core.errors import NotFound, PermissionDenied
from lianxin.members import services
from lianxin.members.models import IdNumberView, Membership, Person
from lianxin.members.states import State
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory
from lianxin.tests.concurrency import run_concurrently
from lianxin.tests.refusals import refused


def raw_rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return cursor.fetchall()


@pytest.mark.django_db
def test_the_same_id_number_never_makes_two_persons(world, member):
    # Given a member of A1 who leaves, when A2 registers the same number (spaces, lower-case x…)
    services.leave_union(actor=world.chair, membership_id=member.pk)
    number = details(1).id_number
    again = services.register_member(
        actor=world.staff,
        org=world.ent_a2,
        details=details(1, id_number=f" {number[:6]} {number[6:]}"),
    )
    # Then it is the same person, with both memberships
    assert again.person_id == member.person_id
    assert Person.objects.count() == 1
    assert Membership.objects.filter(person_id=member.person_id).count() == 2


@pytest.mark.django_db
def test_the_raw_row_holds_no_plain_name_phone_or_id_number(world, member):
    # Given a member whose name, phone and ID are known
    person_details = details(1)
    # When the raw person row is read with SQL
    text = repr(raw_rows("members_person")) + repr(raw_rows("members_idvariant"))
    # Then none of them appears, yet the model reads them back
    for secret in (person_details.name, person_details.phone, person_details.id_number):
        assert secret not in text
    person = Person.objects.get(pk=member.person_id)
    assert (person.name, person.phone, person.id_number) == (
        person_details.name,
        person_details.phone,
        person_details.id_number,
    )


@pytest.mark.django_db
def test_a_full_id_view_is_logged_with_who_where_and_why(world, member):
    number = services.reveal_id_number(
        actor=world.chair, person_id=member.person_id, purpose="核实身份", where="/members/1/"
    )
    assert number == details(1).id_number
    [view] = IdNumberView.objects.all()
    assert (view.viewer, view.person_id, view.purpose, view.where) == (
        world.chair,
        member.person_id,
        "核实身份",
        "/members/1/",
    )


@pytest.mark.django_db
def test_the_member_sees_their_own_full_id_and_that_is_logged_too(world):
    worker = UserFactory()
    application = services.apply_for_membership(actor=worker, org=world.ent_a1, details=details(3))
    services.reveal_id_number(actor=worker, person_id=application.person_id, purpose="my card")
    assert IdNumberView.objects.filter(viewer=worker).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "error"),
    [("leader", PermissionDenied), ("supervisor", PermissionDenied), ("chair_b", NotFound),
     ("partner", NotFound), ("judge", NotFound), ("nobody", NotFound)],
)  # fmt: skip
def test_roles_without_the_need_never_see_the_full_id_and_nothing_is_logged(
    world, member, who, error
):
    refused(
        lambda: services.reveal_id_number(
            actor=getattr(world, who), person_id=member.person_id, purpose="x"
        ),
        error,
        counts=[IdNumberView],
    )


@pytest.mark.django_db
def test_a_former_union_no_longer_sees_the_full_id_after_a_transfer(world, member):
    services.transfer_membership(
        actor=world.city_staff, membership_id=member.pk, to_org=world.ent_b1
    )
    refused(
        lambda: services.reveal_id_number(
            actor=world.chair, person_id=member.person_id, purpose="x"
        ),
        PermissionDenied,
        counts=[IdNumberView],
    )
    services.reveal_id_number(actor=world.chair_b, person_id=member.person_id, purpose="aid")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_of_one_id_make_one_person_and_one_active_membership(world):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")
    orgs = iter([world.ent_a1, world.ent_a2, world.ent_b1, world.ent_b2] * 2)

    def register():
        org = next(orgs)
        return services.register_member(actor=world.city_staff, org=org, details=details(9))

    # When eight registrations of the same number run at once in four unions
    outcomes = run_concurrently(register, threads=8)
    # Then one person, one active membership; every other registration was refused by code
    assert Person.objects.count() == 1
    assert Membership.objects.filter(state=State.ACTIVE).count() == 1
    refusals = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refusals) == 7
    assert {getattr(o, "code", repr(o)) for o in refusals} <= {
        "members.already_active",
        "members.already_applied",
    }


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_applications_with_one_id_make_one_person(world):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")
    users = [UserFactory() for _ in range(6)]
    orgs = iter(
        [world.ent_a1, world.ent_a2, world.ent_b1, world.ent_b2, world.street_a, world.street_b]
    )
    pairs = iter(list(zip(users, orgs, strict=True)))

    def apply():
        user, org = next(pairs)
        return services.apply_for_membership(actor=user, org=org, details=details(11))

    outcomes = run_concurrently(apply, threads=6)
    assert Person.objects.count() == 1
    assert Membership.objects.filter(state=State.APPLIED).count() == 6, outcomes
