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


_encode_str = json.encoder.encode_basestring  # what json.dumps uses
_encode_data = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
).encode


def canonical_data(data: Any) -> str:
    """An event's data as `event_hash` writes it inside the payload."""
    return _encode_data(data) if data else "{}"


def payload_text(
    *,
    target_type: str,
    target_id: int,
    seq: int,
    actor_id: int | None,
    actor_label: str,
    at: str,
    kind: str,
    note: str,
    visibility: str,
    state_before: str,
    state_after: str,
    data: str,
) -> str:
    """The JSON `event_hash` hashes (sorted keys, no spaces), written directly from the values.

    `at` is the UTC ISO time with microseconds and `data` the canonical JSON (`canonical_data`):
    byte for byte `json.dumps(hashed_fields(event), ...)`, without building the dict, so that
    verifying millions of events is not spent in json.dumps.
    """
    return (
        f'{{"actor_id":{"null" if actor_id is None else int(actor_id)},'
        f'"actor_label":{_encode_str(actor_label)},"at":"{at}","data":{data},'
        f'"kind":{_encode_str(kind)},"note":{_encode_str(note)},"seq":{int(seq)},'
        f'"state_after":{_encode_str(state_after)},"state_before":{_encode_str(state_before)},'
        f'"target_id":{int(target_id)},"target_type":{_encode_str(target_type)},'
        f'"visibility":{_encode_str(visibility)}}}'
    )
