"""The transition tables, walked pair by pair."""

import pytest

from lianxin.core.errors import TransitionNotAllowed
from lianxin.proposals.states import (
    RESOLUTION_TRANSITIONS,
    TRANSITIONS,
    Action,
    ResolutionAction,
    ResolutionStatus,
    Status,
    ensure_resolution_transition,
    ensure_transition,
)

PIPELINE = {
    (Status.SUBMITTED, Action.REVIEW): Status.DEPARTMENT_REVIEW,
    (Status.SUBMITTED, Action.DECLINE): Status.DECLINED,
    (Status.DEPARTMENT_REVIEW, Action.FORWARD): Status.COMMITTEE_REVIEW,
    (Status.DEPARTMENT_REVIEW, Action.DECLINE): Status.DECLINED,
    (Status.COMMITTEE_REVIEW, Action.ADOPT): Status.ADOPTED,
    (Status.COMMITTEE_REVIEW, Action.DECLINE): Status.DECLINED,
    (Status.ADOPTED, Action.IMPLEMENT): Status.IMPLEMENTING,
    (Status.IMPLEMENTING, Action.COMPLETE): Status.IMPLEMENTED,
    (Status.IMPLEMENTED, Action.REWARD): Status.REWARDED,
}


def test_every_state_has_a_row():
    assert set(TRANSITIONS) == set(Status.values)
    assert set(RESOLUTION_TRANSITIONS) == set(ResolutionStatus.values)


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("action", list(Action))
def test_every_pipeline_pair(status, action):
    expected = PIPELINE.get((status, action))
    if expected is None:
        with pytest.raises(TransitionNotAllowed) as refused:
            ensure_transition(status, action)
        assert refused.value.code == "proposal.transition_not_allowed"
    else:
        assert ensure_transition(status, action) == expected


@pytest.mark.parametrize("status", ResolutionStatus.values)
@pytest.mark.parametrize("action", list(ResolutionAction))
def test_every_resolution_pair(status, action):
    allowed = {
        (ResolutionStatus.OPEN, ResolutionAction.COMPLETE): ResolutionStatus.DONE,
        (ResolutionStatus.OPEN, ResolutionAction.DROP): ResolutionStatus.DROPPED,
    }
    if (status, action) in allowed:
        assert ensure_resolution_transition(status, action) == allowed[(status, action)]
    else:
        with pytest.raises(TransitionNotAllowed):
            ensure_resolution_transition(status, action)


def test_declined_and_rewarded_are_the_end():
    assert TRANSITIONS[Status.DECLINED] == {}
    assert TRANSITIONS[Status.REWARDED] == {}
