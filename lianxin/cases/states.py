"""The case workflow: its states, its actions, and the only moves allowed between them.

Pages derive their buttons and the API its endpoints from TRANSITIONS; nothing else lists moves.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.core.workflow import Workflow, choices_label


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    IN_PROGRESS = "in_progress", _("In progress")
    REFERRED = "referred", _("Referred")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class Action(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    START = "start"
    PROGRESS = "progress"
    REFER = "refer"
    REPORT_BACK = "report_back"
    ESCALATE = "escalate"
    RESOLVE = "resolve"
    FEEDBACK = "feedback"
    CLOSE = "close"
    REOPEN = "reopen"


ACTION_LABELS = {
    Action.ACCEPT: _("Accept"),
    Action.REJECT: _("Reject"),
    Action.START: _("Start handling"),
    Action.PROGRESS: _("Add progress"),
    Action.REFER: _("Refer to a partner"),
    Action.REPORT_BACK: _("Report back"),
    Action.ESCALATE: _("Escalate"),
    Action.RESOLVE: _("Resolve"),
    Action.FEEDBACK: _("Record feedback"),
    Action.CLOSE: _("Close the case"),
    Action.REOPEN: _("Reopen"),
}

# What each journal event of a case is called on its timeline.
EVENT_LABELS = {
    "registered": _("Registered"),
    "accepted": _("Accepted"),
    "rejected": _("Not accepted"),
    "started": _("Handling started"),
    "progress": _("Progress"),
    "referred": _("Referred"),
    "reported_back": _("Partner reported back"),
    "escalated": _("Escalated"),
    "resolved": _("Resolved"),
    "feedback": _("Feedback"),
    "closed": _("Closed"),
    "reopened": _("Reopened"),
    "corrected": _("Record corrected"),
    "supervised": _("Supervision notice"),
    "attachment_added": _("File attached"),
    "worker_message": _("Message from the worker"),
}

S, A = Status, Action

# state → {action: state after}. Progress and escalation keep the state (escalation moves the owner).
TRANSITIONS: dict[str, dict[Action, str]] = {
    S.REGISTERED: {A.ACCEPT: S.ACCEPTED, A.REJECT: S.REJECTED, A.ESCALATE: S.REGISTERED},
    S.ACCEPTED: {
        A.START: S.IN_PROGRESS,
        A.REFER: S.REFERRED,
        A.PROGRESS: S.ACCEPTED,
        A.ESCALATE: S.ACCEPTED,
    },
    S.IN_PROGRESS: {
        A.REFER: S.REFERRED,
        A.PROGRESS: S.IN_PROGRESS,
        A.RESOLVE: S.RESOLVED,
        A.ESCALATE: S.IN_PROGRESS,
    },
    S.REFERRED: {A.REPORT_BACK: S.IN_PROGRESS, A.PROGRESS: S.REFERRED},
    # A satisfied or mostly satisfied worker closes the case; a dissatisfied one reopens it.
    S.RESOLVED: {A.FEEDBACK: S.CLOSED, A.CLOSE: S.CLOSED, A.REOPEN: S.IN_PROGRESS},
    S.CLOSED: {A.REOPEN: S.IN_PROGRESS},
    S.REJECTED: {},
}

OPEN_STATES = frozenset({S.REGISTERED, S.ACCEPTED, S.IN_PROGRESS, S.REFERRED})
DONE_STATES = frozenset({S.RESOLVED, S.CLOSED})


CASE_WORKFLOW = Workflow(
    name="case",
    table=TRANSITIONS,
    refusal=_("“%(action)s” is not possible while the case is “%(status)s”."),
    action_labels=ACTION_LABELS,
    status_label=choices_label(Status),
)
actions_from = CASE_WORKFLOW.actions_from
ensure_transition = CASE_WORKFLOW.ensure_transition
