"""Jobs: a post's and an application's states, actions and the only moves.

A post: `open → filled` (the headcount is met) or `open → closed` (withdrawn or expired); both end.
An application: `submitted → passed_on` (the union passed it to the enterprise) → `hired` or
`not_hired` (what the enterprise reported back); the worker may withdraw it until it is decided.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.core.workflow import Workflow, choices_label


class PostKind(models.TextChoices):
    REGULAR = "regular", _("Regular job")
    GIG = "gig", _("零工 short job")


class WageUnit(models.TextChoices):
    MONTH = "month", _("per month")
    DAY = "day", _("per day")
    HOUR = "hour", _("per hour")


class PostState(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class PostAction(StrEnum):
    FILL = "fill"
    CLOSE = "close"


POST_ACTION_LABELS = {
    PostAction.FILL: _("Mark as filled"),
    PostAction.CLOSE: _("Close the post"),
}

POST_TRANSITIONS: dict[str, dict[PostAction, str]] = {
    PostState.OPEN: {PostAction.FILL: PostState.FILLED, PostAction.CLOSE: PostState.CLOSED},
    PostState.FILLED: {},
    PostState.CLOSED: {},
}

POST_WORKFLOW = Workflow(
    name="jobs",
    table=POST_TRANSITIONS,
    refusal=_("“%(action)s” is not possible while the job post is “%(status)s”."),
    action_labels=POST_ACTION_LABELS,
    status_label=choices_label(PostState),
)


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    PASSED_ON = "passed_on", _("Passed to the enterprise")
    HIRED = "hired", _("Hired")
    NOT_HIRED = "not_hired", _("Not hired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ApplicationAction(StrEnum):
    PASS_ON = "pass_on"
    REPORT_HIRED = "report_hired"
    REPORT_NOT_HIRED = "report_not_hired"
    WITHDRAW = "withdraw"


APPLICATION_ACTION_LABELS = {
    ApplicationAction.PASS_ON: _("Pass to the enterprise"),
    ApplicationAction.REPORT_HIRED: _("Report: hired"),
    ApplicationAction.REPORT_NOT_HIRED: _("Report: not hired"),
    ApplicationAction.WITHDRAW: _("Withdraw the application"),
}

S, A = ApplicationState, ApplicationAction

APPLICATION_TRANSITIONS: dict[str, dict[ApplicationAction, str]] = {
    S.SUBMITTED: {A.PASS_ON: S.PASSED_ON, A.WITHDRAW: S.WITHDRAWN},
    S.PASSED_ON: {
        A.REPORT_HIRED: S.HIRED,
        A.REPORT_NOT_HIRED: S.NOT_HIRED,
        A.WITHDRAW: S.WITHDRAWN,
    },
    S.HIRED: {},
    S.NOT_HIRED: {},
    S.WITHDRAWN: {},
}

# Both tables refuse with `jobs.transition_not_allowed` (the message names the post or application).
APPLICATION_WORKFLOW = Workflow(
    name="jobs",
    table=APPLICATION_TRANSITIONS,
    refusal=_("“%(action)s” is not possible while the application is “%(status)s”."),
    action_labels=APPLICATION_ACTION_LABELS,
    status_label=choices_label(ApplicationState),
)

# The worker's own move; every other move is the posting union's.
WORKER_ACTIONS = frozenset({A.WITHDRAW})
# Applications the union has passed to the enterprise (counted as 'passed on' in the figures).
PASSED_STATES = frozenset({S.PASSED_ON, S.HIRED, S.NOT_HIRED})

EVENT_LABELS = {
    "post_created": _("Job post published"),
    "post_filled": _("Job post filled"),
    "post_closed": _("Job post closed"),
    "applied": _("Applied"),
    "passed_on": _("Passed to the enterprise"),
    "hired": _("Hire reported"),
    "not_hired": _("Not hired reported"),
    "withdrawn": _("Application withdrawn"),
    "session_created": _("带岗直播 session planned"),
    "viewers_recorded": _("Viewers recorded"),
}
