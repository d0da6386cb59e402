"""Panels: what an app above shows on a lower app's page, without the lower app naming it.

A lower app keeps one `PanelRegistry` per kind of page, with its slots; an app above registers a
`Panel` into a slot in its `AppConfig.ready()`. A panel's `context(request, subject)` returns what its
template needs, or None when it has nothing to show for this subject and user (then nothing is
rendered); it reads through the registering app's own selectors, so scope stays that app's business.
The page passes `registry.shown(request, subject, *slots)` to its template, which renders each with
`{% load panels %}{% render_panel panel %}`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.http import HttpRequest

Subject = TypeVar("Subject")


@dataclass(frozen=True)
class Panel:
    """`context(request, subject)`: the subject is the page's (a case, a person; None on a list)."""

    slot: str
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class ShownPanel:
    template: str
    context: dict[str, Any]


class PanelRegistry(Generic[Subject]):
    """The panels registered for one kind of page, by slot, in the order they registered."""

    def __init__(self, page: str, slots: frozenset[str]) -> None:
        self.page = page
        self.slots = slots
        self._panels: list[Panel] = []

    def register(self, panel: Panel) -> None:
        """Show `panel` in its slot from now on (registering an equal panel twice shows it once)."""
        if panel.slot not in self.slots:
            raise ValueError(
                f"unknown {self.page} panel slot {panel.slot!r}; slots: {sorted(self.slots)}"
            )
        if panel not in self._panels:
            self._panels.append(panel)

    def unregister(self, panel: Panel) -> None:
        if panel in self._panels:
            self._panels.remove(panel)

    def shown(
        self, request: HttpRequest, subject: Subject | None, *slots: str
    ) -> dict[str, list[ShownPanel]]:
        """The panels of `slots` (all slots when none are named) with something to show."""
        shown: dict[str, list[ShownPanel]] = {slot: [] for slot in slots or sorted(self.slots)}
        for panel in self._panels:
            if panel.slot in shown:
                context = panel.context(request, subject)
                if context is not None:
                    shown[panel.slot].append(ShownPanel(panel.template, context))
        return shown
