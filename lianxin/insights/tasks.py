"""Background tasks of the insights app, run by django-tasks (`manage.py db_worker`).

- `flag_cases(case_ids)` flags possible duplicates of newly registered cases: queued by the ledger's
  case-registered hook (one task per registration, one per chunk of an import), so neither a
  registration nor an import waits for the model.
- `keep_category_choices(case_ids)` keeps what 12351 operators chose over the suggestion, for
  `manage.py retrain`: queued by the same hook.
- `refresh_topics(scope keys)` clusters the high-frequency topics of those scopes and stores them
  (`TopicSnapshot`): queued by every 督办 run for the scopes whose snapshot has aged
  (`queue_stale_topics`, a supervision step), so no page ever clusters.
"""

from datetime import datetime
from typing import Any

from django_tasks import task

from lianxin.core import clock
from lianxin.insights import services


@task()
def flag_cases(case_ids: list[int]) -> dict[str, Any]:
    """Flag the earlier cases the given cases may repeat, in one pass; returns the counts."""
    flags = services.flag_duplicates_of(case_ids=case_ids)
    return {"cases": len(case_ids), "flags": len(flags)}


@task()
def keep_category_choices(case_ids: list[int]) -> dict[str, Any]:
    """Keep the hotline operators' category choices that differ from the suggestion."""
    return {"kept": services.record_hotline_choices(case_ids=case_ids)}


@task()
def refresh_topics(scope_keys: list[str]) -> dict[str, Any]:
    """Recompute the topics of the given scopes (those still stale when the task runs)."""
    wanted, done = set(scope_keys), 0
    for scope in services.stale_topic_scopes(clock.now()):
        if scope.key in wanted:
            services.refresh_topic_snapshot(scope)
            done += 1
    return {"scopes": done}


def queue_stale_topics(now: datetime) -> dict[str, int]:
    """A 督办 step (cases.hooks): one task for the scopes whose topics have aged, none if all are
    fresh; the clustering happens in that task, not in the supervision run."""
    keys = [s.key for s in services.stale_topic_scopes(now)]
    if keys:
        refresh_topics.enqueue(scope_keys=keys)
    return {"queued": len(keys)}
