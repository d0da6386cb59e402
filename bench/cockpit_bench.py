"""Cockpit benchmark: the city leader's dashboard page (驾驶舱) over the shared data set.

    python bench/cockpit_bench.py            # the full data set: 1,000,000 cases over three years
    python bench/cockpit_bench.py --small    # the small one: 20,000 cases
    scripts/with_postgres.sh .venv/bin/python bench/cockpit_bench.py

The data set is bench/generate.py's (a province of 10 cities; built once per `python -m bench`
run and shared by the benchmarks). The user is the leader of the first city (昆明市), the
cockpit's city scope. The page measured is GET /cockpit/ — this year, compared with the same days
of last year; the 12-month trend; breakdowns by category, channel and district; the overdue list —
through Django's test client (middleware, session, the queries, Python and the template),
`--repeat` times after one warm-up; the other periods (this month, this quarter, the last 12
months) are timed too. Target: under 1 s.

Then `POST /api/ask` (智能问数) as the same leader with a Bearer token, over the questions in
ASK_QUESTIONS (counts, rates, breakdowns by district and category, a month's trend, an org by
name), each `--repeat` times after one warm-up: p50 and p95 over all of them. Target: ≤ 300 ms.
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

from bench.generate import NOW, city_leader, database_info, open_dataset, write_result  # noqa: E402

TARGET_MS = 1000.0
ASK_TARGET_MS = 300.0
# What a city's leader asks (all understood by lianxin.cockpit.ask; checked below).
ASK_QUESTIONS = (
    "今年的诉求量是多少",
    "今年的办结率是多少",
    "今年各区的解决率",
    "按类别统计今年的诉求量",
    "本月满意度怎么样",
    "今年紧急诉求有多少件",
    "五华区今年的诉求量",
    "今年超期未办结的诉求有多少",
)
STATIC_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"
PERIODS = ("month", "quarter", "12m")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args, _unknown = parser.parse_known_args()  # `python -m bench` passes its arguments to all
    size = "small" if args.small else "full"
    info = open_dataset(size)
    from django.conf import settings
    from django.test.utils import override_settings

    # Static URLs without collectstatic's manifest: the page is measured, not the asset pipeline.
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_BACKEND}}
    with override_settings(STORAGES=plain):
        report = run(args.repeat)
        report["ask"] = run_ask(args.repeat)
    report.update(size=size, data={k: info.get(k) for k in ("cases", "orgs")})
    out = write_result("cockpit", report)
    print(
        f"cockpit dashboard for {report['scope']['org']} ({report['scope']['cases']:,} of "
        f"{report['data']['cases'] or 0:,} cases) on {report['database']['vendor']}: median "
        f"{report['render_ms']['median']:.0f} ms, max {report['render_ms']['max']:.0f} ms "
        f"(target < {TARGET_MS:.0f} ms) → {out.relative_to(ROOT)}"
    )
    ask = report["ask"]
    print(
        f"/api/ask for the same leader, {len(ASK_QUESTIONS)} questions: p50 {ask['p50_ms']:.0f} ms, "
        f"p95 {ask['p95_ms']:.0f} ms (target ≤ {ASK_TARGET_MS:.0f} ms: "
        f"{'pass' if ask['pass'] else 'falls short'})"
    )


def run(repeat: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lianxin.cases.metrics import Scope, case_count
    from lianxin.cockpit import selectors
    from lianxin.core import clock

    leader = city_leader()
    city = selectors.scope_org(leader)
    assert city is not None
    client = Client()
    client.force_login(leader)

    def render(url: str = "/cockpit/") -> float:
        started = time.perf_counter()
        with clock.frozen_at(NOW):  # the data set's "now": its periods stay what they were
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        return (time.perf_counter() - started) * 1000

    render()  # warm-up: the first connection, caches, template loading
    timings = [render() for _ in range(repeat)]
    periods = {
        key: round(statistics.median(render(f"/cockpit/?period={key}") for _ in range(3)), 1)
        for key in PERIODS
    }
    with CaptureQueriesContext(connection) as queries, clock.frozen_at(NOW):
        client.get("/cockpit/")
    figures = _figures(leader, city)
    median = statistics.median(timings)
    return {
        "database": database_info(),
        "scope": {"org": city.name, "cases": case_count(Scope(org=city))},
        "render_ms": {
            "median": round(median, 1),
            "min": round(min(timings), 1),
            "max": round(max(timings), 1),
            "all": [round(t, 1) for t in timings],
        },
        "other_periods_median_ms": periods,
        "target_ms": TARGET_MS,
        "pass": median < TARGET_MS,
        "queries": len(queries),
        "figures": figures,
    }


def _figures(leader, city) -> dict:
    """What the page showed, as a check on what was timed: the year's dashboard at the data set's
    "now" (cases this period and the last, resolution rate, overdue)."""
    from lianxin.cockpit import selectors

    period = selectors.dashboard_period("year", selectors.today(NOW))
    board = selectors.dashboard(user=leader, org=city, period=period, now=NOW)
    return {
        "period": f"{board.period.start} – {board.period.end}",
        "cases_in_period": board.current.case_count,
        "cases_in_previous_period": board.previous.case_count,
        "resolution_rate": str(board.current.resolution_rate),
        "overdue": board.current.overdue_count,
    }


def run_ask(repeat: int) -> dict:
    from django.test import Client

    from bench.generate import percentile
    from lianxin.api.services import create_token
    from lianxin.core import clock

    leader = city_leader()
    token = create_token(actor=None, user=leader, name="cockpit bench").token
    client = Client(headers={"authorization": f"Bearer {token}"})

    def ask(question: str) -> tuple[float, dict]:
        started = time.perf_counter()
        with clock.frozen_at(NOW):
            response = client.post(
                "/api/ask", {"question": question}, content_type="application/json"
            )
        assert response.status_code == 200, (question, response.status_code)
        return (time.perf_counter() - started) * 1000, response.json()

    timings, per_question = [], {}
    for question in ASK_QUESTIONS:
        _ms, answer = ask(question)  # warm-up, and a check that it was understood
        assert answer["understood"], (question, answer["text"])
        times = [ask(question)[0] for _ in range(repeat)]
        timings.extend(times)
        per_question[question] = {
            "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
            "answer": answer["answer"],
        }
    p95 = percentile(timings, 95)
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(p95, 1),
        "requests": len(timings),
        "target_ms": ASK_TARGET_MS,
        "pass": p95 <= ASK_TARGET_MS,
        "questions": per_question,
    }


if __name__ == "__main__":
    main()
