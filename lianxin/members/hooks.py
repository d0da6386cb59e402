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

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from lianxin.core.panels import Panel, PanelRegistry
from lianxin.members.models import Person

PERSON_PANELS: PanelRegistry[Person] = PanelRegistry("person", frozenset({"person_main"}))
PersonPanel = Panel  # the name the apps above know
register_person_panel = PERSON_PANELS.register
unregister_person_panel = PERSON_PANELS.unregister
person_panels = PERSON_PANELS.shown


# ---- achievements: what the apps above report a person has done (the 学分银行 listens) ----------
#
# Contests, proposals and activities report a person's achievement here; an app that credits
# achievements (skills' 学分银行) registers a receiver in its `AppConfig.ready()`. The reporting apps
# never name the receiving one, and the registry names neither.
#
#     from lianxin.members.hooks import Achievement, report_achievement
#     report_achievement(Achievement(person_id=p.pk, kind="proposal_adopted",
#                                    source=f"proposals.proposal:{proposal.pk}", on=today))
#
# A receiver runs inside the reporter's transaction: the credit stands or falls with the adoption.
# `source` names the achievement once and for all; a receiver credits one source once, so a
# report sent twice (a retried request) is harmless.


@dataclass(frozen=True)
class Achievement:
    person_id: int
    kind: str  # course_completed | certificate | contest_result | proposal_adopted | …
    source: str  # "<app>.<model>:<pk>", unique per achievement and person
    on: date
    detail: Mapping[str, object] = field(default_factory=dict)  # e.g. {"credit_hours": 16}
    actor_id: int | None = None  # who recorded it (None: the system)


AchievementReceiver = Callable[[Achievement], None]
_ACHIEVEMENT_RECEIVERS: list[AchievementReceiver] = []


def register_achievement_receiver(receiver: AchievementReceiver) -> None:
    if receiver not in _ACHIEVEMENT_RECEIVERS:
        _ACHIEVEMENT_RECEIVERS.append(receiver)


def unregister_achievement_receiver(receiver: AchievementReceiver) -> None:
    if receiver in _ACHIEVEMENT_RECEIVERS:
        _ACHIEVEMENT_RECEIVERS.remove(receiver)


def report_achievement(achievement: Achievement) -> None:
    """Tell every registered receiver (none: nothing happens — the report is not an error)."""
    for receiver in list(_ACHIEVEMENT_RECEIVERS):
        receiver(achievement)
