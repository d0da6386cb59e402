"""Ledger benchmark: the 问题台账 page and the ledger API for a district's staff, with filters.

    python bench/ledger_bench.py            # over the full data set (1,000,000 cases)
    python bench/ledger_bench.py --small    # over the small one (20,000 cases)
    scripts/with_postgres.sh .venv/bin/python bench/ledger_bench.py

The district is 五华区 (one of 50 districts: about 2 % of the province's cases). Each filter below is
requested through Django's test client — the whole stack: middleware, session, the view or the API
handler, the queries (scope, filter, the counts above the table, one page of 25) and the template
or the JSON — `--repeat` times after one warm-up; p50 and p95 are over all requests of a kind.
The plans of the list and count queries are saved beside the figures.
Target: p95 ≤ 50 ms at 1,000,000 cases, for the page and for the API, on SQLite and PostgreSQL.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from bench.generate import (  # noqa: E402
    database_info,
    district_staff,
    open_dataset,
    percentile,
    write_result,
)

TARGET_P95_MS = 50.0
STATIC_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"
# The filters whose query plans are saved beside the figures.
EXPLAINED = ("all", "overdue", "street", "text_search", "text_search_synonym")


def filters(district_code: str) -> dict[str, dict[str, str]]:
    """What a district's staff filter the ledger by, from the plain list to a text search."""
    return {
        "all": {},
        "open_in_progress": {"status": "in_progress"},
        "overdue": {"overdue": "1"},
        "category_quarter": {
            "category": "wages",
            "date_from": "2026-07-01",
            "date_to": "2026-09-30",
        },
        "street": {"org": f"{district_code}-2"},
        "registered_oldest_deadline": {"status": "registered", "sort": "resolution_due"},
        "hotline_urgent": {"channel": "hotline", "urgency": "urgent"},
        "text_search": {"q": "空调"},
        "text_search_synonym": {"q": "欠薪"},  # the wage category's synonym: its cases are found
        "page_5": {"page": "5"},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--repeat", type=int, default=None)
    args, _unknown = parser.parse_known_args()
    size = "small" if args.small else "full"
    repeat = args.repeat or (3 if args.small else 15)
    info = open_dataset(size)

    from django.conf import settings
    from django.test.utils import override_settings

    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_BACKEND}}
    with override_settings(STORAGES=plain):
        report = run(info, repeat)
    report["size"] = size
    out = write_result("ledger", report)
    for kind in ("page", "api"):
        r = report[kind]
        print(f"ledger {kind} over {info['cases']:,} cases on "
              f"{report['database']['vendor']}: p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms "
              f"(target ≤ {TARGET_P95_MS:.0f} ms: {'pass' if r['pass'] else 'falls short'})")  # fmt: skip
    print(f"→ {out.relative_to(ROOT)}")


def run(info: dict, repeat: int) -> dict:
    from lianxin.api.services import create_token
    from lianxin.cases.selectors import case_list

    user = district_staff()
    district = user.org_roles.get().org
    token = create_token(actor=None, user=user, name="ledger bench").token
    cases_in_scope = case_list(user=user).count()
    results, timings = _time_filters(user, token, district.code, repeat)
    plans = {name: _plans(user, filters(district.code)[name]) for name in EXPLAINED}
    report: dict = {
        "database": database_info(),
        "data": {k: info[k] for k in ("cases", "events", "orgs", "enterprises")},
        "scope": {"district": district.name, "cases_in_scope": cases_in_scope},
        "repeat": repeat,
        "target_p95_ms": TARGET_P95_MS,
    }
    for kind in ("page", "api"):
        report[kind] = {
            "p50_ms": round(statistics.median(timings[kind]), 2),
            "median_ms": round(statistics.median(timings[kind]), 2),
            "p95_ms": round(percentile(timings[kind], 95), 2),
            "requests": len(timings[kind]),
            "pass": percentile(timings[kind], 95) <= TARGET_P95_MS,
            "filters": results[kind],
        }
    report["median_ms"], report["p95_ms"] = report["page"]["median_ms"], report["page"]["p95_ms"]
    report["pass"] = report["page"]["pass"] and report["api"]["pass"]
    report["plans"] = plans
    return report


def _time_filters(user, token: str, district_code: str, repeat: int) -> tuple[dict, dict]:
    """Every filter on the page (signed in) and on the API (Bearer token), in turn: per filter
    and kind its figures, and per kind every request's time in ms."""
    from django.test import Client

    page_client = Client()
    page_client.force_login(user)
    api_client = Client(headers={"authorization": f"Bearer {token}"})
    results: dict = {"page": {}, "api": {}}
    timings: dict[str, list[float]] = {"page": [], "api": []}
    for name, params in filters(district_code).items():
        for kind, client, url in (
            ("page", page_client, "/cases/"),
            ("api", api_client, "/api/cases"),
        ):
            times, results[kind][name] = _time_one(client, url, params, repeat, kind, name)
            timings[kind].extend(times)
    return results, timings


def _time_one(client, url: str, params: dict, repeat: int, kind: str, name: str) -> tuple:
    """One filter on one client: a warm-up that must answer 200, one request whose queries are
    counted, then `repeat` timed requests; returns the times (ms) and the filter's figures."""
    from django.db import connection

    response = client.get(url, params)  # warm-up (and a check that it answers)
    assert response.status_code == 200, (kind, name, response.status_code)
    queries: list[str] = []
    with connection.execute_wrapper(lambda run, sql, *a, q=queries: q.append(sql) or run(sql, *a)):
        client.get(url, params)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
    return times, {
        "params": params,
        "median_ms": round(statistics.median(times), 2),
        "max_ms": round(max(times), 2),
        "queries": len(queries),
        "rows": response.json()["count"] if kind == "api" else None,
    }


def _plans(user, params: dict) -> dict:
    """The plans of what the page runs for these filters: per part of the scope, its count; the
    parts' ids united for a page."""
    from lianxin.cases.filters import CaseFilterForm
    from lianxin.cases.selectors import ledger_rows
    from lianxin.orgs.permissions import visible_orgs

    form = CaseFilterForm(params, visible_orgs=visible_orgs(user))
    form.is_valid()
    # What the page runs: per part of the scope, its count; the parts' ids united for a page.
    rows = ledger_rows(user=user, filters=form.to_filter())
    sort_keys = dict.fromkeys(key.lstrip("-") for key in rows.order)
    keys = [part.values_list("pk", *sort_keys) for part in rows.parts]
    united = keys[0].union(*keys[1:], all=True) if len(keys) > 1 else keys[0]
    return {
        "page": _explain(united.order_by(*rows.order)[:25]),
        "count": [_explain_count(part) for part in rows.parts],
    }


def _explain(qs) -> str:
    from django.db import connection

    return qs.explain(analyze=True) if connection.vendor == "postgresql" else qs.explain()


def _explain_count(qs) -> str:
    """The plan of the query behind the counts above the table (what `ledger_counts` runs)."""
    from django.db import connection

    sql, params = qs.order_by().values("id").query.sql_with_params()
    prefix = "EXPLAIN ANALYZE" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    with connection.cursor() as cursor:
        cursor.execute(f"{prefix} SELECT COUNT(*) FROM ({sql}) AS sub", params)
        rows = cursor.fetchall()
    return "\n".join(" ".join(str(c) for c in row) for row in rows)


if __name__ == "__main__":
    main()
