"""Reading the journal, and checking that its chains are whole."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import sha256

from django.db import connection, models

from lianxin.audit.chain import canonical_data, event_hash, hashed_fields, payload_text
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
    *, target_type: str | None = None, batch_size: int = 20_000
) -> Iterator[ChainBreak]:
    """Walk every chain in (target, seq) order, streaming, and yield each place it breaks.

    The rows come as plain tuples straight from the database cursor, the time and the data as
    text, and the hash input is written directly (chain.payload_text): the same check as hashing
    `hashed_fields(event)` of each model instance, about six times faster over a large journal.
    """
    sql = f"SELECT {_columns(connection.vendor)} FROM {Event._meta.db_table}"
    params: list[str] = []
    if target_type:
        sql, params = sql + " WHERE target_type = %s", [target_type]
    sql += " ORDER BY target_type, target_id, seq"
    data_cache: dict[str, str] = {"{}": "{}"}
    current: tuple[str, int] | None = None
    prev_hash, expected_seq = "", 1
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(batch_size):
            for (
                tt,
                tid,
                seq,
                actor,
                label,
                at,
                kind,
                note,
                vis,
                before,
                after,
                data,
                prev,
                stored,
            ) in rows:
                if (tt, tid) != current:
                    current, prev_hash, expected_seq = (tt, tid), "", 1
                if seq != expected_seq:
                    yield ChainBreak(tt, tid, seq, f"missing event(s) before #{seq}")
                elif prev != prev_hash:
                    yield ChainBreak(tt, tid, seq, "link to the previous event does not match")
                else:
                    canonical = data_cache.get(data)
                    if canonical is None:
                        if len(data_cache) > 50_000:
                            data_cache.clear()
                        canonical = data_cache[data] = canonical_data(json.loads(data))
                    text = payload_text(
                        target_type=tt, target_id=tid, seq=seq, actor_id=actor, actor_label=label,
                        at=_utc_text(at), kind=kind, note=note, visibility=vis,
                        state_before=before, state_after=after, data=canonical,
                    )  # fmt: skip
                    if sha256(f"{prev}\n{text}".encode()).hexdigest() != stored:
                        yield ChainBreak(tt, tid, seq, "event content does not match its hash")
                prev_hash, expected_seq = stored, seq + 1


_COLUMNS = (
    "target_type, target_id, seq, actor_id, actor_label, {at}, kind, note, visibility, "
    "state_before, state_after, {data}, prev_hash, hash"
)


def _columns(vendor: str) -> str:
    """The time (UTC) and the data as text, so no datetime or JSON object is built per row."""
    if vendor == "postgresql":
        at = """to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""
        return _COLUMNS.format(at=at, data="data::text")
    return _COLUMNS.format(at="CAST(at AS TEXT)", data="data")  # SQLite keeps both as text


def _utc_text(value: str) -> str:
    """`hashed_fields`' form of the time: ISO, UTC, microseconds."""
    if value.endswith("+00:00"):  # PostgreSQL, formatted by the query
        return value
    head, _dot, micro = value.partition(".")  # SQLite: naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]"
    return f"{head.replace(' ', 'T')}.{micro.ljust(6, '0')}+00:00"


def _check(event: Event, prev_hash: str, expected_seq: int) -> str:
    """One event against the chain so far, from the model instance (used for single events)."""
    if event.seq != expected_seq:
        return f"missing event(s) before #{event.seq}"
    if event.prev_hash != prev_hash:
        return "link to the previous event does not match"
    if event.hash != event_hash(hashed_fields(event), event.prev_hash):
        return "event content does not match its hash"
    return ""
