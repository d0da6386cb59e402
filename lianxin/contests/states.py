"""The moves of a contest: stages, entries (screening and judging) and the challenge board's claims.

Pages derive their buttons from these tables; nothing else lists moves.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.core.workflow import Workflow


class StageKind(models.TextChoices):
    SEEDING = "seeding", _("Seeding stage")
    POINTS = "points", _("Points stage")
    FINAL = "final", _("Final")


# Stages whose scored entries add up to a participant's points.
POINTS_STAGES = frozenset({StageKind.SEEDING, StageKind.POINTS})


class StageStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Not open yet")
    OPEN = "open", _("Open for entries")
    CLOSED = "closed", _("Stage closed")


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("In screening")
    QUALIFIED = "qualified", _("Passed screening")
    SCORED = "scored", _("Scored")
    SCREENED_OUT = "screened_out", _("Screened out")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ChallengeStatus(models.TextChoices):
    OPEN = "open", _("Open for claims")
    CLAIMED = "claimed", _("Being tackled")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Off the board")


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the poster")
    ACCEPTED = "accepted", _("At work")
    DECLINED = "declined", _("Declined")
    DELIVERED = "delivered", _("Delivered")
    SUCCEEDED = "succeeded", _("Accepted as solved")
    FAILED = "failed", _("Delivery failed")


class Action(StrEnum):
    OPEN_STAGE = "open_stage"
    CLOSE_STAGE = "close_stage"
    PASS_SCREENING = "pass_screening"
    FAIL_SCREENING = "fail_screening"
    WITHDRAW = "withdraw"
    SCORE = "score"
    CLAIM = "claim"
    ACCEPT_CLAIM = "accept_claim"
    DECLINE_CLAIM = "decline_claim"
    REPORT_PROGRESS = "report_progress"
    DELIVER = "deliver"
    ACCEPT_DELIVERY = "accept_delivery"
    FAIL_DELIVERY = "fail_delivery"
    CLOSE_CHALLENGE = "close_challenge"


ACTION_LABELS = {
    Action.OPEN_STAGE: _("Open the stage"),
    Action.CLOSE_STAGE: _("Close the stage"),
    Action.PASS_SCREENING: _("Pass this level"),
    Action.FAIL_SCREENING: _("Screen out"),
    Action.WITHDRAW: _("Withdraw"),
    Action.SCORE: _("Score"),
    Action.CLAIM: _("Take on the challenge"),
    Action.ACCEPT_CLAIM: _("Accept the claim"),
    Action.DECLINE_CLAIM: _("Decline the claim"),
    Action.REPORT_PROGRESS: _("Report progress"),
    Action.DELIVER: _("Deliver"),
    Action.ACCEPT_DELIVERY: _("Accept as solved"),
    Action.FAIL_DELIVERY: _("Mark as failed"),
    Action.CLOSE_CHALLENGE: _("Close the challenge"),
}

# What each journal event is called on a timeline.
EVENT_LABELS = {
    "posted": _("Posted"),
    "claimed": _("Claimed by a team"),
    "claim_accepted": _("Claim accepted"),
    "claim_declined": _("Claim declined"),
    "progress": _("Progress report"),
    "delivered": _("Delivered"),
    "solved": _("Accepted as solved"),
    "delivery_failed": _("Delivery failed"),
    "closed": _("Taken off the board"),
}

A = Action
ES, SS, CS, KS = EntryStatus, StageStatus, ChallengeStatus, ClaimStatus

STAGE_TRANSITIONS: dict[str, dict[Action, str]] = {
    SS.SCHEDULED: {A.OPEN_STAGE: SS.OPEN},
    SS.OPEN: {A.CLOSE_STAGE: SS.CLOSED},
    SS.CLOSED: {},
}

# Passing the last screening level makes the entry qualified (the service decides which applies).
ENTRY_TRANSITIONS: dict[str, dict[Action, str]] = {
    ES.SUBMITTED: {
        A.PASS_SCREENING: ES.SCREENING,
        A.FAIL_SCREENING: ES.SCREENED_OUT,
        A.WITHDRAW: ES.WITHDRAWN,
    },
    ES.SCREENING: {
        A.PASS_SCREENING: ES.SCREENING,
        A.FAIL_SCREENING: ES.SCREENED_OUT,
        A.WITHDRAW: ES.WITHDRAWN,
    },
    ES.QUALIFIED: {A.SCORE: ES.SCORED, A.WITHDRAW: ES.WITHDRAWN},
    ES.SCORED: {A.SCORE: ES.SCORED},
    ES.SCREENED_OUT: {},
    ES.WITHDRAWN: {},
}

CHALLENGE_TRANSITIONS: dict[str, dict[Action, str]] = {
    CS.OPEN: {
        A.CLAIM: CS.OPEN,
        A.ACCEPT_CLAIM: CS.CLAIMED,
        A.DECLINE_CLAIM: CS.OPEN,
        A.CLOSE_CHALLENGE: CS.CLOSED,
    },
    CS.CLAIMED: {
        A.CLAIM: CS.CLAIMED,
        A.ACCEPT_CLAIM: CS.CLAIMED,
        A.DECLINE_CLAIM: CS.CLAIMED,
        A.REPORT_PROGRESS: CS.CLAIMED,
        A.DELIVER: CS.CLAIMED,
        A.ACCEPT_DELIVERY: CS.SOLVED,
        A.FAIL_DELIVERY: CS.CLAIMED,
        A.CLOSE_CHALLENGE: CS.CLOSED,
    },
    CS.SOLVED: {A.CLOSE_CHALLENGE: CS.CLOSED},
    CS.CLOSED: {},
}

CLAIM_TRANSITIONS: dict[str, dict[Action, str]] = {
    KS.PENDING: {A.ACCEPT_CLAIM: KS.ACCEPTED, A.DECLINE_CLAIM: KS.DECLINED},
    KS.ACCEPTED: {A.REPORT_PROGRESS: KS.ACCEPTED, A.DELIVER: KS.DELIVERED},
    KS.DELIVERED: {A.ACCEPT_DELIVERY: KS.SUCCEEDED, A.FAIL_DELIVERY: KS.FAILED},
    KS.DECLINED: {},
    KS.SUCCEEDED: {},
    KS.FAILED: {},
}


def _status_label(status: str) -> object:
    # Lazy labels, so the message is translated when it is shown.
    for enum in (StageStatus, EntryStatus, ChallengeStatus, ClaimStatus):
        if status in enum.values:
            return enum(status).label
    return status


def _flow(table: dict[str, dict[Action, str]]) -> Workflow:
    return Workflow(
        name="contest",
        table=table,
        refusal=_("“%(action)s” is not possible while the status is “%(status)s”."),
        action_labels=ACTION_LABELS,
        status_label=_status_label,
    )


STAGE_FLOW = _flow(STAGE_TRANSITIONS)
ENTRY_FLOW = _flow(ENTRY_TRANSITIONS)
CHALLENGE_FLOW = _flow(CHALLENGE_TRANSITIONS)
CLAIM_FLOW = _flow(CLAIM_TRANSITIONS)
