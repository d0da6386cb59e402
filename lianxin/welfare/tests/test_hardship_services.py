"""Hardship files: every move of the table allowed and refused, the one open file per person, visits."""
# ruff: noqa: F811 - the fixtures are imported from hardship_world and named as arguments

from datetime import date

import pytest

from lianxin.audit.models import Event
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, TransitionNotAllowed
from lianxin.members.models import Person
from lianxin.tests.refusals import refused
from lianxin.welfare.models.hardship import HardshipFile, HouseholdMember, Visit
from lianxin.welfare.services import hardship
from lianxin.welfare.services.hardship import FileAlreadyOpen
from lianxin.welfare.states.hardship import FILE_WORKFLOW, FileAction, FileState
from lianxin.welfare.tests.hardship_world import applied, at, new_file, registered  # noqa: F401

pytestmark = pytest.mark.django_db

A = FileAction
SERVICE = {
    A.REGISTER: hardship.register_file,
    A.REJECT: hardship.reject_application,
    A.REVIEW: hardship.start_review,
    A.CONFIRM: hardship.confirm_review,
    A.LIFT: hardship.lift_out_of_hardship,
    A.CLOSE: hardship.close_file,
}
KIND = {
    A.REGISTER: "registered",
    A.REJECT: "rejected",
    A.REVIEW: "review_started",
    A.CONFIRM: "review_confirmed",
    A.LIFT: "lifted",
    A.CLOSE: "closed",
}
PATH = {
    FileState.APPLIED: [],
    FileState.REGISTERED: [A.REGISTER],
    FileState.UNDER_REVIEW: [A.REGISTER, A.REVIEW],
    FileState.OUT_OF_HARDSHIP: [A.REGISTER, A.REVIEW, A.LIFT],
    FileState.CLOSED: [A.REJECT],
}
PAIRS = [(s, a, ok) for s, a, ok in FILE_WORKFLOW.pairs()]


def reach(world, file, state):
    with clock.frozen_at(at(2025, 1, 10)):
        for action in PATH[state]:
            SERVICE[action](actor=world.chair, file_id=file.pk)
    file.refresh_from_db()
    assert file.state == state
    return file


def events(file, kind=None):
    found = Event.objects.filter(target_type="welfare.hardshipfile", target_id=file.pk)
    return list(found.filter(kind=kind) if kind else found)


def test_opening_a_file_registers_the_person_and_household_and_journals_ids_only(world, applied):
    assert applied.state == FileState.APPLIED
    assert applied.person.name == "宋秀斌1"
    assert HouseholdMember.objects.filter(file=applied).count() == 3
    (event,) = events(applied)
    assert event.kind == "applied"
    assert event.data == {"person": applied.person_id, "org": "EA1", "level": "deep"}
    assert "宋秀斌" not in str(event.data) + event.note


@pytest.mark.parametrize(("state", "action"), [(s, a) for s, a, ok in PAIRS if ok])
def test_every_allowed_move_changes_the_state_and_journals_one_event(world, applied, state, action):
    file = reach(world, applied, state)
    before = len(events(file))
    with clock.frozen_at(at(2025, 3, 1)):
        moved = SERVICE[action](actor=world.staff, file_id=file.pk)
    assert moved.state == FILE_WORKFLOW.table[state][action]
    assert len(events(file)) == before + 1
    last = events(file)[-1]
    assert (last.kind, last.state_before, last.state_after) == (KIND[action], state, moved.state)


@pytest.mark.parametrize(("state", "action"), [(s, a) for s, a, ok in PAIRS if not ok])
def test_every_move_the_table_lacks_is_refused_and_changes_nothing(world, applied, state, action):
    file = reach(world, applied, state)
    call = lambda: SERVICE[action](actor=world.chair, file_id=file.pk)  # noqa: E731
    error = refused(call, TransitionNotAllowed, row=file, counts=[HardshipFile, Visit])
    assert error.code == "welfare_hardship.transition_not_allowed"


@pytest.mark.parametrize("who", ["partner", "judge", "chair_b", "leader", "supervisor", "nobody"])
@pytest.mark.parametrize("action", list(A))
def test_a_move_by_someone_outside_the_holding_union_is_not_found(world, applied, who, action):
    call = lambda: SERVICE[action](actor=getattr(world, who), file_id=applied.pk)  # noqa: E731
    error = refused(call, NotFound, row=applied)
    assert error.code == "welfare.hardship_not_found"


def test_registering_sets_the_first_visit_due_by_the_levels_rule(world, registered):
    # deep hardship: 3 visits a year, at most ceil(365 / 3) = 122 days apart
    assert registered.registered_on == date(2025, 1, 10)
    assert registered.next_visit_due == date(2025, 5, 12)


def test_lifting_out_of_hardship_ends_the_file_and_stops_visits(world, registered):
    with clock.frozen_at(at(2025, 12, 20)):
        hardship.start_review(actor=world.chair, file_id=registered.pk)
        lifted = hardship.lift_out_of_hardship(actor=world.chair, file_id=registered.pk)
    assert lifted.state == FileState.OUT_OF_HARDSHIP
    assert lifted.ended_on == date(2025, 12, 20)
    assert lifted.next_visit_due is None


def test_a_second_open_file_for_the_same_person_is_refused(world, applied):
    call = lambda: hardship.open_file(actor=world.staff, new=new_file(world.ent_a2))  # noqa: E731
    error = refused(call, FileAlreadyOpen, counts=[HardshipFile, Person, HouseholdMember])
    assert error.code == "welfare.hardship_file_open"


def test_the_database_holds_one_open_file_per_person_even_without_the_service(world, applied):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        HardshipFile.objects.create(
            person=applied.person, org=world.ent_a2, level="relative", income_per_head=0,
            opened_on=date(2025, 2, 1), opened_by=world.chair,
        )  # fmt: skip


def test_a_new_file_may_be_opened_once_the_last_one_ended(world, registered):
    with clock.frozen_at(at(2025, 12, 20)):
        hardship.close_file(actor=world.chair, file_id=registered.pk)
        again = hardship.open_file(actor=world.chair, new=new_file(world.ent_a1))
    assert again.person_id == registered.person_id
    assert again.pk != registered.pk


def test_opening_a_file_in_another_enterprise_is_refused(world):
    call = lambda: hardship.open_file(actor=world.chair, new=new_file(world.ent_b1))  # noqa: E731
    error = refused(call, counts=[HardshipFile, Person])
    assert error.code == "welfare.hardship_permission_denied"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"level": "rich"}, "welfare.hardship_level_invalid"),
        ({"causes": []}, "welfare.hardship_causes_invalid"),
        ({"income_per_head": "-1"}, "welfare.hardship_income_invalid"),
    ],
)
def test_an_application_with_bad_facts_is_refused(world, change, code):
    from dataclasses import replace

    new = replace(new_file(world.ent_a1), **change)
    call = lambda: hardship.open_file(actor=world.chair, new=new)  # noqa: E731
    assert refused(call, InvalidInput, counts=[HardshipFile, Person]).code == code


def test_a_visit_is_recorded_sealed_and_moves_the_next_due_date(world, registered):
    with clock.frozen_at(at(2025, 3, 3)):
        visit = hardship.record_visit(
            actor=world.chair, file_id=registered.pk, visited_on=date(2025, 3, 2),
            findings="妻子透析，女儿住院", visitor_ids=[world.chair.pk, world.staff.pk],
        )  # fmt: skip
    registered.refresh_from_db()
    assert registered.next_visit_due == date(2025, 7, 2)  # 2025-03-02 + 122 days
    assert visit.findings == "妻子透析，女儿住院"
    assert "透析" not in visit.findings_sealed
    assert set(visit.visitors.all()) == {world.chair, world.staff}
    (event,) = events(registered, "visited")
    assert "透析" not in str(event.data) + event.note


def test_a_visit_on_an_application_not_yet_in_aid_is_refused(world, applied):
    call = lambda: hardship.record_visit(  # noqa: E731
        actor=world.chair, file_id=applied.pk, visited_on=date(2025, 1, 6), findings="看望"
    )
    error = refused(call, InvalidInput, row=applied, counts=[Visit])
    assert error.code == "welfare.hardship_not_in_aid"


def test_a_next_visit_later_than_the_rule_allows_is_refused(world, registered):
    call = lambda: hardship.record_visit(  # noqa: E731
        actor=world.chair, file_id=registered.pk, visited_on=date(2025, 1, 12),
        findings="看望", next_due=date(2025, 12, 31),
    )  # fmt: skip
    with clock.frozen_at(at(2025, 1, 12)):
        error = refused(call, InvalidInput, row=registered, counts=[Visit])
    assert error.code == "welfare.hardship_next_due_invalid"


def test_a_visit_by_a_partner_is_not_found(world, registered):
    call = lambda: hardship.record_visit(  # noqa: E731
        actor=world.partner, file_id=registered.pk, visited_on=date(2025, 1, 12), findings="x"
    )
    assert refused(call, NotFound, row=registered, counts=[Visit]).code == (
        "welfare.hardship_not_found"
    )
