"""Visit-day services: each allowed move does what it says and journals it; each refused one changes
nothing at all (no rows, no journal events)."""

from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from lianxin.audit.models import Event
from lianxin.cases.models import Case, Category
from lianxin.cases.tests import conftest as case_fixtures
from lianxin.core import clock
from lianxin.core.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from lianxin.intake.models import DiaryEntry, VisitDay
from lianxin.intake.services import visits as services
from lianxin.orgs.tests.factories import OrgFactory
from lianxin.tests import refusals

world = case_fixtures.world  # the shared small city: chair of A1, chair_b of B1, staff, leader, …

BJ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 1, 14, 10, 0, tzinfo=BJ)  # a Wednesday
TODAY = date(2026, 1, 14)
HEARD = "老旧设备噪声大，长期影响听力"

# Everything a visit-day action could write: a refused one leaves every row of these as it was.
WRITTEN = (VisitDay, DiaryEntry, Case, Event)
refused = partial(refusals.refused, rows=WRITTEN)


@pytest.fixture(autouse=True)
def wednesday():
    with clock.frozen_at(NOW):
        yield NOW


def visit_events(visit: VisitDay) -> list[str]:
    return list(
        Event.objects.filter(target_type="intake.visitday", target_id=visit.pk).values_list(
            "kind", flat=True
        )
    )


def a_day(world, day: date = TODAY) -> VisitDay:
    return services.plan_visit_day(actor=world.chair, org=world.ent_a1, day=day)


def an_entry(world, visit: VisitDay, **fields) -> DiaryEntry:
    fields = {"heard": HEARD, "team": world.team_a1, "speaker": "张师傅", **fields}
    return services.record_diary_entry(actor=world.chair, visit_id=visit.pk, **fields)


# ---- plan_visit_day -----------------------------------------------------------------------------


def test_plan_visit_day_by_the_chair_creates_a_planned_day_and_journals_it(world):
    visit = services.plan_visit_day(
        actor=world.chair, org=world.ent_a1, day=TODAY, plan="挂面车间、包装班组"
    )
    assert (visit.org, visit.date, visit.chair, visit.status) == (
        world.ent_a1,
        TODAY,
        world.chair,
        VisitDay.Status.PLANNED,
    )
    assert visit.plan == "挂面车间、包装班组"
    assert visit_events(visit) == ["visit_planned"]


def test_plan_visit_day_by_district_staff_for_an_enterprise_below_is_allowed(world):
    visit = services.plan_visit_day(actor=world.staff, org=world.ent_a2, day=TODAY)
    assert visit.chair == world.staff


def test_plan_visit_day_in_the_past_is_refused_and_nothing_changes(world):
    error = refused(
        lambda: services.plan_visit_day(
            actor=world.chair, org=world.ent_a1, day=TODAY - timedelta(days=1)
        ),
        InvalidInput,
    )
    assert error.code == "visit.date_in_past"


@pytest.mark.parametrize("org_name", ["team_a1", "street_a", "district_a"])
def test_plan_visit_day_for_an_org_that_is_not_an_enterprise_is_refused(world, org_name):
    error = refused(
        lambda: services.plan_visit_day(actor=world.staff, org=getattr(world, org_name), day=TODAY),
        InvalidInput,
    )
    assert error.code == "visit.not_an_enterprise"


@pytest.mark.parametrize("user_name", ["chair_b", "leader", "supervisor", "partner", "nobody"])
def test_plan_visit_day_by_someone_not_handling_the_enterprise_is_refused(world, user_name):
    refused(
        lambda: services.plan_visit_day(
            actor=getattr(world, user_name), org=world.ent_a1, day=TODAY
        ),
        PermissionDenied,
    )


def test_plan_visit_day_twice_on_the_same_date_is_refused(world):
    a_day(world)
    error = refused(
        lambda: services.plan_visit_day(actor=world.chair, org=world.ent_a1, day=TODAY),
        InvalidInput,
    )
    assert error.code == "visit.already_planned"


# ---- plan_weekly_visits -------------------------------------------------------------------------


def test_plan_weekly_visits_plans_the_same_weekday_and_skips_dates_already_planned(world):
    taken = a_day(world, TODAY + timedelta(weeks=1))
    planned, skipped = services.plan_weekly_visits(
        actor=world.chair, org=world.ent_a1, first_date=TODAY, weeks=4, plan="每周三"
    )
    assert [v.date for v in planned] == [TODAY + timedelta(weeks=w) for w in (0, 2, 3)]
    assert {v.date.weekday() for v in planned} == {2}
    assert skipped == [taken.date]
    assert all(v.plan == "每周三" and visit_events(v) == ["visit_planned"] for v in planned)


def test_plan_weekly_visits_when_every_date_is_taken_is_refused(world):
    services.plan_weekly_visits(actor=world.chair, org=world.ent_a1, first_date=TODAY, weeks=2)
    refused(
        lambda: services.plan_weekly_visits(
            actor=world.chair, org=world.ent_a1, first_date=TODAY, weeks=2
        ),
        InvalidInput,
    )


@pytest.mark.parametrize("weeks", [0, services.MAX_WEEKS + 1])
def test_plan_weekly_visits_out_of_range_is_refused(world, weeks):
    refused(
        lambda: services.plan_weekly_visits(
            actor=world.chair, org=world.ent_a1, first_date=TODAY, weeks=weeks
        ),
        InvalidInput,
    )


def test_plan_weekly_visits_by_another_enterprises_chair_is_refused(world):
    refused(
        lambda: services.plan_weekly_visits(
            actor=world.chair_b, org=world.ent_a1, first_date=TODAY, weeks=3
        ),
        PermissionDenied,
    )


# ---- record_diary_entry -------------------------------------------------------------------------


def test_first_diary_entry_marks_the_planned_day_done_and_journals_it(world):
    visit = a_day(world)
    entry = an_entry(world, visit, place="挂面车间")
    visit.refresh_from_db()
    assert visit.status == VisitDay.Status.DONE
    assert (entry.team, entry.speaker, entry.heard, entry.place) == (
        world.team_a1,
        "张师傅",
        HEARD,
        "挂面车间",
    )
    assert (entry.recorded_by, entry.recorded_at) == (world.chair, NOW)
    event = Event.objects.get(target_type="intake.visitday", target_id=visit.pk, seq=2)
    assert (event.kind, event.state_before, event.state_after) == (
        "visit_entry_recorded",
        "planned",
        "done",
    )


def test_second_diary_entry_leaves_the_day_done(world):
    visit = a_day(world)
    an_entry(world, visit)
    an_entry(world, visit, heard="食堂晚饭太早", team=None)
    visit.refresh_from_db()
    assert visit.status == VisitDay.Status.DONE
    assert visit.entries.count() == 2


def test_diary_entry_on_a_cancelled_day_is_a_refused_move_answering_409(world):
    # given a cancelled visit day
    visit = a_day(world)
    services.cancel_visit_day(actor=world.chair, visit_id=visit.pk, reason="停产检修")
    # when a diary entry is written on it, then the workflow refuses the move and nothing changes
    error = refused(lambda: an_entry(world=world, visit=visit), TransitionNotAllowed)
    assert (error.code, error.http_status) == ("visit.transition_not_allowed", 409)


def test_diary_entry_before_the_day_has_come_is_refused(world):
    visit = a_day(world, TODAY + timedelta(days=1))
    error = refused(lambda: an_entry(world=world, visit=visit), InvalidInput)
    assert error.code == "visit.not_yet"


def test_diary_entry_naming_a_team_of_another_enterprise_is_refused(world):
    visit = a_day(world)
    other_team = OrgFactory(code="EB1-T1", name="B企业1班", kind="team", parent=world.ent_b1)
    error = refused(lambda: an_entry(world=world, visit=visit, team=other_team), InvalidInput)
    assert error.code == "visit.team_outside_enterprise"


def test_empty_diary_entry_is_refused(world):
    visit = a_day(world)
    refused(lambda: an_entry(world=world, visit=visit, heard="   "), InvalidInput)


def test_diary_entry_by_a_leader_who_only_reads_is_refused(world):
    visit = a_day(world)
    refused(
        lambda: services.record_diary_entry(actor=world.leader, visit_id=visit.pk, heard=HEARD),
        PermissionDenied,
    )


# ---- complete_visit_day / cancel_visit_day ------------------------------------------------------


def test_complete_visit_day_marks_it_done_with_its_summary(world):
    visit = a_day(world)
    services.complete_visit_day(actor=world.chair, visit_id=visit.pk, summary="走访两个班组")
    visit.refresh_from_db()
    assert (visit.status, visit.summary) == (VisitDay.Status.DONE, "走访两个班组")
    assert visit_events(visit) == ["visit_planned", "visit_completed"]


@pytest.mark.parametrize("summary", ["", "  "])
def test_complete_visit_day_without_a_summary_is_refused(world, summary):
    visit = a_day(world)
    refused(
        lambda: services.complete_visit_day(actor=world.chair, visit_id=visit.pk, summary=summary),
        InvalidInput,
    )


@pytest.mark.parametrize("days_ahead", [0, 7])
def test_complete_a_cancelled_visit_day_is_a_refused_move_answering_409(world, days_ahead):
    # given a cancelled day, today or still to come (the table answers before the date is asked)
    visit = a_day(world, TODAY + timedelta(days=days_ahead))
    services.cancel_visit_day(actor=world.chair, visit_id=visit.pk, reason="停产")
    # when it is marked done, then the move is refused and the day and its journal stay as they were
    error = refused(
        lambda: services.complete_visit_day(actor=world.chair, visit_id=visit.pk, summary="x"),
        TransitionNotAllowed,
    )
    assert (error.code, error.http_status) == ("visit.transition_not_allowed", 409)
    assert visit_events(visit) == ["visit_planned", "visit_cancelled"]


def test_complete_a_visit_day_that_has_not_come_is_refused(world):
    future = a_day(world, TODAY + timedelta(days=7))
    error = refused(
        lambda: services.complete_visit_day(actor=world.chair, visit_id=future.pk, summary="x"),
        InvalidInput,
    )
    assert error.code == "visit.not_yet"


def test_complete_a_visit_day_done_already_rewrites_its_summary_as_one_more_event(world):
    visit = a_day(world)
    services.complete_visit_day(actor=world.chair, visit_id=visit.pk, summary="第一次")
    services.complete_visit_day(actor=world.chair, visit_id=visit.pk, summary="改写")
    visit.refresh_from_db()
    assert (visit.status, visit.summary) == (VisitDay.Status.DONE, "改写")
    event = Event.objects.get(target_type="intake.visitday", target_id=visit.pk, seq=3)
    assert (event.kind, event.state_before, event.state_after, event.note) == (
        "visit_completed",
        "done",
        "done",
        "改写",
    )


def test_cancel_visit_day_with_a_reason_cancels_it_and_journals_the_reason(world):
    visit = a_day(world, TODAY + timedelta(days=7))
    services.cancel_visit_day(actor=world.chair, visit_id=visit.pk, reason="企业停产检修")
    visit.refresh_from_db()
    assert visit.status == VisitDay.Status.CANCELLED
    event = Event.objects.get(target_type="intake.visitday", target_id=visit.pk, seq=2)
    assert (event.kind, event.note) == ("visit_cancelled", "企业停产检修")


def test_cancel_visit_day_with_entries_is_refused(world):
    visit = a_day(world)
    an_entry(world, visit)
    error = refused(
        lambda: services.cancel_visit_day(actor=world.chair, visit_id=visit.pk, reason="x"),
        InvalidInput,
    )
    assert error.code == "visit.has_entries"


def test_cancel_visit_day_without_a_reason_is_refused(world):
    visit = a_day(world)
    error = refused(
        lambda: services.cancel_visit_day(actor=world.chair, visit_id=visit.pk, reason=""),
        InvalidInput,
    )
    assert error.code == "visit.reason_empty"


def test_cancel_a_cancelled_or_done_visit_day_is_a_refused_move_answering_409(world):
    # given a day cancelled already and a day marked done (with no diary entry)
    cancelled = a_day(world, TODAY + timedelta(days=1))
    services.cancel_visit_day(actor=world.chair, visit_id=cancelled.pk, reason="停产")
    done = a_day(world)
    services.complete_visit_day(actor=world.chair, visit_id=done.pk, summary="走访")
    for visit in (cancelled, done):
        # when either is cancelled, then the workflow refuses it and nothing changes
        error = refused(
            lambda visit=visit: services.cancel_visit_day(
                actor=world.chair, visit_id=visit.pk, reason="再"
            ),
            TransitionNotAllowed,
        )
        assert (error.code, error.http_status) == ("visit.transition_not_allowed", 409)


@pytest.mark.parametrize(
    ("action", "text"),
    [
        (services.record_diary_entry, {"heard": HEARD}),
        (services.complete_visit_day, {"summary": "走访"}),
        (services.cancel_visit_day, {"reason": "停产"}),
    ],
)
def test_a_chair_elsewhere_changing_a_visit_day_gets_not_found(world, action, text):
    visit = a_day(world)
    refused(lambda: action(actor=world.chair_b, visit_id=visit.pk, **text), NotFound)


# ---- raise_case_from_entry ----------------------------------------------------------------------


def raise_case(world, entry: DiaryEntry, actor=None, **fields) -> Case:
    fields = {
        "category": Category.objects.get(key="injury_health"),
        "title": HEARD,
        "worker_name": "张师傅",
        **fields,
    }
    return services.raise_case_from_entry(actor=actor or world.chair, entry_id=entry.pk, **fields)


def test_raise_case_from_entry_registers_a_visit_case_in_the_team_and_links_both_ways(world):
    visit = a_day(world)
    entry = an_entry(world, visit, place="挂面车间")
    case = raise_case(world, entry)
    entry.refresh_from_db()
    assert entry.case == case
    assert Case.objects.get(pk=case.pk).diary_entry == entry
    assert (case.channel, case.status, case.title, case.description) == (
        "visit",
        "registered",
        HEARD,
        HEARD,
    )
    assert (case.origin_org, case.owner_org, case.address) == (
        world.team_a1,
        world.ent_a1,
        "挂面车间",
    )
    assert (case.registered_by, case.worker_name) == (world.chair, "张师傅")
    assert case.number.startswith("JZ-2026-")
    assert visit_events(visit)[-1] == "visit_case_raised"
    assert Event.objects.filter(target_type="cases.case", target_id=case.pk).count() == 1


def test_raise_case_from_an_entry_without_team_arises_in_the_enterprise(world):
    entry = an_entry(world, a_day(world), team=None)
    case = raise_case(world, entry, is_anonymous=True, worker_name="")
    assert (case.origin_org, case.is_anonymous, case.worker_name) == (world.ent_a1, True, "")


def test_raise_case_twice_from_the_same_entry_is_refused(world):
    entry = an_entry(world, a_day(world))
    case = raise_case(world, entry)
    error = refused(lambda: raise_case(world=world, entry=entry), InvalidInput)
    assert error.code == "visit.entry_has_case"
    assert case.number in error.message


def test_raise_case_from_entry_by_another_chair_answers_like_a_missing_day(world):
    entry = an_entry(world, a_day(world))
    refused(lambda: raise_case(world=world, entry=entry, actor=world.chair_b), NotFound)


def test_raise_case_with_an_empty_title_is_refused_and_the_entry_stays_unlinked(world):
    entry = an_entry(world, a_day(world))
    refused(lambda: raise_case(world=world, entry=entry, title="  "), InvalidInput)
    entry.refresh_from_db()
    assert entry.case is None


def test_raise_case_from_a_missing_entry_is_refused(world):
    refused(
        lambda: services.raise_case_from_entry(
            actor=world.chair,
            entry_id=999999,
            category=Category.objects.get(key="other"),
            title="x",
        ),
        NotFound,
    )


# ---- an anonymous case leaves nothing that ties it to the speaker -------------------------------

SPEAKER = "刘师傅 13911112222"


def test_an_anonymous_case_from_an_entry_is_linked_neither_way_and_the_speaker_is_cleared(world):
    # given an entry whose speaker is named with a phone
    visit = a_day(world)
    entry = an_entry(world, visit, speaker=SPEAKER)
    # when it is raised as an anonymous case
    case = raise_case(world, entry, is_anonymous=True, worker_name="")
    # then the entry does not point at the case, nor the case at the entry, and who spoke is gone
    entry.refresh_from_db()
    assert (entry.case, entry.raised_anonymously, entry.speaker) == (None, True, "")
    assert not DiaryEntry.objects.filter(case=case).exists()
    assert (case.is_anonymous, case.worker_name, case.worker_phone) == (True, "", "")
    # and the visit day's journal of the move names no case, and nothing journalled names the person
    raised = Event.objects.get(target_type="intake.visitday", kind="visit_case_raised")
    assert raised.data == {"entry": entry.pk, "anonymous": True}
    assert raised.note == ""
    for event in Event.objects.all():
        written = f"{event.note} {event.data}"
        assert case.number not in written or event.target_type == "cases.case"
        assert "刘师傅" not in written
        assert "13911112222" not in written


def test_an_entry_raised_anonymously_cannot_be_raised_again(world):
    entry = an_entry(world, a_day(world), speaker=SPEAKER)
    raise_case(world, entry, is_anonymous=True, worker_name="")
    error = refused(lambda: raise_case(world=world, entry=entry), InvalidInput)
    assert error.code == "visit.entry_has_case"
