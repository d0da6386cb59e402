"""The one move runner: check → act → log for anything that moves through a `core.workflow.Workflow`.

Every app's services call it the same way, inside their transaction, on a row they have locked (each
app locks with its own `_locked`, which answers a row outside the actor's scope as missing):

    case = _locked(case_id, actor)
    return run_move(case, workflow=CASE_WORKFLOW, action=Action.ACCEPT, kind="accepted", actor=actor,
                    may=lambda: ensure_may(actor, Action.ACCEPT, case), apply=apply)

The order is fixed: permission, transition, the move's own field changes, one save of the changed
fields, one journal event, side effects after commit. Anything refused raises before the save, so a
refused move writes nothing.
"""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import models, transaction

from lianxin.audit.models import Visibility
from lianxin.audit.services import record_event
from lianxin.core.text import check_note
from lianxin.core.workflow import Workflow

M = TypeVar("M", bound=models.Model)


def run_move(
    subject: M,
    *,
    workflow: Workflow,
    action: Any,
    kind: str,
    actor: Any,
    may: Callable[[], object] | None = None,
    apply: Callable[[M], Sequence[str]] | None = None,
    then: Any = None,
    note: str = "",
    visibility: str = Visibility.INTERNAL,
    data: dict[str, Any] | None = None,
    after_commit: Callable[[], None] | None = None,
    status_field: str = "status",
) -> M:
    """Move `subject` by `action` (and then by `then`, a second move of the same table the outcome
    calls for: a dissatisfied worker's feedback closes and reopens in one event)."""
    check_note(note)  # the journal's last gate: a note never exceeds NOTE_MAX_LENGTH
    if may is not None:
        may()
    before = getattr(subject, status_field)
    after = workflow.ensure_transition(before, action)
    if then is not None:
        after = workflow.ensure_transition(after, then)
    fields = list(apply(subject)) if apply else []
    setattr(subject, status_field, after)
    subject.save(update_fields=[status_field, *fields])
    record_event(
        target=subject,
        actor=actor,
        kind=kind,
        note=note,
        visibility=visibility,
        state_before=before,
        state_after=after,
        data=data,
    )
    if after_commit is not None:
        transaction.on_commit(after_commit)
    return subject
