from lianxin.members.states import MEMBERSHIP_WORKFLOW, Action, State


def test_only_an_active_membership_can_transfer_or_leave():
    assert set(MEMBERSHIP_WORKFLOW.actions_from(State.ACTIVE)) == {Action.TRANSFER, Action.LEAVE}
    assert set(MEMBERSHIP_WORKFLOW.actions_from(State.APPLIED)) == {Action.APPROVE, Action.REJECT}
    for ended in (State.TRANSFERRED_OUT, State.LEFT, State.REJECTED):
        assert MEMBERSHIP_WORKFLOW.actions_from(ended) == []


def test_the_refusal_code_is_the_apps():
    assert MEMBERSHIP_WORKFLOW.code == "members.transition_not_allowed"
