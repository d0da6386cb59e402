"""A 督办 notice names the deadline that passed by its Beijing date and time — not the date of the run
and not the UTC date, which differ from it for the eight hours after Beijing midnight."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from lianxin.audit.models import Event
from lianxin.cases import services
from lianxin.cases.models import Case
from lianxin.cases.supervision import supervise_cases
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.core.models import Notification

BJ = ZoneInfo("Asia/Shanghai")


def supervise_at(moment: datetime) -> None:
    with clock.frozen_at(moment), translation.override("en"):
        supervise_cases()


def note_and_bodies(case: Case) -> tuple[str, set[str]]:
    (event,) = Event.objects.filter(target_type="cases.case", target_id=case.pk, kind="supervised")
    bodies = set(Notification.objects.filter(kind="case_supervised").values_list("body", flat=True))
    return event.note, bodies


@pytest.mark.parametrize("time_zone", ["Asia/Shanghai", "UTC"])
def test_working_day_deadline_noticed_just_after_beijing_midnight_names_the_day_that_ended(
    world, settings, time_zone
):
    settings.TIME_ZONE = time_zone  # the notice must not depend on the server's zone
    # given a wages case registered Mon 2 March 2026, accepted, due Wed 11 March 23:59:59 Beijing
    case = make_case(actor=world.chair, org=world.ent_a1, at=datetime(2026, 3, 2, 9, tzinfo=BJ))
    with clock.frozen_at(datetime(2026, 3, 2, 10, tzinfo=BJ)):
        services.accept_case(case_id=case.pk, actor=world.chair)
    # when supervision runs at Thu 12 March 00:05 Beijing (11 March 16:05 UTC)
    supervise_at(datetime(2026, 3, 12, 0, 5, tzinfo=BJ))
    # then the notice names 11 March 23:59, the deadline that passed, not the run's date
    note, bodies = note_and_bodies(case)
    assert note == "Resolution deadline 2026-03-11 23:59 passed unresolved."
    assert "2026-03-12" not in note
    assert bodies == {note}


@pytest.mark.parametrize("time_zone", ["Asia/Shanghai", "UTC"])
def test_hours_deadline_just_after_beijing_midnight_is_named_by_its_beijing_date(
    world, settings, time_zone
):
    settings.TIME_ZONE = time_zone
    # given an urgent case (2 hours) registered Wed 11 March 22:30 Beijing: due Thu 12 March 00:30
    # Beijing, which is 11 March 16:30 UTC
    registered = datetime(2026, 3, 11, 22, 30, tzinfo=BJ)
    case = make_case(actor=world.chair, org=world.ent_a1, at=registered, urgency="urgent")
    with clock.frozen_at(registered + timedelta(minutes=5)):
        services.accept_case(case_id=case.pk, actor=world.chair)
    assert case.resolution_due == datetime(2026, 3, 12, 0, 30, tzinfo=BJ)
    # when supervision runs at 00:45 Beijing
    supervise_at(datetime(2026, 3, 12, 0, 45, tzinfo=BJ))
    # then the notice names 12 March 00:30 — not the UTC 11 March 16:30
    note, bodies = note_and_bodies(case)
    assert note == "Resolution deadline 2026-03-12 00:30 passed unresolved."
    assert "2026-03-11" not in note
    assert bodies == {note}


def test_response_deadline_missed_at_beijing_midnight_names_that_day_in_the_morning_run(world):
    # given a case registered Mon 2 March 09:00 and never answered: respond by Tue 3 March 23:59:59
    case = make_case(actor=world.chair, org=world.ent_a1, at=datetime(2026, 3, 2, 9, tzinfo=BJ))
    # when the first supervision run after the deadline is at 07:30 Beijing on Wed 4 March
    # (Tue 3 March 23:30 UTC: UTC has not reached the 4th yet)
    supervise_at(datetime(2026, 3, 4, 7, 30, tzinfo=BJ))
    # then the notice names Tuesday's deadline
    note, _bodies = note_and_bodies(case)
    assert note == "Response deadline 2026-03-03 23:59 passed unanswered."


def test_deadline_passing_hours_after_a_warning_is_told_at_the_next_run_once(world):
    # given a case due Wed 11 March 23:59:59 Beijing, warned "due soon" at 08:00 that day
    case = make_case(actor=world.chair, org=world.ent_a1, at=datetime(2026, 3, 2, 9, tzinfo=BJ))
    with clock.frozen_at(datetime(2026, 3, 2, 10, tzinfo=BJ)):
        services.accept_case(case_id=case.pk, actor=world.chair)
    with clock.frozen_at(datetime(2026, 3, 11, 8, tzinfo=BJ)):
        assert supervise_cases().warned == 1
    # when the runs go on past midnight, 16 hours after the warning
    with clock.frozen_at(datetime(2026, 3, 12, 0, 5, tzinfo=BJ)), translation.override("en"):
        missed = supervise_cases()
    with clock.frozen_at(datetime(2026, 3, 12, 0, 35, tzinfo=BJ)):
        later = supervise_cases()
    # then the first run after the deadline tells it passed, and the next one stays quiet
    assert (missed.overdue_notified, missed.skipped) == (1, 0)
    assert (later.overdue_notified, later.warned, later.skipped) == (0, 0, 1)
    notes = list(
        Event.objects.filter(target_id=case.pk, kind="supervised")
        .order_by("seq")
        .values_list("note", flat=True)
    )
    assert notes[1:] == ["Resolution deadline 2026-03-11 23:59 passed unresolved."]
