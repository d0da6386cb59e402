"""督办: notices for cases near or past their deadline, at most daily, and escalation past the margin.

The case in most tests: a wages case (7 working days) registered in enterprise A1 on Monday
2 March 2026 at 09:00 and accepted by the chair. Its working days are 3, 4, 5, 6, 9, 10 and 11 March,
so it is due on Wednesday 11 March 2026 at 23:59:59 (no holiday in between).
"""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from lianxin.audit.models import Event, Visibility
from lianxin.cases import services
from lianxin.cases.models import Case
from lianxin.cases.supervision import supervise_cases
from lianxin.cases.tasks import supervise_task
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.core.models import Notification
from lianxin.orgs.tests.factories import UserFactory, with_role

BJ = ZoneInfo("Asia/Shanghai")
REGISTERED = datetime(2026, 3, 2, 9, tzinfo=BJ)
DUE = datetime(2026, 3, 11, 23, 59, 59, tzinfo=BJ)


@pytest.fixture
def case(world) -> Case:
    case = make_case(actor=world.chair, org=world.ent_a1, at=REGISTERED)
    with clock.frozen_at(REGISTERED + timedelta(hours=1)):
        services.accept_case(case_id=case.pk, actor=world.chair)
    assert case.resolution_due == DUE
    return case


def supervise_at(moment: datetime, **options):
    with clock.frozen_at(moment):
        return supervise_cases(**options)


def events(case: Case, kind: str) -> list[Event]:
    return list(Event.objects.filter(target_type="cases.case", target_id=case.pk, kind=kind))


def notified() -> list[str]:
    """Usernames of the supervision notices so far, one entry per notice."""
    return sorted(
        Notification.objects.filter(kind="case_supervised").values_list(
            "recipient__username", flat=True
        )
    )


def test_case_due_within_a_day_is_warned_with_one_internal_event(world, case):
    later = make_case(actor=world.chair, org=world.ent_a1, at=REGISTERED + timedelta(days=8))
    moment = datetime(2026, 3, 11, 8, tzinfo=BJ)

    report = supervise_at(moment)

    assert (report.warned, report.overdue_notified, report.escalated) == (1, 0, 0)
    (event,) = events(case, "supervised")
    assert event.visibility == Visibility.INTERNAL
    assert event.actor is None
    assert event.data["overdue"] is False
    case.refresh_from_db()
    assert case.last_supervised_at == moment
    assert notified() == ["chair", "supervisor"]
    later.refresh_from_db()
    assert later.last_supervised_at is None
    assert events(later, "supervised") == []


def test_overdue_case_notifies_the_handler_and_the_supervisor_of_the_org_above(world, case):
    with_role("supervisor", world.district_b, UserFactory(username="supervisor_b"))

    report = supervise_at(datetime(2026, 3, 13, 10, tzinfo=BJ))

    assert (report.warned, report.overdue_notified, report.escalated) == (0, 1, 0)
    assert notified() == ["chair", "supervisor"]
    subjects = set(Notification.objects.values_list("subject", flat=True))
    assert any(case.number in s for s in subjects)
    assert events(case, "supervised")[0].data["overdue"] is True


def test_unanswered_case_past_its_response_deadline_is_overdue_for_the_owner_org(world):
    unanswered = make_case(actor=world.chair, org=world.ent_a1, at=REGISTERED)

    report = supervise_at(datetime(2026, 3, 4, 10, tzinfo=BJ))  # response was due 3 March

    assert report.overdue_notified == 1
    assert notified() == ["chair", "supervisor"]
    assert events(unanswered, "supervised")[0].data["overdue"] is True


def test_case_is_not_noticed_again_within_24_hours(world, case):
    first = datetime(2026, 3, 13, 10, tzinfo=BJ)
    supervise_at(first)

    again = supervise_at(first + timedelta(hours=23, minutes=59))

    assert (again.overdue_notified, again.skipped) == (0, 1)
    assert len(events(case, "supervised")) == 1
    assert len(notified()) == 2
    assert supervise_at(first + timedelta(hours=24)).overdue_notified == 1
    assert len(events(case, "supervised")) == 2


def test_resolved_and_far_off_cases_are_left_alone(world, case):
    with clock.frozen_at(REGISTERED + timedelta(hours=2)):
        services.start_case(case_id=case.pk, actor=world.chair)
        services.resolve_case(case_id=case.pk, actor=world.chair, result="已补发加班费")

    report = supervise_at(datetime(2026, 3, 20, 10, tzinfo=BJ))

    assert (report.warned, report.overdue_notified, report.skipped) == (0, 0, 0)
    assert events(case, "supervised") == []


def test_case_overdue_past_the_margin_is_escalated_one_level_and_journalled(world, case):
    report = supervise_at(DUE + timedelta(days=3, hours=9))

    assert (report.overdue_notified, report.escalated, report.refused) == (1, 1, {})
    case.refresh_from_db()
    assert (case.owner_org, case.escalation_level) == (world.street_a, 1)
    (escalated,) = events(case, "escalated")
    assert escalated.actor is None
    assert escalated.data == {"from": "EA1", "to": "SA"}
    kinds = [e.kind for e in Event.objects.filter(target_type="cases.case", target_id=case.pk)]
    assert kinds[-2:] == ["supervised", "escalated"]


def test_escalated_case_climbs_again_only_after_another_margin(world, case):
    first = DUE + timedelta(days=3, hours=9)
    supervise_at(first)

    assert supervise_at(first + timedelta(days=1, hours=1)).escalated == 0
    case.refresh_from_db()
    assert case.owner_org == world.street_a

    assert supervise_at(first + timedelta(days=3)).escalated == 1
    case.refresh_from_db()
    assert (case.owner_org, case.escalation_level) == (world.district_a, 2)


def test_escalation_at_the_top_of_the_tree_is_reported_not_raised(world):
    top = make_case(actor=world.city_staff, org=world.city, at=REGISTERED)
    with clock.frozen_at(REGISTERED + timedelta(hours=1)):
        services.accept_case(case_id=top.pk, actor=world.city_staff)

    report = supervise_at(DUE + timedelta(days=4))

    assert report.escalated == 0
    assert list(report.refused) == [top.number]
    top.refresh_from_db()
    assert (top.owner_org, top.escalation_level) == (world.city, 0)
    assert events(top, "escalated") == []
    assert len(events(top, "supervised")) == 1


def test_referred_case_is_noticed_but_never_escalated(world, case):
    with clock.frozen_at(REGISTERED + timedelta(hours=2)):
        services.refer_case(case_id=case.pk, actor=world.chair, partner=world.bureau)

    report = supervise_at(DUE + timedelta(days=4))

    assert (report.overdue_notified, report.escalated, report.refused) == (1, 0, {})


def test_the_margin_comes_from_the_setting(world, case, settings):
    settings.LIANXIN_ESCALATE_AFTER_DAYS = 1

    assert supervise_at(DUE + timedelta(days=1, hours=1)).escalated == 1


def test_dry_run_counts_but_writes_nothing(world, case):
    report = supervise_at(DUE + timedelta(days=4), dry_run=True)

    assert (report.overdue_notified, report.escalated, report.dry_run) == (1, 1, True)
    case.refresh_from_db()
    assert (case.last_supervised_at, case.owner_org) == (None, world.ent_a1)
    assert events(case, "supervised") == []
    assert notified() == []


def test_supervise_command_prints_the_report(world, case):
    out = StringIO()
    with clock.frozen_at(DUE + timedelta(days=1)), translation.override("en"):
        call_command("supervise", "--warn-hours", "12", stdout=out)

    assert "1 overdue notified" in out.getvalue()
    assert len(events(case, "supervised")) == 1


def test_supervise_command_refuses_a_negative_margin(world):
    with pytest.raises(CommandError):
        call_command("supervise", "--escalate-after-days", "-1", stdout=StringIO())


def test_supervise_task_runs_and_returns_the_report(world, case):
    with clock.frozen_at(DUE + timedelta(days=1)):
        result = supervise_task.enqueue()

    assert result.return_value["overdue_notified"] == 1
    assert len(events(case, "supervised")) == 1


# ---- the notice names the deadline that passed ---------------------------------------------------


def notice_bodies() -> list[str]:
    return list(Notification.objects.filter(kind="case_supervised").values_list("body", flat=True))


def test_unanswered_case_notice_names_the_missed_response_deadline_not_the_future_resolution_one(
    world,
):
    # Registered Mon 2 March 09:00: respond by Tue 3 March 23:59:59, resolve by Wed 11 March.
    unanswered = make_case(actor=world.chair, org=world.ent_a1, at=REGISTERED)

    with translation.override("en"):
        supervise_at(datetime(2026, 3, 4, 10, tzinfo=BJ))

    (event,) = events(unanswered, "supervised")
    assert "2026-03-03 23:59" in event.note
    assert "2026-03-11" not in event.note
    assert event.note.startswith("Response deadline")
    assert event.data["missed"] == ["response"]
    assert set(notice_bodies()) == {event.note}


def test_unanswered_case_past_both_deadlines_names_both(world):
    unanswered = make_case(actor=world.chair, org=world.ent_a1, at=REGISTERED)

    with translation.override("en"):
        supervise_at(datetime(2026, 3, 13, 10, tzinfo=BJ))

    (event,) = events(unanswered, "supervised")
    assert event.data["missed"] == ["response", "resolution"]
    assert "2026-03-03 23:59" in event.note
    assert "2026-03-11 23:59" in event.note


def test_accepted_case_past_its_resolution_deadline_names_that_deadline(world, case):
    with translation.override("en"):
        supervise_at(datetime(2026, 3, 13, 10, tzinfo=BJ))

    (event,) = events(case, "supervised")
    assert event.note == "Resolution deadline 2026-03-11 23:59 passed unresolved."
    assert event.data["missed"] == ["resolution"]


def test_case_due_soon_is_told_when_it_is_due_and_names_no_passed_deadline(world, case):
    with translation.override("en"):
        supervise_at(datetime(2026, 3, 11, 8, tzinfo=BJ))

    (event,) = events(case, "supervised")
    assert event.note == "Due by 2026-03-11 23:59."
    assert event.data["missed"] == []
