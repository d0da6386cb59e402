"""Imports whose worker died: found by their silence, then re-queued or failed.

A running import writes its batch's heartbeat with every chunk it commits (a chunk of 2,000 rows
takes about a second). A batch still "importing" with no heartbeat for STALE_AFTER has lost its
worker (killed, out of memory, the machine restarted): it would otherwise show "正在导入" for
ever, its task row would stay RUNNING, and its uploaded file, with phone numbers, would stay on
disk. Recovery re-queues it while its file is still there — the import starts again from the top
and recognises the rows the batch already imported by their fingerprints, so nothing comes in
twice — and fails it otherwise (the importer uploads the file again; what was imported is skipped).

Recovery runs before every import task (a worker starting on the queue finds the batches a dead
worker left), from `manage.py recover_imports` (cron), and from the batch page's button.
"""

import logging
from datetime import datetime, timedelta

from django.apps import apps
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.audit.services import record_event
from lianxin.cases.permissions import can_register_in
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied
from lianxin.intake.models import ImportBatch

logger = logging.getLogger("lianxin.imports")

STALE_AFTER = timedelta(minutes=10)
REQUEUED, FAILED = "requeued", "failed"
TASK_PATH = "lianxin.intake.tasks.run_import"


def stale_batches(*, now: datetime | None = None, after: timedelta | None = None) -> QuerySet:
    """Running batches with no sign of life for `after` (STALE_AFTER by default)."""
    cutoff = (now or clock.now()) - (after or STALE_AFTER)
    silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    return ImportBatch.objects.filter(silent, status=ImportBatch.Status.RUNNING)


def is_stale(batch: ImportBatch, *, now: datetime | None = None) -> bool:
    if batch.status != ImportBatch.Status.RUNNING:
        return False
    last = batch.heartbeat_at or batch.created_at
    return last < (now or clock.now()) - STALE_AFTER


def recover_stale_imports(
    *, after: timedelta | None = None, requeue: bool = True
) -> list[tuple[int, str]]:
    """Every stale batch re-queued (or, with requeue=False or its file gone, failed):
    [(batch id, "requeued" | "failed")]."""
    done = []
    for batch_id in stale_batches(after=after).values_list("pk", flat=True):
        outcome = _recover(batch_id, actor=None, requeue=requeue, after=after)
        if outcome:
            done.append((batch_id, outcome))
    return done


def requeue_import(*, batch_id: int, actor: User) -> str:
    """The batch page's button: a stale import re-queued by someone who may import for its org."""
    batch = ImportBatch.objects.select_related("org").filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(_("No such import."), code="import.not_found")
    if not (actor.is_superuser or can_register_in(actor, batch.org)):
        raise PermissionDenied(
            _("You may not import cases for %(org)s.") % {"org": batch.org.name},
            code="import.permission_denied",
        )
    outcome = _recover(batch_id, actor=actor, requeue=True, after=None)
    if outcome is None:
        raise InvalidInput(
            _("This import is not stalled; it is still running or has ended."),
            code="import.not_stalled",
        )
    return outcome


@transaction.atomic
def _recover(
    batch_id: int, *, actor: User | None, requeue: bool, after: timedelta | None
) -> str | None:
    batch = stale_batches(after=after).select_for_update().filter(pk=batch_id).first()
    if batch is None:  # finished, or its worker wrote a heartbeat meanwhile
        return None
    _fail_task_rows(batch.pk)
    if requeue and batch.file and batch.file.storage.exists(batch.file.name):
        batch.status, batch.message = ImportBatch.Status.QUEUED, ""
        batch.save(update_fields=["status", "message"])
        record_event(target=batch, actor=actor, kind="import_requeued", data=_counts(batch))
        from lianxin.intake.tasks import run_import  # the task module imports the services

        run_import.enqueue(batch.pk)
        logger.warning("import %s had no heartbeat: re-queued", batch.pk)
        return REQUEUED
    _fail(batch, actor)
    return FAILED


def _fail(batch: ImportBatch, actor: User | None) -> None:
    batch.status = ImportBatch.Status.FAILED
    batch.message = _(
        "The import was interrupted: the worker running it was stopped. Rows imported so far are "
        "kept; upload the same file again and only the rest is imported."
    )
    if batch.file:
        batch.file.delete(save=False)
    batch.file = ""
    batch.save(update_fields=["status", "message", "file"])
    record_event(
        target=batch, actor=actor, kind="import_failed", note=batch.message, data=_counts(batch)
    )
    logger.warning("import %s had no heartbeat: failed", batch.pk)


def _counts(batch: ImportBatch) -> dict[str, int]:
    keys = ("processed_rows", "total_rows", "imported", "duplicates", "failed")
    return {k: getattr(batch, k) for k in keys}


def _fail_task_rows(batch_id: int) -> None:
    """The dead worker's task row, left RUNNING by the database task backend, marked failed."""
    if not apps.is_installed("django_tasks_db"):
        return
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, task_path=TASK_PATH)
    for row in running.only("pk", "args_kwargs"):
        if (row.args_kwargs or {}).get("args") == [batch_id]:
            row.status = TaskResultStatus.FAILED
            row.finished_at = clock.now()
            row.exception_class_path = "lianxin.intake.services.import_recovery.WorkerLost"
            row.traceback = "The worker stopped without finishing; the batch was recovered."
            row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
