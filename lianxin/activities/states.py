"""An activity's kinds and a sign-up's life: states, actions, and the only moves.

`signed_up` (a place is held) → `completed` (attended / completed the course) or `no_show`, or
`cancelled`; `waiting` (on the waiting list) → `signed_up` when a place frees up (`promote`), or
`cancelled`. A sign-up is born `signed_up` or `waiting`; everything after that moves through this table.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.core.workflow import Workflow, choices_label


class Kind(models.TextChoices):
    CHILDCARE = "childcare", _("Children's holiday class")  # 托管班
    HEALTH_CHECK = "health_check", _("Free health check")  # 免费体检
    RECUPERATION = "recuperation", _("Recuperation trip")  # 疗休养
    TRAINING = "training", _("Skills training class")  # 技能培训班
    COURSE = "course", _("Craftsman academy course")  # 工匠学院课程
    RECREATION = "recreation", _("Cultural and sports activity")  # 文体活动


class SignUpState(models.TextChoices):
    SIGNED_UP = "signed_up", _("Signed up")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Attended / completed")
    NO_SHOW = "no_show", _("Did not come")


class SignUpAction(StrEnum):
    PROMOTE = "promote"
    CANCEL = "cancel"
    COMPLETE = "complete"
    NO_SHOW = "no_show"


ACTION_LABELS = {
    SignUpAction.PROMOTE: _("Move up from the waiting list"),
    SignUpAction.CANCEL: _("Cancel the sign-up"),
    SignUpAction.COMPLETE: _("Mark as attended / completed"),
    SignUpAction.NO_SHOW: _("Mark as not come"),
}

S, A = SignUpState, SignUpAction

# state → {action: state after}
TRANSITIONS: dict[str, dict[SignUpAction, str]] = {
    S.SIGNED_UP: {A.CANCEL: S.CANCELLED, A.COMPLETE: S.COMPLETED, A.NO_SHOW: S.NO_SHOW},
    S.WAITING: {A.PROMOTE: S.SIGNED_UP, A.CANCEL: S.CANCELLED},
    S.CANCELLED: {},
    S.COMPLETED: {},
    S.NO_SHOW: {},
}

# A sign-up in one of these holds a place (counts against the capacity).
PLACE_STATES = frozenset({S.SIGNED_UP, S.COMPLETED, S.NO_SHOW})
# A sign-up in one of these may be marked present at a session.
ATTENDING_STATES = frozenset({S.SIGNED_UP, S.COMPLETED})
# A person holds at most one sign-up per activity outside this state.
ENDED_STATES = frozenset({S.CANCELLED})

SIGNUP_WORKFLOW = Workflow(
    name="activities",
    table=TRANSITIONS,
    refusal=_("“%(action)s” is not possible while the sign-up is “%(status)s”."),
    action_labels=ACTION_LABELS,
    status_label=choices_label(SignUpState),
)
actions_from = SIGNUP_WORKFLOW.actions_from

# What each journal event of an activity, a session or a sign-up is called on its timeline.
EVENT_LABELS = {
    "activity_created": _("Activity created"),
    "session_added": _("Session added"),
    "attendance_recorded": _("Attendance recorded"),
    "signed_up": _("Signed up"),
    "waitlisted": _("Put on the waiting list"),
    "promoted": _("Moved up from the waiting list"),
    "cancelled": _("Sign-up cancelled"),
    "completed": _("Attended / completed"),
    "no_show": _("Did not come"),
}
