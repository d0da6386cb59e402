"""The hash that links each event to the one before it."""

import hashlib
import json
from datetime import UTC
from typing import Any


def event_hash(fields: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 over the previous hash and the event's fields in a canonical JSON form."""
    payload = json.dumps(
        fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


def hashed_fields(event) -> dict[str, Any]:
    """The fields the hash covers, read back the same way from a new or a stored event."""
    return {
        "target_type": event.target_type,
        "target_id": int(event.target_id),
        "seq": int(event.seq),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        # UTC, because the database hands the time back in UTC whatever zone it was written in.
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "kind": event.kind,
        "note": event.note,
        "visibility": event.visibility,
        "state_before": event.state_before,
        "state_after": event.state_after,
        "data": event.data,
    }


# The pieces of `event_hash`'s JSON, for writing it out directly (selectors.verify_chains).
quote = json.encoder.encode_basestring  # a string, as json.dumps(..., ensure_ascii=False) writes it
_encode_data = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
).encode


def canonical_data(data: Any) -> str:
    """An event's data as `event_hash` writes it inside the payload."""
    return _encode_data(data) if data else "{}"


def payload_text(
    target_type: str,
    target_id: int,
    seq: int,
    actor_id: int | None,
    actor_label: str,
    at_text: str,
    kind: str,
    note: str,
    visibility: str,
    state_before: str,
    state_after: str,
    data_text: str,
) -> str:
    """Exactly what `event_hash` hashes after the previous hash — json.dumps of `hashed_fields`
    (sorted keys, no spaces, ensure_ascii off) — written out directly from plain values, for the
    bulk writers (an imported journal, the benchmark's data set). `at_text` is the time in UTC with
    microseconds, `data_text` the data as `canonical_data` writes it."""
    return (
        f'{{"actor_id":{"null" if actor_id is None else int(actor_id)},'
        f'"actor_label":{quote(actor_label)},"at":"{at_text}","data":{data_text},'
        f'"kind":{quote(kind)},"note":{quote(note)},"seq":{seq},'
        f'"state_after":{quote(state_after)},"state_before":{quote(state_before)},'
        f'"target_id":{target_id},"target_type":{quote(target_type)},'
        f'"visibility":{quote(visibility)}}}'
    )
