"""Every workflow of every app, walked over each (state, action) pair: the table's move or a 409."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps

from lianxin.core.errors import TransitionNotAllowed
from lianxin.core.workflow import WORKFLOWS

LIANXIN = Path(__file__).resolve().parents[1]


def _all_workflows():
    # Importing each app's states module declares its workflows.
    for config in apps.get_app_configs():
        if config.name.startswith("lianxin.") and (Path(config.path) / "states.py").exists():
            import_module(f"{config.name}.states")
        # A states package (welfare): one module per area, each declaring its workflows.
        for module in sorted((Path(config.path) / "states").glob("[!_]*.py")):
            import_module(f"{config.name}.states.{module.stem}")
    return list(WORKFLOWS)


def _cases():
    return [
        pytest.param(flow, status, action, allowed, id=f"{flow.name}:{status}:{action}")
        for flow in _all_workflows()
        for status, action, allowed in flow.pairs()
    ]


@pytest.mark.parametrize(("flow", "status", "action", "allowed"), _cases())
def test_every_pair_is_the_tables_move_or_a_409(flow, status, action, allowed):
    if allowed:
        assert flow.ensure_transition(status, action) == flow.table[status][action]
        assert action in flow.actions_from(status)
        return
    with pytest.raises(TransitionNotAllowed) as refused:
        flow.ensure_transition(status, action)
    assert refused.value.http_status == 409
    assert refused.value.code == f"{flow.name}.transition_not_allowed"
    assert re.fullmatch(r"[a-z_]+\.[a-z_]+", refused.value.code)
    assert action not in flow.actions_from(status)


def test_every_state_a_move_reaches_has_a_row_of_its_own():
    for flow in _all_workflows():
        reached = {after for moves in flow.table.values() for after in moves.values()}
        assert reached <= set(flow.table), flow.name


def test_there_is_one_ensure_transition_implementation():
    sources = [p for p in LIANXIN.rglob("*.py") if "tests" not in p.parts]
    defining = [p for p in sources if "def ensure_transition" in p.read_text(encoding="utf-8")]
    assert [p.relative_to(LIANXIN).as_posix() for p in defining] == ["core/workflow.py"]
