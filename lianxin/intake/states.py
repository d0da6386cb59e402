"""A visit day's life (工会主席陪伴日): planned, then done when the chair was there, or cancelled.

The table is every day in the field's (lianxin.fieldwork.states); a visit day names it `visit`, so a
move the table lacks (a diary entry on a cancelled day, cancelling a day that took place) is refused
like every other workflow's: `TransitionNotAllowed`, HTTP 409, code `visit.transition_not_allowed`.
"""

from django.utils.translation import gettext_lazy as _

from lianxin.fieldwork.states import DAY_TRANSITIONS, DayAction, DayStatus, day_workflow

VisitStatus = DayStatus
VisitAction = DayAction
VISIT_TRANSITIONS = DAY_TRANSITIONS

VISIT_ACTION_LABELS = {
    VisitAction.RECORD: _("Record a diary entry"),
    VisitAction.COMPLETE: _("Mark the visit day done"),
    VisitAction.CANCEL: _("Cancel a visit day"),
}

VISIT_WORKFLOW = day_workflow(
    "visit",
    refusal=_("“%(action)s” is not possible while the visit day is “%(status)s”."),
    action_labels=VISIT_ACTION_LABELS,
)
