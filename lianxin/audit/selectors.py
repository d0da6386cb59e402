"""Reading the journal, and checking that its chains are whole."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models

from lianxin.audit.chain import event_hash, hashed_fields
from lianxin.audit.models import Event, Visibility


def events_for(target: models.Model, *, public_only: bool = False) -> models.QuerySet[Event]:
    qs = Event.objects.filter(target_type=target._meta.label_lower, target_id=target.pk)
    if public_only:
        qs = qs.filter(visibility=Visibility.PUBLIC)
    return qs.select_related("actor").order_by("seq")


@dataclass(frozen=True)
class ChainBreak:
    target_type: str
    target_id: int
    seq: int
    reason: str


def verify_chains(
    *, target_type: str | None = None, batch_size: int = 5000
) -> Iterator[ChainBreak]:
    """Walk every chain in (target, seq) order, streaming, and yield each place it breaks."""
    qs = Event.objects.order_by("target_type", "target_id", "seq")
    if target_type:
        qs = qs.filter(target_type=target_type)
    current: tuple[str, int] | None = None
    prev_hash, expected_seq = "", 1
    for event in qs.iterator(chunk_size=batch_size):
        key = (event.target_type, event.target_id)
        if key != current:
            current, prev_hash, expected_seq = key, "", 1
        problem = _check(event, prev_hash, expected_seq)
        if problem:
            yield ChainBreak(event.target_type, event.target_id, event.seq, problem)
        prev_hash, expected_seq = event.hash, event.seq + 1


def _check(event: Event, prev_hash: str, expected_seq: int) -> str:
    if event.seq != expected_seq:
        return f"missing event(s) before #{event.seq}"
    if event.prev_hash != prev_hash:
        return "link to the previous event does not match"
    if event.hash != event_hash(hashed_fields(event), event.prev_hash):
        return "event content does not match its hash"
    return ""
