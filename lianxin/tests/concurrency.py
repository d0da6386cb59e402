"""Two ways tests make things happen at the same moment, against a real database.

    outcomes = run_concurrently(lambda: throttle.hit(KEY, limit=5, window_seconds=900), threads=12)
    stdout = run_on_sqlite_file(SCRIPT, tmp_path)   # SCRIPT forks processes over one SQLite file

`run_concurrently` uses threads, one database connection each (PostgreSQL: SQLite's in-memory test
database takes no concurrent writers). `run_on_sqlite_file` runs a script in a fresh interpreter
on a SQLite file configured as the project configures it (WAL, a busy timeout).
"""

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection


def run_concurrently(attempt: Callable[[], Any], *, threads: int) -> list[Any]:
    """Run `attempt` in `threads` threads released at once; an exception is returned as the
    outcome, so a test can count refusals. Each thread closes its own connection."""
    barrier = threading.Barrier(threads)
    outcomes: list[Any] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            barrier.wait()
            try:
                outcome = attempt()
            except Exception as error:
                outcome = error
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return outcomes


def run_on_sqlite_file(script: str, tmp_path: Path, *, timeout: int = 120) -> str:
    """Run `script` (it calls django.setup() itself) against a new SQLite file; its stdout."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="lianxin.settings",
        LIANXIN_SQLITE=str(tmp_path / "db.sqlite3"),
        LIANXIN_VAR_DIR=str(tmp_path),
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return done.stdout
