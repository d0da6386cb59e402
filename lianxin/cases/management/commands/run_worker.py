"""`manage.py run_worker`: the task worker, with 督办 scheduling itself (no cron needed).

It is django-tasks-db's `db_worker` (same options) that first makes sure a supervision run is
queued (`cases.tasks.schedule_supervision`); each run then queues the next one
LIANXIN_SUPERVISION_INTERVAL seconds later. Run it beside the web server (`make demo` does; in
production under systemd or any service manager, restarted when it stops).
"""

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from lianxin.cases.tasks import schedule_supervision, supervision_interval


class Command(DBWorkerCommand):
    help = (
        "Run the database task worker and keep one supervision (督办) run queued: each run "
        "queues the next LIANXIN_SUPERVISION_INTERVAL seconds later."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = supervision_interval()  # a wrong setting stops the worker before it starts
        queued = schedule_supervision()
        if options["verbosity"] > 0:
            state = "queued now" if queued else "already queued"
            self.stdout.write(
                f"Supervision every {int(interval.total_seconds())} s: the next run is {state}."
            )
        super().handle(*args, **options)
