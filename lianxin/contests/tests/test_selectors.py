"""Reads: judges see each other's scores only once the stage has closed; the trail likewise."""

import pytest

from lianxin.contests import selectors, services
from lianxin.contests.states import StageKind
from lianxin.contests.tests.factories import at, make_contest, open_all, participant, score, submit
from lianxin.core.errors import NotFound

pytestmark = pytest.mark.django_db


def test_judges_see_only_their_own_score_until_the_stage_closes(world):
    c = make_contest(world, judges=3)
    open_all(c, world)
    p, u = participant(c, world, "甲组", world.ent_b1)
    entry = submit(c, p, u, at(2025, 5, 1))
    _, j2, j3 = c.judges
    score(c, entry, j2, 80, at(2025, 5, 2))
    score(c, entry, j3, 70, at(2025, 5, 2))
    entry.refresh_from_db()
    assert [s.judge for s in selectors.revealed_scores(user=j2, entry=entry)] == [j2]
    _, trail = selectors.participant_trail(user=world.nobody, participant_id=p.pk)
    assert trail[0].revealed_scores == []
    assert trail[0].score is not None  # the entry's own score is public: the standings show it
    services.close_stage(stage_id=c.stages[StageKind.POINTS].pk, actor=world.city_staff)
    entry.refresh_from_db()
    assert {s.judge for s in selectors.revealed_scores(user=j2, entry=entry)} == {j2, j3}
    _, trail = selectors.participant_trail(user=world.nobody, participant_id=p.pk)
    assert sorted(s.total for s in trail[0].revealed_scores) == [70, 80]


def test_a_judge_asking_for_an_entry_outside_their_queue_finds_nothing(world):
    c = make_contest(world, judges=2)
    open_all(c, world)
    p, u = participant(c, world, "本企业组", world.ent_a1)
    entry = submit(c, p, u, at(2025, 5, 1))
    with pytest.raises(NotFound):
        selectors.judge_entry(user=c.judges[0], contest=c.contest, entry_id=entry.pk)  # conflict
    with pytest.raises(NotFound):
        selectors.judge_entry(user=world.chair_b, contest=c.contest, entry_id=entry.pk)  # no judge
    assert selectors.judge_entry(user=c.judges[1], contest=c.contest, entry_id=entry.pk) == entry


def test_contest_list_counts_entries_and_participants(world, django_assert_max_num_queries):
    c = make_contest(world, judges=0)
    open_all(c, world)
    for i in range(3):
        p, u = participant(c, world, f"组{i}", world.ent_b1)
        submit(c, p, u, at(2025, 5, 1))
    with django_assert_max_num_queries(2):
        rows = list(selectors.contest_list(user=world.nobody))
    assert [(r.participant_count, r.entry_count) for r in rows] == [(3, 3)]
