"""Journal benchmark: `manage.py verify_journal` over every hash chain of the data set, in events/s.

    python bench/journal_bench.py            # full data set (~5 million events)
    python bench/journal_bench.py --small    # small data set (~100,000 events)
    scripts/with_postgres.sh .venv/bin/python bench/journal_bench.py --small

Timed, over all events: the command as it is documented, in one process (`1_job`) and with
`--jobs 2` (`2_jobs`: the chains shared out by target id over two processes, each with its own
connection), best of three at --small. Before that, the stored hashes of the first 10,000 events
are checked the reference way (`event_hash(hashed_fields(event))` of model instances); the
one-process runs count how many events verify_chains had to check that way because the hash input
it writes directly did not match: 0 on a generated journal, which has no break.
Target: ≥ 200,000 events/s.
"""

import argparse
import os
import resource
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import database_info, open_dataset, write_result  # noqa: E402

TARGET_EVENTS_PER_S = 200_000
RUNS = {"1_job": ["verify_journal"], "2_jobs": ["verify_journal", "--jobs", "2"]}


def check_reference(limit: int = 10_000) -> int:
    """The first events' stored hashes are the ones lianxin.audit.chain computes."""
    from lianxin.audit.chain import event_hash, hashed_fields
    from lianxin.audit.models import Event

    events = Event.objects.order_by("target_type", "target_id", "seq")[:limit]
    for event in events:
        assert event.hash == event_hash(hashed_fields(event), event.prev_hash), event
    return len(events)


class CountedReferenceChecks:
    """Counts the events verify_chains checks again from the model instance, in this process."""

    def __enter__(self):
        from lianxin.audit import selectors

        self.selectors, self.original, self.count = selectors, selectors._hash_holds, 0

        def counted(*key):
            self.count += 1
            return self.original(*key)

        selectors._hash_holds = counted
        return self

    def __exit__(self, *exc):
        self.selectors._hash_holds = self.original


def run_command(args: list[str], events: int, repeat: int) -> dict:
    """Time `manage.py <args>` (best of `repeat`); a generated journal must come out intact."""
    from django.core.management import call_command

    seconds, cpu = [], []
    for _ in range(repeat):
        out = StringIO()
        started, cpu_started = time.perf_counter(), _cpu_seconds()
        call_command(*args, stdout=out)  # raises CommandError on a break
        seconds.append(time.perf_counter() - started)
        cpu.append(_cpu_seconds() - cpu_started)
        assert "journal intact" in out.getvalue(), out.getvalue()
    best = min(seconds)
    return {
        "command": "manage.py " + " ".join(args),
        "events": events,
        "seconds": round(best, 2),
        "all_seconds": [round(s, 2) for s in seconds],
        "events_per_s": round(events / best),
        # CPU of this process and its jobs (not of the PostgreSQL server): what the check costs
        # whatever else the machine runs.
        "cpu_seconds": round(min(cpu), 2),
        "events_per_cpu_s": round(events / min(cpu)),
        "breaks": 0,
    }


def _cpu_seconds() -> float:
    me, jobs = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + jobs.ru_utime + jobs.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true")
    args, _unknown = parser.parse_known_args()
    size = "small" if args.small else "full"
    info = open_dataset(size)
    from lianxin.audit.models import Event

    total = Event.objects.count()
    checked = check_reference()
    load = os.getloadavg()[0]
    repeat = 3 if size == "small" else 1
    with CountedReferenceChecks() as counted:  # the one-process runs: their checks are counted here
        runs = {"1_job": run_command(RUNS["1_job"], total, repeat)}
    reference_checks = counted.count // repeat
    runs["2_jobs"] = run_command(RUNS["2_jobs"], total, repeat)
    best = max(r["events_per_s"] for r in runs.values())
    report = {
        "database": database_info(),
        "data": {k: info[k] for k in ("cases", "events")},
        "size": size,
        "events": total,
        "reference_checked_events": checked,
        "events_checked_again_by_reference": reference_checks,
        "load_average_before": round(load, 2),
        "events_per_s": best,
        "target_events_per_s": TARGET_EVENTS_PER_S,
        "pass": best >= TARGET_EVENTS_PER_S,
        "runs": runs,
    }
    out = write_result("journal", report)
    for r in runs.values():
        print(f"{r['command']} over {total:,} events on {report['database']['vendor']}: "
              f"{r['events_per_s']:,} events/s (target ≥ {TARGET_EVENTS_PER_S:,}: "
              f"{'pass' if r['events_per_s'] >= TARGET_EVENTS_PER_S else 'falls short'})")  # fmt: skip
    print(
        f"  load average before: {load:.2f}; {reference_checks} events needed the reference check"
    )
    print(f"→ {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
