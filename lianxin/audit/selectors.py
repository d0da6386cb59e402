"""Reading the journal, and checking that its chains are whole."""

import json
import multiprocessing
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from hashlib import sha256
from multiprocessing.util import Finalize
from typing import Any

from django.db import connection, connections, models

from lianxin.audit.chain import canonical_data, event_hash, hashed_fields, quote
from lianxin.audit.journalled import state_column
from lianxin.audit.models import Event, JournalHead, Visibility


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


# A share of the journal: the chains of one target type, target ids lo..hi (None: all of them).
Part = tuple[str, int | None, int | None]


def verify_chains(
    *, target_type: str | None = None, jobs: int = 1, batch_size: int = 10_000
) -> Iterator[ChainBreak]:
    """Walk every chain in (target, seq) order, streaming, and yield each place it breaks.

    Besides each event's hash and link, a chain must end where its stored head says (so removing
    its last events shows), and a target type registered in `journalled` must be in the state its
    last state-bearing event left it in.

    Every event's hash is computed again from its stored values and compared with the stored
    one; the breaks come in chain order whatever `jobs` is. With `jobs` > 1 the chains are shared
    out by target id over that many processes, each with its own database connection (a chain is
    never split). Inside a transaction or on an in-memory database, where another connection
    would not see the same journal, the chains are walked here, one part after the other.
    """
    types = [target_type] if target_type else _target_types()
    if jobs > 1 and _can_fork():
        parts = [part for tt in types for part in _split(tt, jobs * 4)]
        if len(parts) > 1:
            yield from _in_processes(parts, jobs, batch_size)
            return
    for tt in types:
        yield from _verify_part((tt, None, None), batch_size)


def _verify_part(part: Part, batch_size: int) -> Iterator[ChainBreak]:
    """The chains of one part, in (target id, seq) order, read as plain rows.

    The database hands the time and the data back as text (`_TEXT_FORMS`); the hash input is
    written here as `chain.event_hash` writes it (sorted keys, no spaces, strings quoted by the
    same function as json.dumps, the data re-encoded canonically once per distinct text), so no
    model, datetime or dict is built per event. Should a stored hash differ, the event is checked
    once more the reference way, `event_hash(hashed_fields(event))` of the model instance, and
    that alone decides: a value stored in an unusual form never makes a false alarm.
    """
    tt = part[0]
    q, quoted_type = quote, quote(tt)
    data_cache = _canonical_data_of
    current, prev_hash, expected_seq, chain_keys, state = None, "", 1, "", ""
    with ExitStack() as stack:
        ends = _ChainEnds(stack, part, batch_size)
        cursor = stack.enter_context(connection.chunked_cursor())
        cursor.execute(*_part_query(part))
        while rows := cursor.fetchmany(batch_size):
            for tid, seq, actor, label, at, kind, note, vis, before, after, data, prev, stored in rows:  # fmt: skip
                if tid != current:
                    if current is not None:
                        yield from ends.check(current, expected_seq - 1, prev_hash, state)
                    current, prev_hash, expected_seq, state = tid, "", 1, ""
                    chain_keys = f',"target_id":{tid},"target_type":{quoted_type},"visibility":'
                if after:
                    state = after
                if seq != expected_seq:
                    yield ChainBreak(tt, tid, seq, f"missing event(s) before #{seq}")
                elif prev != prev_hash:
                    yield ChainBreak(tt, tid, seq, "link to the previous event does not match")
                else:
                    if (canonical := data_cache.get(data)) is None:
                        canonical = _canonical_of(data)
                    if len(at) != 26:  # "YYYY-MM-DD HH:MM:SS.ffffff" but for trailing zeros
                        at = _micro(at)
                    text = (
                        f'{prev}\n{{"actor_id":{"null" if actor is None else actor},'
                        f'"actor_label":{q(label)},"at":"{at[:10]}T{at[11:]}+00:00",'
                        f'"data":{canonical},"kind":{q(kind)},"note":{q(note)},"seq":{seq},'
                        f'"state_after":{q(after)},"state_before":{q(before)}{chain_keys}{q(vis)}}}'
                    )
                    if sha256(text.encode()).hexdigest() != stored and not _hash_holds(
                        tt, tid, seq
                    ):
                        yield ChainBreak(tt, tid, seq, "event content does not match its hash")
                prev_hash, expected_seq = stored, seq + 1
        if current is not None:
            yield from ends.check(current, expected_seq - 1, prev_hash, state)
        yield from ends.rest()


def _part_query(part: Part) -> tuple[str, list[str | int]]:
    """The SQL and parameters reading one part's events as plain rows in (target id, seq) order,
    the time and the data as text (`_TEXT_FORMS`)."""
    tt, lo, hi = part
    at_text, data_text = _TEXT_FORMS.get(connection.vendor, _TEXT_FORMS["sqlite"])
    sql = (
        "SELECT target_id, seq, actor_id, actor_label, "
        f"{at_text}, kind, note, visibility, state_before, state_after, {data_text}, "
        f"prev_hash, hash FROM {Event._meta.db_table} WHERE target_type = %s"
    )
    params: list[str | int] = [tt]
    if lo is not None and hi is not None:
        sql, params = sql + " AND target_id >= %s AND target_id <= %s", [tt, lo, hi]
    return sql + " ORDER BY target_id, seq", params


def _canonical_of(data: str) -> str:
    """The canonical JSON of a data text not seen yet, remembered in `_canonical_data_of` (which
    is emptied past 50,000 distinct texts, so a journal of unique data cannot grow it unbounded)."""
    if len(_canonical_data_of) > 50_000:
        _canonical_data_of.clear()
    canonical = _canonical_data_of[data] = canonical_data(json.loads(data))
    return canonical


class _ChainEnds:
    """The stored end of each chain (`JournalHead`) and, for a registered target type, the row's
    own state, read in target id order beside the events: one query each per part, no query per
    event. A chain must end where its head says and leave its target in the state the row has."""

    def __init__(self, stack: ExitStack, part: Part, batch_size: int) -> None:
        tt, lo, hi = part
        self.target_type = tt
        params: list[str | int]
        where, params = "WHERE target_type = %s", [tt]
        state_params: list[str | int] = []
        if lo is not None and hi is not None:
            where, params = where + " AND target_id >= %s AND target_id <= %s", [tt, lo, hi]
        self.heads = _Follower(stack, batch_size, (
            f"SELECT target_id, length, head_hash FROM {JournalHead._meta.db_table} {where} "
            "ORDER BY target_id"
        ), params)  # fmt: skip
        self.states: _Follower | None = None
        if column := state_column(tt):
            sql = f"SELECT {column.pk}, {column.column} FROM {column.table}"
            if lo is not None and hi is not None:
                sql, state_params = f"{sql} WHERE {column.pk} >= %s AND {column.pk} <= %s", [lo, hi]
            self.states = _Follower(stack, batch_size, f"{sql} ORDER BY {column.pk}", state_params)

    def check(self, tid: int, length: int, last_hash: str, state: str) -> Iterator[ChainBreak]:
        """The breaks at the end of `tid`'s chain of `length` events ending in `last_hash`."""
        tt = self.target_type
        head, passed = self.heads.upto(tid)
        yield from self._lost(passed)
        if head is None:
            yield ChainBreak(tt, tid, length, "no stored end of this chain (journal head missing)")
        elif head[1] != length or head[2] != last_hash:
            yield ChainBreak(
                tt, tid, length + 1,
                f"the chain ends at #{length} but its stored end is #{head[1]}: events removed",
            )  # fmt: skip
        if self.states is not None:
            row, _passed = self.states.upto(tid)
            if row is not None and state and str(row[1]) != state:
                yield ChainBreak(
                    tt, tid, length + 1,
                    f"its state is {row[1]} but its last event left it {state}",
                )  # fmt: skip

    def rest(self) -> Iterator[ChainBreak]:
        """Heads past the last chain: chains removed whole."""
        yield from self._lost(self.heads.upto(None)[1])

    def _lost(self, heads: list[tuple]) -> Iterator[ChainBreak]:
        for tid, length, _hash in heads:
            yield ChainBreak(self.target_type, tid, 1, f"all {length} events of the chain missing")


class _Follower:
    """Rows ordered by their first column (a target id), taken as the chains pass by."""

    def __init__(self, stack: ExitStack, batch_size: int, sql: str, params: list) -> None:
        cursor = stack.enter_context(connection.chunked_cursor())
        cursor.execute(sql, params)
        self._rows = _stream(cursor, batch_size)
        self._next = next(self._rows, None)

    def upto(self, tid: int | None) -> tuple[tuple | None, list[tuple]]:
        """The row of `tid` (or None), and the rows of smaller ids passed on the way (all if None)."""
        passed = []
        while self._next is not None and (tid is None or self._next[0] < tid):
            passed.append(self._next)
            self._next = next(self._rows, None)
        if tid is not None and self._next is not None and self._next[0] == tid:
            row, self._next = self._next, next(self._rows, None)
            return row, passed
        return None, passed


def _stream(cursor: Any, batch_size: int) -> Iterator[tuple]:
    while rows := cursor.fetchmany(batch_size):
        yield from rows


# The canonical JSON of the data texts seen, kept across parts (and inherited by the jobs): the
# same few texts recur all over a journal. A text always maps to the same canonical form.
_canonical_data_of: dict[str, str] = {}

# The time as naive UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]", and the data as JSON text.
_TEXT_FORMS = {
    "sqlite": ("CAST(at AS TEXT)", "data"),  # as Django stores them
    "postgresql": ("(at AT TIME ZONE 'UTC')::text", "data::text"),
}


def _micro(at: str) -> str:
    """The time with six digits of microseconds: SQLite drops them on a round second, PostgreSQL
    drops trailing zeros."""
    head, _dot, micro = at.partition(".")
    return f"{head}.{micro.ljust(6, '0')}"


def _hash_holds(target_type: str, target_id: int, seq: int) -> bool:
    """The reference check of one event, from the model instance as the ORM reads it back."""
    event = Event.objects.get(target_type=target_type, target_id=target_id, seq=seq)
    return event.hash == event_hash(hashed_fields(event), event.prev_hash)


def _target_types() -> list[str]:
    """The target types in the journal and its heads, in the database's order, one index probe each."""
    found: set[str] = set()
    for table in (Event._meta.db_table, JournalHead._meta.db_table):
        last = ""
        with connection.cursor() as cursor:
            while True:
                cursor.execute(
                    f"SELECT MIN(target_type) FROM {table} WHERE target_type > %s", [last]
                )
                (last,) = cursor.fetchone()
                if last is None:
                    break
                found.add(last)
    return sorted(found)


def _split(target_type: str, pieces: int) -> list[Part]:
    """One target type's chains as up to `pieces` ranges of target ids (of 1,000 ids at least)."""
    bounds = []
    with connection.cursor() as cursor:
        for table in (Event._meta.db_table, JournalHead._meta.db_table):
            cursor.execute(
                f"SELECT MIN(target_id), MAX(target_id) FROM {table} WHERE target_type = %s",
                [target_type],
            )
            bounds.append(cursor.fetchone())
    known = [b for b in bounds if b[0] is not None]
    if not known:
        return []
    lo, hi = min(b[0] for b in known), max(b[1] for b in known)
    step = max(-(-(hi - lo + 1) // pieces), 1_000)
    return [(target_type, a, min(a + step - 1, hi)) for a in range(lo, hi + 1, step)]


def _can_fork() -> bool:
    """Whether other processes see the journal this connection sees: committed, on disk."""
    if connection.in_atomic_block or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if connection.vendor != "sqlite":
        return True
    return not connection.is_in_memory_db()  # type: ignore[attr-defined]  # SQLite's wrapper has it


def _in_processes(parts: list[Part], jobs: int, batch_size: int) -> Iterator[ChainBreak]:
    """The parts over `jobs` forked processes, taking the next part as they finish one."""
    connection.close()  # each process opens its own connection; none inherits this one
    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_close_at_exit)
    try:
        for breaks in pool.imap(_part_breaks, [(part, batch_size) for part in parts]):
            yield from breaks
        pool.close()
        pool.join()
    finally:
        pool.terminate()


# Connections a forked process found open (its parent's, whatever kept them open): held here so
# this process never finishes them — closing one would end the parent's database session too.
_inherited: list[object] = []


def _close_at_exit() -> None:
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            _inherited.append(conn.connection)
            conn.connection = None
    Finalize(None, connection.close, exitpriority=10)  # this process's own connection only


def _part_breaks(task: tuple[Part, int]) -> list[ChainBreak]:
    return list(_verify_part(*task))


def journal_ends(using: str = "default") -> dict[str, dict[str, int | str]]:
    """Per target type: its chains, their events, and one digest of every chain's stored end (the
    backup manifest's record of the journal; a restore must reproduce it exactly)."""
    ends: dict[str, dict[str, int | str]] = {}
    digests: dict[str, Any] = {}
    rows = JournalHead.objects.using(using).order_by("target_type", "target_id")
    for tt, target_id, length, head in rows.values_list(
        "target_type", "target_id", "length", "head_hash"
    ).iterator(chunk_size=10_000):
        digest = digests.setdefault(tt, sha256())
        digest.update(f"{target_id}:{length}:{head}\n".encode())
        end = ends.setdefault(tt, {"chains": 0, "events": 0})
        end["chains"] = int(end["chains"]) + 1
        end["events"] = int(end["events"]) + length
    for tt, digest in digests.items():
        ends[tt]["ends"] = digest.hexdigest()
    return ends


def journal_breaks() -> list[str]:
    """Every break `verify_journal` would report, as text (a restored database's check)."""
    return [f"{b.target_type} {b.target_id} #{b.seq}: {b.reason}" for b in verify_chains()]
