"""The registry's exact search resolves persons through their keyed hashes' indexes first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianxin.members import selectors, services
from lianxin.members.tests.conftest import details

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["name", "phone", "id_number"])
def test_an_exact_search_reads_persons_by_hash_then_memberships_by_person_id(world, field):
    # Given two members of A1
    wanted = services.register_member(actor=world.chair, org=world.ent_a1, details=details(1))
    services.register_member(actor=world.chair, org=world.ent_a1, details=details(2))
    # When the city's staff search by one member's exact name, phone or ID number
    with CaptureQueriesContext(connection) as captured:
        rows = list(selectors.member_list(world.city_staff, q=getattr(details(1), field)))
    # Then the one member is found
    assert rows == [wanted]
    # And the hashes are read from the person table alone (a key look-up), never through the join
    searched = [q["sql"] for q in captured if "_hash" in q["sql"].partition(" WHERE ")[2]]
    assert len(searched) == 1
    assert "members_membership" not in searched[0]


def test_a_card_number_search_still_finds_its_membership(world):
    member = services.register_member(actor=world.chair, org=world.ent_a1, details=details(1))
    services.register_member(actor=world.chair, org=world.ent_a1, details=details(2))
    assert list(selectors.member_list(world.city_staff, q=member.card_number)) == [member]
    assert not selectors.member_list(world.chair_b, q=member.card_number).exists()
