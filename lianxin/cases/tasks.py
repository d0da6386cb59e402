"""Background tasks of the cases app, run by django-tasks.

督办 has to run periodically (every 30 minutes in working hours is plenty: a case is noticed at
most once per 24 hours, so extra runs only find nothing to do). Schedule it one of two ways:

1. cron runs the command itself, no worker needed::

       */30 7-21 * * *  cd /srv/lianxin && .venv/bin/python manage.py supervise

2. cron (or any scheduler) enqueues the task on the database backend (settings.TASKS uses
   django_tasks_db.DatabaseBackend) and the worker runs whatever is queued::

       */30 7-21 * * *  cd /srv/lianxin && .venv/bin/python manage.py shell -c \\
                        "from lianxin.cases.tasks import supervise_task; supervise_task.enqueue()"
       * * * * *        cd /srv/lianxin && .venv/bin/python manage.py db_worker --batch

   (or keep one long-running `manage.py db_worker` instead of the second line). The report is kept
   as the task result. The tests use the ImmediateBackend, where `enqueue()` runs the task at once.
"""

from typing import Any

from django_tasks import task

from lianxin.cases.supervision import supervise_cases
from lianxin.core.notifications import drain_outbox


@task()
def supervise_task(warn_hours: int = 24, escalate_after_days: int | None = None) -> dict[str, Any]:
    """One 督办 run; returns its report as JSON-ready data."""
    report = supervise_cases(warn_hours=warn_hours, escalate_after_days=escalate_after_days)
    drain_outbox()  # and the notices whose delivery failed and is due again
    return report.as_dict()
