"""Every change to a case: one function per move, one transaction, one journal event.

Each move locks the case row, checks scope (outside it the case does not exist for the actor), the
actor's permission and the transition table, saves only the fields it changes, and appends one event
(`audit.moves.run_move`). A refused move raises a DomainError before anything is written, so it
changes nothing. `actor=None` is the system itself (督办 escalation); views and the API always pass
the signed-in user.

By concern: `registration` (挂号, numbers, deadlines), `moves` (the workflow), `attachments` (files and
the worker's messages), `corrections` (数据治理), `imports` (an old ledger in bulk), `supervision` (催办, 挂牌督办,
延期).
"""

from lianxin.cases.services.attachments import (
    add_attachment,
    add_worker_message,
    store_attachment,
)
from lianxin.cases.services.corrections import correct_case
from lianxin.cases.services.imports import LedgerEntry, register_imported_cases
from lianxin.cases.services.moves import (
    Actor,
    accept_case,
    add_progress,
    close_case,
    escalate_case,
    record_feedback,
    refer_case,
    reject_case,
    reopen_case,
    report_back,
    resolve_case,
    start_case,
)
from lianxin.cases.services.registration import DEFAULT_PREFIX, NewCase, register_case
from lianxin.cases.services.supervision import (
    BulkUrge,
    answer_urge,
    approve_extension,
    flag_case,
    lift_supervision,
    reject_extension,
    request_extension,
    urge_case,
    urge_cases,
)

__all__ = [
    "DEFAULT_PREFIX",
    "Actor",
    "BulkUrge",
    "LedgerEntry",
    "NewCase",
    "accept_case",
    "add_attachment",
    "add_progress",
    "add_worker_message",
    "answer_urge",
    "approve_extension",
    "close_case",
    "correct_case",
    "escalate_case",
    "flag_case",
    "lift_supervision",
    "record_feedback",
    "refer_case",
    "register_case",
    "register_imported_cases",
    "reject_case",
    "reject_extension",
    "reopen_case",
    "report_back",
    "request_extension",
    "resolve_case",
    "start_case",
    "store_attachment",
    "urge_case",
    "urge_cases",
]
