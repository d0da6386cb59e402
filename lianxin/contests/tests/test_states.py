"""Every (state, action) pair of every table: the table's move, or a refusal naming both."""

import pytest

from lianxin.contests.states import (
    CHALLENGE_FLOW,
    CLAIM_FLOW,
    ENTRY_FLOW,
    ENTRY_TRANSITIONS,
    STAGE_FLOW,
    Action,
    ChallengeStatus,
    ClaimStatus,
    EntryStatus,
    StageStatus,
)
from lianxin.core.errors import TransitionNotAllowed

TABLES = [
    (STAGE_FLOW, StageStatus),
    (ENTRY_FLOW, EntryStatus),
    (CHALLENGE_FLOW, ChallengeStatus),
    (CLAIM_FLOW, ClaimStatus),
]


@pytest.mark.parametrize(("flow", "states"), TABLES)
def test_every_pair_is_the_tables_move_or_refused(flow, states):
    table = flow.table
    assert set(table) == {s.value for s in states}
    for state in states:
        for action in Action:
            if action in table[state]:
                assert flow.ensure_transition(state, action) == table[state][action]
                assert table[state][action] in {s.value for s in states}
            else:
                with pytest.raises(TransitionNotAllowed) as refused:
                    flow.ensure_transition(state, action)
                assert refused.value.code == "contest.transition_not_allowed"
                assert refused.value.details == {"action": action.value, "status": state.value}


def test_final_states_offer_no_moves():
    assert STAGE_FLOW.actions_from(StageStatus.CLOSED) == []
    for state in (EntryStatus.SCREENED_OUT, EntryStatus.WITHDRAWN):
        assert ENTRY_FLOW.actions_from(state) == []
    for state in (ClaimStatus.DECLINED, ClaimStatus.SUCCEEDED, ClaimStatus.FAILED):
        assert CLAIM_FLOW.actions_from(state) == []


def test_an_entry_is_scored_only_after_screening():
    assert Action.SCORE not in ENTRY_TRANSITIONS[EntryStatus.SUBMITTED]
    assert Action.SCORE not in ENTRY_TRANSITIONS[EntryStatus.SCREENING]
    assert ENTRY_TRANSITIONS[EntryStatus.QUALIFIED][Action.SCORE] == EntryStatus.SCORED
