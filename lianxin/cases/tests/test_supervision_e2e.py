"""End to end: with the task worker running (`manage.py run_worker`, as `make demo` starts it), a case
that passes its deadline reaches its handler's inbox and mailbox within a supervision interval, and
nobody runs a command.

The worker is a real subprocess on the test database (PostgreSQL: the test database by name;
SQLite: the in-memory test database copied to a file for the test, the test's own connection moved
onto that file meanwhile), with the production task backend and e-mail through SMTP to an aiosmtpd
server on 127.0.0.1 that keeps what it receives.
"""

import email
import email.policy
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.utils import timezone

from lianxin.cases.models import Category
from lianxin.cases.states import Status
from lianxin.cases.taxonomy import seed_categories
from lianxin.cases.tests.factories import make_case
from lianxin.core.models import Notification

INTERVAL = 2  # seconds between two supervision runs of the worker under test
LEAD = 3  # the case's deadline passes this long after the worker's first run
PATIENCE = 25  # seconds to wait for the worker to start, and then for the e-mail


class MailCatcher:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [message for rcpt, message in self.messages if address in rcpt]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp() -> Iterator[tuple[MailCatcher, int]]:
    catcher, port = MailCatcher(), free_port()
    controller = Controller(catcher, hostname="127.0.0.1", port=port)
    controller.start()
    yield catcher, port
    controller.stop()


@pytest.fixture
def worker_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment that points a subprocess at the test database (see the module docstring)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
        url = f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        yield {"DATABASE_URL": url}
        return
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    memory_name, memory = connection.settings_dict["NAME"], connection.connection
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    # Closing an in-memory SQLite connection would drop the database: keep it aside instead.
    connection.connection = None
    connection.settings_dict["NAME"] = str(path)
    try:
        yield {"LIANXIN_SQLITE": str(path)}
    finally:
        connection.close()
        connection.settings_dict["NAME"] = memory_name
        connection.connection = memory


class Worker:
    """`manage.py run_worker` in a subprocess; its output is read line by line as it comes."""

    def __init__(self, env: dict[str, str]) -> None:
        command = ["manage.py", "run_worker", "--queue-name", "*", "--no-reload"]
        self.process = subprocess.Popen(
            [sys.executable, *command, "--no-startup-delay", "--interval", "0.3", "-v", "1"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def output(self) -> str:
        return "".join(self.lines)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # the worker ends its current task, then exits
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@pytest.fixture
def start_worker(worker_database, smtp, tmp_path) -> Iterator[Callable[[], Worker]]:
    _catcher, port = smtp
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "LIANXIN_SQLITE"}}
    env.update(worker_database)
    env.update(
        DJANGO_SETTINGS_MODULE="lianxin.settings",
        LIANXIN_VAR_DIR=str(tmp_path / "var"),
        LIANXIN_SUPERVISION_INTERVAL=str(INTERVAL),
        LIANXIN_NOTIFY_BACKEND="email",
        LIANXIN_NOTIFY_CHANNELS="email",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        EMAIL_USE_TLS="0",
        PYTHONUNBUFFERED="1",
    )
    workers: list[Worker] = []

    def start() -> Worker:
        workers.append(Worker(env))
        return workers[-1]

    yield start
    for worker in workers:
        worker.stop()


def wait_for(check: Callable[[], object], worker: Worker, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not check():
        if worker.process.poll() is not None:
            pytest.fail(f"the worker stopped before {what}:\n{worker.output()}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {PATIENCE} s; the worker said:\n{worker.output()}")
        time.sleep(0.2)


def runs_logged(worker: Worker) -> int:
    return worker.output().count("supervision at ")


@pytest.mark.django_db(transaction=True)
def test_a_case_passing_its_deadline_reaches_its_handlers_inbox_and_mailbox_with_no_command_run(
    worker_database, world, smtp, start_worker
):
    catcher, _port = smtp
    seed_categories(Category)  # a transactional test starts from whatever the last one left
    world.chair.email = "chair-a1@example.org"
    world.chair.save(update_fields=["email"])
    # given the worker, started as `make demo` starts it, has run supervision once
    worker = start_worker()
    wait_for(lambda: runs_logged(worker) >= 1, worker, "first supervision run")
    # and then a severe-injury claim comes in whose 2-hour response deadline passes LEAD s from now
    # (the union must respond within 2 hours; the resolution is 60 working days away, so nothing
    # is due soon before the response deadline passes)
    due = timezone.now() + timedelta(seconds=LEAD)
    case = make_case(
        actor=world.chair, org=world.ent_a1, at=due - timedelta(hours=2),
        key="accident", channel="station", title="骑手送餐途中摔伤",
        claim_type="severe", urgency="urgent",
    )  # fmt: skip
    assert case.status == Status.REGISTERED
    assert abs((case.response_due - due).total_seconds()) < 1
    # when nobody does anything but wait
    wait_for(
        lambda: any(case.number in m["Subject"] for m in catcher.to(world.chair.email)),
        worker,
        "supervision e-mail to the handler",
    )
    # then the e-mail came after the deadline had passed, from a run of the worker's own chain
    received_at = timezone.now()
    assert received_at > due
    assert received_at - due < timedelta(seconds=PATIENCE)
    worker.stop()
    assert runs_logged(worker) >= 2
    # and the handler has the inbox message, the same notice as the e-mail
    (notice,) = Notification.objects.filter(recipient=world.chair, kind="case_supervised")
    (mail,) = [m for m in catcher.to(world.chair.email) if m["Subject"] == notice.subject]
    assert case.number in notice.subject
    assert shown(case.response_due) in notice.body
    assert shown(case.response_due) in mail.get_content()


def shown(moment: datetime) -> str:
    """A deadline as notices write it: Beijing time to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
