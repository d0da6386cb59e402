"""Journal benchmark: verify every hash chain of the data set, in events per second.

    python bench/journal_bench.py            # full data set (~4.6 million events)
    python bench/journal_bench.py --small    # small data set (~100,000 events)
    scripts/with_postgres.sh .venv/bin/python bench/journal_bench.py

Three ways are timed over the same events and must agree (no break in a generated journal):
- `now`: lianxin.audit.selectors.verify_chains as it is (what `manage.py verify_journal` runs);
  at the full size over the first 1,000,000 events only, to keep `make bench` within its budget
  (the rate is per event and does not depend on how many there are);
- `proposed`: the same check, reading rows as tuples and writing the canonical JSON by hand
  (byte for byte what lianxin.audit.chain.event_hash hashes: checked against it on the first
  10,000 events), in one process, over all events;
- `proposed_2_jobs`: the proposed check split over two processes by target id, over all events.
Target: ≥ 200,000 events/s.
"""

import argparse
import hashlib
import json
import multiprocessing
import sys
import time
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import (  # noqa: E402
    canonical_payload,
    database_info,
    open_dataset,
    write_result,
)

TARGET_EVENTS_PER_S = 200_000
NOW_LIMIT_FULL = 1_000_000
COLUMNS = (
    "target_type, target_id, seq, actor_id, actor_label, at, kind, note, visibility, "
    "state_before, state_after, data, prev_hash, hash"
)
# The time and the data as text straight from the database: no datetime or JSON objects per row.
FAST_COLUMNS = {
    "sqlite": COLUMNS.replace(" at,", " CAST(at AS TEXT),"),
    "postgresql": COLUMNS.replace(
        " at,", """ to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),"""
    ).replace(" data,", " data::text,"),
}
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str)


def _at_text(value) -> str:
    """The event time as hashed_fields writes it, from what the database hands back."""
    if isinstance(value, str):
        if value.endswith("+00:00"):  # PostgreSQL's to_char above
            return value
        head, _dot, micro = value.partition(".")  # SQLite: naive UTC, "YYYY-MM-DD HH:MM:SS[.f]"
        return f"{head.replace(' ', 'T')}.{micro.ljust(6, '0')}+00:00"
    if value.tzinfo is None:  # SQLite's converter hands back naive UTC datetimes
        return value.isoformat(timespec="microseconds") + "+00:00"
    return value.astimezone(UTC).isoformat(timespec="microseconds")


_data_cache: dict[str, str] = {"{}": "{}"}


def _data(value) -> str:
    """The data in canonical JSON; the stored texts repeat a lot, so each is re-encoded once."""
    if isinstance(value, str):
        text = _data_cache.get(value)
        if text is None:
            text = _data_cache[value] = _dumps.encode(json.loads(value))
            if len(_data_cache) > 100_000:
                _data_cache.clear()
                _data_cache["{}"] = "{}"
        return text
    return _dumps.encode(value if value is not None else {})


def payload(row) -> str:
    """json.dumps(hashed_fields(event), ensure_ascii=False, sort_keys=True, separators=(",", ":"))."""
    tt, tid, seq, actor, label, at, kind, note, vis, before, after, data = row[:12]
    return canonical_payload(tt, tid, seq, actor, label, _at_text(at), kind, note, vis, before,
                             after, _data(data))  # fmt: skip


def proposed_verify(where: str = "", params: tuple = ()) -> tuple[int, list]:
    """(events checked, breaks): the proposed verify_chains, streaming tuples in chain order."""
    from django.db import connection

    sha256 = hashlib.sha256
    checked, breaks = 0, []
    current, prev_hash, expected = None, "", 1
    columns = FAST_COLUMNS[connection.vendor]
    sql = f"SELECT {columns} FROM audit_event {where} ORDER BY target_type, target_id, seq"
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(20_000):
            for row in rows:
                key = (row[0], row[1])
                if key != current:
                    current, prev_hash, expected = key, "", 1
                seq, stored_prev, stored = row[2], row[12], row[13]
                if seq != expected:
                    breaks.append((*key, seq, "missing"))
                elif stored_prev != prev_hash:
                    breaks.append((*key, seq, "link"))
                elif sha256(f"{stored_prev}\n{payload(row)}".encode()).hexdigest() != stored:
                    breaks.append((*key, seq, "content"))
                prev_hash, expected = stored, seq + 1
            checked += len(rows)
    return checked, breaks


def _job(args):
    where, params = args
    from django.db import connection

    connection.close()  # a connection of its own, not the parent's
    return proposed_verify(where, params)


def proposed_verify_jobs(jobs: int) -> tuple[int, list]:
    """Split the chains by target id (a chain never spans two parts) over `jobs` processes."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(target_id) FROM audit_event")
        top = cursor.fetchone()[0] or 0
    step = top // jobs + 1
    parts = [
        ("WHERE target_id >= %s AND target_id < %s", (i * step, (i + 1) * step))
        for i in range(jobs)
    ]
    connection.close()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        results = pool.map(_job, parts)
    return sum(n for n, _b in results), [b for _n, bs in results for b in bs]


def check_payloads(limit: int = 10_000) -> int:
    """The hand-written payload is byte for byte the one lianxin.audit.chain hashes."""
    from django.db import connection

    from lianxin.audit.chain import hashed_fields
    from lianxin.audit.models import Event

    events = list(Event.objects.order_by("target_type", "target_id", "seq")[:limit])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {FAST_COLUMNS[connection.vendor]} FROM audit_event "
            "ORDER BY target_type, target_id, seq LIMIT %s",
            [limit],
        )
        rows = cursor.fetchall()
    for event, row in zip(events, rows, strict=True):
        expected = json.dumps(
            hashed_fields(event), ensure_ascii=False, sort_keys=True, separators=(",", ":"),
            default=str,
        )  # fmt: skip
        assert payload(row) == expected, (payload(row), expected)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true")
    args, _unknown = parser.parse_known_args()
    size = "small" if args.small else "full"
    info = open_dataset(size)
    from lianxin.audit.models import Event
    from lianxin.audit.selectors import verify_chains

    total = Event.objects.count()
    checked = check_payloads()
    runs = {}
    started = time.perf_counter()
    if size == "full":
        n, breaks = now_verify_prefix(NOW_LIMIT_FULL)
    else:
        n, breaks = total, len(list(verify_chains()))
    runs["now"] = _rate(n, time.perf_counter() - started, breaks)
    started = time.perf_counter()
    n, found = proposed_verify()
    runs["proposed"] = _rate(n, time.perf_counter() - started, len(found))
    started = time.perf_counter()
    n, found = proposed_verify_jobs(2)
    runs["proposed_2_jobs"] = _rate(n, time.perf_counter() - started, len(found))
    best = max(runs.values(), key=lambda r: r["events_per_s"])
    report = {
        "database": database_info(),
        "data": {k: info[k] for k in ("cases", "events")},
        "size": size,
        "events": total,
        "payload_checked_events": checked,
        "events_per_s": runs["now"]["events_per_s"],
        "target_events_per_s": TARGET_EVENTS_PER_S,
        "pass": runs["now"]["events_per_s"] >= TARGET_EVENTS_PER_S,
        "proposed_pass": best["events_per_s"] >= TARGET_EVENTS_PER_S,
        "runs": runs,
    }
    out = write_result("journal", report)
    for name, r in runs.items():
        print(f"verify_journal ({name}) over {r['events']:,} of {total:,} events on "
              f"{report['database']['vendor']}: {r['events_per_s']:,.0f} events/s, "
              f"{r['breaks']} breaks (target ≥ {TARGET_EVENTS_PER_S:,}: "
              f"{'pass' if r['events_per_s'] >= TARGET_EVENTS_PER_S else 'falls short'})")  # fmt: skip
    print(f"→ {out.relative_to(ROOT)}")
    if any(r["breaks"] for r in runs.values()):
        sys.exit("the generated journal has breaks")


def now_verify_prefix(limit: int) -> tuple[int, int]:
    """verify_chains' own loop (its _check on model instances) over the first `limit` events."""
    from lianxin.audit.models import Event
    from lianxin.audit.selectors import _check

    qs = Event.objects.order_by("target_type", "target_id", "seq")[:limit]
    current, prev_hash, expected_seq, n, breaks = None, "", 1, 0, 0
    for event in qs.iterator(chunk_size=5000):
        key = (event.target_type, event.target_id)
        if key != current:
            current, prev_hash, expected_seq = key, "", 1
        breaks += bool(_check(event, prev_hash, expected_seq))
        prev_hash, expected_seq, n = event.hash, event.seq + 1, n + 1
    return n, breaks


def _rate(n: int, seconds: float, breaks: int) -> dict:
    return {
        "events": n,
        "seconds": round(seconds, 2),
        "events_per_s": round(n / seconds),
        "breaks": breaks,
    }


if __name__ == "__main__":
    main()
