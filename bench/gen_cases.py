"""The data set's cases for bench/generate.py: spread over the three years, moved through the real
transition table, with their journals and feedback, made by worker processes in seeded chunks.
"""

import multiprocessing
import os
import random
import time
from datetime import UTC, date, datetime, timedelta

from bench.gen_orgs import NOW, YEARS
from bench.gen_rows import (
    _EVENT_COLUMNS,
    _add_event,
    _bulk_session,
    _db_time,
    _event_model,
    _Writer,
)
from bench.import_bench import CONCERNS, SURNAMES, TEAMS, worker

# Two concerns bench/import_bench.py has no text for.
EXTRA_CONCERNS = [
    ("民主管理与厂务公开", "厂务公开不及时", "{team}职工反映今年的绩效考核办法没有在职代会上讨论就执行了。"),
    ("交通事故与理赔", "送餐途中发生碰撞", "骑手在送餐途中与电动车相撞，膝盖擦伤，希望工会协助理赔。"),
]  # fmt: skip
PROGRESS_NOTES = [
    "已电话联系企业工会主席，约定{n}日内答复。",
    "已到{team}现场核实情况，和车间负责人沟通。",
    "企业人事部门表示正在研究整改方案。",
    "已协调企业与职工代表座谈，双方意见基本一致。",
]
RESULTS = [
    "经协调，企业已补发相关款项，职工表示认可。",
    "企业已完成整改，并在厂务公开栏公示。",
    "已与企业协商解决，职工表示认可。",
    "企业已安排{team}轮休，后续由工会跟踪落实。",
    "已督促企业按规定办理，并告知职工后续维权途径。",
]
REJECT_REASONS = [
    "不属于工会受理范围，已告知职工向相关部门反映。",
    "职工反映的问题已由劳动监察部门立案处理。",
]
FEEDBACK_COMMENTS = {
    "satisfied": ["问题解决了，谢谢工会。", "处理很及时，满意。", ""],
    "mostly": ["基本解决，希望后续跟进。", "处理结果可以接受。", ""],
    "dissatisfied": ["问题没有真正解决，希望再跟进。", "企业只是口头答应，还没落实。"],
}
CHANNELS = (
    ["visit"] * 50
    + ["hotline"] * 18
    + ["online"] * 12
    + ["snapshot"] * 8
    + ["station"] * 6
    + ["meeting"] * 3
    + ["letter"] * 3
)
URGENCIES = ["ordinary"] * 90 + ["complex"] * 6 + ["urgent"] * 4

CASE_TARGET = "cases.case"


def _day_counts(n: int, rng: random.Random) -> list[tuple[date, int]]:
    """How many cases each day gets: growing ~30 % a year, fewer at weekends, a little noise."""
    first = (NOW - timedelta(days=YEARS * 365)).date()
    days = [first + timedelta(days=i) for i in range(YEARS * 365)]
    weights = [
        (1 + 0.3 * i / 365) * (0.35 if d.weekday() >= 5 else 1.0) * rng.uniform(0.8, 1.2)
        for i, d in enumerate(days)
    ]
    scale = n / sum(weights)
    out, carry = [], 0.0
    for d, w in zip(days, weights, strict=True):
        exact = w * scale + carry
        k = int(exact)
        carry = exact - k
        out.append((d, k))
    out[-1] = (out[-1][0], out[-1][1] + n - sum(k for _d, k in out))
    return out


def _status_for(age_days: float, rng: random.Random) -> str:
    r = rng.random()
    if age_days > 60:
        table = [("closed", 0.82), ("rejected", 0.05), ("resolved", 0.05), ("in_progress", 0.05),
                 ("accepted", 0.02), ("registered", 0.01)]  # fmt: skip
    elif age_days > 14:
        table = [("closed", 0.50), ("resolved", 0.15), ("in_progress", 0.20), ("accepted", 0.07),
                 ("rejected", 0.04), ("registered", 0.04)]  # fmt: skip
    else:
        table = [("registered", 0.30), ("accepted", 0.25), ("in_progress", 0.30),
                 ("resolved", 0.10), ("rejected", 0.05)]  # fmt: skip
    for status, p in table:
        r -= p
        if r < 0:
            return status
    return table[-1][0]


def _build_cases(n: int, tree: dict, users: dict, rng: random.Random) -> dict:
    """The cases with their journals and feedback, made by worker processes (one per core) in
    chunks of consecutive days, each chunk from its own seeded stream, and written here in order."""
    from django.db import connection, connections, transaction

    from lianxin.cases.models import Case, CaseCounter, Feedback

    _memoize_working_days()  # before the fork: the workers inherit the cache
    case_fields = [f.attname for f in Case._meta.concrete_fields]
    _prepare_workers(tree, users, case_fields, rng)  # draws the workers' seed, before the days
    cases = _Writer(Case, case_fields)
    events = _Writer(_event_model(), _EVENT_COLUMNS)
    feedback = _Writer(Feedback, ["case_id", "rating", "comment", "at", "recorded_by_id"])
    counters: dict[tuple[str, int], int] = {}
    number_at = case_fields.index("number")
    started = time.perf_counter()
    connections.close_all()  # a forked worker must not share the parent's connection
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        _bulk_session(connection)
        for rows, keys, journal, ratings in pool.imap(_chunk_of_cases, _chunks(n, rng)):
            _number(rows, keys, counters, number_at)
            cases.rows, events.rows, feedback.rows = rows, journal, ratings
            with transaction.atomic():
                cases.flush()
                events.flush()
                feedback.flush()
            rate = cases.total / (time.perf_counter() - started)
            print(f"  {cases.total:,} cases ({rate:,.0f}/s)", flush=True)
    with transaction.atomic():
        CaseCounter.objects.bulk_create(
            [CaseCounter(prefix=p, year=y, last=last) for (p, y), last in counters.items()]
        )
    return {
        "cases": cases.total,
        "events": events.total + tree["org_events"],
        "case_events": events.total,
        "feedback": feedback.total,
    }


def _prepare_workers(tree: dict, users: dict, case_fields: list[str], rng: random.Random) -> None:
    """Fill _CONTEXT, which the forked workers inherit: the seed of their streams (one draw from
    `rng`), the enterprises weighted by workforce (big ones raise more cases), the concerns with
    their categories, each district's staff member, and the case columns with their defaults."""
    from django.db import connection

    from lianxin.cases.models import Case, Category

    categories = {c.name: c for c in Category.objects.all()}
    staff = [users[f"staff-{d.code}"] for d in tree["districts"]]
    cum, total = [], 0.0  # big enterprises raise more cases: weight by workforce
    for enterprise, _prefix, _district, _teams in tree["enterprises"]:
        total += enterprise.workforce
        cum.append(total)
    _CONTEXT.update(
        seed=rng.random(), to_db=_db_time(connection.vendor), cum=cum, fields=case_fields,
        concerns=[(categories[c], t, x) for c, t, x in CONCERNS + EXTRA_CONCERNS],
        staff=[(u.pk, u.get_full_name() or u.username) for u in staff],
        enterprises=tree["enterprises"],
        defaults={f.attname: f.get_default() for f in Case._meta.concrete_fields},
    )  # fmt: skip


def _number(rows: list[list], keys: list, counters: dict, number_at: int) -> None:
    """Number a chunk's cases in order: <city prefix>-<Beijing year>-<nnnnnn>, counted per prefix
    and year in `counters` across the chunks."""
    for row, (prefix, year) in zip(rows, keys, strict=True):
        seq = counters[prefix, year] = counters.get((prefix, year), 0) + 1
        row[number_at] = f"{prefix}-{year}-{seq:06d}"


_CONTEXT: dict = {}  # what the workers need, set before they are forked
_CHUNK = 20_000


def _chunks(n: int, rng: random.Random) -> list[tuple[int, list[tuple[date, int]], int]]:
    """(chunk number, its consecutive days with their case counts, its first case id)."""
    out, days, first, size = [], [], 1, 0
    for day, count in _day_counts(n, rng):
        days.append((day, count))
        size += count
        if size >= _CHUNK:
            out.append((len(out), days, first))
            days, first, size = [], first + size, 0
    if days:
        out.append((len(out), days, first))
    return out


def _chunk_of_cases(task) -> tuple[list[list], list[tuple[str, int]], list[tuple], list[tuple]]:
    """In a worker: one chunk's case rows (their numbers left for the parent, which counts them in
    order), the (prefix, year) each is numbered in, the journal rows and the feedback rows."""
    index, days, case_id = task
    c = _CONTEXT
    rng = random.Random(f"{c['seed']}:{index}")
    out: tuple[list[list], list[tuple[str, int]], list[tuple], list[tuple]] = ([], [], [], [])
    for day, count in days:
        # Office hours, Beijing time (UTC+8): 08:00–21:00.
        base = datetime(day.year, day.month, day.day, 0, 0, tzinfo=UTC).timestamp()
        seconds = sorted(rng.randrange(0, 13 * 3600) for _ in range(count))
        picks = rng.choices(range(len(c["enterprises"])), cum_weights=c["cum"], k=count)
        for sec, pick in zip(seconds, picks, strict=True):
            _one_case(case_id, base + sec, c["enterprises"][pick], rng, out)
            case_id += 1
    return out


def _one_case(case_id: int, timestamp: float, enterprise_row: tuple, rng: random.Random,
              out: tuple) -> None:  # fmt: skip
    """Case `case_id`, registered at `timestamp` (UTC) by the enterprise's district staff member,
    appended to `out` (rows, keys, journal rows, feedback rows) with its journal and feedback.
    Draws its origin, then its row's fields, its status and its journal from `rng`, in that order."""
    from lianxin.cases.deadlines import BEIJING

    c = _CONTEXT
    rows, keys, journal_rows, feedback_rows = out
    enterprise, prefix, district, teams = enterprise_row
    origin = rng.choice(teams) if rng.random() < 0.3 else enterprise
    registered = datetime.fromtimestamp(timestamp, UTC)  # 08:00 Beijing is 00:00 UTC
    keys.append((prefix, registered.astimezone(BEIJING).year))
    actor_id, label = c["staff"][district]
    row, category, team_name, k = _case_row(case_id, registered, origin, enterprise, actor_id, rng)
    status = _status_for((NOW.timestamp() - registered.timestamp()) / 86400, rng)
    journal = _journal(row, status, registered, category.key, team_name, k, rng, c["to_db"])
    prev = ""
    for seq_no, (kind, at, note, vis, before, after, data) in enumerate(journal, 1):
        prev = _add_event(journal_rows, CASE_TARGET, case_id, seq_no, actor_id, label,
                          at, kind, note, vis, before, after, data, prev, c["to_db"])  # fmt: skip
        if kind == "feedback":
            feedback_rows.append((case_id, data["rating"], note, c["to_db"](at), actor_id))
    if row["handler_id"] is True:
        row["handler_id"] = actor_id
    rows.append([row[f] for f in c["fields"]])


def _case_row(case_id: int, registered: datetime, origin, enterprise, actor_id: int,
              rng: random.Random) -> tuple[dict, object, str, int]:  # fmt: skip
    """The case's row as registered (its number left empty), with the category, team name and
    count its texts were drawn with; draws the concern, team, count, the worker's surname in the
    text, channel, urgency, anonymity and the worker from `rng`, in that order."""
    from lianxin.cases.deadlines import case_deadlines

    c = _CONTEXT
    to_db = c["to_db"]
    category, title, text = rng.choice(c["concerns"])
    team_name, k = rng.choice(TEAMS), rng.randrange(2, 9)
    description = text.format(team=team_name, months=k, n=k)
    if rng.random() < 0.4:
        description = f"{rng.choice(SURNAMES)}师傅反映：{description}"
    channel, urgency = rng.choice(CHANNELS), rng.choice(URGENCIES)
    anonymous = rng.random() < 0.15
    name, phone = ("", "") if anonymous else worker(rng)
    response_due, resolution_due = case_deadlines(
        registered_at=registered, category=category, urgency=urgency
    )
    row = dict(c["defaults"])
    row.update(
        id=case_id, number="", title=title,
        description=description, category_id=category.pk, channel=channel,
        urgency=urgency, origin_org_id=origin.pk, owner_org_id=enterprise.pk,
        registered_by_id=actor_id, is_anonymous=anonymous, worker_name=name,
        worker_phone=phone, registered_at=to_db(registered),
        response_due=to_db(response_due), resolution_due=to_db(resolution_due),
        latitude=None, longitude=None, amount_claimed=None, amount_paid=None,
        handler_id=None, worker_user_id=None, responded_at=None, resolved_at=None,
        closed_at=None, last_supervised_at=None,
    )  # fmt: skip
    return row, category, team_name, k


def _memoize_working_days() -> None:
    """lianxin.cases.deadlines.add_working_days depends only on the Beijing day and the count:
    computed once per (day, count) by the real function, for this process (the generator)."""
    from functools import lru_cache

    from lianxin.cases import deadlines

    if getattr(deadlines.add_working_days, "_bench_cached", False):
        return
    real = deadlines.add_working_days

    @lru_cache(maxsize=100_000)
    def by_day(day: date, days: int) -> datetime:
        return real(datetime(day.year, day.month, day.day, 12, tzinfo=deadlines.BEIJING), days)

    def cached(start: datetime, days: int) -> datetime:
        return by_day(start.astimezone(deadlines.BEIJING).date(), days)

    cached._bench_cached = True  # type: ignore[attr-defined]
    deadlines.add_working_days = cached  # type: ignore[assignment]


def _journal(row, status, registered, category_key, team, k, rng, to_db) -> list[tuple]:
    """The case's moves to `status`, applying each move's fields to the row as its service would.

    Each entry: (kind, at (aware), note, visibility, before, after, data).
    """
    out = [("registered", registered, "", "public", "", "registered",
            {"channel": row["channel"], "category": category_key, "urgency": row["urgency"]})]  # fmt: skip
    row["status"] = "registered"
    if status == "registered":
        return out
    responded = registered + timedelta(hours=rng.uniform(0.5, 20))
    if status == "rejected":
        reason = rng.choice(REJECT_REASONS)
        row.update(responded_at=to_db(responded), result=reason, status="rejected")
        out.append(("rejected", responded, reason, "public", "registered", "rejected", {}))
        return out
    row.update(responded_at=to_db(responded), handler_id=True, status="accepted")
    out.append(("accepted", responded, "", "public", "registered", "accepted", {}))
    if status == "accepted":
        return out
    at = responded + timedelta(hours=rng.uniform(0.5, 24))
    out.append(("started", at, "", "internal", "accepted", "in_progress", {}))
    row["status"] = "in_progress"
    if rng.random() < 0.4:
        at += timedelta(hours=rng.uniform(2, 72))
        note = rng.choice(PROGRESS_NOTES).format(team=team, n=k)
        out.append(("progress", at, note, "internal", "in_progress", "in_progress", {}))
    if status == "in_progress":
        return out
    _resolution_rounds(out, row, status, registered, at, team, rng, to_db)
    return out


def _resolution_rounds(out, row, status, registered, at, team, rng, to_db) -> None:
    """The resolutions and 回访 feedback after the case was started at `at`, appended to `out`:
    one round, or two when a dissatisfied worker reopens it once; stops where `status` (or NOW,
    for a case not resolved or visited yet) says."""
    rounds = 2 if rng.random() < 0.05 else 1  # a dissatisfied worker reopens it once
    for r in range(rounds):
        at = max(at, registered + timedelta(days=rng.uniform(1, 12)))
        if r:
            at += timedelta(days=rng.uniform(1, 6))
        if at >= NOW - timedelta(hours=1):
            return  # not resolved yet after all
        result = rng.choice(RESULTS).format(team=team)
        row.update(result=result, resolved_at=to_db(at), status="resolved")
        out.append(("resolved", at, result, "public", "in_progress", "resolved", {}))
        if status == "resolved" and r == rounds - 1:
            return
        at += timedelta(days=rng.uniform(1, 5))
        if at >= NOW:
            return
        last = r == rounds - 1
        if last and rng.random() < 0.15:
            note = "多次回访未联系上职工，按规定销账。"
            row.update(closed_at=to_db(at), status="closed")
            out.append(("closed", at, note, "public", "resolved", "closed", {}))
            return
        rating = ("satisfied" if rng.random() < 0.78 else "mostly") if last else "dissatisfied"
        comment = rng.choice(FEEDBACK_COMMENTS[rating])
        row["satisfaction"] = rating
        if last:
            row.update(closed_at=to_db(at), status="closed")
            out.append(("feedback", at, comment, "public", "resolved", "closed",
                        {"rating": rating}))  # fmt: skip
        else:
            row.update(resolved_at=None, closed_at=None, status="in_progress")
            out.append(("feedback", at, comment, "public", "resolved", "in_progress",
                        {"rating": rating}))  # fmt: skip
