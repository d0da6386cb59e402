"""集中入会 written in bulk: what the plain-row writes leave behind is what the single moves leave."""

import io

import pytest
from openpyxl import Workbook

from lianxin.audit.models import Event, JournalHead
from lianxin.audit.selectors import verify_chains
from lianxin.members import crypto
from lianxin.members.models import IdVariant, Membership, Person
from lianxin.members.services import leave_union
from lianxin.members.services import roster as roster_service
from lianxin.members.services.memberships import card_number
from lianxin.members.services.roster import import_roster
from lianxin.members.tests.conftest import details, valid_id

pytestmark = pytest.mark.django_db

HEADERS = ["姓名", "身份证号", "手机号", "就业形态", "平台或单位", "所属工会", "入会日期"]


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


def row(n: int, joined: str = "", org: str = "") -> list:
    return [f"赵{n}", valid_id(n), f"139{n:08d}", "外卖骑手" if n % 2 else "", "", org, joined]


def test_imported_members_get_the_card_date_person_and_journal_a_single_registration_gives(
    world,
):
    # Given a roster with two joining dates in different years
    file = roster([row(301, "2024-05-06"), row(302, "2025-01-02", world.ent_a2.code)])
    # When it is imported
    result = import_roster(actor=world.staff, org=world.street_a, stream=file, name="r.xlsx")
    # Then each membership is active, with the card number the service makes from its id and year
    assert result.added == 2
    members = list(Membership.objects.order_by("pk"))
    assert [(m.state, m.channel, str(m.joined_on)) for m in members] == [
        ("active", "imported", "2024-05-06"),
        ("active", "imported", "2025-01-02"),
    ]
    assert [m.card_number for m in members] == [card_number(m) for m in members]
    assert [m.org for m in members] == [world.street_a, world.ent_a2]
    # And the person reads back sealed fields, hashes and every ID variant
    person = members[0].person
    assert (person.name, person.phone, person.id_number) == ("赵301", "13900000301", valid_id(301))
    assert person.employment_form == "rider"
    assert person.created_at is not None
    assert person.id_hash == crypto.id_hash(valid_id(301))
    assert person.name_hash == crypto.name_hash("赵301")
    assert set(person.id_variants.values_list("digest", flat=True)) == crypto.id_variants(
        valid_id(301)
    )
    # And one `registered` event each, naming the person and the union, in a chain that verifies
    events = Event.objects.filter(target_type="members.membership").order_by("target_id")
    assert [(e.target_id, e.kind, e.data["person"], e.data["org"]) for e in events] == [
        (m.pk, "registered", m.person_id, m.org.code) for m in members
    ]
    assert JournalHead.objects.filter(target_type="members.membership").count() == 2
    assert list(verify_chains(target_type="members.membership")) == []


def test_a_roster_over_several_chunks_registers_every_row_once(world, monkeypatch):
    # Given chunks of three rows, and an ID repeated across a chunk boundary
    monkeypatch.setattr(roster_service, "CHUNK", 3)
    rows = [row(n) for n in range(311, 319)] + [row(312)]
    # When the roster is imported twice
    first = import_roster(actor=world.chair, org=world.ent_a1, stream=roster(rows), name="r.xlsx")
    again = import_roster(actor=world.chair, org=world.ent_a1, stream=roster(rows), name="r.xlsx")
    # Then every distinct person joined once, the repeat was reported, and the second run added nothing
    assert (first.added, first.already, len(first.bad)) == (8, 0, 1)
    assert (again.added, again.already, len(again.bad)) == (0, 8, 1)
    assert Person.objects.count() == 8
    assert Membership.objects.filter(state="active").count() == 8
    assert IdVariant.objects.count() == 8 * 17
    assert Event.objects.filter(target_type="members.membership").count() == 8


def test_a_registered_person_is_taken_as_they_are_and_not_registered_again(world, member):
    # Given a person who left A1 (their details and variants already registered)
    leave_union(actor=world.chair, membership_id=member.pk)
    variants = IdVariant.objects.count()
    # When a roster names them again under another name, with a new person
    file = roster([["改名", details(1).id_number, "", "", "", "", ""], row(321)])
    result = import_roster(actor=world.chair, org=world.ent_a1, stream=file, name="r.xlsx")
    # Then they are a member again on the same person, whose sealed name is unchanged
    assert result.added == 2
    assert Person.objects.count() == 2
    again = Membership.objects.get(person=member.person, state="active")
    assert again.person.name == details(1).name
    assert IdVariant.objects.count() == variants + 17


def test_a_waiting_application_here_is_refused_with_its_reason_and_nothing_written(world):
    # Given a worker who applied to A1 and has not been approved
    from lianxin.members.services import apply_for_membership
    from lianxin.orgs.tests.factories import UserFactory

    apply_for_membership(actor=UserFactory(), org=world.ent_a1, details=details(7))
    memberships, events = Membership.objects.count(), Event.objects.count()
    # When A1's roster names them
    file = roster([[details(7).name, details(7).id_number, "", "", "", "", ""]])
    result = import_roster(actor=world.chair, org=world.ent_a1, stream=file, name="r.xlsx")
    # Then the row is refused with the reason, and nothing is added
    assert result.added == 0
    [(line, why)] = result.bad
    assert line == 2
    assert "申请" in why
    assert (Membership.objects.count(), Event.objects.count()) == (memberships, events)
