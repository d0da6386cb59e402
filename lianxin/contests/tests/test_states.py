"""Every (state, action) pair of every table: the table's move, or a refusal naming both."""

import pytest

from lianxin.contests.states import (
    CHALLENGE_TRANSITIONS,
    CLAIM_TRANSITIONS,
    ENTRY_TRANSITIONS,
    STAGE_TRANSITIONS,
    Action,
    ChallengeStatus,
    ClaimStatus,
    EntryStatus,
    StageStatus,
    actions_from,
    ensure_transition,
)
from lianxin.core.errors import TransitionNotAllowed

TABLES = [
    (STAGE_TRANSITIONS, StageStatus),
    (ENTRY_TRANSITIONS, EntryStatus),
    (CHALLENGE_TRANSITIONS, ChallengeStatus),
    (CLAIM_TRANSITIONS, ClaimStatus),
]


@pytest.mark.parametrize(("table", "states"), TABLES)
def test_every_pair_is_the_tables_move_or_refused(table, states):
    assert set(table) == {s.value for s in states}
    for state in states:
        for action in Action:
            if action in table[state]:
                assert ensure_transition(table, state, action) == table[state][action]
                assert table[state][action] in {s.value for s in states}
            else:
                with pytest.raises(TransitionNotAllowed) as refused:
                    ensure_transition(table, state, action)
                assert refused.value.code == "contest.transition_not_allowed"
                assert refused.value.details == {"action": action.value, "status": state.value}


def test_final_states_offer_no_moves():
    assert actions_from(STAGE_TRANSITIONS, StageStatus.CLOSED) == []
    for state in (EntryStatus.SCREENED_OUT, EntryStatus.WITHDRAWN):
        assert actions_from(ENTRY_TRANSITIONS, state) == []
    for state in (ClaimStatus.DECLINED, ClaimStatus.SUCCEEDED, ClaimStatus.FAILED):
        assert actions_from(CLAIM_TRANSITIONS, state) == []


def test_an_entry_is_scored_only_after_screening():
    assert Action.SCORE not in ENTRY_TRANSITIONS[EntryStatus.SUBMITTED]
    assert Action.SCORE not in ENTRY_TRANSITIONS[EntryStatus.SCREENING]
    assert ENTRY_TRANSITIONS[EntryStatus.QUALIFIED][Action.SCORE] == EntryStatus.SCORED
