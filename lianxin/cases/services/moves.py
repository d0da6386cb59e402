"""Every change to a case: one function per move, one transaction, one journal event.

Each move locks the case row, checks scope (outside it the case does not exist for the actor), the
actor's permission and the transition table, saves only the fields it changes, and appends one event.
A refused move raises a DomainError before anything is written, so it changes nothing.
`actor=None` is the system itself (督办 escalation); views and the API always pass the signed-in user.
"""

from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.moves import run_move
from lianxin.cases import notices, search
from lianxin.cases.models import (
    Case,
    Feedback,
    Referral,
    ReferralOutcome,
    Satisfaction,
)
from lianxin.cases.permissions import (
    WorkerActor,
    active_referral,
    can_see_case,
    ensure_may,
)
from lianxin.cases.states import CASE_WORKFLOW, Action, move_fields
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, require
from lianxin.core.text import check_note
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.permissions import can_act_in

# ---- the moves ----------------------------------------------------------------------------------


Actor = User | WorkerActor | None


def _move(
    *,
    case_id: int,
    actor: Actor,
    action: Action,
    kind: str,
    note: str = "",
    visibility: str = Visibility.INTERNAL,
    data: dict | None = None,
    apply: Callable[[Case], list[str]] | None = None,
    then: Action | None = None,
) -> Case:
    """The shape every move shares (audit.moves.run_move). Must be called inside the service's
    transaction. The system itself (`actor=None`) is never refused by a permission."""
    check_note(note)
    case = _locked(case_id, actor)
    may = None if actor is None else (lambda: ensure_may(actor, action, case))
    moved = run_move(
        case, workflow=CASE_WORKFLOW, action=action, then=then, kind=kind, actor=actor, may=may,
        apply=apply, note=note, visibility=visibility, data=data,
    )  # fmt: skip
    if action in SEARCHED_TEXT:
        search.index_cases([moved.pk])
    return moved


# The moves that change what a case is found by: its result text, or the org that owns it.
SEARCHED_TEXT = frozenset({Action.REJECT, Action.RESOLVE, Action.ESCALATE})


def _set(
    case: Case, action: Action, actor: Actor, *, handler_id: int | None = None, text: str = ""
) -> list[str]:
    """Set the fields `action` sets (cases.states.move_fields, shared with the import), now."""
    current = {"responded_at": case.responded_at, "handler_id": case.handler_id}
    actor_id = actor.pk if isinstance(actor, User) else None
    changes = move_fields(
        action, current, at=clock.now(), actor_id=actor_id, handler_id=handler_id, text=text
    )
    for name, value in changes.items():
        setattr(case, name, value)
    return list(changes)


def _locked(case_id: int, actor: Actor) -> Case:
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None or (actor is not None and not can_see_case(actor, case)):
        raise NotFound(_("No such case."), code="case.not_found")
    return case


@transaction.atomic
def accept_case(*, case_id: int, actor: User, note: str = "", handler: User | None = None) -> Case:
    """受理: the owner org takes the case on; the first answer to the worker counts as the response."""

    def apply(case: Case) -> list[str]:
        if handler is not None and not can_act_in(handler, case.owner_org):
            raise InvalidInput(
                _("%(name)s may not handle cases of %(org)s.")
                % {"name": handler.get_full_name() or handler.username, "org": case.owner_org.name},
                code="case.handler_out_of_scope",
            )
        return _set(case, Action.ACCEPT, actor, handler_id=handler.pk if handler else None)

    case = _move(
        case_id=case_id,
        actor=actor,
        action=Action.ACCEPT,
        kind="accepted",
        note=note,
        visibility=Visibility.PUBLIC,
        apply=apply,
    )
    notices.case_accepted(case)
    return case


@transaction.atomic
def reject_case(*, case_id: int, actor: User, reason: str) -> Case:
    """不予受理, always with the reason the worker is told."""
    require(reason.strip(), _("Say why the case is not accepted."), code="case.reason_required")

    def apply(case: Case) -> list[str]:
        return _set(case, Action.REJECT, actor, text=reason)

    return _move(
        case_id=case_id,
        actor=actor,
        action=Action.REJECT,
        kind="rejected",
        note=reason,
        visibility=Visibility.PUBLIC,
        apply=apply,
    )


@transaction.atomic
def start_case(*, case_id: int, actor: User, note: str = "") -> Case:
    def apply(case: Case) -> list[str]:
        return _set(case, Action.START, actor)

    return _move(
        case_id=case_id, actor=actor, action=Action.START, kind="started", note=note, apply=apply
    )


@transaction.atomic
def add_progress(*, case_id: int, actor: User, note: str, public: bool = False) -> Case:
    """A note on the way: internal for colleagues, or public for the worker's timeline."""
    require(note.strip(), _("Write what has been done."), code="case.progress_required")
    return _move(
        case_id=case_id,
        actor=actor,
        action=Action.PROGRESS,
        kind="progress",
        note=note,
        visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
    )


@transaction.atomic
def refer_case(*, case_id: int, actor: User, partner: Org, note: str = "") -> Case:
    """转办: hand the case to a partner agency, whose users then see it and report back."""
    if partner.kind != OrgKind.PARTNER or not partner.is_active:
        raise InvalidInput(
            _("Cases can only be referred to an active partner agency."),
            code="case.partner_inactive",
        )

    def apply(case: Case) -> list[str]:
        Referral.objects.create(
            case=case, partner=partner, referred_by=actor, referred_at=clock.now(), note=note
        )
        return []

    case = _move(
        case_id=case_id,
        actor=actor,
        action=Action.REFER,
        kind="referred",
        note=note,
        visibility=Visibility.PUBLIC,
        data={"partner": partner.code, "partner_name": partner.name},
        apply=apply,
    )
    notices.case_referred(case, partner)
    return case


@transaction.atomic
def report_back(*, case_id: int, actor: User, report: str, outcome: str = "") -> Case:
    """The partner agency says what it did and what came of it (调解成功 / 未成功 / 转诉讼 / 其他);
    the case returns to its owner to finish. A report without a known outcome is refused."""
    require(report.strip(), _("Write what your agency did."), code="case.report_required")
    require(
        outcome in ReferralOutcome.values,
        _("Choose the outcome of the referral."),
        code="case.outcome_required",
    )
    info: dict[str, str] = {"outcome": outcome}

    def apply(case: Case) -> list[str]:
        referral = active_referral(case)
        if referral is None:  # the table already refuses REPORT_BACK outside `referred`
            raise InvalidInput(_("This case has no open referral."), code="case.no_open_referral")
        referral.reported_at, referral.report, referral.outcome = clock.now(), report, outcome
        referral.save(update_fields=["reported_at", "report", "outcome"])
        info["partner"] = referral.partner.code
        return []

    case = _move(
        case_id=case_id,
        actor=actor,
        action=Action.REPORT_BACK,
        kind="reported_back",
        note=report,
        visibility=Visibility.PUBLIC,
        data=info,
        apply=apply,
    )
    notices.case_reported_back(case)
    return case


@transaction.atomic
def escalate_case(*, case_id: int, actor: User | None, reason: str) -> Case:
    """上报: the owner moves one level up the tree (小事不出园、大事联动解); the state stays."""
    require(reason.strip(), _("Say why the case is escalated."), code="case.reason_required")
    moved: dict[str, str] = {}

    def apply(case: Case) -> list[str]:
        parent = case.owner_org.parent
        if parent is None or parent.kind == OrgKind.PARTNER:
            raise InvalidInput(
                _("There is no org above %(org)s.") % {"org": case.owner_org.name},
                code="case.no_org_above",
            )
        moved.update({"from": case.owner_org.code, "to": parent.code})
        case.owner_org, case.escalation_level = parent, case.escalation_level + 1
        # A handler who cannot act in the new owner org hands the case over with it.
        if case.handler is not None and not can_act_in(case.handler, parent):
            case.handler = None
        return ["owner_org", "escalation_level", "handler"]

    case = _move(
        case_id=case_id,
        actor=actor,
        action=Action.ESCALATE,
        kind="escalated",
        note=reason,
        data=moved,
        apply=apply,
    )
    notices.case_escalated(case)
    return case


@transaction.atomic
def resolve_case(
    *, case_id: int, actor: User, result: str, amount_paid: Decimal | None = None
) -> Case:
    """办结: the handler reports the outcome the worker will read (and, for accidents, what was paid)."""
    require(result.strip(), _("Write the result for the worker."), code="case.result_required")
    require(
        amount_paid is None or amount_paid >= 0,
        _("The amount paid cannot be negative."),
        code="case.amount_negative",
    )

    def apply(case: Case) -> list[str]:
        fields = _set(case, Action.RESOLVE, actor, text=result)
        if amount_paid is None:
            return fields
        case.amount_paid = amount_paid
        return [*fields, "amount_paid"]

    case = _move(
        case_id=case_id,
        actor=actor,
        action=Action.RESOLVE,
        kind="resolved",
        note=result,
        visibility=Visibility.PUBLIC,
        apply=apply,
    )
    notices.case_resolved(case)
    return case


@transaction.atomic
def record_feedback(
    *, case_id: int, actor: User | WorkerActor, rating: str, comment: str = ""
) -> Case:
    """回访: satisfied or mostly satisfied closes the case (销账); dissatisfied reopens it.

    Staff record what the worker said on a 回访 call; a worker rates on their own case page.
    """
    if rating not in Satisfaction.values:
        raise InvalidInput(
            _("Choose satisfied, mostly satisfied or dissatisfied."), code="case.rating_unknown"
        )
    dissatisfied = rating == Satisfaction.DISSATISFIED

    def apply(case: Case) -> list[str]:
        now = clock.now()
        recorder = actor if isinstance(actor, User) else None
        Feedback.objects.create(
            case=case, rating=rating, comment=comment, at=now, recorded_by=recorder
        )
        case.satisfaction = rating
        if dissatisfied:
            case.resolved_at = case.closed_at = None
        else:
            case.closed_at = now
        return ["satisfaction", "resolved_at", "closed_at"]

    return _move(
        case_id=case_id,
        actor=actor,
        action=Action.FEEDBACK,
        kind="feedback",
        note=comment,
        visibility=Visibility.PUBLIC,
        data={"rating": rating},
        apply=apply,
        then=Action.REOPEN if dissatisfied else None,
    )


@transaction.atomic
def close_case(*, case_id: int, actor: User, note: str = "") -> Case:
    """销账 without a rating, e.g. the worker could not be reached for 回访."""

    def apply(case: Case) -> list[str]:
        return _set(case, Action.CLOSE, actor)

    return _move(
        case_id=case_id,
        actor=actor,
        action=Action.CLOSE,
        kind="closed",
        note=note,
        visibility=Visibility.PUBLIC,
        apply=apply,
    )


@transaction.atomic
def reopen_case(*, case_id: int, actor: User, reason: str) -> Case:
    """A supervisor sends a resolved or closed case back to be handled again."""
    require(reason.strip(), _("Say why the case is reopened."), code="case.reason_required")

    def apply(case: Case) -> list[str]:
        case.resolved_at = case.closed_at = None
        return ["resolved_at", "closed_at"]

    return _move(
        case_id=case_id,
        actor=actor,
        action=Action.REOPEN,
        kind="reopened",
        note=reason,
        visibility=Visibility.PUBLIC,
        apply=apply,
    )
