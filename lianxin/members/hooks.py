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

from lianxin.core.panels import Panel, PanelRegistry
from lianxin.members.models import Person

PERSON_PANELS: PanelRegistry[Person] = PanelRegistry("person", frozenset({"person_main"}))
PersonPanel = Panel  # the name the apps above know
register_person_panel = PERSON_PANELS.register
unregister_person_panel = PERSON_PANELS.unregister
person_panels = PERSON_PANELS.shown
