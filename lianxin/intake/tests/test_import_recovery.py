"""Imports whose worker died: a batch silent for minutes is re-queued and resumes without adding a
row twice, or is failed with its file deleted; its task row is failed; the page and a command do it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lianxin.audit.models import Event
from lianxin.cases.models import Case
from lianxin.intake.models import ImportBatch, ImportedRow
from lianxin.intake.services import import_recovery, imports
from lianxin.intake.services.import_recovery import recover_stale_imports
from lianxin.intake.services.imports import create_import, run_import_batch
from lianxin.intake.tests.fixtures.ledger_files import row, xlsx_upload

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


class Killed(BaseException):
    """kill -9: nothing after it runs in the worker (no except, no finally of ours)."""


def rows(n: int = 5) -> list[list]:
    return [row(org="EA1", date="2025-10-09", description=f"第{i}条诉求。") for i in range(n)]


@pytest.fixture
def killed_batch(world, settings, monkeypatch):
    """A batch whose worker was killed after its first chunk of two rows: still "running", two
    rows imported, its file on disk, its heartbeat eleven minutes old."""
    settings.TASKS = DUMMY
    batch = create_import(actor=world.staff, org=world.district_a, upload=xlsx_upload(rows()))
    with monkeypatch.context() as m:
        m.setattr(imports, "CHUNK_ROWS", 2)
        real, calls = imports._import_rows, []

        def dying(*args):
            calls.append(1)
            if len(calls) == 2:
                raise Killed
            real(*args)

        m.setattr(imports, "_import_rows", dying)
        m.setattr(imports, "_finish_interrupted", lambda batch: None)
        m.setattr(imports, "_forget_upload", lambda batch: None)
        with pytest.raises(Killed):
            run_import_batch(batch_id=batch.pk)
    ImportBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=11)
    )
    batch.refresh_from_db()
    assert (batch.status, batch.imported, Case.objects.count()) == ("running", 2, 2)
    settings.TASKS = IMMEDIATE
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    return batch


def kinds(batch: ImportBatch) -> list[str]:
    events = Event.objects.filter(target_type="intake.importbatch", target_id=batch.pk)
    return [e.kind for e in events.order_by("seq")]


def test_a_stale_batch_is_requeued_and_resumes_adding_only_the_rest(killed_batch):
    # given a batch killed after two of its five rows, silent for eleven minutes
    name, storage = killed_batch.file.name, killed_batch.file.storage
    # when stale imports are recovered
    assert recover_stale_imports() == [(killed_batch.pk, "requeued")]
    # then it ran again: every row once, the two earlier ones counted as imported, not repeated
    batch = ImportBatch.objects.get(pk=killed_batch.pk)
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.imported, batch.duplicates, batch.failed) == (5, 0, 0)
    assert (batch.processed_rows, batch.total_rows) == (5, 5)
    assert Case.objects.count() == 5
    assert sorted(Case.objects.values_list("description", flat=True)) == [
        f"第{i}条诉求。" for i in range(5)
    ]
    assert ImportedRow.objects.filter(batch=batch).count() == 5
    assert not batch.error_file
    assert not storage.exists(name)
    assert kinds(batch) == ["import_uploaded", "import_requeued", "import_finished"]


def test_a_batch_still_making_progress_is_left_alone(killed_batch):
    ImportBatch.objects.filter(pk=killed_batch.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=1)
    )
    assert recover_stale_imports() == []
    killed_batch.refresh_from_db()
    assert killed_batch.status == ImportBatch.Status.RUNNING
    assert kinds(killed_batch) == ["import_uploaded"]


def test_a_stale_batch_whose_file_is_gone_is_failed_with_the_reason(killed_batch):
    killed_batch.file.delete(save=False)
    assert recover_stale_imports() == [(killed_batch.pk, "failed")]
    batch = ImportBatch.objects.get(pk=killed_batch.pk)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.message.startswith("导入被中断：执行导入的后台进程已停止。")
    assert (batch.imported, Case.objects.count()) == (2, 2)
    assert kinds(batch) == ["import_uploaded", "import_failed"]


def test_the_command_fails_stale_batches_and_deletes_their_files(killed_batch, capsys):
    name, storage = killed_batch.file.name, killed_batch.file.storage
    call_command("recover_imports", "--fail")
    batch = ImportBatch.objects.get(pk=killed_batch.pk)
    assert batch.status == ImportBatch.Status.FAILED
    assert not batch.file
    assert not storage.exists(name)
    assert f"import {batch.pk}: failed" in capsys.readouterr().out


def test_the_command_requeues_after_the_minutes_given(killed_batch, capsys):
    call_command("recover_imports", "--minutes", "30")
    assert ImportBatch.objects.get(pk=killed_batch.pk).status == ImportBatch.Status.RUNNING
    call_command("recover_imports", "--minutes", "5")
    assert ImportBatch.objects.get(pk=killed_batch.pk).status == ImportBatch.Status.DONE
    assert f"import {killed_batch.pk}: requeued" in capsys.readouterr().out


def test_the_dead_workers_task_row_is_marked_failed(killed_batch):
    # given the task rows the database backend left: the dead one RUNNING, another batch's too
    def task_row(batch_id: int) -> DBTaskResult:
        return DBTaskResult.objects.create(
            status=TaskResultStatus.RUNNING, args_kwargs={"args": [batch_id], "kwargs": {}},
            task_path=import_recovery.TASK_PATH, backend_name="default",
            run_after=timezone.now(), started_at=timezone.now(),
        )  # fmt: skip

    dead, other = task_row(killed_batch.pk), task_row(killed_batch.pk + 1000)
    # when recovered, then only the dead worker's row is failed
    recover_stale_imports()
    dead.refresh_from_db()
    other.refresh_from_db()
    assert (dead.status, other.status) == (TaskResultStatus.FAILED, TaskResultStatus.RUNNING)
    assert dead.finished_at is not None


def test_the_next_import_task_recovers_stale_batches_first(killed_batch, world):
    other = create_import(
        actor=world.staff, org=world.district_a, upload=xlsx_upload(rows(7)[5:], name="b.xlsx")
    )
    assert ImportBatch.objects.get(pk=other.pk).status == ImportBatch.Status.DONE
    assert ImportBatch.objects.get(pk=killed_batch.pk).status == ImportBatch.Status.DONE
    assert Case.objects.count() == 7


def test_the_batch_page_offers_to_requeue_a_stalled_import_and_the_button_resumes_it(
    killed_batch, client, world
):
    client.force_login(world.staff)
    page = client.get(reverse("imports:batch", args=[killed_batch.pk]))
    assert b'data-testid="requeue-import"' in page.content
    response = client.post(reverse("imports:requeue", args=[killed_batch.pk]))
    assert response.url == reverse("imports:batch", args=[killed_batch.pk])
    batch = ImportBatch.objects.get(pk=killed_batch.pk)
    assert (batch.status, batch.imported, Case.objects.count()) == ("done", 5, 5)
    assert b'data-testid="requeue-import"' not in client.get(response.url).content


def test_a_running_import_still_making_progress_offers_no_button_and_refuses_requeue(
    killed_batch, client, world
):
    ImportBatch.objects.filter(pk=killed_batch.pk).update(heartbeat_at=timezone.now())
    client.force_login(world.staff)
    page = client.get(reverse("imports:batch", args=[killed_batch.pk]))
    assert b'data-testid="requeue-import"' not in page.content
    client.post(reverse("imports:requeue", args=[killed_batch.pk]))
    assert ImportBatch.objects.get(pk=killed_batch.pk).status == ImportBatch.Status.RUNNING


def test_someone_outside_the_imports_org_cannot_requeue_it(killed_batch, client, world):
    client.force_login(world.chair_b)
    response = client.post(reverse("imports:requeue", args=[killed_batch.pk]))
    assert response.status_code == 404
    assert ImportBatch.objects.get(pk=killed_batch.pk).status == ImportBatch.Status.RUNNING


def test_requeue_answers_only_post(killed_batch, client, world):
    client.force_login(world.staff)
    assert client.get(reverse("imports:requeue", args=[killed_batch.pk])).status_code == 405
