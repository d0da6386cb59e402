"""A roster's members in the 入会率 by child org: counted per subtree, in queries that do not grow
with the number of children (the province page reads every city at once)."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from lianxin.members import metrics, services
from lianxin.members.services.roster import import_roster
from lianxin.members.tests.conftest import valid_id

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 1)


def roster(first: int, count: int, org_code: str) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "所属工会", "入会日期"])
    for n in range(first, first + count):
        sheet.append([f"钱{n}", valid_id(n, born="19920202"), org_code, "2026-02-01"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_by_child_counts_each_subtree_once_in_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    # Given rosters of 3 members into A1 and 2 into B1, and workforce recorded in A1, A2 and B1
    for first, count, org in ((0, 3, world.ent_a1), (10, 2, world.ent_b1)):
        import_roster(
            actor=world.city_staff,
            org=world.city,
            stream=roster(first, count, org.code),
            name="r.xlsx",
        )
    on = date(2026, 1, 1)
    services.record_workforce(actor=world.city_staff, org=world.ent_a1, on=on, total=6)
    services.record_workforce(actor=world.city_staff, org=world.ent_a2, on=on, total=4)
    services.record_workforce(actor=world.city_staff, org=world.ent_b1, on=on, total=8)
    # When the city's 入会率 is read by district
    with django_assert_max_num_queries(3):
        rows = metrics.by_child(world.city, ON)
    # Then each district counts its own subtree, the same as its own figures say
    found = {org.code: (rate.numerator, rate.denominator) for org, rate in rows}
    assert found[world.district_a.code] == (3, 10)
    assert found[world.district_b.code] == (2, 8)
    for org, rate in rows:
        assert rate.numerator == metrics.member_counts(org, ON)[0]
        assert rate.denominator == metrics.workforce_at(org, ON)[0]
