"""The peer: django-helpdesk 2.6.1 beside Lianxin, same machine, same database, same run.

    python bench/helpdesk_bench.py            # 1,000,000 tickets beside the full data set
    python bench/helpdesk_bench.py --small    # 20,000 tickets beside the small data set
    scripts/with_postgres.sh .venv/bin/python bench/helpdesk_bench.py

django-helpdesk is installed from PyPI into its own virtualenv (bench/.helpdesk-venv, made here on
the first run) and set up in a bare project (bench/helpdesk_project/) on the same database engine
as Lianxin (a SQLite file beside Lianxin's, or a database of the same PostgreSQL server), filled
with as many tickets as Lianxin's data set holds cases (same texts, a queue per district, each
ticket with its opening follow-up). Both are served by gunicorn (2 sync workers) on 127.0.0.1.

- Creation over HTTP, side by side and loaded in turns: the same number of requests from the same
  load generator (bench/intake_bench.py: 4 threads) — Lianxin `POST /api/cases` (Bearer token), as
  it is, and helpdesk `POST /helpdesk/api/tickets/`
  (its REST API, DRF token). Target: Lianxin ≥ 2× helpdesk.
- The list at the same volume, one request at a time: Lianxin's ledger page `/cases/` and API
  `/api/cases` for a district's staff (~2 % of the cases), and helpdesk's ticket list as a browser
  loads it — the page `/helpdesk/tickets/` and the rows it fetches from
  `/helpdesk/datatables_ticket_list/<query>` — for its default query (open tickets) and for one
  district's queue (~2 % of the tickets, like Lianxin's district scope).
Ratios are Lianxin/helpdesk for throughput and helpdesk/Lianxin for time (above 1: Lianxin faster).
"""

import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import (  # noqa: E402
    database_env,
    database_info,
    district_staff,
    open_dataset,
    percentile,
    write_result,
)
from bench.import_bench import CONCERNS  # noqa: E402
from bench.intake_bench import Server, case_bodies, interleaved, load, request  # noqa: E402

VENV = ROOT / "bench" / ".helpdesk-venv"
PROJECT = ROOT / "bench" / "helpdesk_project"
REQUIREMENTS = [
    "django-helpdesk==2.6.1",
    "Django>=5.2,<5.3",
    "gunicorn>=23,<24",
    "psycopg[binary]>=3.2,<3.4",
]
TARGET_CREATION_RATIO = 2.0


def ensure_venv() -> Path:
    """bench/.helpdesk-venv with django-helpdesk from PyPI (installed once, ~30 s)."""
    python = VENV / "bin" / "python"
    ok = python.exists() and subprocess.call(
        [str(python), "-c", "import helpdesk, gunicorn, psycopg, rest_framework"],
        stderr=subprocess.DEVNULL,
    ) == 0  # fmt: skip
    if not ok:
        print("installing django-helpdesk 2.6.1 into bench/.helpdesk-venv…", flush=True)
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
        subprocess.check_call([str(python), "-m", "pip", "install", "-q", *REQUIREMENTS])
    return python


def helpdesk_env(size: str) -> dict[str, str]:
    """The peer's database: same engine (and PostgreSQL server) as Lianxin's, a database of its own."""
    from django.db import connection

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(PROJECT),
        "DJANGO_SETTINGS_MODULE": "hdproject.settings",
    }
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        env["HD_DB_ENGINE"] = "sqlite"
        env["HD_DB_NAME"] = str(Path(s["NAME"]).with_name(f"helpdesk-{size}.sqlite3"))
    else:
        env.update(
            HD_DB_ENGINE="postgresql", HD_DB_NAME=f"test_helpdesk_bench_{size}",
            HD_DB_HOST=str(s["HOST"]), HD_DB_PORT=str(s["PORT"]), HD_DB_USER=str(s["USER"]),
            HD_DB_PASSWORD=str(s.get("PASSWORD") or ""),
        )  # fmt: skip
    return env


def ticket_bodies(n: int, queue: int, seed: int) -> list[bytes]:
    """The same texts as Lianxin's registrations, as helpdesk tickets."""
    import random

    rng = random.Random(seed)
    bodies = []
    for i in range(n):
        _category, title, text = rng.choice(CONCERNS)
        k = rng.randrange(2, 9)
        bodies.append(
            json.dumps(
                {
                    "queue": queue,
                    "title": title,
                    "description": text.format(team="生产一班", months=k, n=k),
                    "submitter_email": f"worker{seed}-{i}@example.cn",
                    "priority": 3,
                },
                ensure_ascii=False,
            ).encode()
        )
    return bodies


def timed_gets(targets: list[tuple], repeat: int) -> dict[str, dict]:
    """One request at a time, the targets in turn, after one warm-up each: p50/p95 in ms.

    targets: (name, port, path, headers).
    """
    times: dict[str, list[float]] = {name: [] for name, *_rest in targets}
    sizes = {}
    for name, port, path, headers in targets:
        status, body = request("GET", port, path, headers=headers)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
        sizes[name] = len(body)
    for _ in range(repeat):
        for name, port, path, headers in targets:
            started = time.perf_counter()
            status, _body = request("GET", port, path, headers=headers)
            times[name].append((time.perf_counter() - started) * 1000)
            assert status == 200, (path, status)
    return {
        name: {
            "path": path,
            "requests": repeat,
            "p50_ms": round(statistics.median(times[name]), 1),
            "median_ms": round(statistics.median(times[name]), 1),
            "p95_ms": round(percentile(times[name], 95), 1),
            "bytes": sizes[name],
        }
        for name, _port, path, _headers in targets
    }


def datatables_path(query: dict) -> str:
    encoded = base64.b64encode(json.dumps(query).encode()).decode("ascii")
    return f"/helpdesk/datatables_ticket_list/{encoded}?draw=1&start=0&length=25"


def lianxin_session(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--requests", type=int, default=None)
    args, _unknown = parser.parse_known_args()
    size = "small" if args.small else "full"
    n = args.requests or (60 if args.small else 1000)
    repeat = 8 if args.small else 15
    python = ensure_venv()
    info = open_dataset(size)
    hd_env, peer = prepare_peer(python, size, info["cases"])
    lianxin = lianxin_side()
    report = measure(lianxin, hd_env, peer, n, repeat)
    report.update(summary(report, info, peer, size))
    finish(report)


def prepare_peer(python: Path, size: str, tickets: int) -> tuple[dict, dict]:
    """The peer's environment and what its loader reports (database, tickets, queue, token,
    session) once it holds `tickets` tickets: as many as Lianxin's data set has cases."""
    hd_env = helpdesk_env(size)
    started = time.perf_counter()
    out = subprocess.run(
        [str(python), str(PROJECT / "load.py"), "--tickets", str(tickets)],
        env=hd_env, cwd=str(PROJECT), check=True, capture_output=True, text=True,
    )  # fmt: skip
    peer = json.loads(out.stdout.strip().splitlines()[-1])
    hd_env["HD_DB_NAME"] = peer["database"]
    prepare_s = time.perf_counter() - started
    print(f"helpdesk: {peer['tickets']:,} tickets ready ({prepare_s:.0f} s)", flush=True)
    return hd_env, peer


def lianxin_side() -> dict:
    """Lianxin as the district's staff member uses it: a Bearer token and a signed-in session, the
    district's enterprise and team codes to register cases for, and gunicorn's environment."""
    from lianxin.api.services import create_token
    from lianxin.orgs.models import Org, OrgKind

    user = district_staff()
    district = user.org_roles.get().org
    token = create_token(actor=None, user=user, name="helpdesk bench").token
    codes = list(
        Org.objects.subtree_of(district)
        .filter(kind__in=[OrgKind.ENTERPRISE, OrgKind.TEAM])
        .values_list("code", flat=True)
    )
    env = {**database_env(), "PYTHONPATH": str(ROOT)}
    env["DJANGO_SETTINGS_MODULE"] = "bench.floor.plain_static"
    return {
        "codes": codes,
        "env": env,
        "auth": {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        "cookie": {"Cookie": f"sessionid={lianxin_session(user)}"},
    }


def measure(lianxin: dict, hd_env: dict, peer: dict, n: int, repeat: int) -> dict:
    """Both served by gunicorn at once: creation (`n` requests each, loaded in turns after a
    warm-up), then the lists, one request at a time, `repeat` times each."""
    lx_gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    hd_gunicorn = str(VENV / "bin" / "gunicorn")
    hd_auth = {"Authorization": f"Token {peer['token']}", "Content-Type": "application/json"}
    hd_cookie = {"Cookie": f"sessionid={peer['session']}"}
    with (
        Server(lx_gunicorn, "lianxin.wsgi:application", lianxin["env"], ROOT) as lx,
        Server(hd_gunicorn, "hdproject.wsgi:application", hd_env, PROJECT) as hd,
    ):
        creation = measure_creation(lx.port, hd.port, lianxin, peer["queue"], hd_auth, n)
        lists = measure_lists(lx.port, hd.port, lianxin, peer["queue"], hd_cookie, repeat)
    return {"creation": creation, "list": lists}


def measure_creation(lx_port: int, hd_port: int, lianxin: dict, queue: int, hd_auth: dict,
                     n: int) -> dict:  # fmt: skip
    """Creation, one after the other under the same conditions: 20 warm-up requests each, then
    `n` each, interleaved."""
    warm, lx_auth, codes = 20, lianxin["auth"], lianxin["codes"]
    load(lx_port, "/api/cases", case_bodies(warm, codes, 11), lx_auth)
    load(hd_port, "/helpdesk/api/tickets/", ticket_bodies(warm, queue, 11), hd_auth)
    return interleaved(
        [
            ("lianxin", lx_port, "/api/cases", case_bodies(n, codes, 12), lx_auth),
            ("helpdesk", hd_port, "/helpdesk/api/tickets/",
             ticket_bodies(n, queue, 12), hd_auth),
        ]
    )  # fmt: skip


def measure_lists(lx_port: int, hd_port: int, lianxin: dict, queue: int, hd_cookie: dict,
                  repeat: int) -> dict:  # fmt: skip
    """The list, one request at a time: Lianxin's page and API, helpdesk's page and the rows it
    fetches for its default query (open tickets) and for the district's queue."""
    default = {"filtering": {"status__in": [1, 2]}, "sorting": "created",
               "search_string": "", "sortreverse": False}  # fmt: skip
    district_q = {"filtering": {"queue__id__in": [queue]}, "sorting": "created",
                  "search_string": "", "sortreverse": True}  # fmt: skip
    return timed_gets(
        [
            ("lianxin_page", lx_port, "/cases/", lianxin["cookie"]),
            ("lianxin_api", lx_port, "/api/cases", lianxin["auth"]),
            ("helpdesk_page", hd_port, "/helpdesk/tickets/", hd_cookie),
            ("helpdesk_rows_open", hd_port, datatables_path(default), hd_cookie),
            ("helpdesk_rows_queue", hd_port, datatables_path(district_q), hd_cookie),
        ],
        repeat,
    )


def summary(report: dict, info: dict, peer: dict, size: str) -> dict:
    """The result's headline fields: helpdesk's creation figures, and the ratios (Lianxin/helpdesk
    for throughput, helpdesk/Lianxin for time) against the creation target."""
    lists = report["list"]
    c_lx, c_hd = report["creation"]["lianxin"], report["creation"]["helpdesk"]
    creation_ratio = c_lx["per_s"] / c_hd["per_s"] if c_hd["per_s"] else None
    page_hd = lists["helpdesk_page"]["p95_ms"] + lists["helpdesk_rows_queue"]["p95_ms"]
    return {
        "database": database_info(),
        "size": size,
        "data": {
            "lianxin_cases": info["cases"],
            "helpdesk_tickets": peer["tickets"],
            "helpdesk_queue_tickets": peer["queue_tickets"],
            "helpdesk_load_seconds": peer.get("load_seconds"),
        },
        "peer": "django-helpdesk 2.6.1 (PyPI), Django 5.2, gunicorn 2 sync workers",
        "per_s": c_hd["per_s"],
        "median_ms": c_hd["median_ms"],
        "p95_ms": c_hd["p95_ms"],
        "ratio_creation_lianxin_to_helpdesk": round(creation_ratio, 2) if creation_ratio else None,
        "target_creation_ratio": TARGET_CREATION_RATIO,
        "pass_creation": bool(creation_ratio and creation_ratio >= TARGET_CREATION_RATIO),
        "ratio_list_p95_helpdesk_to_lianxin_page": round(
            page_hd / lists["lianxin_page"]["p95_ms"], 2
        ),
        "ratio_list_p95_helpdesk_rows_to_lianxin_api": round(
            lists["helpdesk_rows_queue"]["p95_ms"] / lists["lianxin_api"]["p95_ms"], 2
        ),
    }


def finish(report: dict) -> None:
    """Write the result and print it; exit 1 if any creation request failed."""
    lists = report["list"]
    c_lx, c_hd = report["creation"]["lianxin"], report["creation"]["helpdesk"]
    creation_ratio = c_lx["per_s"] / c_hd["per_s"] if c_hd["per_s"] else None
    out_path = write_result("helpdesk", report)
    print(f"creation over HTTP on {report['database']['vendor']}: Lianxin {c_lx['per_s']:.0f}/s, "
          f"django-helpdesk {c_hd['per_s']:.0f}/s: ratio {creation_ratio:.2f} (target ≥ "
          f"{TARGET_CREATION_RATIO:.0f}: {'pass' if report['pass_creation'] else 'falls short'})")  # fmt: skip
    for name, r in lists.items():
        print(f"  list {name}: p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms")
    print(f"→ {out_path.relative_to(ROOT)}")
    if any(r["errors"] for r in report["creation"].values()):
        print("errors:", {k: r["first_errors"] for k, r in report["creation"].items()})
        sys.exit(1)


if __name__ == "__main__":
    main()
