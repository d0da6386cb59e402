"""Who is told of a 督办 action (催办, 挂牌督办, 申请延期): outbox rows written in the action's transaction.

Kinds: `case_urged`, `case_urge_answered`, `case_supervision_flagged`, `case_supervision_lifted`,
`case_extension_requested`, `case_extension_decided`. Each links to the case page.
"""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _

from lianxin.cases.models import Case, ExtensionRequest
from lianxin.cases.notices import handlers_of, supervisors_of
from lianxin.core.notifications import enqueue_notifications


def _send(recipients: Iterable[User], kind: str, subject: str, case: Case, body: str) -> None:
    enqueue_notifications(
        recipients=[u for u in recipients if u.is_active],
        kind=kind,
        subject=subject,
        body=body,
        link=reverse("cases:detail", args=[case.number]),
    )


def case_urged(case: Case, *, note: str) -> None:
    """催办: the handler hears it (the owner org's handling roles while the case has none)."""
    subject = _("Urged: case %(number)s needs your action") % {"number": case.number}
    _send(handlers_of(case), "case_urged", subject, case, note)


def urge_answered(case: Case, *, urgers: Iterable[User], note: str) -> None:
    subject = _("The handler answered your urge on case %(number)s") % {"number": case.number}
    _send(urgers, "case_urge_answered", subject, case, note)


def supervision_flagged(case: Case, *, due: date, note: str) -> None:
    subject = _("Case %(number)s is under formal supervision until %(due)s") % {
        "number": case.number,
        "due": due.isoformat(),
    }
    _send(handlers_of(case), "case_supervision_flagged", subject, case, note)


def supervision_lifted(case: Case, *, note: str) -> None:
    subject = _("Formal supervision of case %(number)s lifted") % {"number": case.number}
    _send(handlers_of(case), "case_supervision_lifted", subject, case, note)


def extension_requested(case: Case, request: ExtensionRequest) -> None:
    subject = _("Extension requested for case %(number)s") % {"number": case.number}
    _send(supervisors_of(case.owner_org), "case_extension_requested", subject, case, request.reason)


def extension_decided(case: Case, request: ExtensionRequest) -> None:
    subject = (
        _("Extension for case %(number)s approved")
        if request.status == "approved"
        else _("Extension for case %(number)s rejected")
    ) % {"number": case.number}
    _send([request.requested_by], "case_extension_decided", subject, case, request.decision_note)
