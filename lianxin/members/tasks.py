"""The members' background work, run by django-tasks' database worker.

`run_retention` applies the retention rules (services/retention.py) and queues its next run a day
later, unless one is already waiting; `manage.py members_retention --enqueue` starts the chain (or
run it without `--enqueue` from cron). The rules are idempotent, so a second chain would only
repeat a run that finds nothing left to do. Under the tests' ImmediateBackend nothing is chained.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lianxin.members.services import apply_retention

INTERVAL = timedelta(days=1)


@task()
def run_retention() -> dict[str, int]:
    """One run of the retention rules, then the next one queued; what each rule did."""
    try:
        return apply_retention()
    finally:
        schedule_retention(delay=INTERVAL)


def schedule_retention(*, delay: timedelta | None = None) -> bool:
    """Queue a run `delay` from now unless one is waiting; only the database backend keeps a queue."""
    if not isinstance(run_retention.get_backend(), DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.filter(
        task_path=run_retention.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return False
    run_after = None if delay is None else timezone.now() + delay
    run_retention.using(run_after=run_after).enqueue()
    return True
