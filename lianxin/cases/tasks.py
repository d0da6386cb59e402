"""Background tasks of the cases app, run by django-tasks' database worker.

督办 schedules itself, so no cron is needed:

- every run of `supervise_task` queues the next one `settings.LIANXIN_SUPERVISION_INTERVAL`
  seconds later (`run_after`), unless a run is already waiting — even when the run failed;
- `manage.py run_worker` (django-tasks-db's `db_worker` plus this) queues a first run when it
  starts, unless one is already waiting.

So however many workers start or restart, one chain of runs exists: "waiting" is a READY row of
this task in the database backend's table, checked and written under a lock (SQLite: an
exclusive transaction; PostgreSQL: a transaction-level advisory lock). A run still going when
a worker starts (RUNNING, not waiting) finds, as it ends, the run that start queued and queues
nothing, so the chains merge into one.

Each run notices cases (`supervision.supervise_cases`), meeting resolutions (the
`supervise_resolutions` command, where installed), the apps' registered steps
(`hooks.register_supervision_step`) and drains the notifications outbox, retries
included. `manage.py supervise` does the same once, from a shell or from cron for those who prefer
it. Under the ImmediateBackend of the tests `enqueue()` runs the task at once and nothing is
chained (it cannot defer a run).
"""

from datetime import timedelta
from io import StringIO
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import connections
from django.utils import timezone
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet
from django_tasks_db.utils import exclusive_transaction

from lianxin.cases.hooks import run_supervision_steps
from lianxin.cases.supervision import supervise_cases
from lianxin.core import clock
from lianxin.core.notifications import drain_outbox

DEFAULT_INTERVAL_SECONDS = 300
# The PostgreSQL advisory lock that serialises "is a run waiting? if not, queue one".
SCHEDULE_LOCK = 0x4C58_5355  # "LXSU"


@task()
def supervise_task(warn_hours: int = 24, escalate_after_days: int | None = None) -> dict[str, Any]:
    """One 督办 run, then the next one queued; returns the run's report as JSON-ready data."""
    try:
        report = supervise_cases(warn_hours=warn_hours, escalate_after_days=escalate_after_days)
        _supervise_resolutions(warn_hours)
        steps = run_supervision_steps(clock.now())  # the apps above (welfare visits…)
        drain_outbox()  # the notices just written, and those whose delivery failed and is due again
    finally:
        schedule_supervision(
            delay=supervision_interval(),
            warn_hours=warn_hours,
            escalate_after_days=escalate_after_days,
        )
    return {**report.as_dict(), "steps": steps}


def _supervise_resolutions(warn_hours: int) -> None:
    """Meeting resolutions are supervised by the same rules in the same run (the proposals app's
    command, called by name as `manage.py supervise` does: the ledger imports no app above it)."""
    if "supervise_resolutions" in get_commands():
        call_command("supervise_resolutions", warn_hours=warn_hours, stdout=StringIO())


def supervision_interval() -> timedelta:
    """Seconds between two 督办 runs: settings.LIANXIN_SUPERVISION_INTERVAL (300 by default)."""
    seconds = int(getattr(settings, "LIANXIN_SUPERVISION_INTERVAL", DEFAULT_INTERVAL_SECONDS))
    if seconds <= 0:
        raise ValueError("LIANXIN_SUPERVISION_INTERVAL must be a positive number of seconds")
    return timedelta(seconds=seconds)


def waiting_supervision() -> DBTaskResultQuerySet:
    """The 督办 runs queued in the database backend and not yet started."""
    return DBTaskResult.objects.filter(
        task_path=supervise_task.module_path,
        backend_name=supervise_task.backend,
        status=TaskResultStatus.READY,
    )


def schedule_supervision(*, delay: timedelta | None = None, **arguments: Any) -> bool:
    """Queue a 督办 run `delay` from now (at once without one) unless a run is already waiting.

    Returns whether it queued one. Only the database backend keeps a queue to look at; on any
    other (the tests' ImmediateBackend) nothing is queued."""
    if not isinstance(supervise_task.get_backend(), DatabaseBackend):
        return False
    using = DBTaskResult.objects.db
    with exclusive_transaction(using):
        _lock_schedule(using)
        if waiting_supervision().exists():
            return False
        run_after = None if delay is None else timezone.now() + delay
        supervise_task.using(run_after=run_after).enqueue(**arguments)
    return True


def _lock_schedule(using: str) -> None:
    """Two workers starting together must not both find no run waiting and both queue one."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEDULE_LOCK])
    # SQLite: exclusive_transaction already holds the database's write lock from its BEGIN.
