"""The contest demo loads through the services, twice without change."""

import pytest

from lianxin.contests import selectors
from lianxin.contests.demo import TITLE, load_contest_demo
from lianxin.contests.models import Contest, Entry

pytestmark = pytest.mark.django_db


def test_demo_loads_a_live_points_contest_and_a_board_and_is_idempotent(demo_orgs):
    created = load_contest_demo()
    assert created == Entry.objects.count() > 20
    contest = Contest.objects.get(title=TITLE)
    rows = selectors.standing_rows(contest=contest)
    assert len(rows) == 10
    assert rows[0].points > rows[-1].points > 0
    board = selectors.challenge_board()
    assert [len(board[s]) for s in ("open", "claimed", "solved")] == [2, 1, 1]
    assert load_contest_demo() == 0
    assert Entry.objects.count() == created
