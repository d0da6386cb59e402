"""Load bench: a bounded loopback load of mixed traffic against gunicorn on a fresh SQLite database.

    python bench/load_bench.py --small              # 60 s at 32 clients (make bench-smoke)
    python bench/load_bench.py --seconds 300        # a longer soak
    python bench/load_bench.py --clients 64 --workers 9

Lianxin is served by gunicorn with the project's own settings (deploy/gunicorn.conf.py: sync
workers from the core count) on a free 127.0.0.1 port, against a fresh SQLite database in a temp
folder (migrated, then the demo org tree and its accounts: lianxin/demo/orgs_loader.py). For the
given time, 32 client threads (http.client, a new connection per request) send a mix:

- worker submissions on /w/ (anonymous or named, each with its own submission_key, from its own
  address as a proxy reports it), then the receipt page the answer redirects to; a tenth of them
  sent again later from another client, and some double-tapped (two sends at once), on purpose;
- ledger reads as staff: the /cases/ page with a signed-in session, GET /api/cases with a token;
- workflow moves through the API as the district's staff: accept, then start, on the new cases.

Checks (any failing one makes the bench exit 1; a speed figure never does): no 5xx and no request
answered otherwise than expected; every acknowledged submission (a redirect to the receipt page,
which shows its case number) exists exactly once in the database, under the number the receipt page
showed, and no case exists that was not acknowledged; every acknowledged move is the case's state;
`manage.py verify_journal` passes. Throughput and p50/p95 per request kind are written to
bench/results/load_sqlite[_small].json. The whole run takes about two minutes (migrate ~20 s).
"""

import argparse
import http.client
import json
import os
import random
import re
import runpy
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLIENTS = 32
SECONDS = 60
# Weights of the request kinds a client picks from (a move falls back to an API read when no
# case is waiting for one).
MIX = {"submit": 35, "ledger_page": 20, "ledger_api": 20, "move": 25}
RESEND_SHARE = 0.10  # acknowledged submissions sent again later, twice, from other clients
DOUBLE_TAP_SHARE = 0.05  # submissions sent twice at the same moment
STAFF_ORG = "JZ-SY"  # the district whose staff member moves cases (demo accounts "staff")
READERS = ("staff", "supervisor", "leader")
MARKER = re.compile(r"LOAD-[0-9a-f]{12}")  # in each submission's text, to find its case(s)
NUMBER = re.compile(r'data-case-number="([^"]+)"')  # the receipt page's case number
RECEIPT = re.compile(r'data-receipt-code="[^"]+"')  # its receipt code, shown the first time only
DESCRIPTIONS = [
    "公司已经连续{n}个月拖欠工资，车间{n}十多名工人都没拿到钱。",
    "加班没有加班费，每天工作十二个小时，周末也不休息。",
    "宿舍热水器坏了{n}周，反映给后勤一直没人修。",
    "签合同的时候没给我们一份，现在公司说合同到期不续签。",
    "社保从去年{n}月开始停缴了，问人事说是公司困难。",
]


# ---- the server and its database ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(folder: Path, port: int, workers: int | None) -> dict:
    """The environment of every process of the run: a fresh SQLite file, no production settings
    inherited from the shell, a proxy's X-Forwarded-For believed (each worker its own address,
    as behind the reverse proxy), the API's per-token rate limit off (one token makes the moves)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIANXIN_", "DATABASE_URL"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "lianxin.settings",
        "PYTHONPATH": str(ROOT),
        "LIANXIN_VAR_DIR": str(folder),
        "LIANXIN_SQLITE": str(folder / "load.sqlite3"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "LIANXIN_TRUSTED_PROXY_HOPS": "1",
        "LIANXIN_API_RATE": "off",
        "LIANXIN_BIND": f"127.0.0.1:{port}",
    })  # fmt: skip
    if workers:
        env["LIANXIN_WEB_WORKERS"] = str(workers)
    return env


def prepare(env: dict) -> dict:
    """Migrate the fresh database (a separate process), then load the demo org tree and accounts
    here, and give the readers and the mover their sessions and token."""
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    from lianxin.api.services import create_token
    from lianxin.demo.orgs_loader import load_accounts, load_orgs
    from lianxin.orgs.models import Org, OrgKind

    static(Path(env["LIANXIN_VAR_DIR"]) / "static")
    load_orgs()
    load_accounts()
    sessions = []
    for name in READERS:
        user = User.objects.get(username=name)
        store = SessionStore()
        store[SESSION_KEY], store[HASH_SESSION_KEY] = str(user.pk), user.get_session_auth_hash()
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store.create()
        sessions.append(store.session_key)
    staff = User.objects.get(username="staff")
    token = create_token(actor=None, user=staff, name="load bench").token
    enterprises = Org.objects.filter(kind=OrgKind.ENTERPRISE, is_active=True)
    district = Org.objects.get(code=STAFF_ORG)
    ours = set(Org.objects.subtree_of(district).values_list("code", flat=True))
    codes = list(enterprises.values_list("code", flat=True))
    return {"sessions": sessions, "token": token, "enterprises": codes, "district": ours}


def static(target: Path) -> None:
    """The static files' manifest the pages name their files by: the collected one (`make demo`,
    `make serve`) when there is one, otherwise each file under its own name — the clients never
    fetch static files, and collecting them (170 MB, compressed) would take longer than the load."""
    built = ROOT / "var" / "static"
    if (built / "staticfiles.json").exists():
        target.symlink_to(built.resolve(), target_is_directory=True)
        return
    from django.contrib.staticfiles import finders

    found = (f.list(["CVS", ".*", "*~"]) for f in finders.get_finders())
    names = {os.path.join(getattr(s, "prefix", None) or "", p) for each in found for p, s in each}
    paths = {name: name for name in names}
    target.mkdir(parents=True, exist_ok=True)
    manifest = {"paths": paths, "version": "1.1", "hash": "load"}
    (target / "staticfiles.json").write_text(json.dumps(manifest))


class Server:
    """gunicorn -c deploy/gunicorn.conf.py on the given port, stopped (by its own pid) on exit."""

    def __init__(self, env: dict, port: int):
        self.port = port
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "--log-level", "warning"],
            env=env, cwd=str(ROOT),
        )  # fmt: skip
        deadline = time.monotonic() + 180  # a busy shared machine starts 5 workers slowly
        while not self._up():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"gunicorn did not start on port {port}")
            time.sleep(0.2)

    def _up(self) -> bool:
        try:
            return call(self.port, "GET", "/healthz").status == 200
        except OSError:
            return False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# ---- requests ----------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: bytes = b""
    location: str = ""
    cookies: dict = field(default_factory=dict)


def call(port: int, method: str, path: str, body: bytes | None = None, headers=None) -> Answer:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        cookies = {}
        for line in response.msg.get_all("Set-Cookie") or []:
            name, _eq, rest = line.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        return Answer(
            response.status, response.read(), response.getheader("Location") or "", cookies
        )
    finally:
        conn.close()


class Stats:
    """Latencies and answers per request kind, and what went wrong, shared by the clients."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.statuses: dict[str, Counter] = {}
        self.problems: list[str] = []

    def timed(self, kind: str, expect: tuple[int, ...], port: int, method: str, path: str,
              body: bytes | None = None, headers=None) -> Answer | None:  # fmt: skip
        """One request; None (and a problem noted) when it is not answered as expected."""
        started = time.perf_counter()
        try:
            answer = call(port, method, path, body, headers)
        except OSError as error:
            answer = Answer(0, str(error).encode())
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.latencies.setdefault(kind, []).append(elapsed)
            self.statuses.setdefault(kind, Counter())[answer.status] += 1
        if answer.status not in expect:
            self.problem(f"{kind} {method} {path}: {answer.status} {answer.body[:160]!r}")
            return None
        return answer

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)


@dataclass
class Sent:
    """A worker submission as the client sent it, and what the server acknowledged."""

    marker: str
    body: bytes
    address: str
    enterprise: str
    csrf: str
    number: str = ""
    acknowledged: bool = False
    receipt_shown: bool = False


class Load:
    """The clients' shared state: what was sent, the cases waiting for a move, the moves made."""

    def __init__(self, port: int, setup: dict, seed: int):
        self.port, self.setup, self.stats = port, setup, Stats()
        self.lock = threading.Lock()
        self.sent: list[Sent] = []
        self.resends: deque[Sent] = deque()
        self.to_accept: deque[str] = deque()
        self.to_start: deque[str] = deque()
        self.moved: dict[str, str] = {}  # case number → the status its last acknowledged move set
        self.repeats = 0
        self.seed = seed

    # -- worker submissions --

    def new_submission(self, rng: random.Random) -> Sent:
        marker = f"LOAD-{secrets.token_hex(6)}"
        enterprise = rng.choice(self.setup["enterprises"])
        csrf = "".join(rng.choices(string.ascii_letters + string.digits, k=32))
        text = rng.choice(DESCRIPTIONS).format(n=rng.randrange(2, 9))
        fields = {"csrfmiddlewaretoken": csrf, "enterprise": enterprise, "category": "",
                  "description": f"{text}（{marker}）", "submission_key": secrets.token_urlsafe(32),
                  "identity": "anonymous"}  # fmt: skip
        if rng.random() < 0.3:
            fields |= {"identity": "named", "worker_name": "张" + rng.choice("伟芳娜敏静丽强磊"),
                       "worker_phone": f"139{rng.randrange(10**8):08d}"}  # fmt: skip
        address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        return Sent(marker, urlencode(fields).encode(), address, enterprise, csrf)

    def _headers(self, sent: Sent) -> dict:
        # The CSRF cookie and the form's token the page would have set, made up by the client.
        return {"Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={sent.csrf}",
                "X-Forwarded-For": sent.address}  # fmt: skip

    def send(self, sent: Sent, kind: str) -> str:
        """POST /w/ and open the receipt page it redirects to; the case number shown, or ""."""
        answer = self.stats.timed(kind, (302,), self.port, "POST", "/w/", sent.body,
                                  self._headers(sent))  # fmt: skip
        if answer is None:
            return ""
        cookie = answer.cookies.get("lx_submitted")
        if not answer.location.endswith("/w/submitted/") or not cookie:
            self.stats.problem(f"{kind}: redirected to {answer.location!r}, cookie {bool(cookie)}")
            return ""
        page = self.stats.timed("receipt_page", (200,), self.port, "GET", "/w/submitted/",
                                headers={"Cookie": f"lx_submitted={cookie}"})  # fmt: skip
        html = page.body.decode() if page else ""
        found = NUMBER.search(html)
        if found is None:
            self.stats.problem(f"{kind}: the receipt page shows no case number")
            return ""
        if RECEIPT.search(html):
            with self.lock:
                sent.receipt_shown = True
        return found.group(1).strip()

    def submit(self, rng: random.Random) -> None:
        sent = self.new_submission(rng)
        with self.lock:
            self.sent.append(sent)
        if rng.random() < DOUBLE_TAP_SHARE:
            self._double_tap(sent)
        else:
            self._acknowledge(sent, self.send(sent, "submit"))
        if sent.acknowledged and rng.random() < RESEND_SHARE:
            with self.lock:
                self.resends.extend([sent, sent])

    def _double_tap(self, sent: Sent) -> None:
        """The same form sent twice at the same moment: both must answer with the one case."""
        numbers: list[str] = []
        other = threading.Thread(target=lambda: numbers.append(self.send(sent, "submit_repeat")))
        other.start()
        numbers.append(self.send(sent, "submit"))
        other.join()
        if len(set(numbers)) != 1:
            self.stats.problem(f"double tap {sent.marker}: the two answers show {numbers}")
        self._acknowledge(sent, next((n for n in numbers if n), ""))

    def _acknowledge(self, sent: Sent, number: str) -> None:
        if not number:
            return
        with self.lock:
            sent.number, sent.acknowledged = number, True
            if sent.enterprise in self.setup["district"]:
                self.to_accept.append(number)

    def resend(self, sent: Sent) -> None:
        number = self.send(sent, "submit_repeat")
        with self.lock:
            self.repeats += 1
        if number and number != sent.number:
            self.stats.problem(f"resend {sent.marker}: case {number}, first answer {sent.number}")

    # -- staff --

    def ledger_page(self, rng: random.Random) -> None:
        session = rng.choice(self.setup["sessions"])
        path = rng.choice(["/cases/", "/cases/", "/cases/?page=2", "/cases/?status=registered"])
        self.stats.timed("ledger_page", (200,), self.port, "GET", path,
                         headers={"Cookie": f"sessionid={session}"})  # fmt: skip

    def ledger_api(self, rng: random.Random) -> None:
        path = rng.choice(["/api/cases", "/api/cases?status=registered", "/api/cases?limit=50"])
        self.stats.timed("ledger_api", (200,), self.port, "GET", path, headers=self._bearer())

    def _bearer(self) -> dict:
        return {"Authorization": f"Bearer {self.setup['token']}",
                "Content-Type": "application/json"}  # fmt: skip

    def move(self, rng: random.Random) -> None:
        """Accept a new case of the district, or start an accepted one; a read when none waits."""
        with self.lock:
            if self.to_start and (rng.random() < 0.5 or not self.to_accept):
                action, number = "start", self.to_start.popleft()
            elif self.to_accept:
                action, number = "accept", self.to_accept.popleft()
            else:
                action, number = "", ""
        if not action:
            self.ledger_api(rng)
            return
        body = json.dumps({"note": f"load bench: {action}"}).encode()
        answer = self.stats.timed(action, (200,), self.port, "POST",
                                  f"/api/cases/{number}/{action}", body, self._bearer())  # fmt: skip
        if answer is not None:
            with self.lock:
                self.moved[number] = "accepted" if action == "accept" else "in_progress"
                if action == "accept":
                    self.to_start.append(number)

    # -- the clients --

    def client(self, index: int, deadline: float) -> None:
        rng = random.Random(self.seed * 1000 + index)
        kinds, weights = list(MIX), list(MIX.values())
        while time.monotonic() < deadline:
            with self.lock:
                again = self.resends.popleft() if self.resends and rng.random() < 0.5 else None
            if again is not None:
                self.resend(again)
                continue
            getattr(self, rng.choices(kinds, weights)[0])(rng)

    def run(self, clients: int, seconds: float) -> float:
        deadline = time.monotonic() + seconds
        started = time.perf_counter()
        threads = [threading.Thread(target=self.client, args=(i, deadline)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - started


# ---- checks and the result ---------------------------------------------------------------------


def check_database(load: Load) -> list[str]:
    """Every acknowledged submission is one case, under its receipt page's number; no case was
    made that was not acknowledged; each acknowledged move is its case's state."""
    from lianxin.cases.models import Case
    from lianxin.intake.models import SubmissionKey

    problems = []
    rows = dict(
        Case.objects.filter(description__contains="LOAD-").values_list("number", "description")
    )
    by_marker = Counter(m for d in rows.values() for m in MARKER.findall(d))
    acknowledged = [s for s in load.sent if s.acknowledged]
    for sent in acknowledged:
        if by_marker[sent.marker] != 1:
            problems.append(f"{sent.marker}: {by_marker[sent.marker]} case(s), acknowledged once")
        elif sent.marker not in rows.get(sent.number, ""):
            problems.append(f"{sent.marker}: its case is not {sent.number}, the receipt page's")
    known = {s.marker for s in acknowledged}
    extra = [m for m in by_marker if m not in known]
    if extra:
        problems.append(f"{len(extra)} case(s) exist that no answer acknowledged: {extra[:3]}")
    keys = SubmissionKey.objects.filter(case__isnull=False).count()
    if keys != len(acknowledged):
        problems.append(f"{keys} submission keys for {len(acknowledged)} acknowledged submissions")
    states = dict(Case.objects.filter(number__in=list(load.moved)).values_list("number", "status"))
    wrong = {n: (s, states.get(n)) for n, s in load.moved.items() if states.get(n) != s}
    if wrong:
        problems.append(
            f"{len(wrong)} acknowledged move(s) not in the database: {list(wrong.items())[:3]}"
        )
    return problems


def verify_journal(env: dict) -> tuple[bool, str]:
    done = subprocess.run([sys.executable, "manage.py", "verify_journal"], cwd=ROOT, env=env,
                          capture_output=True, text=True)  # fmt: skip
    return done.returncode == 0, (done.stdout + done.stderr).strip()[-500:]


def figures(stats: Stats, seconds: float) -> dict:
    from bench.generate import percentile

    kinds = {}
    for kind, values in sorted(stats.latencies.items()):
        kinds[kind] = {
            "requests": len(values),
            "per_s": round(len(values) / seconds, 1),
            "p50_ms": round(percentile(values, 50), 1),
            "p95_ms": round(percentile(values, 95), 1),
            "statuses": {str(k): v for k, v in sorted(stats.statuses[kind].items())},
        }
    return kinds


def report(load: Load, args, seconds: float, checks: dict, journal: str) -> dict:
    from bench.generate import machine

    kinds = figures(load.stats, seconds)
    total = sum(k["requests"] for k in kinds.values())
    acknowledged = sum(s.acknowledged for s in load.sent)
    return {
        "name": "load",
        "database": {"vendor": "sqlite", "fresh": True},
        "size": "small" if args.small else "full",
        "server": f"gunicorn -c deploy/gunicorn.conf.py ({load.setup['workers']} sync workers), 127.0.0.1",
        "load": f"{args.clients} client threads, http.client, {seconds:.0f} s, mix {MIX}",
        "seconds": round(seconds, 1),
        "requests": total,
        "per_s": round(total / seconds, 1),
        "kinds": kinds,
        "submissions": {
            "sent": len(load.sent),
            "acknowledged": acknowledged,
            "receipts_shown": sum(s.receipt_shown for s in load.sent),
            "sent_again": load.repeats,
        },
        "moves": {"acknowledged": len(load.moved)},
        "checks": checks,
        "problems": load.stats.problems[:20],
        "journal": journal,
        "pass": all(checks.values()),
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (default: its conf's)"
    )
    parser.add_argument("--seed", type=int, default=22)
    args, _unknown = parser.parse_known_args()
    folder = Path(tempfile.mkdtemp(prefix="lianxin-load-"))
    try:
        return run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args, folder: Path) -> int:
    port = free_port()
    env = server_env(folder, port, args.workers)
    started = time.perf_counter()
    setup = prepare(env)
    print(
        f"load: database migrated and loaded in {time.perf_counter() - started:.0f} s", flush=True
    )
    # The workers the server will start: its conf file read in this environment.
    setup["workers"] = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["workers"]
    with Server(env, port):
        load = Load(port, setup, args.seed)
        seconds = load.run(args.clients, args.seconds)
    problems = check_database(load)
    journal_ok, journal = verify_journal(env)
    checks = {
        "no_5xx": not any(s >= 500 for c in load.stats.statuses.values() for s in c),
        "all_answered_as_expected": not load.stats.problems,
        "acknowledged_exactly_once": not problems,
        "journal_verifies": journal_ok,
    }
    result = report(load, args, seconds, checks, journal)
    result["problems"] += problems[:20]
    out = ROOT / "bench" / "results" / f"load_sqlite{'_small' if args.small else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(summary(result, out))
    return 0 if result["pass"] else 1


def summary(result: dict, out: Path) -> str:
    lines = [f"load on SQLite: {result['requests']:,} requests in {result['seconds']:.0f} s "
             f"({result['per_s']:.0f}/s) at {result['load'].split(' client')[0]} clients, "
             f"{result['server']}"]  # fmt: skip
    for kind, k in result["kinds"].items():
        lines.append(f"  {kind:<14} {k['requests']:>6} ({k['per_s']:.1f}/s)  p50 {k['p50_ms']:.0f} ms"
                     f"  p95 {k['p95_ms']:.0f} ms  {k['statuses']}")  # fmt: skip
    lines.append(f"  submissions {result['submissions']}, moves {result['moves']}")
    lines += [f"  {name}: {'pass' if ok else 'FAIL'}" for name, ok in result["checks"].items()]
    lines += [f"  ! {p}" for p in result["problems"]]
    lines.append(f"→ {out.relative_to(ROOT)}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
