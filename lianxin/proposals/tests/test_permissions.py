"""Who sees which proposals, meetings and resolutions, and who may act on them."""

from datetime import timedelta

import pytest

from lianxin.core import clock
from lianxin.proposals import permissions, services
from lianxin.proposals.states import Action, ResolutionAction
from lianxin.proposals.tests.factories import meeting, submit, worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(world):
    me, teammate = worker("陈"), worker("王")
    mine = submit(actor=me, enterprise=world.ent_a1)
    theirs = submit(actor=teammate, enterprise=world.ent_b1)
    return world, me, mine, theirs


def test_staff_see_their_subtree_and_workers_their_own(rows):
    world, me, mine, theirs = rows
    assert set(permissions.visible_proposals(world.chair)) == {mine}
    assert set(permissions.visible_proposals(world.staff)) == {mine}
    assert set(permissions.visible_proposals(world.city_staff)) == {mine, theirs}
    assert set(permissions.visible_proposals(world.leader)) == {mine, theirs}
    assert set(permissions.visible_proposals(me)) == {mine}
    assert set(permissions.visible_proposals(world.partner)) == set()
    assert set(permissions.visible_proposals(world.nobody)) == set()


def test_handlers_act_leaders_only_read_and_workers_only_submit(rows):
    world, me, mine, _theirs = rows
    assert permissions.allowed_actions(world.chair, mine) == [Action.REVIEW, Action.DECLINE]
    assert permissions.allowed_actions(world.leader, mine) == []
    assert permissions.allowed_actions(me, mine) == []
    assert permissions.can_submit_in(me, world.ent_b1)
    assert not permissions.can_submit_in(me, world.team_a1)
    assert not permissions.submits_for_others(me, world.ent_a1)


def test_a_co_proposer_with_an_account_sees_the_proposal(world):
    p = submit(actor=world.chair, enterprise=world.ent_a1)
    colleague = worker()
    p.proposers.create(user=colleague, name="同事", key=f"u{colleague.pk}")
    assert set(permissions.own_proposals(colleague)) == {p}


def test_meetings_and_resolutions_by_scope_and_ownership(world):
    owner = worker()
    m = meeting(actor=world.chair, org=world.ent_a1)
    r = services.add_resolution(
        meeting_id=m.pk, actor=world.chair, text="x", owner_name="y", owner=owner,
        due=clock.now() + timedelta(days=3),
    )  # fmt: skip
    assert set(permissions.visible_meetings(world.supervisor)) == {m}
    assert set(permissions.visible_meetings(world.chair_b)) == set()
    assert set(permissions.visible_resolutions(owner)) == {r}
    assert permissions.allowed_resolution_actions(owner, r) == [ResolutionAction.COMPLETE]
    assert permissions.allowed_resolution_actions(world.chair, r) == [
        ResolutionAction.COMPLETE,
        ResolutionAction.DROP,
    ]
    assert permissions.allowed_resolution_actions(world.supervisor, r) == []
