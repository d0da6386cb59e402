"""Writing to the journal: the one way an event comes into being."""

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


def _actor_label(actor: Any) -> str:
    if actor is None:
        return ""
    if isinstance(actor, str):
        return actor
    if hasattr(actor, "journal_label"):
        return actor.journal_label
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return full or actor.get_username()
