"""Background tasks of the insights app, run by django-tasks (`manage.py db_worker`).

`flag_cases(case_ids)` flags possible duplicates of newly registered cases: queued by the ledger's
case-registered hook (one task per registration, one per chunk of an import), so neither a
registration nor an import waits for the model.
"""

from typing import Any

from django_tasks import task


@task()
def flag_cases(case_ids: list[int]) -> dict[str, Any]:
    """Flag the earlier cases the given cases may repeat, in one pass; returns the counts."""
    from lianxin.insights.services import flag_duplicates_of

    flags = flag_duplicates_of(case_ids=case_ids)
    return {"cases": len(case_ids), "flags": len(flags)}
