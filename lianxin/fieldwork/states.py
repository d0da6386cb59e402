"""A day in the field's life: planned, then done when the cadre was there, or cancelled.

Visit days (intake) and duty days (here) share the table; each kind names its own workflow, so a
refused move answers with its own code (`visit.transition_not_allowed`, `duty.…`).
"""

from collections.abc import Mapping
from enum import StrEnum

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lianxin.core.workflow import Workflow, choices_label


class DayStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class DayAction(StrEnum):
    RECORD = "record"  # a diary entry: the cadre was there, so a planned day is done
    COMPLETE = "complete"  # the day's summary (rewritten on a day already done)
    CANCEL = "cancel"


S, A = DayStatus, DayAction

DAY_TRANSITIONS: dict[str, dict[DayAction, str]] = {
    S.PLANNED: {A.RECORD: S.DONE, A.COMPLETE: S.DONE, A.CANCEL: S.CANCELLED},
    S.DONE: {A.RECORD: S.DONE, A.COMPLETE: S.DONE},
    S.CANCELLED: {},
}


def day_workflow(
    name: str, *, refusal: Promise, action_labels: Mapping[DayAction, Promise]
) -> Workflow:
    """The day table under a kind's own name and words."""
    return Workflow(
        name=name,
        table=DAY_TRANSITIONS,
        refusal=refusal,
        action_labels=action_labels,
        status_label=choices_label(DayStatus),
    )


DUTY_ACTION_LABELS = {
    A.RECORD: _("Record what a worker said"),
    A.COMPLETE: _("Mark the duty day done"),
    A.CANCEL: _("Cancel a duty day"),
}

DUTY_WORKFLOW = day_workflow(
    "duty",
    refusal=_("“%(action)s” is not possible while the duty day is “%(status)s”."),
    action_labels=DUTY_ACTION_LABELS,
)
