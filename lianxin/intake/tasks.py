"""Background tasks of the intake app, run by django-tasks.

`run_import(batch_id)` imports one uploaded ledger (lianxin.intake.services.imports). The upload
page queues it; in production a worker runs it::

    .venv/bin/python manage.py db_worker          # one long-running worker, or from cron:
    * * * * *  cd /srv/lianxin && .venv/bin/python manage.py db_worker --batch

settings.TASKS uses django_tasks_db's database backend, so the task is queued in the same
transaction as its batch. The tests use the ImmediateBackend, where enqueueing runs the task at once.

Before each import the worker recovers the batches a dead worker left "importing"
(services/import_recovery.py); `manage.py recover_imports` does the same from cron.
"""

import logging
from typing import Any

from django_tasks import task


@task()
def run_import(batch_id: int) -> dict[str, Any]:
    """Import one queued batch; returns its counts as the task's result."""
    # Imported here: the service module enqueues this task, so it cannot be imported at the top.
    from lianxin.intake.services.import_recovery import recover_stale_imports
    from lianxin.intake.services.imports import run_import_batch

    try:
        recover_stale_imports()
    except Exception:  # recovery must never stop the import it comes before
        logging.getLogger("lianxin.imports").exception("recovering stale imports failed")
    batch = run_import_batch(batch_id=batch_id)
    return {
        "batch": batch.pk,
        "status": batch.status,
        "imported": batch.imported,
        "duplicates": batch.duplicates,
        "failed": batch.failed,
    }
