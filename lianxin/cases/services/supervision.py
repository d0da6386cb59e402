"""督办 by people: 催办 (urge), 挂牌督办 and 摘牌 (formal supervision), 申请延期 (deadline extensions).

Each action locks the case (outside the actor's scope it does not exist), checks the actor's role
(`cases.permissions_supervision`) and the case's state, saves, and appends ONE event to the case's
journal — all in one transaction; the people concerned are told after commit (outbox rows).
A refusal raises before anything is written.

- An urge stays unanswered until the handler answers it (`answer_urge`, with a note, answers every
  unanswered urge of the case at once). Other moves of the handler do not answer it: a supervisor
  asked for an answer, and the 督办 page lists the case until one is given.
- Only an approved extension request moves `resolution_due`; its event carries the old and the new
  deadline. A rejected one changes no deadline. One request at a time may be pending per case.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.services import record_event
from lianxin.cases import supervision_notices as notices
from lianxin.cases.deadlines import BEIJING
from lianxin.cases.models import Case, ExtensionRequest, SupervisionOrder, Urge
from lianxin.cases.permissions_supervision import ensure_may_answer, ensure_may_supervise
from lianxin.cases.services.moves import _locked
from lianxin.cases.states import (
    EXTENSION_WORKFLOW,
    OPEN_STATES,
    ExtensionAction,
    ExtensionStatus,
)
from lianxin.core import clock
from lianxin.core.errors import DomainError, InvalidInput, TransitionNotAllowed, require
from lianxin.core.text import check_note


def _journal(case: Case, actor: User, kind: str, note: str, data: dict[str, object]) -> None:
    record_event(
        target=case, actor=actor, kind=kind, note=note, visibility=Visibility.INTERNAL,
        state_before=case.status, state_after=case.status, data=data,
    )  # fmt: skip


def _ensure_open(case: Case) -> None:
    if case.status not in OPEN_STATES:
        raise TransitionNotAllowed(
            _("Case %(number)s is no longer open.") % {"number": case.number},
            code="case.not_open",
            status=case.status,
        )


def _shown(moment: datetime) -> str:
    return moment.astimezone(BEIJING).isoformat()


def end_of_day(day: date) -> datetime:
    """A deadline given as a day ends at 23:59:59 Beijing time (cases.deadlines' rule)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=BEIJING)


def today() -> date:
    return clock.now().astimezone(BEIJING).date()


# ---- 催办 -----------------------------------------------------------------------------------------


@transaction.atomic
def urge_case(*, case_id: int, actor: User, note: str) -> Urge:
    """催办: a supervisor presses the handler of an open case, always saying what is wanted."""
    require(note.strip(), _("Write what you urge the handler to do."), code="case.note_required")
    check_note(note)
    case = _locked(case_id, actor)
    ensure_may_supervise(actor, case)
    _ensure_open(case)
    urge = Urge.objects.create(case=case, urged_by=actor, urged_at=clock.now(), note=note)
    _journal(case, actor, "urged", note, {"urge": urge.pk})
    notices.case_urged(case, note=note)
    return urge


@transaction.atomic
def answer_urge(*, case_id: int, actor: User, note: str) -> list[Urge]:
    """The handler answers every unanswered urge of the case with one note."""
    require(note.strip(), _("Write your answer to the urge."), code="case.note_required")
    check_note(note)
    case = _locked(case_id, actor)
    ensure_may_answer(actor, case)
    urges = list(case.urges.filter(answered_at__isnull=True).select_related("urged_by"))
    if not urges:
        raise TransitionNotAllowed(
            _("Case %(number)s has no unanswered urge.") % {"number": case.number},
            code="case.no_open_urge",
        )
    now = clock.now()
    for urge in urges:
        urge.answered_at, urge.answered_by, urge.answer = now, actor, note
    Urge.objects.bulk_update(urges, ["answered_at", "answered_by", "answer"])
    _journal(case, actor, "urge_answered", note, {"urges": [u.pk for u in urges]})
    notices.urge_answered(case, urgers=[u.urged_by for u in urges], note=note)
    return urges


@dataclass
class BulkUrge:
    """What a bulk urge did: the case numbers urged, and why the others were refused (by id)."""

    urged: list[str] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def urge_cases(*, case_ids: list[int], actor: User, note: str) -> BulkUrge:
    """催办 many cases with one note: each urge is its own transaction and its own event."""
    require(note.strip(), _("Write what you urge the handler to do."), code="case.note_required")
    report = BulkUrge()
    for case_id in dict.fromkeys(case_ids):
        try:
            urge = urge_case(case_id=case_id, actor=actor, note=note)
        except DomainError as refusal:
            report.refused[case_id] = refusal.message
        else:
            report.urged.append(urge.case.number)
    return report


# ---- 挂牌督办 and 摘牌 ------------------------------------------------------------------------------


def active_order(case: Case) -> SupervisionOrder | None:
    return case.supervision_orders.filter(lifted_at__isnull=True).first()


@transaction.atomic
def flag_case(*, case_id: int, actor: User, due: date, note: str) -> SupervisionOrder:
    """挂牌督办: put an open case under formal supervision until `due` (a day after today)."""
    require(
        note.strip(), _("Say why the case is put under supervision."), code="case.note_required"
    )
    require(
        due > today(),
        _("The supervision deadline must be a day after today."),
        code="case.supervision_due_not_future",
    )
    check_note(note)
    case = _locked(case_id, actor)
    ensure_may_supervise(actor, case)
    _ensure_open(case)
    if active_order(case) is not None:
        raise TransitionNotAllowed(
            _("Case %(number)s is already under formal supervision.") % {"number": case.number},
            code="case.already_supervised",
        )
    order = SupervisionOrder.objects.create(
        case=case, due=due, note=note, flagged_by=actor, flagged_at=clock.now()
    )
    _journal(case, actor, "supervision_flagged", note, {"order": order.pk, "due": due.isoformat()})
    notices.supervision_flagged(case, due=due, note=note)
    return order


@transaction.atomic
def lift_supervision(*, case_id: int, actor: User, note: str) -> SupervisionOrder:
    """摘牌: end the case's formal supervision (in any state), saying why."""
    require(note.strip(), _("Say why the supervision is lifted."), code="case.note_required")
    check_note(note)
    case = _locked(case_id, actor)
    ensure_may_supervise(actor, case)
    order = active_order(case)
    if order is None:
        raise TransitionNotAllowed(
            _("Case %(number)s is not under formal supervision.") % {"number": case.number},
            code="case.not_supervised",
        )
    order.lifted_at, order.lifted_by, order.lift_note = clock.now(), actor, note
    order.save(update_fields=["lifted_at", "lifted_by", "lift_note"])
    _journal(
        case, actor, "supervision_lifted", note, {"order": order.pk, "due": order.due.isoformat()}
    )
    notices.supervision_lifted(case, note=note)
    return order


# ---- 申请延期 ---------------------------------------------------------------------------------------


def pending_extension(case: Case) -> ExtensionRequest | None:
    return case.extension_requests.filter(status=ExtensionStatus.PENDING).first()


@transaction.atomic
def request_extension(*, case_id: int, actor: User, new_due: date, reason: str) -> ExtensionRequest:
    """申请延期: the handler asks that the open case be due at the end of `new_due`, a later day."""
    require(reason.strip(), _("Say why more time is needed."), code="case.reason_required")
    check_note(reason)
    case = _locked(case_id, actor)
    ensure_may_answer(actor, case)
    _ensure_open(case)
    wanted = end_of_day(new_due)
    require(
        wanted > case.resolution_due,
        _("The new deadline must be later than the current one (%(due)s).")
        % {"due": case.resolution_due.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")},
        code="case.extension_not_later",
    )
    if pending_extension(case) is not None:
        raise TransitionNotAllowed(
            _("An extension request for case %(number)s is already waiting for a decision.")
            % {"number": case.number},
            code="case.extension_pending",
        )
    request = ExtensionRequest.objects.create(
        case=case, current_due=case.resolution_due, requested_due=wanted, reason=reason,
        requested_by=actor, requested_at=clock.now(),
    )  # fmt: skip
    data = {
        "request": request.pk,
        "old_due": _shown(case.resolution_due),
        "requested_due": _shown(wanted),
    }
    _journal(case, actor, "extension_requested", reason, data)
    notices.extension_requested(case, request)
    return request


@transaction.atomic
def approve_extension(*, case_id: int, actor: User, note: str = "") -> ExtensionRequest:
    """同意: the case's resolution deadline becomes the requested one (the event has both dates)."""
    return _decide(case_id=case_id, actor=actor, action=ExtensionAction.APPROVE, note=note)


@transaction.atomic
def reject_extension(*, case_id: int, actor: User, reason: str) -> ExtensionRequest:
    """驳回, with the reason the handler reads: no deadline changes."""
    require(reason.strip(), _("Say why the extension is rejected."), code="case.reason_required")
    return _decide(case_id=case_id, actor=actor, action=ExtensionAction.REJECT, note=reason)


def _decide(*, case_id: int, actor: User, action: ExtensionAction, note: str) -> ExtensionRequest:
    """Decide the case's pending request by the extension workflow; in the caller's transaction."""
    check_note(note)
    case = _locked(case_id, actor)
    ensure_may_supervise(actor, case)
    request = case.extension_requests.select_for_update().order_by("-pk").first()
    if request is None:
        raise TransitionNotAllowed(
            _("Case %(number)s has no extension request.") % {"number": case.number},
            code="case.no_pending_extension",
        )
    after = EXTENSION_WORKFLOW.ensure_transition(request.status, action)
    if request.requested_by_id == actor.pk:
        raise InvalidInput(
            _("An extension is decided by someone other than who asked for it."),
            code="case.extension_own_request",
        )
    old_due = case.resolution_due
    if action == ExtensionAction.APPROVE:
        _ensure_open(case)
        case.resolution_due = request.requested_due
        case.save(update_fields=["resolution_due"])
    request.status = after
    request.decided_by, request.decided_at, request.decision_note = actor, clock.now(), note
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    data = {
        "request": request.pk,
        "old_due": _shown(old_due),
        "new_due": _shown(case.resolution_due),
    }
    if action == ExtensionAction.REJECT:
        data["requested_due"] = _shown(request.requested_due)
    kind = "extension_approved" if action == ExtensionAction.APPROVE else "extension_rejected"
    _journal(case, actor, kind, note, data)
    notices.extension_decided(case, request)
    return request
