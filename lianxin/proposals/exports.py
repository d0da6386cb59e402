"""Excel downloads: proposals and meeting resolutions, exactly the rows the user may see."""

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from lianxin.core import clock
from lianxin.core.excel import local_time_header as timed
from lianxin.core.excel import xlsx_response
from lianxin.proposals.models import Proposal, Resolution


def _money(value) -> float | None:
    return None if value is None else float(value)


def proposals_workbook(rows: QuerySet[Proposal]) -> HttpResponse:
    headers = [
        _("Number"), _("Title"), _("Enterprise"), _("Team"), _("Department"), _("Proposers"),
        _("Status"), timed(_("Submitted at")), timed(_("Decided at")), _("Reason for the decision"),
        timed(_("Implemented at")), _("Realised benefit (yuan a year)"), _("Non-monetary benefit"),
        _("Reward (yuan)"), _("Form of reward"), _("Linked case"),
    ]  # fmt: skip
    data = (
        [
            p.number,
            p.title,
            p.enterprise.name,
            p.team.name if p.team else "",
            p.department,
            "、".join(x.name for x in p.proposers.all()),
            p.get_status_display(),
            p.submitted_at,
            p.decided_at,
            p.decision_reason,
            p.implemented_at,
            _money(p.realised_benefit),
            p.benefit_description,
            _money(p.reward_amount),
            p.get_reward_form_display() if p.reward_form else "",
            p.case.number if p.case else "",
        ]
        for p in rows.iterator(chunk_size=500)
    )
    return xlsx_response(
        filename=f"proposals-{clock.now():%Y%m%d}.xlsx", sheet=_("Proposals"), headers=headers,
        rows=data,
    )  # fmt: skip


def resolutions_workbook(rows: QuerySet[Resolution]) -> HttpResponse:
    now = clock.now()
    headers = [
        _("Enterprise"), _("Meeting"), timed(_("Meeting date")), _("Resolution"), _("Owner"),
        timed(_("Deadline")), _("Status"), _("Overdue"), timed(_("Done at")), _("Outcome"),
    ]  # fmt: skip
    data = (
        [
            r.meeting.org.name,
            r.meeting.title,
            r.meeting.held_at,
            r.text,
            r.owner_name,
            r.due,
            r.get_status_display(),
            _("Yes") if r.status == "open" and r.due < now else "",
            r.done_at,
            r.outcome,
        ]
        for r in rows.iterator(chunk_size=500)
    )
    return xlsx_response(
        filename=f"resolutions-{now:%Y%m%d}.xlsx", sheet=_("Resolutions"), headers=headers,
        rows=data,
    )  # fmt: skip
