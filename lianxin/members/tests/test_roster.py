"""集中入会: every row checked, good rows registered in bulk, bad rows reported, twice adds nothing."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from lianxin.audit.models import Event
from lianxin.core.errors import PermissionDenied
from lianxin.members.models import Membership, Person
from lianxin.members.services.roster import import_roster, roster_template
from lianxin.members.tests.conftest import valid_id

pytestmark = pytest.mark.django_db

HEADERS = ["姓名", "身份证号", "手机号", "就业形态", "平台或单位", "所属工会"]


def roster(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def bad_check_digit(n: int) -> str:
    good = valid_id(n)
    return good[:17] + ("1" if good[17] != "1" else "2")


def rows(world):
    return [
        ["张一", valid_id(201), "13900000201", "外卖骑手", "美团", ""],
        ["张二", valid_id(202), "13900000202", "快递员", "顺丰", world.ent_a2.code],
        ["张三", bad_check_digit(203), "13900000203", "", "", ""],
        ["张四", valid_id(204), "12345", "", "", ""],
        ["张五", valid_id(205), "", "", "", "不存在的工会"],
        ["张六", valid_id(201), "13900000206", "", "", ""],
        ["张七", valid_id(207), "", "厨师长", "", ""],
    ]


def test_good_rows_become_members_and_bad_rows_are_reported_with_their_line(world):
    result = import_roster(
        actor=world.staff, org=world.street_a, stream=roster(rows(world)), name="名册.xlsx"
    )
    assert (result.total, result.added, result.already) == (7, 2, 0)
    assert [line for line, _why in result.bad] == [4, 5, 6, 7, 8]
    assert "2" in result.bad[3][1]  # the repeat names the row it repeats
    active = Membership.objects.filter(state="active")
    assert sorted(active.values_list("org__code", flat=True)) == sorted(
        [world.street_a.code, world.ent_a2.code]
    )
    assert all(m.card_number for m in active)
    assert Event.objects.filter(target_type="members.membership", kind="registered").count() == 2
    errors = load_workbook(io.BytesIO(result.error_file)).active
    lines = [row[-1] for row in errors.iter_rows(min_row=2, values_only=True)]
    assert lines == [4, 5, 6, 7, 8]
    ids = [row[1] for row in errors.iter_rows(min_row=2, values_only=True)]
    assert ids == [None] * 5  # ID numbers are not written back into the file


def test_the_same_file_twice_adds_nothing(world):
    import_roster(
        actor=world.staff, org=world.street_a, stream=roster(rows(world)), name="名册.xlsx"
    )
    persons, events = Person.objects.count(), Event.objects.count()
    again = import_roster(
        actor=world.staff, org=world.street_a, stream=roster(rows(world)), name="名册.xlsx"
    )
    assert (again.added, again.already) == (0, 2)
    assert (Person.objects.count(), Event.objects.count()) == (persons, events)


def test_a_member_of_another_union_is_refused_not_moved(world, member):
    file = roster([["王一1", member.person.id_number, "", "", "", ""]])
    result = import_roster(actor=world.chair, org=world.ent_a1, stream=file, name="x.xlsx")
    assert result.already == 1
    result_b = import_roster(
        actor=world.city_staff,
        org=world.ent_b1,
        stream=roster([["王一1", member.person.id_number, "", "", "", ""]]),
        name="x.xlsx",
    )
    assert result_b.added == 0
    assert len(result_b.bad) == 1
    assert Membership.objects.filter(person=member.person, state="active").get().org == world.ent_a1


def test_a_chair_cannot_import_into_another_enterprise(world):
    with pytest.raises(PermissionDenied):
        import_roster(
            actor=world.chair, org=world.ent_b1, stream=roster(rows(world)), name="x.xlsx"
        )
    assert not Membership.objects.exists()


def test_the_template_reads_back_with_no_rows(world):
    result = import_roster(
        actor=world.chair, org=world.ent_a1, stream=io.BytesIO(roster_template()), name="t.xlsx"
    )
    assert (result.total, result.added) == (0, 0)


def test_the_roster_page_imports_and_offers_the_errors_workbook(client, world):
    client.force_login(world.staff)
    upload = roster(rows(world))
    upload.name = "名册.xlsx"
    response = client.post(reverse("members:roster"), {"org": world.street_a.code, "file": upload})
    page = response.content.decode()
    assert response.context["result"].added == 2
    assert "roster-errors" in page
    assert valid_id(201) not in page
    assert client.get(reverse("members:roster_template")).status_code == 200


def test_partners_have_no_roster_page(client, world):
    client.force_login(world.partner)
    assert client.get(reverse("members:roster")).status_code == 404
