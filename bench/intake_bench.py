"""Intake benchmark: cases registered per second through the REST API, served by gunicorn.

    python bench/intake_bench.py            # over the full data set, 1,000 requests
    python bench/intake_bench.py --small    # over the small data set, 60 requests
    scripts/with_postgres.sh .venv/bin/python bench/intake_bench.py

Lianxin is served by gunicorn (2 sync workers) on 127.0.0.1; a load generator on loopback (4
threads, http.client, one new connection per request as gunicorn's sync workers close them) sends
a fixed number of `POST /api/cases` with a district staff member's Bearer token, each a different
realistic case in one of the district's enterprises: the whole registration — token check,
validation, scope, number drawn under the counter's lock, deadlines, the row, its journal event,
the notices to the enterprise's handlers, the answer with the case as the API shows it.
Beside it the framework floor (bench/floor/): the same settings, middleware and server, a bare
Django view that inserts the same row. Both servers run side by side, get the same number of
requests from the same load generator after the same warm-up, and are loaded in turns (5 rounds,
a fifth of each one's requests per round, the order turned round each time), so that the shared
machine's busy moments fall on both alike. Target: Lianxin ≥ 50 % of the floor (and ≥ 2×
django-helpdesk's ticket creation: bench/helpdesk_bench.py measures that one in the same run and
writes the ratio).
"""

import argparse
import http.client
import json
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import (  # noqa: E402
    TEAMS,
    database_env,
    database_info,
    district_staff,
    open_dataset,
    percentile,
    write_result,
)
from bench.import_bench import CONCERNS, worker  # noqa: E402

TARGET_FLOOR_SHARE = 0.5
CONCURRENCY = 4
WORKERS = 2
CHANNELS = ["visit", "hotline", "online", "snapshot", "station"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with 2 sync workers on 127.0.0.1, stopped (by its own pid) on exit."""

    def __init__(self, gunicorn: str, app: str, env: dict, cwd: Path, health: str = "/healthz"):
        self.port = free_port()
        self.process = subprocess.Popen(
            [gunicorn, "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}",
             "--log-level", "warning", "--timeout", "120", app],
            env=env, cwd=str(cwd),
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _body = request("GET", self.port, health)
                if status == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()  # no server left behind
                raise RuntimeError(f"{app} did not start on port {self.port}")
            time.sleep(0.2)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def request(method: str, port: int, path: str, body=None, headers=None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def load(port: int, path: str, bodies: list[bytes], headers: dict, concurrency: int = CONCURRENCY,
         expect: int = 201, method: str = "POST") -> dict:  # fmt: skip
    """Send every body once from `concurrency` threads; rate, latency, errors."""
    lock = threading.Lock()
    queue = list(reversed(bodies))
    latencies: list[float] = []
    errors: list[str] = []

    def run():
        while True:
            with lock:
                if not queue:
                    return
                body = queue.pop()
            started = time.perf_counter()
            try:
                status, answer = request(method, port, path, body, headers)
            except OSError as error:
                status, answer = 0, str(error).encode()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if status != expect:
                    errors.append(f"{status} {answer[:200]!r}")

    threads = [threading.Thread(target=run) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    ok = len(bodies) - len(errors)
    return {
        "requests": len(bodies),
        "concurrency": concurrency,
        "seconds": round(seconds, 2),
        "per_s": round(ok / seconds, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "errors": len(errors),
        "first_errors": errors[:3],
        "_latencies": latencies,
    }


def interleaved(targets: list[tuple], rounds: int = 5) -> dict[str, dict]:
    """Load several servers in turns — a slice of each one's requests per round, the order turned
    round each time — so that a busy moment of the (shared) machine falls on all of them alike.

    targets: (name, port, path, bodies, headers). Returns each one's summary over all its rounds.
    """
    parts: dict[str, list[dict]] = {name: [] for name, *_rest in targets}
    for r in range(rounds):
        turn = targets[r % len(targets) :] + targets[: r % len(targets)]
        for name, port, path, bodies, headers in turn:
            chunk = bodies[r * len(bodies) // rounds : (r + 1) * len(bodies) // rounds]
            parts[name].append(load(port, path, chunk, headers))
    out = {}
    for name, runs in parts.items():
        latencies = [x for run in runs for x in run["_latencies"]]
        seconds = sum(run["seconds"] for run in runs)
        errors = sum(run["errors"] for run in runs)
        requests = sum(run["requests"] for run in runs)
        out[name] = {
            "requests": requests,
            "concurrency": CONCURRENCY,
            "rounds": rounds,
            "seconds": round(seconds, 2),
            "per_s": round((requests - errors) / seconds, 1),
            "p50_ms": round(statistics.median(latencies), 1),
            "median_ms": round(statistics.median(latencies), 1),
            "p95_ms": round(percentile(latencies, 95), 1),
            "errors": errors,
            "first_errors": [e for run in runs for e in run["first_errors"]][:3],
        }
    return out


def case_bodies(n: int, org_codes: list[str], seed: int) -> list[bytes]:
    """N different, realistic registrations (the fragments of bench/import_bench.py)."""
    rng = random.Random(seed)
    categories = {
        "劳动报酬与欠薪": "wages", "劳动合同": "contract", "社会保险": "social_insurance",
        "工伤与职业健康": "injury_health", "安全生产": "safety", "工作时间与休息休假": "hours_leave",
        "劳动条件与设施": "conditions", "食堂宿舍与生活": "canteen_dorm", "女职工权益": "women",
        "福利与文体": "welfare", "技能与发展": "skills", "新就业形态与平台规则": "gig_platform",
        "其他": "other",
    }  # fmt: skip
    bodies = []
    for _ in range(n):
        category, title, text = rng.choice(CONCERNS)
        k = rng.randrange(2, 9)
        name, phone = worker(rng)
        anonymous = rng.random() < 0.15
        bodies.append(
            json.dumps(
                {
                    "origin_org": rng.choice(org_codes),
                    "category": categories[category],
                    "channel": rng.choice(CHANNELS),
                    "title": title,
                    "description": text.format(team=rng.choice(TEAMS), months=k, n=k),
                    "is_anonymous": anonymous,
                    "worker_name": "" if anonymous else name,
                    "worker_phone": "" if anonymous else phone,
                },
                ensure_ascii=False,
            ).encode()
        )
    return bodies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--requests", type=int, default=None)
    args, _unknown = parser.parse_known_args()
    size = "small" if args.small else "full"
    n = args.requests or (60 if args.small else 1000)
    info = open_dataset(size)

    from lianxin.cases.models import Case

    token, codes = staff_access()
    before = Case.objects.count()
    # The API rate limit (60 a minute per token) would refuse the measured burst: off here.
    env = {**database_env(), "PYTHONPATH": str(ROOT), "LIANXIN_API_RATE": "off"}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    warm = 20
    floor_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.floor.settings"}
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    plain = {"Content-Type": "application/json"}
    with (
        Server(gunicorn, "lianxin.wsgi:application", env, ROOT) as lianxin,
        Server(gunicorn, "bench.floor.wsgi:application", floor_env, ROOT) as floor,
    ):
        targets = [
            ("lianxin", lianxin.port, "/api/cases", case_bodies(n, codes, 2), auth),
            ("floor", floor.port, "/floor/cases", case_bodies(n, codes, 2), plain),
        ]
        for _name, port, path, _bodies, headers in targets:
            load(port, path, case_bodies(warm, codes, 1), headers)
        results = interleaved(targets)
    registered = Case.objects.count() - before
    finish(results, info, size, n, warm, registered)


def staff_access() -> tuple[str, list[str]]:
    """A Bearer token for the district's staff member, and the codes of the district's
    enterprises and teams, which the cases are registered for."""
    from lianxin.api.services import create_token
    from lianxin.orgs.models import Org, OrgKind

    user = district_staff()
    district = user.org_roles.get().org
    token = create_token(actor=None, user=user, name="intake bench").token
    codes = list(
        Org.objects.subtree_of(district)
        .filter(kind__in=[OrgKind.ENTERPRISE, OrgKind.TEAM])
        .values_list("code", flat=True)
    )
    return token, codes


def finish(results: dict, info: dict, size: str, n: int, warm: int, registered: int) -> None:
    """Write the result (Lianxin's figures and its share of the framework floor, against the
    target) and print it; exit 1 if any request failed."""
    share = results["lianxin"]["per_s"] / results["floor"]["per_s"]
    report = {
        "database": database_info(),
        "size": size,
        "data": {k: info[k] for k in ("cases", "events", "orgs")},
        "server": f"gunicorn {WORKERS} sync workers, 127.0.0.1",
        "load": f"{CONCURRENCY} threads, http.client, {n} requests each after {warm} to warm up, "
        "the two servers loaded in turns (5 rounds)",
        "cases_written": registered,
        "lianxin": results["lianxin"],
        "floor": results["floor"],
        "per_s": results["lianxin"]["per_s"],
        "median_ms": results["lianxin"]["median_ms"],
        "p95_ms": results["lianxin"]["p95_ms"],
        "ratio_to_floor": round(share, 3),
        "target_floor_share": TARGET_FLOOR_SHARE,
        "pass_floor": share >= TARGET_FLOOR_SHARE,
    }
    out = write_result("intake", report)
    print(f"intake over HTTP on {report['database']['vendor']}: Lianxin "
          f"{results['lianxin']['per_s']:.0f} cases/s (p95 {results['lianxin']['p95_ms']:.0f} ms), "
          f"framework floor {results['floor']['per_s']:.0f}/s: {share:.0%} of the floor "
          f"(target ≥ {TARGET_FLOOR_SHARE:.0%}: {'pass' if report['pass_floor'] else 'falls short'})"
          f" → {out.relative_to(ROOT)}")  # fmt: skip
    if any(r["errors"] for r in results.values()):
        print("errors:", {k: r["first_errors"] for k, r in results.items() if r["errors"]})
        sys.exit(1)


if __name__ == "__main__":
    main()
