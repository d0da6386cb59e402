"""督办 (supervision): remind people of open cases near or past their deadline; escalate stale ones.

The rules, for every open case (states.OPEN_STATES):

1. A case whose resolution is due within `warn_hours`, or that is overdue (`filters.overdue_q`: past
   the resolution deadline, or unanswered past the response deadline), gets a supervision notice —
   at most one per case per 24 hours (`Case.last_supervised_at`), except that a deadline passing
   since the last notice is told at the next run (a "due soon" warning does not hold back the news
   that the deadline was missed for the rest of the day). Each notice is its own transaction:
   the row is locked and re-checked, stamped, journalled once (internal) and the handler and the
   supervisors above the owner org are notified.
2. A case so noticed that is `escalate_after_days` calendar days past its resolution deadline is
   escalated one level through `services.escalate_case` with the system as actor — and again only
   once another `escalate_after_days` have passed since its last escalation by anyone (the journal's
   latest "escalated" event), so an ignored case climbs one level per margin. States the transition
   table does not let escalate (a referred case is with the partner agency) are never tried; a
   refusal (the owner is at the top of the tree) is reported in the run's report, never raised.

Candidates are chosen in the database; only their ids are iterated. How to run this periodically
(cron or the django-tasks worker) is described in `lianxin/cases/tasks.py`.
"""

import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from lianxin.audit.models import Event, Visibility
from lianxin.audit.services import record_event
from lianxin.cases import notices, services
from lianxin.cases.deadlines import BEIJING
from lianxin.cases.filters import overdue_q
from lianxin.cases.models import Case
from lianxin.cases.states import OPEN_STATES, TRANSITIONS, Action, Status
from lianxin.core import clock
from lianxin.core.errors import DomainError

logger = logging.getLogger("lianxin.supervision")

NOTICE_INTERVAL = timedelta(hours=24)
DEFAULT_ESCALATE_AFTER_DAYS = 3
CASE_TARGET = Case._meta.label_lower
# Derived from the table, so supervision never tries a move the workflow forbids.
ESCALATABLE = frozenset(state for state, moves in TRANSITIONS.items() if Action.ESCALATE in moves)


@dataclass
class SupervisionReport:
    """What one run did (with `dry_run`, what it would do: escalations are counted as attempts)."""

    warned: int = 0
    overdue_notified: int = 0
    escalated: int = 0
    skipped: int = 0
    refused: dict[str, str] = field(default_factory=dict)  # case number → why escalation failed
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Candidate:
    """An open case this run will notice, and whether it is stale enough to escalate."""

    pk: int
    number: str
    overdue: bool
    escalate: bool
    days_overdue: int


def supervise_cases(
    *,
    now: datetime | None = None,
    warn_hours: int = 24,
    escalate_after_days: int | None = None,
    dry_run: bool = False,
) -> SupervisionReport:
    """Notice every open case near or past its deadline once per 24 hours; escalate the stale ones."""
    margin = timedelta(days=escalate_after_days_setting(escalate_after_days))
    # One moment for the whole run, in UTC: verify_chains re-hashes `at` as the database returns it
    # (UTC), so an event stamped with a +08:00 time would not verify (see audit.record_event).
    now = (now or clock.now()).astimezone(UTC)
    # Counted first: the cases noticed by this run must not count as skipped.
    report = SupervisionReport(dry_run=dry_run, skipped=_recently_noticed(now, warn_hours).count())
    with clock.frozen_at(now):
        for candidate in supervision_candidates(now=now, warn_hours=warn_hours, margin=margin):
            if dry_run:
                _count(report, overdue=candidate.overdue, escalate=candidate.escalate)
                continue
            overdue = supervise_case(case_id=candidate.pk, warn_hours=warn_hours)
            if overdue is None:  # resolved or noticed by another run since it was listed
                report.skipped += 1
                continue
            _count(report, overdue=overdue, escalate=False)
            if candidate.escalate:
                _escalate(candidate, report)
    logger.info("supervision at %s: %s", now.isoformat(), report.as_dict())
    return report


def escalate_after_days_setting(value: int | None = None) -> int:
    """The escalation margin in calendar days: the argument, else LIANXIN_ESCALATE_AFTER_DAYS, else 3."""
    if value is None:
        value = getattr(settings, "LIANXIN_ESCALATE_AFTER_DAYS", DEFAULT_ESCALATE_AFTER_DAYS)
    if value < 0:
        raise ValueError("the escalation margin cannot be negative")
    return int(value)


def _needs_notice(now: datetime, warn_hours: int) -> Q:
    soon = Q(resolution_due__lte=now + timedelta(hours=warn_hours))
    return Q(status__in=OPEN_STATES) & (soon | overdue_q(now))


def _not_noticed_since(moment: datetime) -> Q:
    return Q(last_supervised_at__isnull=True) | Q(last_supervised_at__lte=moment)


def _missed_since_last_notice(now: datetime) -> Q:
    """A deadline (by the rule of `missed_deadlines`) passed after the case's last notice."""
    resolution = Q(resolution_due__lt=now, last_supervised_at__lt=F("resolution_due"))
    response = Q(
        status=Status.REGISTERED, response_due__lt=now, last_supervised_at__lt=F("response_due")
    )
    return resolution | response


def _due_a_notice(now: datetime) -> Q:
    return _not_noticed_since(now - NOTICE_INTERVAL) | _missed_since_last_notice(now)


def _recently_noticed(now: datetime, warn_hours: int) -> QuerySet[Case]:
    return Case.objects.filter(
        _needs_notice(now, warn_hours), last_supervised_at__gt=now - NOTICE_INTERVAL
    ).exclude(_missed_since_last_notice(now))


def supervision_candidates(*, now: datetime, warn_hours: int, margin: timedelta) -> list[Candidate]:
    """The cases due a notice now, soonest deadline first, read in one query."""
    last_escalated = Event.objects.filter(
        target_type=CASE_TARGET, target_id=OuterRef("pk"), kind="escalated"
    ).order_by("-seq")
    rows = (
        Case.objects.filter(_needs_notice(now, warn_hours), _due_a_notice(now))
        .annotate(
            is_overdue=ExpressionWrapper(overdue_q(now), output_field=BooleanField()),
            last_escalated_at=Subquery(last_escalated.values("at")[:1]),
        )
        .order_by("resolution_due", "pk")
        .values_list("pk", "number", "status", "resolution_due", "is_overdue", "last_escalated_at")
    )
    return [
        Candidate(
            pk=pk,
            number=number,
            overdue=bool(is_overdue),
            escalate=_is_stale(status, due, last, now=now, margin=margin),
            days_overdue=max(0, (now - due).days),
        )
        for pk, number, status, due, is_overdue, last in rows
    ]


def _is_stale(
    status: str, due: datetime, last_escalated: datetime | None, *, now: datetime, margin: timedelta
) -> bool:
    """`margin` past the deadline, and `margin` since the last escalation, in a state that may move."""
    if status not in ESCALATABLE or due > now - margin:
        return False
    return last_escalated is None or last_escalated <= now - margin


@transaction.atomic
def supervise_case(*, case_id: int, warn_hours: int = 24) -> bool | None:
    """One 督办 notice: only while the case is open and near or past due, at most once per 24 hours
    unless a deadline has passed since the last notice.

    Returns whether the case is overdue, or None (and writes nothing) when it needs no notice now.
    """
    now = clock.now()
    case = (
        Case.objects.select_for_update()
        .filter(_needs_notice(now, warn_hours), _due_a_notice(now))
        .annotate(is_overdue=ExpressionWrapper(overdue_q(now), output_field=BooleanField()))
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        return None
    overdue = bool(case.is_overdue)
    case.last_supervised_at = now
    case.save(update_fields=["last_supervised_at"])
    missed = missed_deadlines(case, now)
    record_event(
        target=case,
        actor=None,
        kind="supervised",
        note=supervision_note(case, missed),
        visibility=Visibility.INTERNAL,
        state_before=case.status,
        state_after=case.status,
        data={
            "overdue": overdue,
            "escalation_level": case.escalation_level,
            "missed": [kind for kind, _due in missed],
        },
    )
    notices.case_supervised(case, overdue=overdue, body=supervision_note(case, missed))
    return overdue


RESPONSE, RESOLUTION = "response", "resolution"


def missed_deadlines(case: Case, now: datetime) -> list[tuple[str, datetime]]:
    """The deadlines the open case has let pass at `now`, earliest first — by the rule of
    `filters.overdue_q`: a registered case unanswered past its response deadline, any open case
    past its resolution deadline."""
    missed = []
    if case.status == Status.REGISTERED and case.response_due < now:
        missed.append((RESPONSE, case.response_due))
    if case.resolution_due < now:
        missed.append((RESOLUTION, case.resolution_due))
    return missed


def supervision_note(case: Case, missed: list[tuple[str, datetime]]) -> str:
    """What a 督办 says: each deadline that passed, by name; else when the resolution is due."""
    texts = {
        RESPONSE: _("Response deadline %(due)s passed unanswered."),
        RESOLUTION: _("Resolution deadline %(due)s passed unresolved."),
    }
    if not missed:
        return _("Due by %(due)s.") % {"due": _shown(case.resolution_due)}
    return " ".join(texts[kind] % {"due": _shown(due)} for kind, due in missed)


def _shown(moment: datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def _escalate(candidate: Candidate, report: SupervisionReport) -> None:
    """Escalate through the service (its own transaction and event); a refusal is only reported."""
    reason = _("Overdue by %(days)s days: escalated by supervision.") % {
        "days": candidate.days_overdue
    }
    try:
        services.escalate_case(case_id=candidate.pk, actor=None, reason=reason)
    except DomainError as refusal:
        report.refused[candidate.number] = refusal.message
        logger.warning("supervision could not escalate %s: %s", candidate.number, refusal.message)
    else:
        report.escalated += 1


def _count(report: SupervisionReport, *, overdue: bool, escalate: bool) -> None:
    if overdue:
        report.overdue_notified += 1
    else:
        report.warned += 1
    report.escalated += escalate
