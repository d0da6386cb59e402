"""The transition table: every (state, action) pair is either the table's move or a clear refusal."""

import re
from itertools import product

import pytest
from django.utils import translation

from lianxin.cases.states import (
    ACTION_LABELS,
    DONE_STATES,
    OPEN_STATES,
    TRANSITIONS,
    Action,
    Status,
    actions_from,
    ensure_transition,
)
from lianxin.core.errors import TransitionNotAllowed

ALL_PAIRS = list(product(Status.values, list(Action)))
ALLOWED = [(s, a) for s, a in ALL_PAIRS if a in TRANSITIONS.get(s, {})]
REFUSED = [(s, a) for s, a in ALL_PAIRS if a not in TRANSITIONS.get(s, {})]
CJK = re.compile(r"[\u4e00-\u9fff]")


def pair_id(pair: tuple[str, Action]) -> str:
    return f"{pair[0]}-{pair[1].value}"


def test_the_walk_covers_every_state_and_action():
    # Given / when: the pairs split into allowed and refused
    # Then: together they are every pair, and every state and target is a known status
    assert len(ALLOWED) + len(REFUSED) == len(Status.values) * len(Action) == 77
    assert set(TRANSITIONS) == set(Status.values)
    assert {target for moves in TRANSITIONS.values() for target in moves.values()} <= set(
        Status.values
    )


@pytest.mark.parametrize(("status", "action"), ALLOWED, ids=map(pair_id, ALLOWED))
def test_an_allowed_move_returns_the_tables_target(status, action):
    # When
    after = ensure_transition(status, action)

    # Then
    assert after == TRANSITIONS[status][action]
    assert after in Status.values
    assert action in actions_from(status)


@pytest.mark.parametrize(("status", "action"), REFUSED, ids=map(pair_id, REFUSED))
def test_a_move_not_in_the_table_is_refused_in_chinese_and_english(status, action):
    # Given
    assert action not in actions_from(status)

    # When
    with translation.override("zh-hans"), pytest.raises(TransitionNotAllowed) as zh:
        ensure_transition(status, action)
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as en:
        ensure_transition(status, action)

    # Then: a message naming the move and the state in each language, and a stable code
    with translation.override("zh-hans"):
        action_zh, status_zh = str(ACTION_LABELS[action]), str(Status(status).label)
    assert zh.value.message == f"诉求处于“{status_zh}”状态，不能“{action_zh}”。"
    assert CJK.search(action_zh)
    assert CJK.search(status_zh)
    with translation.override("en"):
        action_en, status_en = str(ACTION_LABELS[action]), str(Status(status).label)
    assert en.value.message == f"“{action_en}” is not possible while the case is “{status_en}”."
    assert not CJK.search(en.value.message)
    assert en.value.code == "case.transition_not_allowed"
    assert en.value.details == {"action": action.value, "status": status}


def test_every_action_and_status_has_a_label_in_both_languages():
    # Given / when / then
    assert set(ACTION_LABELS) == set(Action)
    for label in [*ACTION_LABELS.values(), *Status.labels]:
        with translation.override("zh-hans"):
            assert CJK.search(str(label)), label
        with translation.override("en"):
            assert not CJK.search(str(label)), label


def test_open_and_done_states_split_the_states_the_table_allows_moves_from():
    # Given
    with_moves = {s for s, moves in TRANSITIONS.items() if moves}

    # Then: open and done are disjoint, and together they are every state with a move
    assert not OPEN_STATES & DONE_STATES
    assert with_moves == OPEN_STATES | DONE_STATES
    assert set(Status.values) - with_moves == {Status.REJECTED}


def test_rejected_is_final_and_has_no_moves():
    # When / then
    assert TRANSITIONS[Status.REJECTED] == {}
    assert actions_from(Status.REJECTED) == []
    assert Status.REJECTED not in OPEN_STATES | DONE_STATES


def test_no_move_leads_back_to_registered_or_into_an_open_state_from_done_except_reopen():
    # Given / when / then: only escalation keeps a case registered, and a done case only reopens
    for status, moves in TRANSITIONS.items():
        for action, target in moves.items():
            if target == Status.REGISTERED:
                assert (status, action) == (Status.REGISTERED, Action.ESCALATE)
            if status in DONE_STATES and target in OPEN_STATES:
                assert action == Action.REOPEN


def test_every_done_state_can_be_reopened_into_handling():
    # When / then
    for status in DONE_STATES:
        assert ensure_transition(status, Action.REOPEN) == Status.IN_PROGRESS


def test_every_open_state_has_a_way_forward_and_leaves_no_state_unreachable():
    # Given: the states reachable from registration
    reached, frontier = {Status.REGISTERED.value}, [Status.REGISTERED.value]
    while frontier:
        for target in TRANSITIONS[frontier.pop()].values():
            if target not in reached:
                reached.add(target)
                frontier.append(target)

    # Then
    assert reached == set(Status.values)
    for status in OPEN_STATES:
        assert any(target != status for target in TRANSITIONS[status].values()), status


def test_moves_that_keep_the_state_are_only_progress_and_escalation():
    # When
    staying = {(s, a) for s, moves in TRANSITIONS.items() for a, t in moves.items() if t == s}

    # Then
    assert {a for _s, a in staying} == {Action.PROGRESS, Action.ESCALATE}
    assert all(s in OPEN_STATES for s, _a in staying)
