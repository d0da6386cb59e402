"""Visit-day reads: the weekly summary on a hand-built week, and scoping to the user's enterprises."""

from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lianxin.cases import services as case_services
from lianxin.cases.models import Category
from lianxin.cases.tests import conftest as case_fixtures
from lianxin.core import clock
from lianxin.core.errors import NotFound
from lianxin.intake import selectors_visits as selectors
from lianxin.intake.models import VisitDay
from lianxin.intake.services import visits as services

world = case_fixtures.world

BJ = ZoneInfo("Asia/Shanghai")
MONDAY, SUNDAY = date(2026, 1, 12), date(2026, 1, 18)


@contextmanager
def on(day: date, hour: int = 9):
    with clock.frozen_at(datetime(day.year, day.month, day.day, hour, tzinfo=BJ)):
        yield


def day_with_entries(actor, org, day: date, heard: list[str], cases: int = 0) -> list:
    """A visit day on `day`, planned the week before, with diary entries, the first `cases` raised."""
    with on(date(2026, 1, 5)):
        visit = services.plan_visit_day(actor=actor, org=org, day=day)
    raised = []
    with on(day, 10):
        for i, text in enumerate(heard):
            entry = services.record_diary_entry(actor=actor, visit_id=visit.pk, heard=text)
            if i < cases:
                raised.append(
                    services.raise_case_from_entry(
                        actor=actor,
                        entry_id=entry.pk,
                        category=Category.objects.get(key="conditions"),
                        title=text,
                        worker_name="张师傅",
                    )
                )
    return raised


def resolve(actor, case, *, close: bool = False) -> None:
    with on(SUNDAY, 16):
        case_services.accept_case(case_id=case.pk, actor=actor)
        case_services.start_case(case_id=case.pk, actor=actor)
        case_services.resolve_case(case_id=case.pk, actor=actor, result="已整改")
        if close:
            case_services.record_feedback(case_id=case.pk, actor=actor, rating="satisfied")


@pytest.fixture
def week(world):
    """The week of 12–18 January 2026, with days just before and after it that must not count.

    A1 (chair): Mon done with 3 entries → 2 cases (1 resolved); Fri cancelled.
    A2 (staff): Tue done by its summary, no entries; Thu 1 entry → 1 case, resolved and closed.
    B1 (chair_b): Wed 1 entry → 1 case, still open. A1 also Fri 9 and Mon 19 with a case each.
    """
    a1 = day_with_entries(
        world.chair, world.ent_a1, MONDAY, ["噪声大", "夜班无热水", "表扬食堂"], 2
    )
    resolve(world.chair, a1[0])
    with on(date(2026, 1, 5)):
        friday = services.plan_visit_day(actor=world.chair, org=world.ent_a1, day=date(2026, 1, 16))
        services.cancel_visit_day(actor=world.chair, visit_id=friday.pk, reason="停产检修")
        tuesday = services.plan_visit_day(
            actor=world.staff, org=world.ent_a2, day=date(2026, 1, 13)
        )
    with on(date(2026, 1, 13), 17):
        services.complete_visit_day(actor=world.staff, visit_id=tuesday.pk, summary="一切正常")
    a2 = day_with_entries(world.staff, world.ent_a2, date(2026, 1, 15), ["更衣室太小"], 1)
    resolve(world.staff, a2[0], close=True)
    day_with_entries(world.chair_b, world.ent_b1, date(2026, 1, 14), ["班车太挤"], 1)
    for outside in (date(2026, 1, 9), date(2026, 1, 19)):
        raised = day_with_entries(world.chair, world.ent_a1, outside, ["不在本周"], 1)
        resolve(world.chair, raised[0])


FIGURES = ("planned", "made", "cancelled", "entries_recorded", "cases_raised", "cases_resolved")


def figures(summary: selectors.WeeklySummary) -> tuple:
    return tuple(getattr(summary, name) for name in FIGURES)


@pytest.mark.parametrize(
    ("user_name", "expected"),
    [
        ("chair", (2, 1, 1, 3, 2, 1)),
        ("staff", (4, 3, 1, 4, 3, 2)),
        ("city_staff", (5, 4, 1, 5, 4, 2)),
        ("chair_b", (1, 1, 0, 1, 1, 0)),
        ("leader", (5, 4, 1, 5, 4, 2)),  # leaders read the whole city, like city staff
        ("nobody", (0, 0, 0, 0, 0, 0)),
    ],
)
def test_weekly_summary_counts_the_users_enterprises_in_that_week_only(
    world, week, user_name, expected
):
    summary = selectors.weekly_summary(user=getattr(world, user_name), day=date(2026, 1, 15))
    assert (summary.monday, summary.sunday) == (MONDAY, SUNDAY)
    assert figures(summary) == expected


def test_weekly_summary_breaks_the_week_down_by_enterprise(world, week):
    summary = selectors.weekly_summary(user=world.staff, day=MONDAY)
    rows = {
        r["org__name"]: tuple(r[f] for f in FIGURES if f != "cancelled")
        for r in summary.by_enterprise
    }
    assert rows == {"A企业1工会": (2, 1, 3, 2, 1), "A企业2工会": (2, 2, 1, 1, 1)}
    assert str(summary.resolved_rate) == "2/3 (66.7%)"


def test_weekly_summary_runs_a_fixed_number_of_queries(world, week, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        selectors.weekly_summary(user=world.city_staff, day=SUNDAY)


def test_week_of_runs_monday_to_sunday():
    assert selectors.week_of(date(2026, 1, 18)) == (MONDAY, SUNDAY)
    assert selectors.week_of(MONDAY) == (MONDAY, SUNDAY)


def test_visit_list_shows_upcoming_soonest_first_and_past_latest_first(world, week):
    today = date(2026, 1, 14)
    upcoming = selectors.visit_list(user=world.chair, today=today, upcoming=True)
    past = selectors.visit_list(user=world.chair, today=today, upcoming=False)
    assert [v.date.day for v in upcoming] == [16, 19]
    assert [v.date.day for v in past] == [12, 9]
    assert (past[0].entry_count, past[0].case_count) == (3, 2)


def test_visit_days_of_another_enterprise_are_invisible_to_a_chair(world, week):
    b1 = VisitDay.objects.get(org=world.ent_b1)
    assert not selectors.visit_days_in_scope(world.chair).filter(org=world.ent_b1).exists()
    assert selectors.visit_days_in_scope(world.chair_b).get() == b1
    with pytest.raises(NotFound):
        selectors.visit_detail(user=world.chair, visit_id=b1.pk)
    with pytest.raises(NotFound):
        selectors.entry_in_scope(user=world.chair, entry_id=b1.entries.get().pk)


def test_only_enterprises_the_user_handles_are_offered_for_planning(world):
    assert list(selectors.enterprises_for_planning(world.chair)) == [world.ent_a1]
    assert list(selectors.enterprises_for_planning(world.staff)) == [world.ent_a1, world.ent_a2]
    assert not selectors.enterprises_for_planning(world.leader).exists()


def test_cases_raised_anonymously_count_as_raised_but_not_in_the_resolved_rate(world):
    # given a day with three entries: one raised named, one raised anonymously, one not raised
    with on(MONDAY, 10):
        visit = services.plan_visit_day(actor=world.chair, org=world.ent_a1, day=MONDAY)
        entries = [
            services.record_diary_entry(actor=world.chair, visit_id=visit.pk, heard=text)
            for text in ("噪声大", "夜班无热水", "表扬食堂")
        ]
        for entry, anonymous in zip(entries[:2], (False, True), strict=True):
            services.raise_case_from_entry(
                actor=world.chair,
                entry_id=entry.pk,
                category=Category.objects.get(key="conditions"),
                title=entry.heard,
                is_anonymous=anonymous,
                worker_name="" if anonymous else "张师傅",
            )
    # when the week and the list are read
    summary = selectors.weekly_summary(user=world.chair, day=MONDAY)
    listed = selectors.visit_list(user=world.chair, today=SUNDAY, upcoming=False).get()
    # then both cases count as raised, one of them anonymous, and the rate is over the named one
    assert (summary.cases_raised, summary.cases_anonymous, summary.cases_resolved) == (2, 1, 0)
    assert str(summary.resolved_rate) == "0/1 (0.0%)"
    assert summary.by_enterprise[0]["cases_raised"] == 2
    assert (listed.entry_count, listed.case_count) == (3, 2)
