"""Who sees what: judges never see entries from their own enterprise; private contests stay inside."""

from datetime import date
from decimal import Decimal

import pytest

from lianxin.contests import permissions, selectors, services
from lianxin.contests.services import CriterionSpec, StageSpec
from lianxin.contests.states import StageKind
from lianxin.contests.tests.factories import at, make_contest, open_all, participant, submit

pytestmark = pytest.mark.django_db


def test_a_judge_does_not_see_entries_from_their_own_enterprise(world):
    c = make_contest(world, judges=2)  # no screening levels: entries qualify on submission
    open_all(c, world)
    mine, u1 = participant(c, world, "本企业组", world.ent_a1)
    other, u2 = participant(c, world, "外企业组", world.ent_b1)
    e_mine = submit(c, mine, u1, at(2025, 5, 1))
    e_other = submit(c, other, u2, at(2025, 5, 1))
    j1, j2 = c.judges  # J1 sits for enterprise A1
    assert [e.pk for e in selectors.judging_queue(user=j1, contest=c.contest)] == [e_other.pk]
    assert {e.pk for e in selectors.judging_queue(user=j2, contest=c.contest)} == {
        e_mine.pk,
        e_other.pk,
    }
    assert permissions.has_conflict(j1, e_mine)
    assert not permissions.can_score(j1, e_mine)


def test_a_role_in_an_enterprise_or_its_team_counts_as_that_enterprise(world):
    c = make_contest(world, judges=0)
    open_all(c, world)
    services.add_judge(actor=world.city_staff, track_id=c.track.pk, user=world.chair)  # chair of A1
    p, u = participant(c, world, "班组成果", world.team_a1)
    entry = submit(c, p, u, at(2025, 5, 1))
    assert permissions.has_conflict(world.chair, entry)
    assert not permissions.has_conflict(world.chair_b, entry)


def test_private_contests_are_seen_inside_the_organisers_subtree_only(world):
    c = make_contest(world, is_public=False, judges=0)
    assert permissions.can_see_contest(world.chair, c.contest)  # A1 lies under the city
    assert list(permissions.visible_contests(world.chair)) == [c.contest]
    assert not permissions.can_see_contest(world.nobody, c.contest)
    assert list(permissions.visible_contests(world.nobody)) == []
    other = services.create_contest(
        actor=world.city_staff, owner_org=world.district_b, title="B区内部赛", is_public=False,
        starts_on=date(2025, 1, 1), ends_on=date(2025, 2, 1), tracks=["a"],
        criteria=[CriterionSpec("a", Decimal(10))],
        stages=[StageSpec(StageKind.POINTS, at(2025, 1, 1), at(2025, 2, 1))],
    )  # fmt: skip
    assert not permissions.can_see_contest(world.chair, other)  # A1 is not under district B
    assert permissions.can_see_contest(world.chair_b, other)
    assert permissions.can_manage_contest(world.city_staff, c.contest)
    assert not permissions.can_manage_contest(world.leader, c.contest)  # leaders only read
