"""The ledger as an Excel workbook: the same rows and the same masking as the page."""

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.cases.deadlines import BEIJING
from lianxin.cases.models import Case
from lianxin.cases.permissions import can_see_worker_contact
from lianxin.core import clock
from lianxin.core.excel import local_time_header as timed
from lianxin.core.excel import xlsx_response
from lianxin.core.masking import mask_phone


def worker_label(case: Case, user: User) -> str:
    """匿名 for anonymous workers; the phone is whole only for the case's handler."""
    if case.is_anonymous:
        return _("Anonymous")
    phone = (
        case.worker_phone if can_see_worker_contact(user, case) else mask_phone(case.worker_phone)
    )
    return " ".join(p for p in (case.worker_name, phone) if p)


def ledger_workbook(rows: QuerySet[Case], *, user: User) -> HttpResponse:
    headers = [
        _("Case number"), timed(_("Registered at")), _("Title"), _("Category"), _("Channel"),
        _("Urgency"), _("Status"), _("Overdue"), _("Arose in"), _("Owned by"), _("Handler"),
        _("Worker"), timed(_("Respond by")), timed(_("Resolve by")), timed(_("Resolved at")),
        _("Satisfaction"),
        _("Result"), _("Claim type"), _("Amount claimed (yuan)"), _("Amount paid (yuan)"),
    ]  # fmt: skip
    yes, no = _("Yes"), _("No")

    def lines():
        for case in rows.iterator(chunk_size=2000):
            overdue = getattr(case, "is_overdue")  # noqa: B009  (annotated by the ledger's rows)
            yield [
                case.number, case.registered_at, case.title, case.category.label,
                case.get_channel_display(), case.get_urgency_display(), case.get_status_display(),
                yes if overdue else no, case.origin_org.name, case.owner_org.name,
                case.handler.get_full_name() or case.handler.username if case.handler else "",
                worker_label(case, user), case.response_due, case.resolution_due,
                case.resolved_at, case.get_satisfaction_display(), case.result,
                case.get_claim_type_display(), case.amount_claimed, case.amount_paid,
            ]  # fmt: skip

    stamp = timezone.localtime(clock.now(), BEIJING).strftime("%Y%m%d-%H%M")
    return xlsx_response(
        filename=f"{_('Case ledger')}-{stamp}.xlsx",
        sheet=_("Case ledger"),
        headers=headers,
        rows=lines(),
    )
