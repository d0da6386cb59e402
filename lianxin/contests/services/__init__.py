"""Every change in a contest and on the challenge board: one function per move, one transaction,
one journal event.

Each move locks its row, checks scope (outside it the object does not exist for the actor), the
actor's permission and the transition table, saves only what it changes and appends one event.
A refused move raises a DomainError before anything is written, so it changes nothing.
`actor=None` is the system itself (the demo loader); pages and the API pass the signed-in user.

By concern: `setup`, `entries` (and screening), `judging`, `challenges` (the 揭榜挂帅 board).
"""

from lianxin.contests.services.challenges import (
    accept_claim,
    accept_delivery,
    claim_challenge,
    close_challenge,
    decline_claim,
    deliver_claim,
    fail_delivery,
    post_challenge,
    report_progress,
)
from lianxin.contests.services.entries import (
    fail_screening,
    pass_screening,
    register_participant,
    submit_entry,
    withdraw_entry,
    years_before,
)
from lianxin.contests.services.judging import (
    score_entry,
    select_finalists,
)
from lianxin.contests.services.setup import (
    CriterionSpec,
    StageSpec,
    add_judge,
    close_stage,
    create_contest,
    open_stage,
)

__all__ = [
    "CriterionSpec",
    "StageSpec",
    "accept_claim",
    "accept_delivery",
    "add_judge",
    "claim_challenge",
    "close_challenge",
    "close_stage",
    "create_contest",
    "decline_claim",
    "deliver_claim",
    "fail_delivery",
    "fail_screening",
    "open_stage",
    "pass_screening",
    "post_challenge",
    "register_participant",
    "report_progress",
    "score_entry",
    "select_finalists",
    "submit_entry",
    "withdraw_entry",
    "years_before",
]
