"""A seeded, realistic data set at federation scale, loaded fast, for the benchmarks.

    python bench/generate.py            # full: 10,000 enterprises, 1,000,000 cases (three years)
    python bench/generate.py --small    # 1,000 enterprises, 20,000 cases
    python bench/generate.py --drop     # remove the data set's database
    DATABASE_URL=postgres://… python bench/generate.py   # or: scripts/with_postgres.sh …

The org tree is a province (云南省总工会) → 10 cities → 5 districts each → 4 streets each →
enterprises (10,000 in all, each with 2-3 work teams). Cases are spread over the three years before
1 December 2026, growing year on year, fewer at weekends, each moved through the real transition
table to a state that fits its age (old cases mostly closed after 回访 feedback, recent ones open,
some overdue), with numbers drawn per city prefix and year, deadlines from the real deadline rules,
the worker's feedback, and each case's journal as the services would have written it: a valid hash
chain (`verify_journal` passes over all of it).

Rows are written by the database's bulk path — executemany on SQLite, COPY on PostgreSQL — not one
save() per row; the hashes are computed with lianxin.audit.chain, the deadlines with
lianxin.cases.deadlines, and the texts come from bench/import_bench.py.

This module is the entry point (the data set's database, the results, `generate`); the generation
itself is in bench/gen_orgs.py (the tree and its users), bench/gen_cases.py (the cases, made by
worker processes) and bench/gen_rows.py (journal rows, the bulk writer, the indexes).

The data set lives in a test database (Django's test-database machinery, never your data): a SQLite
file in the temp folder, or test_lianxin_bench_<size> beside the configured PostgreSQL database.
It is kept between the benchmarks of one run (each bench script calls `open_dataset`, which builds
it only if it is missing) and `python -m bench` drops it at the end.
"""

import argparse
import json
import math
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.settings")

from bench.gen_cases import _build_cases  # noqa: E402
from bench.gen_orgs import (  # noqa: E402
    CITIES,
    NOW,
    SEED,
    SIZES,
    YEARS,
    _build_orgs,
    _build_users,
)
from bench.gen_rows import (  # noqa: E402
    _bulk_session,
    _create_indexes,
    _drop_indexes,
    _journal_heads,
    _sync_sequences,
)
from bench.import_bench import TEAMS  # noqa: E402

# What the benches import from here (the generation itself lives in bench/gen_*.py).
__all__ = [
    "CITIES",
    "NOW",
    "SEED",
    "TEAMS",
    "YEARS",
    "_create_indexes",
    "_drop_indexes",
    "_sync_sequences",
    "city_leader",
    "database_env",
    "database_info",
    "district_staff",
    "open_dataset",
    "percentile",
    "write_result",
]

# ---- the database the benchmarks run on ---------------------------------------------------------


def parse_size(argv: list[str] | None = None) -> str:
    return "small" if "--small" in (sys.argv[1:] if argv is None else argv) else "full"


def _setup_django() -> None:
    import django
    from django.conf import settings

    if not settings.configured or not getattr(_setup_django, "done", False):
        scratch = Path(tempfile.gettempdir()) / "lianxin-bench"
        scratch.mkdir(exist_ok=True)
        os.environ.setdefault("LIANXIN_VAR_DIR", str(scratch / "var"))
        django.setup()
        import logging

        logging.getLogger("lianxin").setLevel(logging.WARNING)
        _setup_django.done = True  # type: ignore[attr-defined]


def _point_at_test_db(size: str) -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        path = Path(tempfile.gettempdir()) / "lianxin-bench" / f"dataset-{size}.sqlite3"
        connection.settings_dict["TEST"]["NAME"] = str(path)
    else:
        connection.settings_dict["TEST"]["NAME"] = f"test_lianxin_bench_{size}"
    # The tables straight from the models (as pytest --nomigrations does): seconds instead of
    # replaying every migration; the one data migration (the categories) is seeded in generate().
    connection.settings_dict["TEST"]["MIGRATE"] = False


def open_dataset(size: str = "full", *, seed: int = SEED, build: bool = True) -> dict:
    """Point Django at the data set's database, building the data set first if it is missing.

    Returns what was generated (counts, load time) as recorded when it was built.
    """
    _setup_django()
    from django.db import connection

    _point_at_test_db(size)
    info = _existing(size, seed)
    if info is not None:
        return info  # built by an earlier bench of this run: no migrate, no check
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=True)
    info = _marker()
    if info and info.get("size") == size and info.get("seed") == seed and info.get("complete"):
        return info
    if not build:
        raise SystemExit("no data set: run bench/generate.py first")
    if info is not None or _has_cases():
        # A different or half-built data set: start from an empty database.
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
        _point_at_test_db(size)
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
    return generate(size, seed)


def _existing(size: str, seed: int) -> dict | None:
    """Use the data set's database directly if it holds a complete data set of this size and seed."""
    from django.conf import settings
    from django.db import DatabaseError, connection

    name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite" and not Path(name).exists():
        return None
    original = connection.settings_dict["NAME"]
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = name
    try:
        info = _marker()
    except DatabaseError:
        info = None
    if info and info.get("size") == size and info.get("seed") == seed and info.get("complete"):
        return info
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = original
    return None


def drop_dataset(size: str) -> None:
    _setup_django()
    from django.db import connection

    _point_at_test_db(size)
    name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        return
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=True)
    connection.creation.destroy_test_db(name, verbosity=0)


def _has_cases() -> bool:
    from lianxin.cases.models import Case

    return Case.objects.exists()


def _marker() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        if "bench_dataset" not in connection.introspection.table_names(cursor):
            return None
        cursor.execute("SELECT info FROM bench_dataset")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _write_marker(info: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_dataset (info TEXT NOT NULL)")
        cursor.execute("DELETE FROM bench_dataset")
        cursor.execute("INSERT INTO bench_dataset (info) VALUES (%s)", [json.dumps(info)])


def database_env() -> dict[str, str]:
    """Environment for a subprocess (gunicorn) to use the same database as this process."""
    from django.db import connection

    env = dict(os.environ)
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        env["LIANXIN_SQLITE"] = str(s["NAME"])
        env.pop("DATABASE_URL", None)
    else:
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        env["DATABASE_URL"] = f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    return env


def database_info() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "select sqlite_version()" if connection.vendor == "sqlite" else "show server_version"
        )
        version = str(cursor.fetchone()[0])
    return {"vendor": connection.vendor, "version": version}


def machine() -> dict:
    return {
        "node": platform.node(),
        "system": f"{platform.system()} {platform.release()}",
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def write_result(name: str, result: dict) -> Path:
    """bench/results/<name>_<database>[_small].json, with the machine and the date added."""
    from django.db import connection

    result = {"name": name, **result, "machine": machine(), "date": date.today().isoformat()}
    suffix = "_small" if result.get("size") == "small" else ""
    out = ROOT / "bench" / "results" / f"{name}_{connection.vendor}{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
    return out


# ---- users the benchmarks act as ----------------------------------------------------------------


def district_staff():
    """The staff member of the first district (五华区): the ledger's district scope."""
    from django.contrib.auth.models import User

    return User.objects.get(username="staff-YN-KM-01")


def city_leader():
    """The leader of the first city (昆明市): the cockpit's city scope."""
    from django.contrib.auth.models import User

    return User.objects.get(username="leader-YN-KM")


def generate(size: str, seed: int = SEED) -> dict:
    """Build the data set of `size` into the current database from one stream seeded with `seed`
    (the orgs draw from it first, then the cases); return what was built, as the marker records it."""
    from django.db import connection

    spec = SIZES[size]
    rng = random.Random(seed)
    started = time.perf_counter()
    print(f"generating the {size} data set on {connection.vendor}: {spec['enterprises']:,} "
          f"enterprises, {spec['cases']:,} cases…", flush=True)  # fmt: skip
    tree, users = _orgs_and_users(spec["enterprises"], rng)
    orgs_s = time.perf_counter() - started
    print(f"  {tree['count']:,} orgs and {len(users)} users in {orgs_s:.1f} s", flush=True)
    _bulk_session(connection)
    # Filling B-trees row by row in random key order is what a bulk load spends its time on:
    # the secondary indexes are dropped for the load and built again, sorted, at the end.
    dropped = _drop_indexes(["cases_case", "audit_event", "cases_feedback"])
    counts = _build_cases(spec["cases"], tree, users, rng)
    index_started = time.perf_counter()
    _create_indexes(dropped)
    print(f"  {len(dropped)} indexes rebuilt in {time.perf_counter() - index_started:.1f} s")
    _journal_heads()
    cases_s = time.perf_counter() - started - orgs_s
    _sync_sequences("cases_case")  # written with its ids; the journal and feedback were not
    search_s = _search_index()
    _analyze()
    seconds = time.perf_counter() - started
    info = {
        "size": size,
        "seed": seed,
        "complete": True,
        "orgs": tree["count"],
        "enterprises": len(tree["enterprises"]),
        "users": len(users),
        **counts,
        "orgs_seconds": round(orgs_s, 1),
        "cases_seconds": round(cases_s, 1),
        "search_index_seconds": round(search_s, 1),
        "seconds": round(seconds, 1),
        "database": database_info(),
    }
    _write_marker(info)
    print(
        f"  {counts['cases']:,} cases, {counts['events']:,} journal events, "
        f"{counts['feedback']:,} feedback in {cases_s:.1f} s (total {seconds:.1f} s)",
        flush=True,
    )
    return info


def _search_index() -> float:
    """The ledger's full-text index over the loaded cases, as `manage.py rebuild_search_index`
    builds it (the rows were written around the services that keep it in step)."""
    from lianxin.cases.search import rebuild_index

    started = time.perf_counter()
    done = rebuild_index()
    seconds = time.perf_counter() - started
    print(f"  search index of {done:,} cases built in {seconds:.1f} s", flush=True)
    return seconds


def _orgs_and_users(enterprises: int, rng: random.Random) -> tuple[dict, dict]:
    """The categories (as migration cases/0002 seeds them), the org tree and its users, in one
    transaction; the tree is the first thing drawn from `rng`."""
    from django.db import transaction

    with transaction.atomic():
        from lianxin.cases.models import Category
        from lianxin.cases.taxonomy import seed_categories

        seed_categories(Category)  # what migration cases/0002 does
        tree = _build_orgs(enterprises, rng)
        users = _build_users(tree)
    return tree, users


def _analyze() -> None:
    """After the load: statistics for the planner, and on PostgreSQL the visibility map too."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=NORMAL")
        # PostgreSQL's autovacuum would do this on its own; SQLite keeps statistics only when asked.
        # VACUUM sets PostgreSQL's visibility map, without which the ledger's covering indexes
        # could not be read alone (an index-only scan checks it), as they are in a live system.
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE) cases_case")
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="1,000 enterprises, 20,000 cases")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--drop", action="store_true", help="remove the data set's database")
    parser.add_argument("--fresh", action="store_true", help="rebuild even if it exists")
    args, _unknown = parser.parse_known_args()  # `python -m bench` passes its own arguments on
    size = "small" if args.small else "full"
    if args.drop or args.fresh:
        drop_dataset(size)
        if args.drop:
            print(f"dropped the {size} data set")
            return
    info = open_dataset(size, seed=args.seed)
    out = write_result("generate", {k: v for k, v in info.items() if k != "complete"})
    print(f"data set ready ({info['cases']:,} cases, {info['events']:,} events) → "
          f"{out.relative_to(ROOT)}")  # fmt: skip


if __name__ == "__main__":
    main()
