"""The one-digit-off check: 17 compact rows a person (64-bit digests under a (digest, person) key)."""

import pytest
from django.db import connection

from lianxin.members import crypto, selectors, services
from lianxin.members.models import IdVariant
from lianxin.members.tests.conftest import details, valid_id
from lianxin.members.tests.test_selectors import one_digit_off

pytestmark = pytest.mark.django_db
SIGNED_64 = range(-(2**63), 2**63)


def test_id_variants_are_seventeen_signed_64_bit_keys_of_the_keyed_hash():
    # Given a valid ID number
    number = details(1).id_number
    # When its variants are computed
    variants = crypto.id_variants(number)
    # Then there are 17 signed 64-bit integers: the first 64 bits of each blanked body's keyed hash
    # (the conversion the migration applies to the 64-character digests stored before)
    assert len(variants) == 17
    assert all(isinstance(v, int) and v in SIGNED_64 for v in variants)
    blanked = [number[:i] + "*" + number[i + 1 : 17] for i in range(17)]
    assert variants == {crypto.variant_digest(crypto.lookup_hash("idv", b)) for b in blanked}


def test_a_number_one_digit_off_shares_exactly_one_variant_and_another_shares_none():
    number = details(1).id_number
    assert len(crypto.id_variants(number) & crypto.id_variants(one_digit_off(number))) == 1
    assert not crypto.id_variants(number) & crypto.id_variants(valid_id(2, born="19850505"))


def test_the_variant_table_holds_only_digest_and_person_under_one_key(world):
    # Given a registered member
    member = services.register_member(actor=world.chair, org=world.ent_a1, details=details(1))
    # When the variant table is read raw
    with connection.cursor() as cursor:
        table = IdVariant._meta.db_table
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        constraints = connection.introspection.get_constraints(cursor, table)
        cursor.execute(f"SELECT digest, person_id FROM {table}")
        rows = cursor.fetchall()
    # Then each row is (a 64-bit integer, the person), with no surrogate id
    assert sorted(columns) == ["digest", "person_id"]
    assert {(d, p) for d, p in rows} == {
        (d, member.person_id) for d in crypto.id_variants(details(1).id_number)
    }
    # And the primary key (digest, person) is the table's one index
    indexes = [c for c in constraints.values() if c["index"] or c["primary_key"] or c["unique"]]
    assert [c["columns"] for c in indexes] == [["digest", "person_id"]]


def test_erasure_deletes_the_persons_variants_only_and_their_pair_leaves_the_merge_list(world):
    # Given two persons whose numbers are one digit apart, the first of whom has left
    first = services.register_member(actor=world.chair, org=world.ent_a1, details=details(1))
    typo = details(60, id_number=one_digit_off(details(1).id_number))
    second = services.register_member(actor=world.staff, org=world.ent_a2, details=typo)
    services.leave_union(actor=world.chair, membership_id=first.pk)
    assert [p.reason for p in selectors.near_duplicates(world.city_staff)] == ["id_one_digit"]
    # When the first is erased
    services.erase_person(actor=world.chair, person_id=first.person_id)
    # Then their variants are gone, the other's 17 are kept, and the pair is no longer proposed
    assert not IdVariant.objects.filter(person_id=first.person_id).exists()
    assert set(
        IdVariant.objects.filter(person_id=second.person_id).values_list("digest", flat=True)
    ) == crypto.id_variants(typo.id_number)
    assert selectors.near_duplicates(world.city_staff) == []
