"""议事厅: each meeting move allowed and refused; refused moves leave rows and journal unchanged."""

from datetime import timedelta
from functools import partial

import pytest

from lianxin.audit.models import Event
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied
from lianxin.core.models import Notification
from lianxin.proposals import services
from lianxin.proposals.models import AgendaItem, Attendee, Meeting, Resolution
from lianxin.proposals.tests.factories import meeting, submit, worker
from lianxin.tests import refusals

pytestmark = pytest.mark.django_db

# Everything a meeting move could write: a refused one leaves every row of these as it was.
WRITTEN = (Event, Meeting, AgendaItem, Attendee, Resolution, Notification)
refused = partial(refusals.refused, rows=WRITTEN)


def kinds(target):
    return list(
        Event.objects.filter(target_type=target._meta.label_lower, target_id=target.pk)
        .order_by("seq")
        .values_list("kind", flat=True)
    )


def test_a_meeting_with_agenda_attendees_minutes_and_resolutions(world):
    m = meeting(actor=world.chair, org=world.ent_a1)
    case = make_case(actor=world.chair, org=world.ent_a1, title="杂物间闲置")
    proposal = submit(actor=worker(), enterprise=world.ent_a1)
    services.add_agenda_item(meeting_id=m.pk, actor=world.chair, text="", case_number=case.number)
    services.add_agenda_item(meeting_id=m.pk, actor=world.chair, text="", proposal_id=proposal.pk)
    services.add_agenda_item(meeting_id=m.pk, actor=world.chair, text="食堂菜品调整")
    services.add_attendee(meeting_id=m.pk, actor=world.chair, name="张敏", side="workers")
    services.add_attendee(meeting_id=m.pk, actor=world.chair, name="李总", side="management")
    services.record_minutes(meeting_id=m.pk, actor=world.chair, minutes="议定杂物间改建母婴室。")
    r = services.add_resolution(
        meeting_id=m.pk, actor=world.chair, text="杂物间改建母婴室", owner_name="行政部 李总",
        due=clock.now() + timedelta(days=20),
    )  # fmt: skip
    assert [(i.position, i.text, i.case, i.proposal) for i in m.agenda.all()] == [
        (1, "杂物间闲置", case, None),
        (2, proposal.title, None, proposal),
        (3, "食堂菜品调整", None, None),
    ]
    assert [a.name for a in m.attendees.all()] == ["张敏", "李总"]
    assert kinds(m) == ["meeting_created", *["agenda_item_added"] * 3, *["attendee_added"] * 2,
                        "minutes_recorded"]  # fmt: skip
    assert kinds(r) == ["resolution_added"]
    assert r.status == "open"


def test_meetings_are_held_by_the_enterprise_handlers_only(world):
    refused(lambda: meeting(actor=world.chair_b, org=world.ent_a1), PermissionDenied)
    refused(lambda: meeting(actor=world.leader, org=world.ent_a1), PermissionDenied)
    refused(lambda: meeting(actor=world.staff, org=world.district_a), PermissionDenied)


def test_changes_by_others_are_refused(world):
    m = meeting(actor=world.chair, org=world.ent_a1)
    refused(
        lambda: services.add_attendee(meeting_id=m.pk, actor=world.chair_b, name="x", side="union"),
        NotFound,
    )
    refused(
        lambda: services.record_minutes(meeting_id=m.pk, actor=world.leader, minutes="x"),
        PermissionDenied,
    )


def test_an_agenda_item_about_a_case_one_cannot_see_is_refused(world):
    m = meeting(actor=world.chair, org=world.ent_a1)
    other = make_case(actor=world.chair_b, org=world.ent_b1)
    refused(
        lambda: services.add_agenda_item(
            meeting_id=m.pk, actor=world.chair, text="", case_number=other.number
        ),
        NotFound,
    )


def test_an_attendee_must_represent_a_side(world):
    m = meeting(actor=world.chair, org=world.ent_a1)
    refused(
        lambda: services.add_attendee(meeting_id=m.pk, actor=world.chair, name="x", side="boss"),
        InvalidInput,
    )


def test_publishing_the_minutes_tells_the_enterprise_workers_and_freezes_them(world):
    m = meeting(actor=world.chair, org=world.ent_a1)
    refused(lambda: services.publish_minutes(meeting_id=m.pk, actor=world.chair), InvalidInput)
    proposer = worker("陈小红")
    submit(actor=proposer, enterprise=world.ent_a1)
    outsider = worker("别厂职工")
    submit(actor=outsider, enterprise=world.ent_b1)
    services.record_minutes(meeting_id=m.pk, actor=world.chair, minutes="纪要")
    m = services.publish_minutes(meeting_id=m.pk, actor=world.chair)
    assert m.minutes_published_at is not None
    told = set(
        Notification.objects.filter(kind="minutes_published").values_list("recipient", flat=True)
    )
    assert told == {proposer.pk}
    assert kinds(m)[-1] == "minutes_published"
    refused(lambda: services.publish_minutes(meeting_id=m.pk, actor=world.chair), InvalidInput)
    refused(
        lambda: services.record_minutes(meeting_id=m.pk, actor=world.chair, minutes="改"),
        InvalidInput,
    )


def test_a_resolution_due_before_the_meeting_is_refused(world):
    m = meeting(actor=world.chair, org=world.ent_a1)
    refused(
        lambda: services.add_resolution(
            meeting_id=m.pk, actor=world.chair, text="x", owner_name="y",
            due=m.held_at - timedelta(days=1),
        ),
        InvalidInput,
    )  # fmt: skip


def _resolution(world, owner=None):
    m = meeting(actor=world.chair, org=world.ent_a1)
    return services.add_resolution(
        meeting_id=m.pk, actor=world.chair, text="宿舍拎包入住", owner_name="后勤 王经理",
        owner=owner, due=clock.now() + timedelta(days=5),
    )  # fmt: skip


def test_the_owner_with_an_account_reports_the_resolution_done(world):
    owner = worker("王经理")
    r = _resolution(world, owner=owner)
    r = services.complete_resolution(resolution_id=r.pk, actor=owner, outcome="宿舍已配齐家具")
    assert (r.status, r.outcome) == ("done", "宿舍已配齐家具")
    assert r.done_at is not None
    assert kinds(r) == ["resolution_added", "resolution_done"]
    assert Event.objects.filter(kind="resolution_done").get().data == {"on_time": True}


def test_the_owner_may_not_drop_a_resolution_nor_may_others_complete_it(world):
    owner = worker("王经理")
    r = _resolution(world, owner=owner)
    refused(
        lambda: services.drop_resolution(resolution_id=r.pk, actor=owner, reason="不做了"),
        PermissionDenied,
    )
    refused(
        lambda: services.complete_resolution(resolution_id=r.pk, actor=world.chair_b, outcome="x"),
        NotFound,
    )
    refused(
        lambda: services.complete_resolution(resolution_id=r.pk, actor=worker(), outcome="x"),
        NotFound,
    )


def test_the_handlers_drop_a_resolution_with_a_reason(world):
    r = _resolution(world)
    refused(lambda: services.drop_resolution(resolution_id=r.pk, actor=world.chair, reason=""))
    r = services.drop_resolution(resolution_id=r.pk, actor=world.chair, reason="厂区搬迁，不再需要")
    assert r.status == "dropped"


def test_a_done_resolution_cannot_move_again(world):
    r = _resolution(world)
    services.complete_resolution(resolution_id=r.pk, actor=world.chair, outcome="已完成")
    refused(
        lambda: services.complete_resolution(resolution_id=r.pk, actor=world.chair, outcome="再")
    )
    refused(lambda: services.drop_resolution(resolution_id=r.pk, actor=world.chair, reason="再"))
