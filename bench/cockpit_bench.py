"""Cockpit benchmark: the city leader's dashboard page over a generated ledger of N cases.

    python bench/cockpit_bench.py                 # 1,000,000 cases (SQLite in a temporary file)
    python bench/cockpit_bench.py --small         # 20,000 cases, for a quick run
    python bench/cockpit_bench.py --cases 200000
    scripts/with_postgres.sh .venv/bin/python bench/cockpit_bench.py   # on PostgreSQL

A city federation → 10 districts → 10 streets each → 20 enterprises each (2,111 orgs) is bulk-
generated, then N cases arising in its enterprises, registered evenly from 1 Jan 2024 to "now"
(20 Nov 2026, Beijing): a realistic spread of states, channels, categories, deadlines and ratings
(lianxin/cockpit/tests/builders.py). The page measured is GET /cockpit/ (this year, compared with
the same days of last year; 12-month trend; breakdowns; overdue list) rendered through Django's
test client for the city's leader — queries, Python and template — timed over several renders
after one warm-up; the other periods (this month, this quarter, the last 12 months) are timed too. It runs on a throwaway database (Django's test-database machinery), never on
your data, and writes bench/results/cockpit_<database>_<N>.json.
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.settings")

STATIC_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"
SHAPE = [("federation", 10), ("union", 10), ("enterprise", 20)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--small", action="store_true", help="20,000 cases")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args, _unknown = parser.parse_known_args()  # `python -m bench` passes its own arguments on
    n = 20_000 if args.small else args.cases
    scratch = Path(tempfile.mkdtemp(prefix="lianxin-bench-"))
    os.environ.setdefault("LIANXIN_VAR_DIR", str(scratch))

    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(scratch / "bench.sqlite3")
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    from django.conf import settings
    from django.test.utils import override_settings

    # Static URLs without collectstatic's manifest (the page is measured, not the asset pipeline).
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_BACKEND}}
    try:
        with override_settings(STORAGES=plain):
            report = run(n, args.repeat, args.seed)
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    report["machine"] = machine()
    out = ROOT / "bench" / "results" / f"cockpit_{report['database']['vendor']}_{n}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(
        f"dashboard over {n} cases on {report['database']['vendor']}: median "
        f"{report['render_ms']['median']:.0f} ms, max {report['render_ms']['max']:.0f} ms "
        f"(target < 1000 ms) → {out.relative_to(ROOT)}"
    )


def run(n: int, repeat: int, seed: int) -> dict:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lianxin.cases.deadlines import BEIJING
    from lianxin.cockpit import selectors
    from lianxin.cockpit.tests.builders import bulk_cases
    from lianxin.core import clock
    from lianxin.orgs.generate import bulk_generate
    from lianxin.orgs.models import Org, OrgKind
    from lianxin.orgs.services import create_org, grant_role

    now = datetime(2026, 11, 20, 12, tzinfo=BEIJING)
    city = create_org(actor=None, code="BC", name="基准市总工会", kind=OrgKind.FEDERATION)
    started = time.perf_counter()
    orgs = bulk_generate(city, SHAPE)
    enterprises = list(Org.objects.filter(kind=OrgKind.ENTERPRISE))
    written = bulk_cases(
        orgs=enterprises,
        n=n,
        start=datetime(2024, 1, 1, tzinfo=BEIJING),
        end=now,
        now=now,
        rng=random.Random(seed),
    )
    load_s = time.perf_counter() - started
    print(
        f"generated {orgs + 1} orgs and {written} cases in {load_s:.0f} s; measuring…", flush=True
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    leader = User.objects.create_user("bench-leader", password="x")
    grant_role(actor=None, user=leader, org=city, role="leader")
    client = Client(SERVER_NAME="localhost")  # an ALLOWED_HOSTS name
    client.force_login(leader)

    def render(url: str = "/cockpit/") -> float:
        t = time.perf_counter()
        with clock.frozen_at(now):
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        return (time.perf_counter() - t) * 1000

    render()  # warm-up: caches, the first connection, template loading
    timings = [render() for _ in range(repeat)]
    other_periods = {
        key: round(statistics.median(render(f"/cockpit/?period={key}") for _ in range(3)), 1)
        for key in ("month", "quarter", "12m")
    }
    with CaptureQueriesContext(connection) as queries, clock.frozen_at(now):
        client.get("/cockpit/")
    period = selectors.dashboard_period("year", selectors.today(now))
    t = time.perf_counter()
    board = selectors.dashboard(user=leader, org=city, period=period, now=now)
    selector_ms = (time.perf_counter() - t) * 1000
    return {
        "name": "cockpit",
        "cases": written,
        "orgs": orgs + 1,
        "load_seconds": round(load_s, 1),
        "render_ms": {
            "median": round(statistics.median(timings), 1),
            "min": round(min(timings), 1),
            "max": round(max(timings), 1),
            "all": [round(x, 1) for x in timings],
        },
        "other_periods_median_ms": other_periods,
        "selector_ms": round(selector_ms, 1),
        "queries": len(queries),
        "figures": {
            "period": f"{period.start} – {period.end}",
            "cases_in_period": board.current.case_count,
            "cases_in_previous_period": board.previous.case_count,
            "resolution_rate": str(board.current.resolution_rate),
            "overdue": board.current.overdue_count,
        },
        "database": {"vendor": connection.vendor, "version": db_version(connection)},
        "date": datetime.now().date().isoformat(),
    }


def db_version(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "select sqlite_version()" if connection.vendor == "sqlite" else "show server_version"
        )
        return str(cursor.fetchone()[0])


def machine() -> dict:
    return {
        "node": platform.node(),
        "system": f"{platform.system()} {platform.release()}",
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


if __name__ == "__main__":
    main()
