"""督办 schedules itself on the task worker: one chain of runs, each queueing the next one an interval
later, whatever the number of workers starting (lianxin/cases/tasks.py, `manage.py run_worker`)."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from lianxin.cases import tasks
from lianxin.cases.tasks import schedule_supervision, supervise_task, waiting_supervision

ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.fixture
def queue(settings):
    """The database task backend of production instead of the tests' ImmediateBackend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.LIANXIN_SUPERVISION_INTERVAL = 600


def supervision_rows(status: str) -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path=supervise_task.module_path, status=status).order_by(
            "enqueued_at"
        )
    )


@pytest.mark.django_db
def test_starting_the_worker_queues_one_supervision_run_to_run_at_once(queue):
    # when a worker starts with no supervision run queued
    queued = schedule_supervision()
    # then one run is waiting, due at once
    assert queued is True
    (waiting,) = supervision_rows(TaskResultStatus.READY)
    assert waiting.run_after == get_date_max()
    assert DBTaskResult.objects.ready().filter(pk=waiting.pk).exists()


@pytest.mark.django_db
def test_a_second_start_queues_no_second_run(queue):
    schedule_supervision()
    # when a second worker starts
    queued = schedule_supervision()
    # then still one run is waiting
    assert queued is False
    assert waiting_supervision().count() == 1


@pytest.mark.django_db
def test_each_run_queues_the_next_one_interval_later_with_its_own_arguments(queue):
    before = timezone.now()
    # when a supervision run ends with nothing waiting
    report = supervise_task.call(warn_hours=12)
    # then the next run waits for the interval (600 s), with the same arguments
    assert report["dry_run"] is False
    (waiting,) = supervision_rows(TaskResultStatus.READY)
    assert before + timedelta(seconds=600) <= waiting.run_after
    assert waiting.run_after <= timezone.now() + timedelta(seconds=600)
    assert waiting.args_kwargs == {
        "args": [],
        "kwargs": {"warn_hours": 12, "escalate_after_days": None},
    }
    assert not DBTaskResult.objects.ready().filter(pk=waiting.pk).exists()


@pytest.mark.django_db
def test_a_run_that_finds_a_run_waiting_queues_nothing(queue):
    # given a worker started while another run was going (its start queued a run)
    schedule_supervision()
    # when the run that was going ends
    supervise_task.call()
    # then one run is waiting: the chains merged
    assert waiting_supervision().count() == 1


@pytest.mark.django_db
def test_a_failed_run_still_queues_the_next(queue, monkeypatch):
    def broken(**options):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(tasks, "supervise_cases", broken)
    # when a run fails
    with pytest.raises(RuntimeError):
        supervise_task.call()
    # then the chain goes on
    assert waiting_supervision().count() == 1


@pytest.mark.django_db
def test_the_interval_comes_from_the_setting_and_must_be_positive(settings):
    settings.LIANXIN_SUPERVISION_INTERVAL = 7
    assert tasks.supervision_interval() == timedelta(seconds=7)
    settings.LIANXIN_SUPERVISION_INTERVAL = 0
    with pytest.raises(ValueError, match="LIANXIN_SUPERVISION_INTERVAL"):
        tasks.supervision_interval()


@pytest.mark.django_db
def test_under_the_immediate_backend_a_run_chains_nothing(world):
    # the tests' ImmediateBackend would run a queued run at once, and so on forever
    result = supervise_task.enqueue()
    assert result.return_value["overdue_notified"] == 0
    assert schedule_supervision() is False
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_worker_command_runs_supervision_and_two_starts_leave_one_run_waiting(queue):
    worker = ["run_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "-v", "0"]
    # when the worker is started twice (each time it runs what is due, then stops)
    call_command(*worker)
    call_command(*worker)
    # then supervision ran once (the first start's run) and one next run is waiting
    assert len(supervision_rows(TaskResultStatus.SUCCESSFUL)) == 1
    (waiting,) = supervision_rows(TaskResultStatus.READY)
    assert waiting.run_after > timezone.now() + timedelta(seconds=500)


@pytest.mark.skipif(not ON_POSTGRES, reason="threads on one database need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_workers_starting_at_the_same_moment_queue_one_run(queue):
    barrier = threading.Barrier(6)
    outcomes: list[bool] = []

    def start() -> None:
        try:
            barrier.wait()
            outcomes.append(schedule_supervision())
        finally:
            connection.close()

    # when six workers start at the same moment
    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # then exactly one of them queued a run
    assert sorted(outcomes) == [False] * 5 + [True]
    assert waiting_supervision().count() == 1
