"""Targets whose own row keeps the state their journal moves: the row and the last event must agree.

A lower app cannot know a higher app's models, so each app registers its journalled state field in
its `AppConfig.ready()`; `verify_journal` then reads that column next to the chains (one ordered
query per part, no query per event) and reports a target whose state is not the one its last
state-bearing event left it in — a journal cut off after a move, or a state changed without one.
"""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class StateColumn:
    table: str
    pk: str
    column: str


# target type (a model's label_lower, as the journal names it) → the name of its state field
JOURNALLED_STATES: dict[str, str] = {}


def register_journalled_state(label: str, field: str = "status") -> None:
    """Declare that `label`'s `field` is the state its journal events carry in `state_after`."""
    JOURNALLED_STATES[label.lower()] = field


def state_column(target_type: str) -> StateColumn | None:
    """Where the state of `target_type`'s rows is stored, if that type registered one."""
    field_name = JOURNALLED_STATES.get(target_type)
    if field_name is None:
        return None
    model = apps.get_model(target_type)
    meta = model._meta
    return StateColumn(meta.db_table, meta.pk.column, meta.get_field(field_name).column)
