"""Hooks the members registry offers the apps above it (CONVENTIONS §13): panels on a person's page.

The registry names no app above it (the ledger, intake, proposals…). What such an app shows on a
person's page it registers in its `AppConfig.ready()`:

    from lianxin.members.hooks import PersonPanel, register_person_panel
    register_person_panel(PersonPanel(slot="person_side", template="myapp/_person_panel.html",
                                      context=my_panel_context))

A panel's `context(request, person)` returns what its template needs, or None when it has nothing
to show for this person and user (then nothing is rendered). It reads through the registering app's
own selectors, so scope stays that app's business. Slots: `person_main` (below the memberships).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from lianxin.members.models import Person

SLOTS = frozenset({"person_main"})

PanelContext = Callable[[HttpRequest, Person], dict[str, Any] | None]


@dataclass(frozen=True)
class PersonPanel:
    slot: str
    template: str
    context: PanelContext


@dataclass(frozen=True)
class ShownPanel:
    template: str
    context: dict[str, Any]


_PANELS: list[PersonPanel] = []


def register_person_panel(panel: PersonPanel) -> None:
    """Show `panel` on every person's page (registering the same panel twice: once)."""
    if panel.slot not in SLOTS:
        raise ValueError(f"unknown person panel slot {panel.slot!r}")
    if panel not in _PANELS:
        _PANELS.append(panel)


def unregister_person_panel(panel: PersonPanel) -> None:
    if panel in _PANELS:
        _PANELS.remove(panel)


def person_panels(request: HttpRequest, person: Person) -> dict[str, list[ShownPanel]]:
    """The panels that have something to show for this person and user, by slot."""
    shown: dict[str, list[ShownPanel]] = {slot: [] for slot in SLOTS}
    for panel in _PANELS:
        context = panel.context(request, person)
        if context is not None:
            shown[panel.slot].append(ShownPanel(panel.template, context))
    return shown
