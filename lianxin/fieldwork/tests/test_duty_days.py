"""当一天站长: duty days at a station run through the same code as the 陪伴日 (fieldwork.services);
these tests walk a duty day from booking to a case, and every refusal changes nothing."""

from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from lianxin.audit.models import Event
from lianxin.cases.models import Case, Category, Channel
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from lianxin.fieldwork import selectors
from lianxin.fieldwork import services as fieldwork
from lianxin.fieldwork.grounds import DUTY
from lianxin.fieldwork.models import DutyDay, DutyEntry
from lianxin.fieldwork.tests.conftest import CODE
from lianxin.tests import refusals

BJ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 1, 14, 10, 0, tzinfo=BJ)
TODAY = date(2026, 1, 14)
WRITTEN = (DutyDay, DutyEntry, Case, Event)
refused = partial(refusals.refused, rows=WRITTEN)


@pytest.fixture(autouse=True)
def wednesday():
    with clock.frozen_at(NOW):
        yield NOW


def a_duty_day(world, day: date = TODAY) -> DutyDay:
    return fieldwork.book_duty_day(actor=world.staff, site_code=CODE, day=day, plan="听骑手说")


def an_entry(world, day: DutyDay) -> DutyEntry:
    return fieldwork.record_entry(
        DUTY, actor=world.staff, day_id=day.pk, heard="夜里驿站不开门，没处充电", speaker="王师傅"
    )


def test_a_cadre_books_a_duty_day_at_a_station_of_their_union(world, station):
    day = a_duty_day(world)
    assert (day.site, day.org, day.host, day.status) == (
        CODE,
        world.district_a,
        world.staff,
        "planned",
    )
    event = Event.objects.get(target_type="fieldwork.dutyday", target_id=day.pk)
    assert event.kind == "duty_planned"
    assert event.data == {"site": CODE, "org": world.district_a.code, "date": TODAY.isoformat()}


def test_one_cadre_on_duty_per_station_and_day(world, station):
    a_duty_day(world)
    book = partial(fieldwork.book_duty_day, actor=world.city_staff, site_code=CODE, day=TODAY)
    assert refused(book, InvalidInput).code == "duty.already_planned"


def test_a_chair_of_another_enterprise_may_not_book_there(world, station):
    book = partial(fieldwork.book_duty_day, actor=world.chair_b, site_code=CODE, day=TODAY)
    assert refused(book, PermissionDenied).code == "duty.permission_denied"


def test_a_closed_or_unknown_station_cannot_be_booked(world, station):
    book = partial(fieldwork.book_duty_day, actor=world.staff, site_code="ST-GONE", day=TODAY)
    assert refused(book, NotFound).code == "duty.station_not_found"


def test_a_day_in_the_past_is_refused(world, station):
    yesterday = TODAY - timedelta(days=1)
    book = partial(fieldwork.book_duty_day, actor=world.staff, site_code=CODE, day=yesterday)
    assert refused(book, InvalidInput).code == "duty.date_in_past"


def test_what_a_worker_said_becomes_a_case_of_the_station(world, station):
    day = a_duty_day(world)
    entry = an_entry(world, day)
    case = fieldwork.raise_case(
        DUTY, actor=world.staff, entry_id=entry.pk, category=Category.objects.first(),
        title="驿站夜间充电", worker_name="王师傅", worker_phone="13800001111",
    )  # fmt: skip
    day.refresh_from_db()
    entry.refresh_from_db()
    assert day.status == "done"  # the first entry: the cadre was there
    assert (case.site, case.channel, case.origin_org) == (CODE, Channel.STATION, world.district_a)
    assert entry.case == case
    assert case.duty_entry == entry
    kinds = list(
        Event.objects.filter(target_type="fieldwork.dutyday").values_list("kind", flat=True)
    )
    assert kinds == ["duty_planned", "duty_entry_recorded", "duty_case_raised"]
    assert selectors.days_held(DUTY, start=TODAY, end=TODAY, site=CODE) == 1


def test_an_anonymous_case_from_a_duty_day_is_linked_to_nobody(world, station):
    day = a_duty_day(world)
    entry = an_entry(world, day)
    case = fieldwork.raise_case(
        DUTY, actor=world.staff, entry_id=entry.pk, category=Category.objects.first(),
        title="站长态度", is_anonymous=True,
    )  # fmt: skip
    entry.refresh_from_db()
    assert (entry.case, entry.speaker, entry.raised_anonymously) == (None, "", True)
    raised = Event.objects.get(target_type="fieldwork.dutyday", kind="duty_case_raised")
    assert case.number not in str(raised.data)
    assert raised.note == ""
    again = partial(
        fieldwork.raise_case, DUTY, actor=world.staff, entry_id=entry.pk,
        category=Category.objects.first(), title="again",
    )  # fmt: skip
    assert refused(again, InvalidInput).code == "duty.entry_has_case"


def test_a_cancelled_duty_day_takes_no_entry(world, station):
    day = a_duty_day(world)
    fieldwork.cancel_day(DUTY, actor=world.staff, day_id=day.pk, reason="台风停工")
    assert refused(lambda: an_entry(world, day), TransitionNotAllowed).code == (
        "duty.transition_not_allowed"
    )


def test_outside_the_union_a_duty_day_is_missing(world, station):
    day = a_duty_day(world)
    entry = an_entry(world, day)
    assert not selectors.days_in_scope(DUTY, world.chair_b).exists()
    with pytest.raises(NotFound):
        selectors.day_detail(DUTY, user=world.chair_b, day_id=day.pk)
    with pytest.raises(NotFound):
        selectors.entry_in_scope(DUTY, user=world.partner, entry_id=entry.pk)
    complete = partial(
        fieldwork.complete_day, DUTY, actor=world.chair_b, day_id=day.pk, summary="x"
    )
    assert refused(complete, NotFound).code == "duty.not_found"
    assert selectors.day_detail(DUTY, user=world.leader, day_id=day.pk) == day  # the city reads it
