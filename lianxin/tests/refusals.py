"""A refused move changes nothing: one snapshot of what a move could write, and one `refused` proving it.

Every app's tests use these two (ARCHITECTURE.md, "adding a workflow move", step 5):

    before = snapshot(case, counts=[Referral, Feedback])   # the row, its journal head, and counts
    ...
    error = refused(lambda: services.accept(...), TransitionNotAllowed, row=case)
    assert error.code == "case.transition_not_allowed"

`row` is the thing the move is about: its fields and the head of its journal (how long, the last hash)
are taken. `counts` are models or querysets whose size a move could change; `rows` are models or
querysets taken whole (every field of every row), for moves that write around the row. The whole
journal's length is always taken, so a refused move cannot journal anywhere.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import models

from lianxin.audit.models import Event
from lianxin.core.errors import DomainError

Table = type[models.Model] | models.QuerySet


@dataclass(frozen=True)
class Snapshot:
    """What a move could have written, as it stood."""

    row: dict[str, Any] = field(default_factory=dict)  # the row's fields ({} without a row)
    events: int = 0  # the row's journal: how many events
    last_hash: str = ""  # and the hash of the last one
    all_events: int = 0  # the whole journal, every target
    counts: dict[str, int] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _queryset(table: Table) -> models.QuerySet:
    return table if isinstance(table, models.QuerySet) else table._default_manager.all()


def _label(table: Table, taken: dict) -> str:
    label = _queryset(table).model._meta.label_lower
    return label if label not in taken else f"{label}#{len(taken)}"


def snapshot(
    row: models.Model | None = None, *, counts: Iterable[Table] = (), rows: Iterable[Table] = ()
) -> Snapshot:
    """The row (reread from the database) and its journal head, the counts and the whole tables."""
    journal = Event.objects.none()
    fields: dict[str, Any] = {}
    if row is not None:
        fields = type(row)._default_manager.filter(pk=row.pk).values().get()
        journal = Event.objects.filter(target_type=row._meta.label_lower, target_id=row.pk)
    last = journal.order_by("-seq").first()
    counted: dict[str, int] = {}
    for table in counts:
        counted[_label(table, counted)] = _queryset(table).count()
    whole: dict[str, list[dict[str, Any]]] = {}
    for table in rows:
        whole[_label(table, whole)] = list(_queryset(table).order_by("pk").values())
    return Snapshot(
        row=fields,
        events=journal.count(),
        last_hash=last.hash if last else "",
        all_events=Event.objects.count(),
        counts=counted,
        rows=whole,
    )


def refused(
    call: Callable[[], object],
    error: type[DomainError] = DomainError,
    *,
    row: models.Model | None = None,
    counts: Iterable[Table] = (),
    rows: Iterable[Table] = (),
) -> DomainError:
    """Run `call`, which must raise `error`, and check it changed nothing of the snapshot."""
    counts, rows = list(counts), list(rows)
    before = snapshot(row, counts=counts, rows=rows)
    with pytest.raises(error) as caught:
        call()
    assert snapshot(row, counts=counts, rows=rows) == before, "a refused move must change nothing"
    return caught.value


def changes(before: Snapshot, row: models.Model) -> dict[str, Any]:
    """The row's fields whose values differ from the snapshot."""
    now = type(row)._default_manager.filter(pk=row.pk).values().get()
    return {k: v for k, v in now.items() if before.row[k] != v}
