"""Every move allowed and refused; a refused move leaves rows and journal exactly as they were."""

from datetime import date
from decimal import Decimal
from functools import partial

import pytest

from lianxin.audit.models import Event
from lianxin.contests import services
from lianxin.contests.models import (
    Challenge,
    Claim,
    Entry,
    Judge,
    Participant,
    ProgressReport,
    Score,
    ScreeningDecision,
    Stage,
    Standing,
)
from lianxin.contests.states import (
    EntryStatus,
    StageKind,
    StageStatus,
)
from lianxin.contests.tests.factories import (
    THREE_LEVELS,
    at,
    make_contest,
    marks,
    open_all,
    participant,
    score,
    submit,
)
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied
from lianxin.orgs.tests.factories import UserFactory
from lianxin.tests import refusals
from lianxin.tests.refusals import snapshot

pytestmark = pytest.mark.django_db

# Everything a contest move could write: a refused one leaves every row of these as it was.
WRITTEN = (
    Event,
    Entry,
    Score,
    Standing,
    Stage,
    Participant,
    ScreeningDecision,
    Judge,
    Challenge,
    Claim,
    ProgressReport,
)
refused = partial(refusals.refused, rows=WRITTEN)


def last_event(target):
    return (
        Event.objects.filter(target_type=target._meta.label_lower, target_id=target.pk)
        .order_by("-seq")
        .first()
    )


@pytest.fixture
def c(world):
    c = make_contest(world, screening=THREE_LEVELS, judges=3)
    open_all(c, world)
    c.worker = UserFactory(username="worker")
    c.p = services.register_participant(
        actor=c.worker,
        contest_id=c.contest.pk,
        kind="worker",
        name="刘红梅",
        enterprise=world.ent_a1,
    )
    return c


def qualified(c, world):
    entry = submit(c, c.p, c.worker, at(2025, 5, 1))
    with clock.frozen_at(at(2025, 5, 2)):
        services.pass_screening(entry_id=entry.pk, actor=world.chair, reason="部门认可")
        services.pass_screening(entry_id=entry.pk, actor=world.city_staff, reason="小组通过")
        services.pass_screening(entry_id=entry.pk, actor=c.judges[1], reason="专家通过")
    entry.refresh_from_db()
    return entry


# ---- setup --------------------------------------------------------------------------------------


def test_create_contest_by_an_organiser_records_it(world):
    c = make_contest(world)
    assert c.contest.tracks.count() == 5
    assert last_event(c.contest).kind == "judge_added"
    assert Event.objects.filter(target_id=c.contest.pk, kind="created").exists()


def test_create_contest_by_someone_outside_the_org_is_refused(world):
    before = snapshot(rows=WRITTEN)
    with pytest.raises(PermissionDenied):
        services.create_contest(
            actor=world.chair_b,
            owner_org=world.city,
            title="x",
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 2, 1),
            tracks=["a"],
            criteria=[services.CriterionSpec("a", Decimal(10))],
            stages=[services.StageSpec(StageKind.POINTS, at(2025, 1, 1), at(2025, 2, 1))],
        )
    assert snapshot(rows=WRITTEN) == before


def test_add_judge_by_a_stranger_is_refused(c, world):
    refused(
        lambda: services.add_judge(actor=world.chair_b, track_id=c.track.pk, user=world.nobody),
        PermissionDenied,
    )


def test_open_and_close_a_stage(world):
    c = make_contest(world)
    stage = c.stages[StageKind.POINTS]
    services.open_stage(stage_id=stage.pk, actor=world.city_staff)
    services.close_stage(stage_id=stage.pk, actor=world.city_staff)
    stage.refresh_from_db()
    assert stage.status == StageStatus.CLOSED
    assert last_event(stage).kind == "stage_closed"


def test_closing_a_stage_twice_or_by_a_stranger_is_refused(c, world):
    stage = c.stages[StageKind.POINTS]
    refused(lambda: services.close_stage(stage_id=stage.pk, actor=world.chair_b), PermissionDenied)
    services.close_stage(stage_id=stage.pk, actor=world.city_staff)
    refused(lambda: services.close_stage(stage_id=stage.pk, actor=world.city_staff))
    refused(lambda: services.open_stage(stage_id=stage.pk, actor=world.city_staff))


# ---- participants and entries -------------------------------------------------------------------


def test_register_participant_twice_is_refused(c, world):
    e = refused(
        lambda: services.register_participant(
            actor=c.worker,
            contest_id=c.contest.pk,
            kind="worker",
            name="别名",
            enterprise=world.ent_a1,
        )
    )
    assert e.code == "contest.already_registered"


def test_submit_entry_waits_for_the_first_screening_level(c):
    entry = submit(c, c.p, c.worker, at(2025, 5, 1))
    assert entry.status == EntryStatus.SUBMITTED
    assert last_event(entry).kind == "submitted"


def test_submit_entry_for_someone_elses_participant_is_refused(c):
    other = UserFactory()
    refused(lambda: submit(c, c.p, other, at(2025, 5, 1)), PermissionDenied)


def test_submit_entry_before_the_stage_opens_or_after_it_closes_is_refused(c):
    early = refused(lambda: submit(c, c.p, c.worker, at(2025, 3, 20)))
    assert "2025-04-01 00:00" in early.message
    late = refused(lambda: submit(c, c.p, c.worker, at(2025, 11, 2)))
    assert late.code == "contest.stage_not_accepting"


def test_seeding_entry_with_two_years_of_application_is_taken_and_a_younger_one_refused(c):
    ok = submit(
        c, c.p, c.worker, at(2025, 3, 10), stage=StageKind.SEEDING, applied=date(2023, 3, 10)
    )
    assert ok.pk
    e = refused(
        lambda: submit(
            c, c.p, c.worker, at(2025, 3, 10), stage=StageKind.SEEDING, applied=date(2023, 3, 11)
        )
    )
    assert e.code == "contest.seeding_too_recent"
    refused(
        lambda: submit(c, c.p, c.worker, at(2025, 3, 10), stage=StageKind.SEEDING, applied=None)
    )


# ---- screening ----------------------------------------------------------------------------------


def test_three_screening_levels_in_order_qualify_the_entry(c, world):
    entry = qualified(c, world)
    assert entry.status == EntryStatus.QUALIFIED
    assert [d.level.name for d in entry.screenings.all()] == ["部门初审", "小组复审", "专家评审"]
    assert last_event(entry).data == {"level": "专家评审", "passed": True}


def test_screening_by_the_wrong_level_or_without_a_reason_is_refused(c, world):
    entry = submit(c, c.p, c.worker, at(2025, 5, 1))
    # level 1 belongs to the participant's enterprise union, not to the organiser or a judge
    refused(
        lambda: services.pass_screening(entry_id=entry.pk, actor=world.chair_b, reason="x"),
        PermissionDenied,
    )
    refused(
        lambda: services.pass_screening(entry_id=entry.pk, actor=c.judges[1], reason="x"),
        PermissionDenied,
    )
    refused(
        lambda: services.pass_screening(entry_id=entry.pk, actor=world.chair, reason=" "),
        InvalidInput,
    )


def test_fail_screening_screens_the_entry_out_and_it_cannot_come_back(c, world):
    entry = submit(c, c.p, c.worker, at(2025, 5, 1))
    services.fail_screening(entry_id=entry.pk, actor=world.chair, reason="与往年成果重复")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SCREENED_OUT
    refused(lambda: services.pass_screening(entry_id=entry.pk, actor=world.chair, reason="x"))


def test_withdraw_entry_by_its_participant_and_refused_to_others(c, world):
    entry = submit(c, c.p, c.worker, at(2025, 5, 1))
    refused(lambda: services.withdraw_entry(entry_id=entry.pk, actor=world.chair), PermissionDenied)
    services.withdraw_entry(entry_id=entry.pk, actor=c.worker)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN
    refused(lambda: services.withdraw_entry(entry_id=entry.pk, actor=c.worker))


# ---- judging ------------------------------------------------------------------------------------


def test_score_entry_updates_entry_and_standing_in_one_move(c, world):
    entry = qualified(c, world)
    score(c, entry, c.judges[1], 80, at(2025, 5, 3))
    entry.refresh_from_db()
    assert (entry.status, entry.score) == (EntryStatus.SCORED, Decimal("80.00"))
    assert Standing.objects.get(participant=c.p).points == Decimal("80.00")
    assert last_event(entry).kind == "scored"
    score(
        c, entry, c.judges[1], 70, at(2025, 5, 4)
    )  # a judge may change their score until the close
    assert Standing.objects.get(participant=c.p).points == Decimal("70.00")
    assert Standing.objects.get(participant=c.p).entries == 1
    assert last_event(entry).kind == "rescored"


def test_score_entry_refusals_leave_everything_unchanged(c, world):
    entry = submit(c, c.p, c.worker, at(2025, 5, 1))
    j = c.judges[1]
    refused(lambda: score(c, entry, j, 80, at(2025, 5, 3)))  # not screened yet
    entry = qualified(c, world)
    refused(
        lambda: score(c, entry, world.chair_b, 80, at(2025, 5, 3)), PermissionDenied
    )  # no judge
    e = refused(lambda: score(c, entry, c.judges[0], 80, at(2025, 5, 3)), PermissionDenied)
    assert e.code == "contest.conflict_of_interest"  # J1 works at A1, like the worker
    bad = {**marks(c, 40, 30, 30), c.criteria[0].pk: Decimal(41)}
    e = refused(lambda: services.score_entry(entry_id=entry.pk, actor=j, marks=bad), InvalidInput)
    assert e.code == "contest.mark_out_of_range"
    refused(
        lambda: services.score_entry(entry_id=entry.pk, actor=j, marks={c.criteria[0].pk: 1}),
        InvalidInput,
    )
    services.close_stage(stage_id=c.stages[StageKind.POINTS].pk, actor=world.city_staff)
    e = refused(lambda: score(c, entry, j, 80, at(2025, 11, 3)))
    assert e.code == "contest.stage_closed"


def test_conflict_of_interest_reaches_team_members_from_the_judges_enterprise(c, world):
    team, user = participant(c, world, "联合攻关组", world.ent_b1)
    team.members.create(name="张三", enterprise=world.ent_a1)  # a member from the judge's A1
    entry = submit(c, team, user, at(2025, 5, 1))
    for actor in (world.chair_b, world.city_staff, c.judges[1]):
        services.pass_screening(entry_id=entry.pk, actor=actor, reason="ok")
    refused(lambda: score(c, entry, c.judges[0], 80, at(2025, 5, 3)), PermissionDenied)


def test_normalised_judging_keeps_a_harsh_judge_from_reordering_the_field(world):
    c = make_contest(world, judges=3, normalise_judges=True)
    open_all(c, world)
    _, j2, j3 = c.judges
    entries = []
    for name, ent in [("甲", world.ent_b1), ("乙", world.ent_b2)]:
        p, u = participant(c, world, name, ent)
        entries.append(submit(c, p, u, at(2025, 5, 1)))
    # j2 is generous and prefers 乙 slightly; j3 is harsh and prefers 甲 strongly.
    for entry, (g, h) in zip(entries, [(90, 60), (92, 30)], strict=True):
        score(c, entry, j2, g, at(2025, 5, 2))
        score(c, entry, j3, h, at(2025, 5, 2))
    for e in entries:
        e.refresh_from_db()
    # Raw means would be 75 vs 61; on the common scale each judge's preference counts alike.
    assert entries[0].score == entries[1].score


def test_select_finalists_needs_closed_points_stages_and_happens_once(c, world):
    entry = qualified(c, world)
    score(c, entry, c.judges[1], 80, at(2025, 5, 3))
    e = refused(lambda: services.select_finalists(contest_id=c.contest.pk, actor=world.city_staff))
    assert e.code == "contest.stages_open"
    for kind in (StageKind.SEEDING, StageKind.POINTS):
        services.close_stage(stage_id=c.stages[kind].pk, actor=world.city_staff)
    refused(
        lambda: services.select_finalists(contest_id=c.contest.pk, actor=world.chair_b),
        PermissionDenied,
    )
    services.select_finalists(contest_id=c.contest.pk, actor=world.city_staff)
    assert Standing.objects.get(participant=c.p).is_finalist
    assert last_event(c.contest).kind == "finalists_chosen"
    refused(lambda: services.select_finalists(contest_id=c.contest.pk, actor=world.city_staff))


def test_a_private_contest_is_missing_for_outsiders(world):
    c = make_contest(world, is_public=False)
    open_all(c, world)
    refused(
        lambda: services.register_participant(
            actor=world.nobody,
            contest_id=c.contest.pk,
            kind="worker",
            name="x",
            enterprise=world.ent_b1,
        ),
        NotFound,
    )
