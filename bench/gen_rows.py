"""How bench/generate.py's rows go in: journal rows hashed as record_event hashes them, a bulk
writer per table, and the indexes dropped for the load and built again after it.
"""

import hashlib
from datetime import UTC

from lianxin.audit.chain import canonical_data, payload_text


class _Ev:
    """What lianxin.audit.chain.hashed_fields reads, without building a model instance."""

    __slots__ = (
        "actor_id",
        "actor_label",
        "at",
        "data",
        "kind",
        "note",
        "seq",
        "state_after",
        "state_before",
        "target_id",
        "target_type",
        "visibility",
    )  # fmt: skip


class _Writer:
    """Rows gathered for one table, written by `lianxin.core.bulk.insert_rows` (COPY on
    PostgreSQL, one prepared INSERT on SQLite) at each flush."""

    def __init__(self, model, columns: list[str]):
        self.table = model._meta.db_table
        self.columns = columns
        self.rows: list = []
        self.total = 0

    def flush(self) -> None:
        from lianxin.core.bulk import insert_rows

        if not self.rows:
            return
        insert_rows(self.table, self.columns, self.rows)
        self.total += len(self.rows)
        self.rows = []


def _db_time(vendor: str):
    """How a UTC datetime is handed to the database's bulk path."""
    if vendor == "sqlite":
        # What Django's SQLite backend stores for an aware datetime: naive UTC text.
        return lambda dt: (
            None if dt is None else dt.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        )
    return lambda dt: dt


def _bulk_session(connection) -> None:
    """A bulk load on SQLite: no fsync, and a page cache big enough for the indexes being filled."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")


def _drop_indexes(tables: list[str]) -> list[str]:
    """Drop the indexes of `tables` that are not primary keys or constraints; return their SQL."""
    from django.db import connection

    names = ", ".join(f"'{t}'" for t in tables)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                f"AND tbl_name IN ({names}) AND sql IS NOT NULL"
            )
        else:
            cursor.execute(
                f"SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ({names}) "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            )
        found = cursor.fetchall()
        for name, _sql in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def _create_indexes(statements: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET maintenance_work_mem = '512MB'")
        for sql in statements:
            cursor.execute(sql)


def _sync_sequences(*tables: str) -> None:
    """After rows written with explicit ids, PostgreSQL's id sequences must move past them."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


def _journal_heads() -> None:
    """Each chain's stored end (audit.JournalHead), as migration audit/0002 gives a journal written
    before heads existed: most of the journal went in as plain rows, past record_event, so the
    heads are all taken again from the chains' last events."""
    import importlib

    from django.db import connection

    backfill = importlib.import_module("lianxin.audit.migrations.0002_journal_head").BACKFILL
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_journalhead")
        cursor.execute(backfill)


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def _event_model():
    from lianxin.audit.models import Event

    return Event


_EVENT_COLUMNS = [  # the id the database's own
    "target_type", "target_id", "seq", "actor_id", "actor_label", "at", "kind", "note",
    "visibility", "state_before", "state_after", "data", "prev_hash", "hash",
]  # fmt: skip

_checked = [0]


def _add_event(rows, target_type, target_id, seq, actor_id, actor_label, at, kind, note,
               visibility, before, after, data, prev, to_db):  # fmt: skip
    """One journal row, its hash the one record_event computes; `at` is an aware UTC datetime."""
    data_text = canonical_data(data)
    payload = payload_text(
        target_type, target_id, seq, actor_id, actor_label,
        at.isoformat(timespec="microseconds"), kind, note, visibility, before, after, data_text,
    )  # fmt: skip
    digest = hashlib.sha256(f"{prev}\n{payload}".encode()).hexdigest()
    if _checked[0] < 2000:  # the shortcut must hash exactly what lianxin.audit.chain hashes
        from lianxin.audit.chain import event_hash, hashed_fields

        _checked[0] += 1
        ev = _Ev()
        ev.target_type, ev.target_id, ev.seq, ev.actor_id = target_type, target_id, seq, actor_id
        ev.actor_label, ev.kind, ev.note, ev.visibility = actor_label, kind, note, visibility
        ev.state_before, ev.state_after, ev.data, ev.at = before, after, data, at
        if event_hash(hashed_fields(ev), prev) != digest:
            raise AssertionError(f"canonical payload differs from lianxin.audit.chain: {payload}")
    rows.append((target_type, target_id, seq, actor_id, actor_label, to_db(at), kind, note,
                 visibility, before, after, data_text, prev, digest))  # fmt: skip
    return digest
