"""Who is told what when a case moves: rows in the notifications outbox, written in the move's transaction."""

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.cases.models import Case
from lianxin.core.notifications import (
    enqueue_notifications,
    enqueue_sms,
    register_kind,
    with_channel_choices,
)
from lianxin.orgs import tree
from lianxin.orgs.models import Org, RoleName

HANDLING = [RoleName.CHAIR, RoleName.STAFF]
PARTNERS = [RoleName.PARTNER, RoleName.JUDGE]

# The kinds a user may choose e-mail or SMS for (/inbox/settings/).
for _kind, _label in {
    "case_registered": gettext_lazy("New cases"),
    "case_referred": gettext_lazy("Cases referred to my agency"),
    "case_reported_back": gettext_lazy("Partner agencies reporting back"),
    "case_escalated": gettext_lazy("Escalated cases"),
    "case_resolved": gettext_lazy("Resolved cases"),
    "case_supervised": gettext_lazy("Case supervision"),
    "worker_message": gettext_lazy("Workers writing on their cases"),
    "worker_case_accepted": gettext_lazy("My case accepted"),
    "worker_case_resolved": gettext_lazy("My case resolved: feedback wanted"),
}.items():
    register_kind(_kind, _label)


def users_with_roles(orgs: list[Org], roles: Sequence[str]) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, org_roles__org__in=orgs, org_roles__role__in=roles
    ).distinct()


def supervisors_of(org: Org) -> QuerySet[User]:
    """Supervisors at the org itself or any org above it."""
    paths = [*tree.ancestor_paths(org.path), org.path]
    return User.objects.filter(
        is_active=True, org_roles__org__path__in=paths, org_roles__role=RoleName.SUPERVISOR
    ).distinct()


def handlers_of(case: Case) -> list[User]:
    if case.handler_id and case.handler and case.handler.is_active:
        return [case.handler]
    return list(users_with_roles([case.owner_org], HANDLING))


def _link(case: Case) -> str:
    return reverse("cases:detail", args=[case.number])


def _send(recipients, kind: str, subject: str, case: Case, body: str = "") -> None:
    enqueue_notifications(
        recipients=recipients, kind=kind, subject=subject, body=body, link=_link(case)
    )


def registered_recipients(case: Case) -> list[User]:
    """Who hears of a new case: the handling roles of its owner org, with their channel choices
    (read before the write, so the registration's transaction reads nothing)."""
    return list(with_channel_choices(users_with_roles([case.owner_org], HANDLING)))


def case_registered(case: Case, *, recipients: Sequence[User] | None = None) -> None:
    """Tell the owner org's handlers; `recipients` as read by `registered_recipients` beforehand."""
    _send(
        registered_recipients(case) if recipients is None else recipients,
        "case_registered",
        _("New case %(number)s: %(title)s") % {"number": case.number, "title": case.title},
        case,
    )


def case_referred(case: Case, partner: Org) -> None:
    _send(
        users_with_roles([partner], PARTNERS),
        "case_referred",
        _("Case %(number)s referred to %(org)s") % {"number": case.number, "org": partner.name},
        case,
    )


def case_reported_back(case: Case) -> None:
    _send(
        handlers_of(case),
        "case_reported_back",
        _("The partner agency reported back on case %(number)s") % {"number": case.number},
        case,
    )


def case_escalated(case: Case) -> None:
    recipients = [*users_with_roles([case.owner_org], HANDLING), *supervisors_of(case.owner_org)]
    _send(
        recipients,
        "case_escalated",
        _("Case %(number)s escalated to %(org)s")
        % {"number": case.number, "org": case.owner_org.name},
        case,
    )


def case_resolved(case: Case) -> None:
    """Supervisors hear of it; the named worker is told and asked for feedback (回访)."""
    _send(
        supervisors_of(case.owner_org),
        "case_resolved",
        _("Case %(number)s resolved") % {"number": case.number},
        case,
    )
    tell_worker(
        case,
        "worker_case_resolved",
        _("Your case %(number)s is resolved: please tell us whether you are satisfied")
        % {"number": case.number},
    )


def case_accepted(case: Case) -> None:
    """受理: the named worker is told their case was taken on."""
    tell_worker(
        case,
        "worker_case_accepted",
        _("Your case %(number)s was accepted") % {"number": case.number},
    )


def tell_worker(case: Case, kind: str, subject: str) -> None:
    """The worker hears only of a named case: an inbox message when they raised it signed in,
    and an SMS to their phone when they agreed to SMS. An anonymous case tells no one anything."""
    if case.is_anonymous:
        return
    note = None
    account = case.worker_user
    if account is not None and account.is_active:
        [note] = enqueue_notifications(
            recipients=[account], kind=kind, subject=subject, link=_link(case), channels=()
        )
    if case.sms_consent and case.worker_phone:
        enqueue_sms(
            phone=case.worker_phone, kind=kind, params={"number": case.number}, notification=note
        )


def worker_wrote(case: Case) -> None:
    _send(
        handlers_of(case),
        "worker_message",
        _("The worker wrote on case %(number)s") % {"number": case.number},
        case,
    )


def case_supervised(case: Case, *, overdue: bool, body: str = "") -> None:
    """督办: the handler and the supervisors above the owner org hear about it; `body` names the
    deadline that passed (or when it is due: supervision.supervision_note)."""
    subject = (
        _("Supervision: case %(number)s is overdue")
        if overdue
        else _("Supervision: case %(number)s is due soon")
    ) % {"number": case.number}
    recipients = [*handlers_of(case), *supervisors_of(case.owner_org)]
    _send(recipients, "case_supervised", subject, case, body)
