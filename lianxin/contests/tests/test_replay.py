"""A points contest replayed from seeding to the final, against standings and totals computed by hand.

Judges' totals (创新性+实用性+效益性) and the entry scores they give:
  seeding  P1 刘蕊军团队  S1: J2 75, J3 78                   → 76.50
  points   P2 李栋团队    E1: J1 80, J2 70, J3 75, J4 90, J5 60 → trimmed (drop 90, 60) 75.00
           P1            E2: J2 73, J3 74                   → 73.50
           P2            E3: J2 75, J3 76, J4 74            → 75.00
           P4 张敏 (A1)   E4: J1 refused (own enterprise), J2 60 → 60.00
           P3 王强        E5: J4 70                          → 70.00
Points: P1 150.00, P2 150.00 (a tie: P1 submitted first), P3 70.00, P4 60.00.
Finalists (3): P1, P2, P3; the highest finalist has 150 points → scaled to 100.
Final: P1 80, 84 → 82.00; P2 90, 88 → 89.00; P3 95, 95 → 95.00.
Totals = 0.6 × scaled + 0.4 × final:
  P2 0.6×100 + 0.4×89 = 95.60; P1 0.6×100 + 0.4×82 = 92.80; P3 0.6×46.67 + 0.4×95 = 66.00.
"""

from datetime import date
from decimal import Decimal

import pytest

from lianxin.contests import selectors, services
from lianxin.contests.states import StageKind
from lianxin.contests.tests.factories import at, make_contest, open_all, participant, score, submit
from lianxin.core import clock
from lianxin.core.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db


def table(contest):
    return [
        (r.rank, r.participant, r.points, r.entries, r.final_score, r.total)
        for r in selectors.standing_rows(contest=contest)
    ]


def test_points_contest_replay_matches_hand_computed_standings_and_totals(world):
    c = make_contest(world)
    j1, j2, j3, j4, _j5 = c.judges
    open_all(c, world)
    p1, u1 = participant(c, world, "刘蕊军团队", world.ent_b1)
    p2, u2 = participant(c, world, "李栋团队", world.ent_b2)
    p3, u3 = participant(c, world, "王强", world.ent_a2, kind="worker")
    p4, u4 = participant(c, world, "张敏", world.ent_a1, kind="worker")

    # 定位赛: a mature result applied since 2022 enters; one applied for barely a year is refused.
    s1 = submit(c, p1, u1, at(2025, 3, 10), stage=StageKind.SEEDING, applied=date(2022, 5, 1))
    with pytest.raises(DomainError) as young:
        submit(c, p3, u3, at(2025, 3, 12), stage=StageKind.SEEDING, applied=date(2024, 1, 1))
    assert young.value.code == "contest.seeding_too_recent"
    score(c, s1, j2, 75, at(2025, 3, 20))
    score(c, s1, j3, 78, at(2025, 3, 20))

    # 积分赛
    e1 = submit(c, p2, u2, at(2025, 5, 6))
    for judge, total in zip(c.judges, [80, 70, 75, 90, 60], strict=True):
        score(c, e1, judge, total, at(2025, 5, 10))
    e2 = submit(c, p1, u1, at(2025, 6, 1))
    score(c, e2, j2, 73, at(2025, 6, 5))
    score(c, e2, j3, 74, at(2025, 6, 5))
    e3 = submit(c, p2, u2, at(2025, 7, 1))
    for judge, total in [(j2, 75), (j3, 76), (j4, 74)]:
        score(c, e3, judge, total, at(2025, 7, 5))
    e4 = submit(c, p4, u4, at(2025, 8, 1))
    with pytest.raises(PermissionDenied) as conflict:
        score(c, e4, j1, 95, at(2025, 8, 2))
    assert conflict.value.code == "contest.conflict_of_interest"
    score(c, e4, j2, 60, at(2025, 8, 2))
    e5 = submit(c, p3, u3, at(2025, 9, 1))
    score(c, e5, j4, 70, at(2025, 9, 2))
    # 申报截止 was 1 November 00:00: a submission an hour later is refused with the closing time.
    with pytest.raises(DomainError) as late:
        submit(c, p3, u3, at(2025, 11, 1, 1))
    assert late.value.code == "contest.stage_not_accepting"
    assert "2025-11-01 00:00" in late.value.message

    e1.refresh_from_db()
    assert e1.score == Decimal("75.00")
    assert e1.judges_count == 5
    assert table(c.contest) == [
        (1, "刘蕊军团队", Decimal("150.00"), 2, None, None),
        (2, "李栋团队", Decimal("150.00"), 2, None, None),
        (3, "王强", Decimal("70.00"), 1, None, None),
        (4, "张敏", Decimal("60.00"), 1, None, None),
    ]

    # 总决赛
    with clock.frozen_at(at(2025, 11, 5)):
        for kind in (StageKind.SEEDING, StageKind.POINTS):
            services.close_stage(stage_id=c.stages[kind].pk, actor=world.city_staff)
        chosen = services.select_finalists(contest_id=c.contest.pk, actor=world.city_staff)
    assert [r.participant_id for r in chosen] == [p1.pk, p2.pk, p3.pk]
    c.contest.refresh_from_db()
    assert c.contest.top_finalist_points == Decimal("150.00")
    with pytest.raises(PermissionDenied):
        submit(c, p4, u4, at(2025, 11, 12), stage=StageKind.FINAL)
    for p, user, marks in [(p1, u1, (80, 84)), (p2, u2, (90, 88)), (p3, u3, (95, 95))]:
        entry = submit(c, p, user, at(2025, 11, 12), stage=StageKind.FINAL, title="路演")
        score(c, entry, j2, marks[0], at(2025, 11, 15))
        score(c, entry, j3, marks[1], at(2025, 11, 15))

    assert table(c.contest) == [
        (1, "李栋团队", Decimal("150.00"), 2, Decimal("89.00"), Decimal("95.60")),
        (2, "刘蕊军团队", Decimal("150.00"), 2, Decimal("82.00"), Decimal("92.80")),
        (3, "王强", Decimal("70.00"), 1, Decimal("95.00"), Decimal("66.00")),
        (4, "张敏", Decimal("60.00"), 1, None, None),
    ]


def test_a_tie_on_points_goes_to_the_earlier_submission_and_equal_rows_share_a_rank(world):
    c = make_contest(world, judges=2)
    open_all(c, world)
    late, u_late = participant(c, world, "后报团队", world.ent_b1)
    early, u_early = participant(c, world, "先报团队", world.ent_b2)
    e_late = submit(c, late, u_late, at(2025, 5, 2))
    e_early = submit(c, early, u_early, at(2025, 5, 1))
    score(c, e_late, c.judges[1], 70, at(2025, 5, 3))
    score(c, e_early, c.judges[1], 70, at(2025, 5, 3))
    assert [(r.rank, r.participant) for r in selectors.standing_rows(contest=c.contest)] == [
        (1, "先报团队"),
        (2, "后报团队"),
    ]
