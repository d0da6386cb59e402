"""A membership's life: states, actions, and the only moves (入会, 审批, 会籍转接, 退会).

`applied → active → transferred_out / left`, and `rejected`. A chair's registration and the new
membership of a transfer are born active (they have no `applied` step); everything after that moves
through this table.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.core.workflow import Workflow, choices_label


class State(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACTIVE = "active", _("Active member")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    LEFT = "left", _("Left")
    REJECTED = "rejected", _("Rejected")


class Action(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    TRANSFER = "transfer"
    LEAVE = "leave"


ACTION_LABELS = {
    Action.APPROVE: _("Approve"),
    Action.REJECT: _("Reject"),
    Action.TRANSFER: _("Transfer to another union"),
    Action.LEAVE: _("Leave the union"),
}

# What each journal event of a membership (or a person) is called on its timeline.
EVENT_LABELS = {
    "applied": _("Applied to join"),
    "registered": _("Registered as a member"),
    "approved": _("Application approved"),
    "rejected": _("Application rejected"),
    "transferred_out": _("Transferred to another union"),
    "transferred_in": _("Transferred in"),
    "left": _("Left the union"),
    "person_registered": _("Person registered"),
    "merged": _("Merged into another record"),
    "merged_in": _("Another record merged in"),
    "erased": _("Personal data erased"),
}

S, A = State, Action

# state → {action: state after}
TRANSITIONS: dict[str, dict[Action, str]] = {
    S.APPLIED: {A.APPROVE: S.ACTIVE, A.REJECT: S.REJECTED},
    S.ACTIVE: {A.TRANSFER: S.TRANSFERRED_OUT, A.LEAVE: S.LEFT},
    S.TRANSFERRED_OUT: {},
    S.LEFT: {},
    S.REJECTED: {},
}

# A membership in one of these no longer binds the person to the union.
ENDED_STATES = frozenset({S.TRANSFERRED_OUT, S.LEFT, S.REJECTED})
# States that were once active: they count for 入会率 at a date between joining and ending.
ONCE_ACTIVE_STATES = frozenset({S.ACTIVE, S.TRANSFERRED_OUT, S.LEFT})

MEMBERSHIP_WORKFLOW = Workflow(
    name="members",
    table=TRANSITIONS,
    refusal=_("“%(action)s” is not possible while the membership is “%(status)s”."),
    action_labels=ACTION_LABELS,
    status_label=choices_label(State),
)
actions_from = MEMBERSHIP_WORKFLOW.actions_from
ensure_transition = MEMBERSHIP_WORKFLOW.ensure_transition


class EmploymentForm(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    DISPATCHED = "dispatched", _("Dispatched worker")
    RIDER = "rider", _("Delivery rider")
    COURIER = "courier", _("Courier")
    RIDE_HAILING = "ride_hailing", _("Ride-hailing driver")
    TRUCK_DRIVER = "truck_driver", _("Truck driver")
    OTHER_GIG = "other_gig", _("Other gig work")


# 新就业形态劳动者: the forms the gig figures count.
GIG_FORMS = frozenset(
    {
        EmploymentForm.RIDER,
        EmploymentForm.COURIER,
        EmploymentForm.RIDE_HAILING,
        EmploymentForm.TRUCK_DRIVER,
        EmploymentForm.OTHER_GIG,
    }
)


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Channel(models.TextChoices):
    APPLIED = "applied", _("Applied")
    REGISTERED = "registered", _("Registered by the union")
    IMPORTED = "imported", _("Roster import")
    TRANSFER = "transfer", _("Transfer")
