"""Hooks the ledger offers the apps above it (CONVENTIONS §13): what else to do once cases are in.

The ledger names no app above it; an app registers its function in `AppConfig.ready()`:

    from lianxin.cases.hooks import register_case_registered_hook
    register_case_registered_hook(flag_registered_cases)

Every way a case enters the ledger (`register_case`, which the pages, the API and the intake
channels call, and `register_imported_cases`, one call per chunk of an import) runs the hooks once
the registering transaction has committed, with the new cases' ids. A hook must stay cheap (queue
heavy work as a task); one that fails is logged and never undoes the registration.
"""

import logging
from collections.abc import Callable, Iterable

from django.db import transaction

logger = logging.getLogger(__name__)

CaseRegisteredHook = Callable[[list[int]], None]
_CASE_REGISTERED: list[CaseRegisteredHook] = []


def register_case_registered_hook(hook: CaseRegisteredHook) -> None:
    """Run `hook(case_ids)` after every registration (registering the same function twice: once)."""
    if hook not in _CASE_REGISTERED:
        _CASE_REGISTERED.append(hook)


def unregister_case_registered_hook(hook: CaseRegisteredHook) -> None:
    if hook in _CASE_REGISTERED:
        _CASE_REGISTERED.remove(hook)


def case_registered_hooks() -> list[CaseRegisteredHook]:
    return list(_CASE_REGISTERED)


def run_case_registered_hooks(case_ids: Iterable[int]) -> None:
    """Call every hook with the new cases once the current transaction commits (at once outside
    one; never, should it roll back)."""
    ids = list(case_ids)
    if not ids or not _CASE_REGISTERED:
        return
    transaction.on_commit(lambda: _run(ids))


def _run(ids: list[int]) -> None:
    for hook in list(_CASE_REGISTERED):
        try:
            hook(ids)
        except Exception:  # the cases are registered whatever a hook does
            logger.exception("case-registered hook %s failed for %s cases", hook, len(ids))
