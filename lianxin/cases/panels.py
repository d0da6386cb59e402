"""What the ledger's pages show from the apps above it, without naming them (CONVENTIONS §13).

The case page and the ledger have slots; an app registers a panel into a slot in its
`AppConfig.ready()`:

    from lianxin.cases.panels import CasePanel, register_panel
    register_panel(CasePanel(slot="case_side", template="myapp/_case_panel.html",
                             context=my_panel_context))

A panel's `context(request, case)` returns what its template needs, or None when it has nothing to
show for this case and user (then nothing is rendered). It reads through the registering app's own
selectors, so scope stays that app's business. Slots:

- `case_header`: under the case's title (where the case came from);
- `case_facts`: rows added to the case's facts (`<dt>`/`<dd>` pairs);
- `case_side`: the top of the case page's side column;
- `ledger_top`: above the ledger's table (`case` is None there).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from lianxin.cases.models import Case

SLOTS = frozenset({"case_header", "case_facts", "case_side", "ledger_top"})

PanelContext = Callable[[HttpRequest, Case | None], dict[str, Any] | None]


@dataclass(frozen=True)
class CasePanel:
    slot: str
    template: str
    context: PanelContext


@dataclass(frozen=True)
class ShownPanel:
    template: str
    context: dict[str, Any]


_PANELS: list[CasePanel] = []


def register_panel(panel: CasePanel) -> None:
    """Show `panel` in its slot from now on (registering an equal panel twice shows it once)."""
    if panel.slot not in SLOTS:
        raise ValueError(f"unknown panel slot {panel.slot!r}; slots: {sorted(SLOTS)}")
    if panel not in _PANELS:
        _PANELS.append(panel)


def shown_panels(
    request: HttpRequest, case: Case | None, *slots: str
) -> dict[str, list[ShownPanel]]:
    """The panels of `slots` with something to show, by slot, in the order they registered."""
    shown: dict[str, list[ShownPanel]] = {slot: [] for slot in slots}
    for panel in _PANELS:
        if panel.slot in shown:
            context = panel.context(request, case)
            if context is not None:
                shown[panel.slot].append(ShownPanel(panel.template, context))
    return shown
