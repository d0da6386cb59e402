"""Run every benchmark (bench/*_bench.py) on SQLite, then on PostgreSQL, and print one table.

    python -m bench              # full size: 1,000,000 cases (make bench)
    python -m bench --small      # 20,000 cases: the CI smoke test (under 2 minutes)
    python -m bench --db sqlite  # one database only (sqlite | postgresql | both, the default)
    python -m bench --keep-data  # keep the generated data sets (temp folder) for another run

The data set is generated first (bench/generate.py) and shared by the benches that read it; each
bench then runs in its own process, in an order that keeps the read benches before the ones that
write (intake, the peer). PostgreSQL runs in a throwaway cluster (scripts/with_postgres.sh) and is
skipped, with a note, when no PostgreSQL server is installed. Every script writes
bench/results/<name>_<database>[_small].json; the table at the end is read from those files.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Read-only benches on the shared data set first, then the ones with data of their own, then
# the ones that write into the shared data set. Scripts not listed run after these, by name.
ORDER = [
    "ledger_bench.py",
    "journal_bench.py",
    "cockpit_bench.py",
    "insights_bench.py",
    "contests_bench.py",
    "import_bench.py",
    "subtree_bench.py",
    "intake_bench.py",
    "helpdesk_bench.py",
]


def scripts() -> list[Path]:
    found = {p.name: p for p in HERE.glob("*_bench.py")}
    ordered = [found.pop(name) for name in ORDER if name in found]
    return ordered + [found[name] for name in sorted(found)]


# Not run at --small: its size is fixed (101,111 orgs, ~20 s) and the plan it measures is asserted
# by lianxin/orgs/tests/test_subtree_plan.py in every test run anyway.
FULL_ONLY = {"subtree_bench.py"}
# Reads no database (its cases are in memory): run once, with the first database of the run.
ONCE = {"insights_bench.py"}
# Always on a fresh SQLite database of its own in a temp folder (bench/load_bench.py): once a run.
ONCE.add("load_bench.py")


def arguments(script: Path, passed: list[str]) -> list[str]:
    """What each script is given: `--small` and the rest as passed; the import bench has its own."""
    if script.name == "import_bench.py":
        return ["--rows", "1000"] if "--small" in passed else []
    return passed


def run_here(passed: list[str], vendor: str) -> tuple[int, dict]:
    """Every bench on the database this process is configured for (DATABASE_URL or SQLite)."""
    failures, seconds = 0, {}
    size = ["--small"] if "--small" in passed else []
    steps = [HERE / "generate.py", *scripts()]
    if size:
        steps = [step for step in steps if step.name not in FULL_ONLY]
    if "--after-sqlite" in passed:
        steps = [step for step in steps if step.name not in ONCE]
        passed = [arg for arg in passed if arg != "--after-sqlite"]
    for script in steps:
        print(f"== {script.name} ({vendor})", flush=True)
        started = time.perf_counter()
        args = arguments(script, passed)
        if script.name == "generate.py" and "--keep-data" not in passed:
            args = [*args, "--fresh"]  # never a data set left over from an earlier run
        code = subprocess.call([sys.executable, str(script), *args], cwd=ROOT)
        seconds[script.stem] = round(time.perf_counter() - started, 1)
        if code != 0:
            print(f"!! {script.name} failed ({code})", flush=True)
            failures += 1
            if script.name == "generate.py":
                break
    if "--keep-data" not in passed:
        subprocess.call([sys.executable, str(HERE / "generate.py"), "--drop", *size], cwd=ROOT)
        if vendor == "sqlite":
            peer = Path(tempfile.gettempdir()) / "lianxin-bench"
            for path in peer.glob(f"helpdesk-{'small' if size else 'full'}.sqlite3*"):
                path.unlink()
    return failures, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--keep-data", action="store_true")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    passed = [*(["--small"] if args.small else []), *(["--keep-data"] if args.keep_data else [])]
    passed += rest
    started = time.perf_counter()
    failures, timings = 0, {}
    if args.inner:  # inside scripts/with_postgres.sh
        failures, seconds = run_here(passed, "postgresql")
        (HERE / "results" / ".postgresql_timings.tmp").write_text(json.dumps(seconds))
        return 1 if failures else 0
    if args.db in ("sqlite", "both"):
        f, timings["sqlite"] = run_here(passed, "sqlite")
        failures += f
    if args.db in ("postgresql", "both"):
        code = subprocess.call(
            [str(ROOT / "scripts" / "with_postgres.sh"), sys.executable, "-m", "bench", "--inner",
             *passed, *(["--after-sqlite"] if args.db == "both" else [])],
            cwd=ROOT,
        )  # fmt: skip
        if code == 3:
            print("!! no PostgreSQL server installed: PostgreSQL skipped", flush=True)
        else:
            failures += code != 0
            tmp = HERE / "results" / ".postgresql_timings.tmp"
            if tmp.exists():
                timings["postgresql"] = json.loads(tmp.read_text())
                tmp.unlink()
    total = time.perf_counter() - started
    print(summary("small" if args.small else "full"))
    for vendor, seconds in timings.items():
        print(f"{vendor}: " + ", ".join(f"{k} {v:.0f} s" for k, v in seconds.items()))
    print(f"python -m bench{' --small' if args.small else ''}: {total / 60:.1f} minutes, "
          f"{failures} failure(s)")  # fmt: skip
    return 1 if failures else 0


# ---- the table ----------------------------------------------------------------------------------


def _load(name: str, vendor: str, size: str) -> dict | None:
    suffix = "_small" if size == "small" else ""
    path = HERE / "results" / f"{name}_{vendor}{suffix}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _verdict(ok) -> str:
    return "—" if ok is None else ("pass" if ok else "falls short")


def summary(size: str) -> str:
    """A Markdown table of the figures this run wrote (the benches of this helper's files)."""
    rows = ["| figure | database | value | target | verdict |", "|---|---|---|---|---|"]
    for vendor in ("sqlite", "postgresql"):
        label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[vendor]
        if gen := _load("generate", vendor, size):
            rows.append(f"| data set: {gen['cases']:,} cases, {gen['events']:,} events, "
                        f"{gen['orgs']:,} orgs | {label} | loaded in {gen['seconds']:.0f} s | — | — |")  # fmt: skip
        if led := _load("ledger", vendor, size):
            for kind in ("page", "api"):
                x = led[kind]
                rows.append(f"| ledger {kind}, district ({led['scope']['cases_in_scope']:,} cases) "
                            f"| {label} | p50 {x['p50_ms']:.0f} ms, p95 {x['p95_ms']:.0f} ms | "
                            f"p95 ≤ 50 ms | {_verdict(x['pass'])} |")  # fmt: skip
        if jr := _load("journal", vendor, size):
            for name, r in jr["runs"].items():
                ok = r["events_per_s"] >= jr["target_events_per_s"]
                what = r.get("command", f"verify_journal ({name})").removeprefix("manage.py ")
                rows.append(f"| {what} | {label} | {r['events_per_s']:,} "
                            f"events/s | ≥ 200,000/s | {_verdict(ok)} |")  # fmt: skip
        if it := _load("intake", vendor, size):
            rows.append(f"| intake POST /api/cases | {label} | {it['lianxin']['per_s']:.0f}/s "
                        f"(p95 {it['lianxin']['p95_ms']:.0f} ms) | — | — |")  # fmt: skip
            rows.append(f"| framework floor (bare view) | {label} | {it['floor']['per_s']:.0f}/s "
                        f"| — | — |")  # fmt: skip
            rows.append(f"| intake ÷ floor | {label} | {it['ratio_to_floor']:.0%} | ≥ 50 % | "
                        f"{_verdict(it['pass_floor'])} |")  # fmt: skip
        if hd := _load("helpdesk", vendor, size):
            c = hd["creation"]
            rows.append(f"| creation side by side: Lianxin / django-helpdesk | {label} | "
                        f"{c['lianxin']['per_s']:.0f}/s / {c['helpdesk']['per_s']:.0f}/s = "
                        f"{hd['ratio_creation_lianxin_to_helpdesk']}× | ≥ 2× | "
                        f"{_verdict(hd['pass_creation'])} |")  # fmt: skip
            for name, r in hd["list"].items():
                rows.append(f"| list over HTTP: {name} | {label} | p50 {r['p50_ms']:.0f} ms, "
                            f"p95 {r['p95_ms']:.0f} ms | — | — |")  # fmt: skip
        rows.extend(_others(vendor, label, size))
    return "\n".join(rows)


def _newest(pattern: str, vendor: str | None) -> dict | None:
    """The newest result file of another bench for this database (their names vary by size)."""
    best = None
    for path in (HERE / "results").glob(pattern):
        data = json.loads(path.read_text())
        db = data.get("database")
        db = db.get("vendor") if isinstance(db, dict) else db
        if vendor and db and db != vendor:
            continue
        if best is None or path.stat().st_mtime > best[0]:
            best = (path.stat().st_mtime, data, path.name)
    if best is None:
        return None
    return {**best[1], "_file": best[2]}


def _others(vendor: str, label: str, size: str) -> list[str]:
    """Rows for the benches other helpers own, read from their result files as they are."""
    rows: list[str] = []
    for row in (_cockpit, _contests, _import, _insights, _subtree, _members, _loopback):
        try:
            rows.extend(row(vendor, label, size))
        except (KeyError, TypeError, ValueError, AttributeError) as error:  # their format moved on
            rows.append(f"| {row.__name__[1:]}: result file not understood ({error}) | {label} "
                        "| — | — | — |")  # fmt: skip
    return rows


def _cockpit(vendor: str, label: str, size: str) -> list[str]:
    c = _load("cockpit", vendor, size) or _newest(f"cockpit_{vendor}_*.json", vendor)
    if not c or "render_ms" not in c:
        return []
    cases = (c.get("data") or {}).get("cases") or c.get("cases") or 0
    scope = (c.get("scope") or {}).get("org", "city")
    out = [f"| cockpit dashboard, {scope} ({int(cases):,} cases) | {label} | median "
           f"{c['render_ms']['median']:.0f} ms, max {c['render_ms']['max']:.0f} ms | ≤ 1 s | "
           f"{_verdict(c.get('pass', c['render_ms']['max'] <= 1000))} |"]  # fmt: skip
    if areas := c.get("areas"):  # the business areas' pages (issue 20), same run
        index, pages = areas["index_ms"], areas["pages_ms"]
        worst = max(pages, key=lambda k: pages[k]["median"])
        out.append(f"| cockpit areas index, {scope} ({areas['areas']} areas) | {label} | median "
                   f"{index['median']:.0f} ms | ≤ 1 s | {_verdict(index['median'] < 1000)} |")  # fmt: skip
        out.append(f"| cockpit area page, slowest ({worst}) | {label} | median "
                   f"{pages[worst]['median']:.0f} ms | ≤ 1 s | {_verdict(pages[worst]['median'] < 1000)} |")  # fmt: skip
    ask = c.get("ask_ms") or c.get("ask")
    if isinstance(ask, dict):
        p95 = ask.get("p95_ms") or ask.get("p95") or ask.get("max")
        out.append(f"| /api/ask, {scope} | {label} | p95 {float(p95):.0f} ms | ≤ 300 ms | "
                   f"{_verdict(float(p95) <= 300)} |")  # fmt: skip
    return out


def _contests(vendor: str, label: str, size: str) -> list[str]:
    c = _load("contests", vendor, size) or _newest(f"contests_{vendor}_*.json", vendor)
    if not c or "score_to_standings_ms" not in c:
        return []
    x, n = c["score_to_standings_ms"], f"{int(c.get('entries', 0)):,} entries"
    rows = [f"| contest: whole score → standings ({n}) | {label} | median {x['median']:.0f} ms, "
            f"p95 {x['p95']:.0f} ms | ≤ 20 ms | {_verdict(x['median'] <= 20)} |"]  # fmt: skip
    if "standings_update_ms" in c:
        u = c["standings_update_ms"]
        rows.insert(0, f"| contest standings update + read ({n}) | {label} | median "
                       f"{u['median']:.1f} ms, p95 {u['p95']:.1f} ms | ≤ 20 ms | "
                       f"{_verdict(u['median'] <= 20)} |")  # fmt: skip
    return rows


def _import(vendor: str, label: str, size: str) -> list[str]:
    c = _load("import", vendor, size) or _newest("import_*.json", vendor)
    if not c or "rows_per_s" not in c:
        return []
    ok = c["seconds"] <= 60 if c["rows"] >= 100_000 else None
    return [f"| Excel import, {c['rows']:,} rows | {label} | {c['seconds']:.0f} s "
            f"({c['rows_per_s']:.0f} rows/s) | 100,000 rows ≤ 60 s | {_verdict(ok)} |"]  # fmt: skip


def _insights(vendor: str, label: str, size: str) -> list[str]:
    c = _load("insights", vendor, size) or (
        _newest("insights_*.json", None) if vendor == "sqlite" else None
    )
    if not c or "classify" not in c:
        return []
    k = c["classify"]
    return [f"| classification ({int(k['texts']):,} texts) | {label} | "
            f"{int(k['batch_per_second']):,}/s in batch, {int(k['one_by_one_per_second']):,}/s "
            f"one by one | — | — |"]  # fmt: skip


def _subtree(vendor: str, label: str, size: str) -> list[str]:
    c = _newest(f"subtree_{vendor}.json", vendor)
    if not c or "p95_ms" not in c:
        return []
    return [f"| org subtree of a district ({c['orgs']:,} orgs) | {label} | median "
            f"{c['median_ms']:.1f} ms, p95 {c['p95_ms']:.1f} ms | — | — |"]  # fmt: skip


def _members(vendor: str, label: str, size: str) -> list[str]:
    """bench/members_bench.py: each members figure beside the ledger's from the same run."""
    c = _load("members", vendor, size)
    if not c or "lookup" not in c:
        return []
    n, lk, pg, rt, ro = c["members"]["persons"], c["lookup"], c["registry"], c["rates"], c["roster"]
    p, k = lk["person_by_id_number"], lk["case_by_number"]
    m, led, r = pg["members_page"], pg["ledger_page"], rt["membership_rate_by_city"]
    ok = ro["seconds"] <= 60 if ro["rows"] >= 100_000 else None
    return [
        f"| member look-up by ID number ({n:,} persons) [case by number] | {label} | p95 "
        f"{p['p95_ms']:.1f} ms [{k['p95_ms']:.1f} ms] | ≤ 5 ms | {_verdict(lk['pass'])} |",
        f"| registry page, city ({n:,} persons) [ledger page, city] | {label} | p95 "
        f"{m['p95_ms']:.0f} ms [{led['p95_ms']:.0f} ms] | ≤ 150 ms | {_verdict(pg['pass'])} |",
        f"| 入会率 of the province by city [三率 by city] | {label} | max {r['max_ms']:.0f} ms "
        f"[{rt['case_rates_by_city']['max_ms']:.0f} ms] | ≤ 1 s | {_verdict(rt['pass'])} |",
        f"| roster import, {ro['rows']:,} rows in {ro['files']} files | {label} | "
        f"{ro['seconds']:.0f} s ({ro['rows_per_s']:.0f} rows/s) | 100,000 rows ≤ 60 s | "
        f"{_verdict(ok)} |",
    ]  # fmt: skip


def _loopback(vendor: str, label: str, size: str) -> list[str]:
    """bench/load_bench.py: the bounded load on SQLite, its checks the verdict (not its speed)."""
    c = _load("load", vendor, size)
    if not c or "kinds" not in c:
        return []
    k = c["kinds"]
    each = ", ".join(f"{n} p95 {k[n]['p95_ms']:.0f} ms" for n in ("submit", "ledger_page", "accept")
                     if n in k)  # fmt: skip
    return [f"| loopback load, {c['load'].split(',')[0]}, {c['seconds']:.0f} s: "
            f"{c['submissions']['acknowledged']:,} submissions, {c['moves']['acknowledged']:,} moves "
            f"| {label} | {c['per_s']:.0f} requests/s; {each} | exactly once, no 5xx, journal "
            f"verifies | {_verdict(c['pass'])} |"]  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
