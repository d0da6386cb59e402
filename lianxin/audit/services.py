"""Writing to the journal: the one way an event comes into being."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction

from lianxin.audit.chain import canonical_data, event_hash, hashed_fields, payload_text
from lianxin.audit.models import Event, JournalHead, Visibility
from lianxin.core import clock
from lianxin.core.bulk import insert_rows


def target_type_of(target: models.Model) -> str:
    return target._meta.label_lower


def record_event(
    *,
    target: models.Model,
    actor: Any,
    kind: str,
    note: str = "",
    visibility: str = Visibility.INTERNAL,
    state_before: str = "",
    state_after: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    """Append one event to `target`'s chain. Must run inside the caller's transaction.

    The caller holds the target's row lock, so reading the last event and appending is race-free;
    the unique (target, seq) constraint is the backstop.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the service's transaction")
    target_type = target_type_of(target)
    last = (
        Event.objects.filter(target_type=target_type, target_id=target.pk)
        .order_by("-seq")
        .values("seq", "hash")
        .first()
    )
    event = Event(
        target_type=target_type,
        target_id=target.pk,
        seq=(last["seq"] + 1) if last else 1,
        actor=actor if getattr(actor, "_meta", None) and getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        at=clock.now(),
        kind=kind,
        note=note,
        visibility=visibility,
        state_before=state_before,
        state_after=state_after,
        data=data or {},
        prev_hash=last["hash"] if last else "",
    )
    event.hash = event_hash(hashed_fields(event), event.prev_hash)
    event.save(force_insert=True)
    _move_head(event)
    return event


def _move_head(event: Event) -> None:
    """The target's chain now ends at `event`: its stored length and last hash follow, in the
    same transaction. The first event creates the head (one already there is a conflict)."""
    heads = JournalHead.objects.filter(target_type=event.target_type, target_id=event.target_id)
    if event.seq == 1 or not heads.update(length=event.seq, head_hash=event.hash):
        JournalHead.objects.create(
            target_type=event.target_type,
            target_id=event.target_id,
            length=event.seq,
            head_hash=event.hash,
        )


@dataclass(frozen=True)
class Entry:
    """One event of a journal written in bulk: what `record_event` takes, with its own time."""

    kind: str
    at: datetime
    note: str = ""
    visibility: str = Visibility.INTERNAL
    state_before: str = ""
    state_after: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def start_journals(
    *,
    journals: list[tuple[Any, list[Entry]]],
    actor: Any,
    target_type: str | None = None,
) -> int:
    """Write the whole journal of targets that have none yet (an imported ledger) in one insert.

    The chains are the ones `record_event` would have built move by move, so `verify_journal`
    reads them alike. The caller has just created the targets inside its transaction. A target is
    a model instance, or its id when `target_type` (its model's label, e.g. "cases.case") is given.

    A few events go in through the ORM; a large journal (an import) is hashed from the values
    (`chain.payload_text`: the very bytes `event_hash` hashes, without building the dict) and written as
    plain rows: COPY on PostgreSQL, one prepared INSERT over all rows on SQLite.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("start_journals must run inside the service's transaction")
    actor_row, label = (actor if getattr(actor, "pk", None) else None), _actor_label(actor)
    if sum(len(entries) for _target, entries in journals) < _ROWS_AT_ONCE:
        return _journals_through_orm(journals, actor_row, label, target_type)
    return _journals_as_rows(journals, actor_row, label, target_type)


def _journals_through_orm(
    journals: list[tuple[Any, list[Entry]]], actor_row: Any, label: str, target_type: str | None
) -> int:
    """A small journal: its events and heads built as model instances, hashed the way
    `record_event` hashes, and written with `bulk_create` (logged like any other query)."""
    events, heads = [], []  # type: list[Event], list[JournalHead]
    for target, entries in journals:
        kind_of = target_type or target_type_of(target)
        target_id = target if target_type else target.pk
        prev = ""
        for seq, entry in enumerate(entries, start=1):
            event = Event(
                target_type=kind_of, target_id=target_id, seq=seq, actor=actor_row,
                actor_label=label, at=entry.at, kind=entry.kind, note=entry.note,
                visibility=entry.visibility, state_before=entry.state_before,
                state_after=entry.state_after, data=entry.data, prev_hash=prev,
            )  # fmt: skip
            event.hash = prev = event_hash(hashed_fields(event), prev)
            events.append(event)
        if entries:
            heads.append(JournalHead(target_type=kind_of, target_id=target_id,
                                     length=len(entries), head_hash=prev))  # fmt: skip
    Event.objects.bulk_create(events, batch_size=500)
    JournalHead.objects.bulk_create(heads, batch_size=500)
    return len(events)


def _journals_as_rows(
    journals: list[tuple[Any, list[Entry]]], actor_row: Any, label: str, target_type: str | None
) -> int:
    """A large journal (an import): hashed from the values (`chain.payload_text`, the very bytes
    `event_hash` hashes) and written as plain rows, each distinct time and data converted once."""
    connection = transaction.get_connection()
    actor_id = actor_row.pk if actor_row is not None else None
    adapt = connection.ops.adapt_datetimefield_value if connection.vendor == "sqlite" else _same
    stored: dict[datetime, Any] = {}  # a time as the database takes it (text on SQLite)
    texts: dict[Any, tuple[str, str]] = {}  # data: (as hashed, as stored), per distinct data
    rows: list[tuple] = []
    head_rows: list[tuple[str, int, int, str]] = []
    for target, entries in journals:
        kind_of = target_type or target_type_of(target)
        target_id = int(target if target_type else target.pk)
        prev = ""
        for seq, e in enumerate(entries, start=1):
            data = _data_texts(e.data, texts)
            at_text = e.at.astimezone(UTC).isoformat(timespec="microseconds")
            payload = payload_text(
                kind_of, target_id, seq, actor_id, label, at_text, e.kind, e.note,
                e.visibility, e.state_before, e.state_after, data[0],
            )  # fmt: skip
            digest = hashlib.sha256(f"{prev}\n{payload}".encode()).hexdigest()
            at = stored[e.at] if e.at in stored else stored.setdefault(e.at, adapt(e.at))
            rows.append((
                kind_of, target_id, seq, actor_id, label, at, e.kind, e.note, e.visibility,
                e.state_before, e.state_after, data[1], prev, digest,
            ))  # fmt: skip
            prev = digest
        if entries:
            head_rows.append((kind_of, target_id, len(entries), prev))
    insert_rows(Event._meta.db_table, _COLUMNS, rows)
    insert_rows(JournalHead._meta.db_table, _HEAD_COLUMNS, head_rows)
    return len(rows)


_ROWS_AT_ONCE = 200  # below this, the ORM's bulk_create (its queries are logged like any other)
_COLUMNS = [
    "target_type", "target_id", "seq", "actor_id", "actor_label", "at", "kind", "note",
    "visibility", "state_before", "state_after", "data", "prev_hash", "hash",
]  # fmt: skip


_HEAD_COLUMNS = ["target_type", "target_id", "length", "head_hash"]


def _data_texts(data: dict[str, Any], seen: dict[Any, tuple[str, str]]) -> tuple[str, str]:
    """An event's data as `event_hash` writes it, and as its JSONField stores it (json.dumps);
    worked out once per distinct data of flat values (an import's few channel/category pairs)."""
    try:
        key: Any = tuple((k, type(v), v) for k, v in sorted(data.items()))  # 1 is not True
        hash(key)
    except TypeError:  # a nested value: not kept
        key = None
    if key is not None and key in seen:
        return seen[key]
    texts = (canonical_data(data), json.dumps(data) if data else "{}")
    if key is not None:
        seen[key] = texts
    return texts


def _same(value: Any) -> Any:
    return value


def _actor_label(actor: Any) -> str:
    if actor is None:
        return ""
    if isinstance(actor, str):
        return actor
    if hasattr(actor, "journal_label"):
        return str(actor.journal_label)
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return str(full or actor.get_username())
