"""Scope, search, the merge list and merging, and the promise that an anonymous case is never linked."""

import pytest
from django.db import IntegrityError, transaction

from lianxin.audit.models import Event
from lianxin.cases.models import Case
from lianxin.cases.tests.factories import make_case
from lianxin.core.errors import DomainError, NotFound
from lianxin.core.idcard import check_digit
from lianxin.members import selectors, services
from lianxin.members.models import Membership, Person
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory
from lianxin.tests.refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_unions(world):
    a = services.register_member(actor=world.chair, org=world.ent_a1, details=details(1))
    b = services.register_member(actor=world.chair_b, org=world.ent_b1, details=details(2))
    return a, b


@pytest.mark.parametrize(
    ("who", "expected"),
    [("chair", {"EA1"}), ("chair_b", {"EB1"}), ("staff", {"EA1"}), ("city_staff", {"EA1", "EB1"}),
     ("leader", {"EA1", "EB1"}), ("partner", set()), ("judge", set()), ("nobody", set())],
)  # fmt: skip
def test_each_role_sees_its_unions_members_and_no_others(world, two_unions, who, expected):
    rows = selectors.member_list(getattr(world, who))
    assert {m.org.code for m in rows} == expected
    for membership in two_unions:
        visible = membership.org.code in expected
        if visible:
            assert selectors.person_detail(getattr(world, who), membership.person_id)
        else:
            with pytest.raises(NotFound):
                selectors.person_detail(getattr(world, who), membership.person_id)


def test_search_is_exact_on_name_phone_id_and_card(world, two_unions):
    a, _b = two_unions
    d = details(1)
    for q in (d.name, d.phone, d.id_number, a.card_number):
        assert list(selectors.member_list(world.city_staff, q=q)) == [a]
    assert not selectors.member_list(world.city_staff, q=d.name[:1]).exists()


def test_the_registry_is_filtered_by_org_subtree_state_and_form(world, two_unions):
    services.register_member(
        actor=world.chair, org=world.ent_a1, details=details(3, employment_form="rider")
    )
    rows = selectors.member_list(world.city_staff, org=world.district_a, employment_form="rider")
    assert [m.person.employment_form for m in rows] == ["rider"]
    assert selectors.member_list(world.city_staff, state="applied").count() == 0


def test_the_registry_list_reads_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for n in range(25):
        services.register_member(actor=world.chair, org=world.ent_a1, details=details(100 + n))
    with django_assert_max_num_queries(3):
        rows = list(selectors.member_list(world.city_staff)[:25])
        assert len({r.person.name for r in rows}) == 25


def one_digit_off(number: str) -> str:
    digit = "1" if number[14] != "1" else "2"
    first17 = number[:14] + digit + number[15:17]
    return first17 + check_digit(first17)


def test_the_merge_list_finds_same_name_and_phone_and_ids_one_digit_apart(world):
    first = services.register_member(actor=world.chair, org=world.ent_a1, details=details(1))
    services.leave_union(actor=world.chair, membership_id=first.pk)
    twin = details(1, id_number=details(50).id_number)  # same name and phone, another number
    second = services.register_member(actor=world.chair, org=world.ent_a1, details=twin)
    typo = details(60, id_number=one_digit_off(details(1).id_number))
    third = services.register_member(actor=world.staff, org=world.ent_a2, details=typo)
    pairs = {
        (p.first.pk, p.second.pk, p.reason) for p in selectors.near_duplicates(world.city_staff)
    }
    assert pairs == {
        (first.person_id, second.person_id, "name_phone"),
        (first.person_id, third.person_id, "id_one_digit"),
    }
    # Another enterprise's chair sees none of them
    assert selectors.near_duplicates(world.chair_b) == []


def test_merge_keeps_both_histories_on_the_survivor_and_is_journalled(world):
    first = services.register_member(actor=world.chair, org=world.ent_a1, details=details(1))
    services.leave_union(actor=world.chair, membership_id=first.pk)
    second = services.register_member(
        actor=world.chair, org=world.ent_a1, details=details(1, id_number=details(50).id_number)
    )
    survivor = services.merge_persons(
        actor=world.chair, survivor_id=second.person_id, duplicate_id=first.person_id
    )
    assert set(Membership.objects.filter(person=survivor).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert Person.objects.get(pk=first.person_id).merged_into == survivor
    [event] = Event.objects.filter(target_type="members.person", kind="merged_in")
    assert event.data == {"merged": first.person_id, "memberships": [first.pk]}
    # The merged record's ID number now finds the survivor
    assert selectors.person_by_id_number(world.chair, details(1).id_number) == survivor


def test_merge_of_two_active_members_or_outside_scope_is_refused(world, two_unions):
    a, b = two_unions
    error = refused(
        lambda: services.merge_persons(actor=world.city_staff, survivor_id=a.person_id, duplicate_id=b.person_id),
        DomainError, rows=[Person, Membership], counts=[Event],
    )  # fmt: skip
    assert error.code == "members.merge_both_active"
    refused(
        lambda: services.merge_persons(actor=world.chair, survivor_id=a.person_id, duplicate_id=b.person_id),
        NotFound, rows=[Person, Membership], counts=[Event],
    )  # fmt: skip


def test_an_anonymous_case_is_never_linked_to_a_person(world):
    # Given a worker with a person, who raised one named and one anonymous case
    worker = UserFactory()
    application = services.apply_for_membership(actor=worker, org=world.ent_a1, details=details(7))
    person = Person.objects.get(pk=application.person_id)
    named = make_case(actor=world.chair, org=world.ent_a1, worker_user=worker)
    anonymous = make_case(
        actor=world.chair, org=world.ent_a1, is_anonymous=True, worker_name="", worker_phone=""
    )
    # Then the person's cases (by their account) are the named one only
    linked = Case.objects.filter(worker_user_id=selectors.linked_user_id(person))
    assert list(linked) == [named]
    # And the ledger itself refuses an anonymous case that names an account
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=anonymous.pk).update(worker_user=worker)
    assert selectors.linked_user_id(person) == worker.pk
