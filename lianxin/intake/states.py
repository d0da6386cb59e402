"""A visit day's life (工会主席陪伴日): planned, then done when the chair was there, or cancelled.

The visit-day services move a day only through `VISIT_WORKFLOW`, so a move the table lacks (a diary
entry on a cancelled day, cancelling a day that took place) is refused like every other workflow's:
`TransitionNotAllowed`, HTTP 409, code `visit.transition_not_allowed`.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.core.workflow import Workflow, choices_label


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class VisitAction(StrEnum):
    RECORD = "record"  # a diary entry: the chair was there, so a planned day is done
    COMPLETE = "complete"  # the day's summary (rewritten on a day already done)
    CANCEL = "cancel"


VISIT_ACTION_LABELS = {
    VisitAction.RECORD: _("Record a diary entry"),
    VisitAction.COMPLETE: _("Mark the visit day done"),
    VisitAction.CANCEL: _("Cancel a visit day"),
}

V, VA = VisitStatus, VisitAction

VISIT_TRANSITIONS: dict[str, dict[VisitAction, str]] = {
    V.PLANNED: {VA.RECORD: V.DONE, VA.COMPLETE: V.DONE, VA.CANCEL: V.CANCELLED},
    V.DONE: {VA.RECORD: V.DONE, VA.COMPLETE: V.DONE},
    V.CANCELLED: {},
}

VISIT_WORKFLOW = Workflow(
    name="visit",
    table=VISIT_TRANSITIONS,
    refusal=_("“%(action)s” is not possible while the visit day is “%(status)s”."),
    action_labels=VISIT_ACTION_LABELS,
    status_label=choices_label(VisitStatus),
)
