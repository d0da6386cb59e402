"""A hardship-aid file's life (困难职工帮扶档案) and its aid payments: states, actions, the only moves.

File: `applied → registered ⇄ under_review → out_of_hardship (解困脱困)`, and `closed`.

- register (建档): an application is checked and the file is registered; reject closes an application.
- review (年度复核): once a year a registered file is taken under review; the review either keeps the
  household in aid (`confirm`, back to registered) or finds it out of hardship (`lift`, 解困脱困).
- close: a registered or reviewed file ends for another reason (moved away, died, withdrew).

A file is open while applied, registered or under review: a person has at most one open file (a
database constraint). Out of hardship and closed are final (a new hardship is a new file).

Payment: `requested → approved → paid`, or `rejected` (from requested or approved).
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.core.workflow import Workflow, choices_label


class FileState(models.TextChoices):
    APPLIED = "applied", _("Applied")
    REGISTERED = "registered", _("Registered")
    UNDER_REVIEW = "under_review", _("Under yearly review")
    OUT_OF_HARDSHIP = "out_of_hardship", _("Out of hardship")
    CLOSED = "closed", _("Closed")


class FileAction(StrEnum):
    REGISTER = "register"
    REJECT = "reject"
    REVIEW = "review"
    CONFIRM = "confirm"
    LIFT = "lift"
    CLOSE = "close"


FILE_ACTION_LABELS = {
    FileAction.REGISTER: _("Register the file"),
    FileAction.REJECT: _("Reject the application"),
    FileAction.REVIEW: _("Start the yearly review"),
    FileAction.CONFIRM: _("Keep in aid after review"),
    FileAction.LIFT: _("Out of hardship"),
    FileAction.CLOSE: _("Close the file"),
}

F, FA = FileState, FileAction

FILE_TRANSITIONS: dict[str, dict[FileAction, str]] = {
    F.APPLIED: {FA.REGISTER: F.REGISTERED, FA.REJECT: F.CLOSED},
    F.REGISTERED: {FA.REVIEW: F.UNDER_REVIEW, FA.CLOSE: F.CLOSED},
    F.UNDER_REVIEW: {FA.CONFIRM: F.REGISTERED, FA.LIFT: F.OUT_OF_HARDSHIP, FA.CLOSE: F.CLOSED},
    F.OUT_OF_HARDSHIP: {},
    F.CLOSED: {},
}

OPEN_FILE_STATES = frozenset({F.APPLIED, F.REGISTERED, F.UNDER_REVIEW})
# Visits are owed while the household is in aid (an application is not visited on a schedule yet).
VISITED_STATES = frozenset({F.REGISTERED, F.UNDER_REVIEW})

FILE_WORKFLOW = Workflow(
    name="welfare_hardship",
    table=FILE_TRANSITIONS,
    refusal=_("“%(action)s” is not possible while the file is “%(status)s”."),
    action_labels=FILE_ACTION_LABELS,
    status_label=choices_label(FileState),
)


class PaymentState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


class PaymentAction(StrEnum):
    APPROVE = "approve"
    PAY = "pay"
    REJECT = "reject"


PAYMENT_ACTION_LABELS = {
    PaymentAction.APPROVE: _("Approve the payment"),
    PaymentAction.PAY: _("Record as paid"),
    PaymentAction.REJECT: _("Reject the payment"),
}

P, PA = PaymentState, PaymentAction

PAYMENT_TRANSITIONS: dict[str, dict[PaymentAction, str]] = {
    P.REQUESTED: {PA.APPROVE: P.APPROVED, PA.REJECT: P.REJECTED},
    P.APPROVED: {PA.PAY: P.PAID, PA.REJECT: P.REJECTED},
    P.PAID: {},
    P.REJECTED: {},
}

PAYMENT_WORKFLOW = Workflow(
    name="welfare_aid_payment",
    table=PAYMENT_TRANSITIONS,
    refusal=_("“%(action)s” is not possible while the payment is “%(status)s”."),
    action_labels=PAYMENT_ACTION_LABELS,
    status_label=choices_label(PaymentState),
)


class Level(models.TextChoices):
    DEEP = "deep", _("Deep hardship")
    RELATIVE = "relative", _("Relative hardship")
    ACCIDENT = "accident", _("Hardship from an accident")


class Cause(models.TextChoices):
    SERIOUS_ILLNESS = "serious_illness", _("Serious illness")
    DISABILITY = "disability", _("Disability")
    ACCIDENT = "accident", _("Accident")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    SCHOOLING = "schooling", _("Children's schooling")
    OTHER = "other", _("Other")


class AidKind(models.TextChoices):
    MAJOR_ILLNESS = "major_illness", _("Major-illness aid")
    LIVING = "living", _("Living aid")
    SCHOOLING = "schooling", _("Golden-autumn schooling aid")
    MEDICAL_TOP_UP = "medical_top_up", _("Medical mutual-aid top-up")
    OTHER = "other", _("Other aid")


class Relation(models.TextChoices):
    SELF = "self", _("The worker")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other relative")


class Health(models.TextChoices):
    HEALTHY = "healthy", _("Healthy")
    CHRONIC = "chronic", _("Chronic illness")
    SERIOUS = "serious", _("Serious illness")
    DISABLED = "disabled", _("Disabled")


class Work(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    UNEMPLOYED = "unemployed", _("Unemployed")
    STUDENT = "student", _("In school")
    RETIRED = "retired", _("Retired")
    UNABLE = "unable", _("Unable to work")


# Journal events of a file and of a payment, as its timeline reads them.
EVENT_LABELS = {
    "applied": _("File opened"),
    "registered": _("File registered"),
    "rejected": _("Application rejected"),
    "review_started": _("Yearly review started"),
    "review_confirmed": _("Kept in aid after review"),
    "lifted": _("Out of hardship"),
    "closed": _("File closed"),
    "visited": _("Home visit recorded"),
    "visit_overdue": _("Home visit overdue (督办)"),
    "requested": _("Payment requested"),
    "approved": _("Payment approved"),
    "paid": _("Payment paid"),
    "payment_rejected": _("Payment rejected"),
}

# 帮扶走访: home visits a year each level asks for (settings.LIANXIN_HARDSHIP_VISITS_PER_YEAR).
DEFAULT_VISITS_PER_YEAR = {Level.DEEP: 3, Level.RELATIVE: 2, Level.ACCIDENT: 2}
