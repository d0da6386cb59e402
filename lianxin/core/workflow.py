"""One workflow engine for every app: a transition table, the moves it allows, and the refusal.

An app's `states.py` declares its states, its actions and one `Workflow` per thing that moves (a case,
a proposal, a contest entry, a visit day...). Pages derive their buttons and the API its endpoints from
`Workflow.actions_from`; services ask `Workflow.ensure_transition` for the state after a move. Nothing
else lists moves, so a move the table lacks is refused the same way everywhere: `TransitionNotAllowed`,
HTTP 409, code `<app>.transition_not_allowed`, and nothing written.

The move runner that locks, checks, saves and journals lives one layer up, in `lianxin.audit.moves`,
because the journal is the audit app's.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from lianxin.core.errors import TransitionNotAllowed

StrOrPromise = str | Promise

# state → {action: state after}
Table = Mapping[str, Mapping[Any, str]]


# Every workflow declared, in import order: the suite walks each one's table whole.
WORKFLOWS: list["Workflow"] = []


@dataclass(frozen=True, eq=False)
class Workflow:
    """A transition table with its refusal.

    `refusal` is a translatable message with `%(action)s` and `%(status)s` placeholders; the labels turn
    an action or a state into the words a person reads (a lazy translation, so it is read when shown).
    """

    name: str
    table: Table
    refusal: "StrOrPromise"
    action_labels: Mapping[Any, Any]
    status_label: Callable[[str], Any] = field(default=str)

    def __post_init__(self) -> None:
        WORKFLOWS.append(self)

    @property
    def code(self) -> str:
        return f"{self.name}.transition_not_allowed"

    def actions_from(self, status: str) -> list[Any]:
        """The actions the table allows from `status` (permission is the caller's question)."""
        return list(self.table.get(status, {}))

    def allows(self, status: str, action: Any) -> bool:
        return action in self.table.get(status, {})

    def ensure_transition(self, status: str, action: Any) -> str:
        """The state after `action`, or TransitionNotAllowed if the table has no such move."""
        try:
            return self.table[status][action]
        except KeyError:
            raise TransitionNotAllowed(
                self.refusal
                % {
                    "action": self.action_labels.get(action, action),
                    "status": self.status_label(status),
                },
                code=self.code,
                action=str(action),
                status=str(status),
            ) from None

    def pairs(self) -> Iterator[tuple[str, Any, bool]]:
        """Every (state, action, allowed) of the table: what a test walks to prove the table whole."""
        actions = {a for moves in self.table.values() for a in moves}
        for status in self.table:
            for action in sorted(actions, key=str):
                yield status, action, self.allows(status, action)


def choices_label(choices: Any) -> Callable[[str], Any]:
    """A status label reader for a Django TextChoices enum (an unknown value reads as itself)."""
    labels = {c.value: c.label for c in choices}
    return lambda status: labels.get(status, status)
