"""Writing to the journal: the one way an event comes into being."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models, transaction

from lianxin.audit.chain import event_hash, hashed_fields
from lianxin.audit.models import Event, Visibility
from lianxin.core import clock


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
    return event


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


def start_journals(*, journals: list[tuple[models.Model, list[Entry]]], actor: Any) -> int:
    """Write the whole journal of targets that have none yet (an imported ledger) in one insert.

    The chains are the ones `record_event` would have built move by move, so `verify_journal`
    reads them alike. The caller has just created the targets inside its transaction.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("start_journals must run inside the service's transaction")
    actor_row, label = (actor if getattr(actor, "pk", None) else None), _actor_label(actor)
    events = []
    for target, entries in journals:
        prev = ""
        for seq, entry in enumerate(entries, start=1):
            event = Event(
                target_type=target_type_of(target), target_id=target.pk, seq=seq,
                actor=actor_row, actor_label=label, at=entry.at, kind=entry.kind,
                note=entry.note, visibility=entry.visibility, state_before=entry.state_before,
                state_after=entry.state_after, data=entry.data, prev_hash=prev,
            )  # fmt: skip
            event.hash = prev = event_hash(hashed_fields(event), prev)
            events.append(event)
    Event.objects.bulk_create(events, batch_size=500)
    return len(events)


def _actor_label(actor: Any) -> str:
    if actor is None:
        return ""
    if isinstance(actor, str):
        return actor
    if hasattr(actor, "journal_label"):
        return actor.journal_label
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return full or actor.get_username()
