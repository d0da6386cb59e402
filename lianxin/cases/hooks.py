"""Hooks the ledger offers the apps above it (CONVENTIONS §13): what else to do once cases are in.

The ledger names no app above it; an app registers its function in `AppConfig.ready()`:

    from lianxin.cases.hooks import register_case_registered_hook
    register_case_registered_hook(flag_registered_cases)

Every way a case enters the ledger (`register_case`, which the pages, the API and the intake
channels call, and `register_imported_cases`, one call per chunk of an import) runs the hooks once
the registering transaction has committed, with the new cases' ids. A hook must stay cheap (queue
heavy work as a task); one that fails is logged and never undoes the registration.

The pages too: the case page and the ledger show what apps above register as panels.

They have slots; an app registers a panel into a slot in its
`AppConfig.ready()`:

    from lianxin.cases.hooks import CasePanel, register_panel
    register_panel(CasePanel(slot="case_side", template="myapp/_case_panel.html",
                             context=my_panel_context))

A panel's `context(request, case)` returns what its template needs, or None when it has nothing to
show for this case and user (then nothing is rendered). It reads through the registering app's own
selectors, so scope stays that app's business. Slots:

- `case_header`: under the case's title (where the case came from);
- `case_facts`: rows added to the case's facts (`<dt>`/`<dd>` pairs);
- `case_side`: the top of the case page's side column;
- `ledger_top`: above the ledger's table (`case` is None there).

督办 of what apps above own: `register_supervision_step(fn)`; every run of the supervision task calls
`fn(now) -> dict` after the cases' supervision (a failing step is logged and never breaks the run).
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from lianxin.cases.models import Case
from lianxin.core.panels import Panel, PanelRegistry
from lianxin.orgs.models import Org

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


# ---- panels on the ledger's pages (core.panels) ----------------------------------------------------
CASE_PANELS: PanelRegistry[Case] = PanelRegistry(
    "case", frozenset({"case_header", "case_facts", "case_side", "ledger_top"})
)
CasePanel = Panel  # the name the apps above know
register_panel = CASE_PANELS.register
shown_panels = CASE_PANELS.shown


# ---- supervision steps of the apps above ---------------------------------------------------------
SupervisionStep = Callable[[Any], dict[str, Any]]
_SUPERVISION_STEPS: list[SupervisionStep] = []


def register_supervision_step(step: SupervisionStep) -> None:
    """Run `step(now)` in every 督办 run after the cases' own (registering it twice: once)."""
    if step not in _SUPERVISION_STEPS:
        _SUPERVISION_STEPS.append(step)


def run_supervision_steps(now: Any) -> dict[str, Any]:
    """Each registered step's report by its name; a step that fails is logged and reported as failed."""
    reports: dict[str, Any] = {}
    for step in list(_SUPERVISION_STEPS):
        name = f"{step.__module__}.{step.__qualname__}"
        try:
            reports[name] = step(now)
        except Exception:  # one app's step never breaks the run
            logger.exception("supervision step %s failed", name)
            reports[name] = {"failed": True}
    return reports


# ---- sites: places a concern is raised at, owned by an app above ---------------------------------
#
# A case may carry the code of the place it was raised at (`Case.site`: a 工会驿站's code). The
# app that owns such places registers a resolver in `AppConfig.ready()`; the intake pages ask it
# what a code in a QR link stands for, without knowing which app answers.


@dataclass(frozen=True)
class Site:
    code: str
    name: str
    org: Org  # the union a concern raised there goes to
    channel: str  # the Channel its cases come in by (Channel.STATION)


SiteResolver = Callable[[str], Site | None]
_SITE_RESOLVERS: list[SiteResolver] = []


def register_site_resolver(resolver: SiteResolver) -> None:
    if resolver not in _SITE_RESOLVERS:
        _SITE_RESOLVERS.append(resolver)


def unregister_site_resolver(resolver: SiteResolver) -> None:
    if resolver in _SITE_RESOLVERS:
        _SITE_RESOLVERS.remove(resolver)


def resolve_site(code: str) -> Site | None:
    """The open site with this code, or None (unknown, closed, or no app owns sites)."""
    for resolver in _SITE_RESOLVERS:
        if (site := resolver(code)) is not None:
            return site
    return None
