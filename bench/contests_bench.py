"""Contest standings benchmark: how long from a judge's score to the updated standings, with a field
of N entries from P participants (the issue's target: 10,000 entries, 2,000 participants, < 20 ms).

    python bench/contests_bench.py [--entries 10000] [--participants 2000] [--scores 200] [--seed 7]
    DATABASE_URL=postgres://… python bench/contests_bench.py      # or: scripts/with_postgres.sh …

It runs on a throwaway database (bench/scratch.py). The field is bulk-loaded — every entry already scored by three
judges, the per-participant standing rows filled in — then a fourth judge scores `--scores` entries
one by one through `score_entry` (the real service: locks, checks, journal event, standing row), and
after each score the standings page's read (the top 100, down the rank index) runs.
Reported: the service, its standings share (the participant's row updated), the read, the standings'
own work (row + read) and the whole (service + read) (median, p95, max; wall clock, and this
process's CPU time, which on SQLite is the cost without waiting for a busy CPU), plus the day's first score,
which also takes the day-start ranks for "movement since yesterday". Written to
bench/results/contests_<vendor>_<entries>.json.
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
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.settings")


def machine() -> dict:
    return {
        "node": platform.node(),
        "system": f"{platform.system()} {platform.release()}",
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--participants", type=int, default=2_000)
    parser.add_argument("--scores", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--small", action="store_true", help="2,000 entries, 400 participants")
    args, _others = parser.parse_known_args()  # `python -m bench` passes every bench the same args
    scratch = Path(tempfile.mkdtemp(prefix="lianxin-bench-"))
    os.environ.setdefault("LIANXIN_VAR_DIR", str(scratch))

    import django

    django.setup()
    from bench.scratch import scratch_database

    if args.small:
        args.entries, args.participants, args.scores = 2_000, 400, 100
    with scratch_database(scratch):
        report = run(args.entries, args.participants, args.scores, args.seed)
    report["machine"] = machine()
    out = ROOT / "bench" / "results" / f"contests_{report['database']}_{args.entries}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    both, own = report["score_to_standings_ms"], report["standings_update_ms"]
    print(
        f"{args.entries} entries, {args.participants} participants on {report['database']}: "
        f"standings update + read median {own['median']} ms (p95 {own['p95']}); whole score → "
        f"standings median {both['median']} ms (p95 {both['p95']}) → {out.relative_to(ROOT)}"
    )


def load_field(n_entries: int, n_participants: int, rng: random.Random):
    """The contest through the services; the field itself bulk-loaded (as if scored all year)."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from lianxin.contests.models import Entry, Participant, Score, Standing

    now = timezone.now()
    contest, stage, track, judges, firms = _contest(now)
    users = User.objects.bulk_create(User(username=f"p{i}") for i in range(n_participants))
    people = Participant.objects.bulk_create(
        Participant(
            contest=contest, kind="worker", name=f"参赛者{i}", enterprise=firms[i % 50], user=u
        )
        for i, u in enumerate(users)
    )
    entries, points = _entries(contest, stage, track, people, n_entries, rng, now)
    entries = Entry.objects.bulk_create(entries, batch_size=2000)
    scores = [
        Score(entry=e, judge=j, values={}, total=e.score, scored_at=now)
        for e in entries
        for j in judges[:3]
    ]
    Score.objects.bulk_create(scores, batch_size=5000)
    Standing.objects.bulk_create(
        (Standing(contest=contest, participant_id=pk, points=pts, entries=n, first_submitted_at=first)
         for pk, (pts, n, first) in points.items()),
        batch_size=2000,
    )  # fmt: skip
    return contest, entries, judges[3]


def _contest(now) -> tuple:
    """A city with 50 enterprises and a points contest (open for 30 days either side of `now`,
    its stage opened) by the city's staff member, with four judges on its first track; returns
    (contest, stage, track, judges, firms)."""
    from django.contrib.auth.models import User

    from lianxin.contests import services
    from lianxin.contests.services import CriterionSpec, StageSpec
    from lianxin.contests.states import StageKind
    from lianxin.orgs.models import OrgKind
    from lianxin.orgs.services import create_org, grant_role

    city = create_org(actor=None, code="BC", name="基准市总工会", kind=OrgKind.FEDERATION)
    firms = [
        create_org(
            actor=None, code=f"BC-{i}", name=f"基准企业{i}", kind=OrgKind.ENTERPRISE, parent=city
        )
        for i in range(50)
    ]
    organiser = User.objects.create(username="organiser")
    grant_role(actor=None, user=organiser, org=city, role="staff")
    contest = services.create_contest(
        actor=organiser, owner_org=city, title="基准积分赛", starts_on=(now - timedelta(days=30)).date(),
        ends_on=(now + timedelta(days=30)).date(), tracks=["工艺技术革新", "设备工具改造"],
        criteria=[CriterionSpec("创新性", Decimal(40)), CriterionSpec("实用性", Decimal(30)),
                  CriterionSpec("效益性", Decimal(30))],
        stages=[StageSpec(StageKind.POINTS, now - timedelta(days=30), now + timedelta(days=30))],
    )  # fmt: skip
    stage = contest.stages.get()
    services.open_stage(stage_id=stage.pk, actor=organiser)
    track = contest.tracks.first()
    judges = [User.objects.create(username=f"judge{i}") for i in range(4)]
    for judge in judges:
        services.add_judge(actor=organiser, track_id=track.pk, user=judge)
    return contest, stage, track, judges, firms


def _entries(contest, stage, track, people: list, n_entries: int, rng: random.Random,
             now) -> tuple[list, dict]:  # fmt: skip
    """`n_entries` unsaved entries, dealt to the participants in turn, a minute apart from 29 days
    ago, each already scored by three judges (a score drawn from `rng` in order); with each
    participant's [points, entries, first submitted] for the standing rows."""
    from lianxin.contests.models import Entry
    from lianxin.contests.states import EntryStatus

    entries, points = [], {p.pk: [Decimal(0), 0, None] for p in people}
    for i in range(n_entries):
        p = people[i % len(people)]
        at = now - timedelta(days=29, minutes=-i)
        entries.append(Entry(
            contest=contest, participant=p, track=track, stage=stage, title=f"成果{i}", description="d",
            completed_on=at.date(), submitted_at=at, status=EntryStatus.SCORED, judges_count=3,
            score=Decimal(rng.randint(4000, 9500)) / 100,
        ))  # fmt: skip
        row = points[p.pk]
        row[0] += entries[-1].score
        row[1] += 1
        row[2] = row[2] or at
    return entries, points


def timed(call, cpu: list[float] | None = None) -> tuple[float, object]:
    """Wall-clock milliseconds of `call`; its CPU milliseconds in this process appended to `cpu`."""
    t, c = time.perf_counter(), time.process_time()
    result = call()
    if cpu is not None:
        cpu.append((time.process_time() - c) * 1000)
    return (time.perf_counter() - t) * 1000, result


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered), 2),
        "p95": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
        "max": round(ordered[-1], 2),
    }


def run(n_entries: int, n_participants: int, n_scores: int, seed: int) -> dict:
    from django.db import connection

    from lianxin.contests import services, standings

    rng = random.Random(seed)
    t = time.perf_counter()
    contest, entries, judge = load_field(n_entries, n_participants, rng)
    load_s = time.perf_counter() - t
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    criteria = list(contest.criteria.values_list("pk", "max_score"))
    picks = rng.sample(entries, n_scores + 1)

    def score(entry):
        marks = {pk: Decimal(rng.randint(int(top) // 2, int(top))) for pk, top in criteria}
        return services.score_entry(entry_id=entry.pk, actor=judge, marks=marks)

    first_ms, _ = timed(lambda: score(picks[0]))  # also takes the day-start ranks of every row
    times = time_scores(contest, picks[1:], score)
    plan = standings.ordered(contest.pk)[:100].explain()
    return {
        "name": "contests",
        "database": connection.vendor,
        "entries": n_entries,
        "participants": n_participants,
        "scores_timed": n_scores,
        "load_seconds": round(load_s, 2),
        "first_score_of_the_day_ms": round(first_ms, 2),
        **figures(times),
        "standings_plan": plan,
    }


def time_scores(contest, picks: list, score) -> dict[str, list[float]]:
    """Each pick scored (the service, its standings share timed where it runs), then the top 100
    read: the milliseconds of each, per score, and this process's CPU time of both in turn."""
    from lianxin.contests import selectors, standings

    service, read, both, cpu, update = [], [], [], [], []
    apply = standings.apply_score_change

    def timed_apply(*args, **kwargs):  # the standings' share of the service, timed where it runs
        ms, _ = timed(lambda: apply(*args, **kwargs))
        update.append(ms)

    standings.apply_score_change = timed_apply
    try:
        for entry in picks:
            s_ms, _ = timed(lambda e=entry: score(e), cpu)
            contest.refresh_from_db()
            r_ms, _rows = timed(lambda: selectors.standing_rows(contest=contest, limit=100), cpu)
            service.append(s_ms)
            read.append(r_ms)
            both.append(s_ms + r_ms)
    finally:
        standings.apply_score_change = apply
    return {"service": service, "read": read, "both": both, "cpu": cpu, "update": update}


def figures(times: dict[str, list[float]]) -> dict:
    """The timed scores summarised (median, p95, max) and held against the 20 ms target."""
    service, read, both, cpu, update = (
        times[k] for k in ("service", "read", "both", "cpu", "update")
    )
    end_to_end, standing = (
        summary(both),
        summary([u + r for u, r in zip(update, read, strict=True)]),
    )
    return {
        "score_service_ms": summary(service),
        "standings_row_update_ms": summary(update),
        "standings_read_ms": summary(read),
        # The standings' own work after a score: its row updated, then the top 100 read.
        "standings_update_ms": standing,
        # The whole of it: the judge's score (checks, marks, entry, journal, standings) + the read.
        "score_to_standings_ms": end_to_end,
        # This process's CPU time for the same work: with SQLite (in-process) it is the whole cost
        # without waiting for a CPU, i.e. what an unloaded machine would take.
        "score_to_standings_cpu_ms": summary(
            [a + b for a, b in zip(cpu[::2], cpu[1::2], strict=True)]
        ),
        "load_average": list(os.getloadavg()),
        "target_ms": 20,
        "standings_update_met": standing["median"] <= 20,
        "score_to_standings_met": end_to_end["median"] <= 20,
    }


if __name__ == "__main__":
    main()
