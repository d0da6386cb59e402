"""The case workflow: its states, its actions, and the only moves allowed between them.

Pages derive their buttons and the API its endpoints from TRANSITIONS; nothing else lists moves.
"""

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

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
    # 督办 actions (cases.services.supervision)
    "urged": _("Urged"),
    "urge_answered": _("Urge answered"),
    "supervision_flagged": _("Under formal supervision"),
    "supervision_lifted": _("Formal supervision lifted"),
    "extension_requested": _("Extension requested"),
    "extension_approved": _("Extension approved"),
    "extension_rejected": _("Extension rejected"),
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


def move_fields(
    action: Action,
    current: Mapping[str, Any],
    *,
    at: datetime,
    actor_id: int | None,
    handler_id: int | None = None,
    text: str = "",
) -> dict[str, Any]:
    """What a move sets on a case besides its state, by column (attribute) name, given the case's
    `current` values: the one definition the services and an imported ledger share.

    受理 and 不予受理 answer the worker (the first answer counts); 受理 and 开始办理 give the case a
    handler (one named, else the one it has, else the actor); 不予受理 and 办结 keep the text the
    worker reads; 办结 and 销账 keep their time.
    """
    changes: dict[str, Any] = {}
    if action in (Action.ACCEPT, Action.REJECT):
        changes["responded_at"] = current.get("responded_at") or at
    if action in (Action.ACCEPT, Action.START):
        changes["handler_id"] = handler_id or current.get("handler_id") or actor_id
    if action in (Action.REJECT, Action.RESOLVE):
        changes["result"] = text
    if action == Action.RESOLVE:
        changes["resolved_at"] = at
    if action == Action.CLOSE:
        changes["closed_at"] = at
    return changes


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


# ---- 申请延期: a request to move a case's resolution deadline, decided once by a supervisor ------


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ExtensionAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


EXTENSION_WORKFLOW = Workflow(
    name="case_extension",
    table={
        ExtensionStatus.PENDING: {
            ExtensionAction.APPROVE: ExtensionStatus.APPROVED,
            ExtensionAction.REJECT: ExtensionStatus.REJECTED,
        },
        ExtensionStatus.APPROVED: {},
        ExtensionStatus.REJECTED: {},
    },
    refusal=_("“%(action)s” is not possible: the extension request is “%(status)s”."),
    action_labels={ExtensionAction.APPROVE: _("Approve"), ExtensionAction.REJECT: _("Reject")},
    status_label=choices_label(ExtensionStatus),
)
