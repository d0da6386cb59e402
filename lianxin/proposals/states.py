"""The proposal pipeline and the life of a meeting resolution: states, actions, and the only moves.

Pages derive their buttons from these tables; nothing else lists moves.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.core.workflow import Workflow, choices_label


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    DEPARTMENT_REVIEW = "department_review", _("Department review")
    COMMITTEE_REVIEW = "committee_review", _("Committee review")
    ADOPTED = "adopted", _("Adopted")
    DECLINED = "declined", _("Declined")
    IMPLEMENTING = "implementing", _("Implementing")
    IMPLEMENTED = "implemented", _("Implemented")
    REWARDED = "rewarded", _("Rewarded")


class Action(StrEnum):
    REVIEW = "review"
    FORWARD = "forward"
    ADOPT = "adopt"
    DECLINE = "decline"
    IMPLEMENT = "implement"
    COMPLETE = "complete"
    REWARD = "reward"


ACTION_LABELS = {
    Action.REVIEW: _("Start department review"),
    Action.FORWARD: _("Forward to the committee"),
    Action.ADOPT: _("Adopt"),
    Action.DECLINE: _("Decline"),
    Action.IMPLEMENT: _("Start implementing"),
    Action.COMPLETE: _("Record implementation"),
    Action.REWARD: _("Grant the reward"),
}

# What each journal event of a proposal is called on its timeline.
EVENT_LABELS = {
    "submitted": _("Submitted"),
    "department_review": _("Department review started"),
    "forwarded": _("Forwarded to the committee"),
    "adopted": _("Adopted"),
    "declined": _("Declined"),
    "implementing": _("Implementation started"),
    "implemented": _("Implemented"),
    "rewarded": _("Rewarded"),
    "from_case": _("Raised from a case"),
    "to_case": _("Registered as a case"),
}

S, A = Status, Action

# state → {action: state after}
TRANSITIONS: dict[str, dict[Action, str]] = {
    S.SUBMITTED: {A.REVIEW: S.DEPARTMENT_REVIEW, A.DECLINE: S.DECLINED},
    S.DEPARTMENT_REVIEW: {A.FORWARD: S.COMMITTEE_REVIEW, A.DECLINE: S.DECLINED},
    S.COMMITTEE_REVIEW: {A.ADOPT: S.ADOPTED, A.DECLINE: S.DECLINED},
    S.ADOPTED: {A.IMPLEMENT: S.IMPLEMENTING},
    S.IMPLEMENTING: {A.COMPLETE: S.IMPLEMENTED},
    S.IMPLEMENTED: {A.REWARD: S.REWARDED},
    S.DECLINED: {},
    S.REWARDED: {},
}

# Adopted, and every state only an adopted proposal reaches.
ADOPTED_STATES = frozenset({S.ADOPTED, S.IMPLEMENTING, S.IMPLEMENTED, S.REWARDED})
IMPLEMENTED_STATES = frozenset({S.IMPLEMENTED, S.REWARDED})
IN_REVIEW_STATES = frozenset({S.SUBMITTED, S.DEPARTMENT_REVIEW, S.COMMITTEE_REVIEW})


PROPOSAL_WORKFLOW = Workflow(
    name="proposal",
    table=TRANSITIONS,
    refusal=_("“%(action)s” is not possible while the proposal is “%(status)s”."),
    action_labels=ACTION_LABELS,
    status_label=choices_label(Status),
)
actions_from = PROPOSAL_WORKFLOW.actions_from
ensure_transition = PROPOSAL_WORKFLOW.ensure_transition


# ---- meeting resolutions ------------------------------------------------------------------------


class ResolutionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ResolutionAction(StrEnum):
    COMPLETE = "complete"
    DROP = "drop"


RESOLUTION_ACTION_LABELS = {
    ResolutionAction.COMPLETE: _("Mark done"),
    ResolutionAction.DROP: _("Drop"),
}

RESOLUTION_EVENT_LABELS = {
    "resolution_added": _("Resolution adopted"),
    "resolution_done": _("Done"),
    "resolution_dropped": _("Dropped"),
    "supervised": _("Supervision notice"),
}

R, RA = ResolutionStatus, ResolutionAction

RESOLUTION_TRANSITIONS: dict[str, dict[ResolutionAction, str]] = {
    R.OPEN: {RA.COMPLETE: R.DONE, RA.DROP: R.DROPPED},
    R.DONE: {},
    R.DROPPED: {},
}


RESOLUTION_WORKFLOW = Workflow(
    name="resolution",
    table=RESOLUTION_TRANSITIONS,
    refusal=_("“%(action)s” is not possible while the resolution is “%(status)s”."),
    action_labels=RESOLUTION_ACTION_LABELS,
    status_label=choices_label(ResolutionStatus),
)
resolution_actions_from = RESOLUTION_WORKFLOW.actions_from
ensure_resolution_transition = RESOLUTION_WORKFLOW.ensure_transition


MEETING_EVENT_LABELS = {
    "meeting_created": _("Meeting called"),
    "agenda_item_added": _("Agenda item added"),
    "attendee_added": _("Attendee added"),
    "minutes_recorded": _("Minutes recorded"),
    "minutes_published": _("Minutes published to the workers"),
}
