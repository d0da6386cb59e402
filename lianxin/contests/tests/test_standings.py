"""Movement since yesterday: the ranks are taken at the day's first change."""

from decimal import Decimal

import pytest

from lianxin.contests import selectors, standings
from lianxin.contests.models import Standing
from lianxin.contests.tests.factories import at, make_contest, open_all, participant, score, submit
from lianxin.core import clock

pytestmark = pytest.mark.django_db


def rows(c, when):
    c.contest.refresh_from_db()
    with clock.frozen_at(when):
        return {
            r.participant: (r.rank, r.movement) for r in selectors.standing_rows(contest=c.contest)
        }


def test_movement_compares_with_the_ranks_at_the_start_of_the_day(world):
    c = make_contest(world, judges=2)
    open_all(c, world)
    j = c.judges[1]
    people = {}
    for name, ent in [("甲", world.ent_b1), ("乙", world.ent_b2), ("丙", world.ent_a2)]:
        p, u = participant(c, world, name, ent)
        people[name] = (p, u)
    entries = {n: submit(c, p, u, at(2025, 5, 1)) for n, (p, u) in people.items()}
    for name, total in [("甲", 80), ("乙", 70), ("丙", 60)]:
        score(c, entries[name], j, total, at(2025, 5, 2))
    assert rows(c, at(2025, 5, 2, 20)) == {"甲": (1, 0), "乙": (2, 0), "丙": (3, 0)}
    # Next day 丙 scores 30 more: up two places since yesterday; 甲 and 乙 each down one.
    score(c, submit(c, *people["丙"], at(2025, 5, 3)), j, 30, at(2025, 5, 3, 9))
    assert rows(c, at(2025, 5, 3, 20)) == {"丙": (1, 2), "甲": (2, -1), "乙": (3, -1)}
    # The day after, nothing changed yet: no movement since yesterday.
    assert rows(c, at(2025, 5, 4, 8)) == {"丙": (1, 0), "甲": (2, 0), "乙": (3, 0)}
    assert standings.rank_of(c.contest.pk, people["甲"][0].pk) == 2


def test_ranks_numbered_on_read_are_the_ones_sql_rank_gives(world):
    # Ties on points and first submission share a rank, the next rank skips; a finalist's total
    # and final score come first; participants with nothing scored sit at the bottom together.
    c = make_contest(world, judges=1)
    first = at(2025, 5, 1)
    fields = [
        {"points": Decimal(50), "first_submitted_at": first},
        {"points": Decimal(70), "first_submitted_at": first},
        {"points": Decimal(70), "first_submitted_at": first},
        {"points": Decimal(70), "first_submitted_at": at(2025, 4, 1)},
        {
            "points": Decimal(40),
            "is_finalist": True,
            "final_score": Decimal(90),
            "total": Decimal(88),
        },
        {"points": Decimal(0)},
        {"points": Decimal(0)},
    ]
    for i, values in enumerate(fields):
        p, _user = participant(c, world, f"P{i}", world.ent_b1)
        Standing.objects.create(contest=c.contest, participant=p, **values)
    by_sql = [(row.rank, row.participant_id) for row in standings.ranked(c.contest.pk)]
    read = [(r.rank, r.participant_id) for r in selectors.standing_rows(contest=c.contest)]
    assert read == by_sql
    assert [rank for rank, _pk in read] == [1, 2, 3, 3, 5, 6, 6]
    assert standings.rank_of(c.contest.pk, by_sql[3][1]) == 3


def test_points_add_up_across_entries_scored_out_of_order_and_rescored(world):
    # The later entry is scored first: the row starts from it; the earlier one then brings the first
    # submission forward. A judge changing a mark moves the points but counts no new entry.
    c = make_contest(world, judges=1)
    open_all(c, world)
    j = c.judges[0]
    p, u = participant(c, world, "甲", world.ent_b1)
    early, late = submit(c, p, u, at(2025, 5, 1)), submit(c, p, u, at(2025, 6, 1))
    score(c, late, j, 60, at(2025, 6, 2))
    score(c, early, j, 70, at(2025, 6, 3))
    score(c, early, j, 75, at(2025, 6, 4))
    row = Standing.objects.get(participant=p)
    assert (row.points, row.entries, row.first_submitted_at) == (Decimal(135), 2, at(2025, 5, 1))
