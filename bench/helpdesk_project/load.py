"""Prepare django-helpdesk's database at the same volume as Lianxin's data set (run in its venv).

    bench/.helpdesk-venv/bin/python bench/helpdesk_project/load.py --tickets 1000000

A queue per district (the 50 districts of bench/generate.py), N tickets over the same three years
with the same Chinese texts (bench/import_bench.py) and a similar spread of states, each with the
follow-up helpdesk writes when a ticket is opened; plain rows in bulk. A staff superuser with a DRF token
and a signed-in session. Built in a test database (Django's test-database machinery) and kept for
the run if it is already there; prints one JSON line with what the bench needs.
"""

import argparse
import json
import os
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(HERE), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdproject.settings")

from bench.generate import (  # noqa: E402  (stdlib-only at import time)
    CITIES,
    NOW,
    YEARS,
    _create_indexes,
    _drop_indexes,
    _sync_sequences,
)
from bench.import_bench import CONCERNS, SURNAMES, TEAMS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, required=True)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--drop", action="store_true")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection

    if args.drop:
        connection.creation.create_test_db(verbosity=0, serialize=False, keepdb=True)
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
        return
    connection.creation.create_test_db(verbosity=0, serialize=False, keepdb=True)
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        marker = None
        if "bench_marker" in tables:
            cursor.execute("SELECT info FROM bench_marker")
            row = cursor.fetchone()
            marker = json.loads(row[0]) if row else None
    if not marker or marker.get("tickets") != args.tickets or marker.get("seed") != args.seed:
        if marker or ("helpdesk_ticket" in tables and _count() > 0):
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
            connection.creation.create_test_db(verbosity=0, serialize=False, keepdb=False)
        marker = load(args.tickets, args.seed)
    marker.update(_access())
    marker["database"] = connection.settings_dict["NAME"]
    print(json.dumps(marker))


TICKET_COLUMNS = [
    "id", "title", "queue_id", "created", "modified", "submitter_email", "status", "on_hold",
    "description", "resolution", "priority", "secret_key",
]  # fmt: skip
FOLLOW_UP_COLUMNS = ["id", "ticket_id", "date", "title", "comment", "public"]


def _same(value):
    return value


def _count() -> int:
    from helpdesk.models import Ticket

    return Ticket.objects.count()


def load(n: int, seed: int) -> dict:
    """`n` tickets over a queue per district, drawn from one stream seeded with `seed`, written in
    chunks of 50,000 as plain rows; the marker records what was loaded."""
    from django.db import connection, transaction

    from lianxin.core.bulk import insert_rows

    rng = random.Random(seed)
    started = time.perf_counter()
    queues = _queues()
    chunk, done = 50_000, 0
    # As for Lianxin's data set: no fsync during the load, the secondary indexes built at the end,
    # plain rows with their ids (COPY / one prepared INSERT), not a model instance per row.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")
    dropped = _drop_indexes(["helpdesk_ticket", "helpdesk_followup"])
    queue_ids = [q.pk for q in queues]
    while done < n:
        k = min(chunk, n - done)
        tickets, follow_ups = _chunk(rng, k, done, queue_ids)
        with transaction.atomic():
            insert_rows("helpdesk_ticket", TICKET_COLUMNS, tickets)
            insert_rows("helpdesk_followup", FOLLOW_UP_COLUMNS, follow_ups)
        done += k
        print(f"  {done:,} tickets", file=sys.stderr, flush=True)
    _sync_sequences("helpdesk_ticket", "helpdesk_followup")
    _create_indexes(dropped)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    info = {"tickets": n, "seed": seed, "queues": len(queues),
            "load_seconds": round(time.perf_counter() - started, 1)}  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_marker (info TEXT NOT NULL)")
        cursor.execute("DELETE FROM bench_marker")
        cursor.execute("INSERT INTO bench_marker (info) VALUES (%s)", [json.dumps(info)])
    return info


def _queues() -> list:
    """A queue per district of bench/generate.py's tree, in its order."""
    from django.db import transaction
    from helpdesk.models import Queue

    queues = []
    with transaction.atomic():
        for prefix, city, districts in CITIES:
            for d, district in enumerate(districts, start=1):
                queues.append(
                    Queue.objects.create(
                        title=f"{city}{district}",
                        slug=f"{prefix.lower()}-{d:02d}",
                        allow_public_submission=False,
                        allow_email_submission=False,
                    )
                )
    return queues


def _chunk(rng: random.Random, k: int, done: int, queue_ids: list[int]) -> tuple[list, list]:
    """The next `k` tickets (ids from done + 1) and their opening follow-ups, in time order over
    the three years before NOW with the same rising volume as Lianxin's data set."""
    from django.db import connection

    stored = connection.ops.adapt_datetimefield_value if connection.vendor == "sqlite" else _same
    first = NOW - timedelta(days=YEARS * 365)
    span = (NOW - first).total_seconds()
    # The same rising volume as Lianxin's data set, in time order.
    stamps = sorted(first + timedelta(seconds=span * (rng.random() ** 0.8)) for _ in range(k))
    tickets, follow_ups = [], []
    for pk, at in enumerate(stamps, start=done + 1):
        _category, title, text = rng.choice(CONCERNS)
        m = rng.randrange(2, 9)
        age = (NOW - at).days
        r = rng.random()
        if age > 60:
            status = 4 if r < 0.85 else 3 if r < 0.9 else 1 if r < 0.98 else 2
        else:
            status = 1 if r < 0.6 else 3 if r < 0.8 else 4
        created = stored(at)
        closed = min(at + timedelta(days=rng.uniform(0, 10)), NOW)
        modified = stored(closed) if status > 2 else created
        description = f"{rng.choice(SURNAMES)}师傅反映：" + text.format(
            team=rng.choice(TEAMS), months=m, n=m
        )
        tickets.append((
            pk, title, rng.choice(queue_ids), created, modified,
            f"worker{rng.randrange(10**6)}@example.cn", status, False, description,
            "已与企业协商解决，职工表示认可。" if status > 2 else "", rng.choice((2, 3, 3, 3, 4)),
            str(uuid.UUID(int=rng.getrandbits(128), version=4)),  # as helpdesk's mk_secret
        ))  # fmt: skip
        follow_ups.append((pk, pk, created, "Ticket Opened", description, True))
    return tickets, follow_ups


def _access() -> dict:
    """The staff user's API token and a signed-in session, and the first district's queue."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from helpdesk.models import Queue
    from rest_framework.authtoken.models import Token

    user = User.objects.filter(username="bench").first()
    if user is None:
        user = User.objects.create_superuser("bench", "bench@example.cn", None)
    token, _created = Token.objects.get_or_create(user=user)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    queue = Queue.objects.order_by("id").first()
    return {
        "token": token.key,
        "session": session.session_key,
        "queue": queue.pk,
        "queue_title": queue.title,
        "queue_tickets": queue.ticket_set.count(),
        "at": datetime.now(UTC).isoformat(),
    }


if __name__ == "__main__":
    main()
