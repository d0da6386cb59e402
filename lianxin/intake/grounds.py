"""A visit day as a kind of day in the field (lianxin.fieldwork): its tables, words and codes, and
that it is held at an active enterprise union."""

from django.utils.translation import gettext_lazy as _

from lianxin.cases.models import Channel
from lianxin.core.errors import NotFound, PermissionDenied, Refusal
from lianxin.fieldwork.grounds import Ground, Place, Refusals
from lianxin.intake.models import DiaryEntry, VisitDay
from lianxin.intake.states import VISIT_WORKFLOW
from lianxin.orgs.models import Org, OrgKind

NOT_AN_ENTERPRISE = Refusal(
    _("Visit days are planned for an enterprise union, not for %(org)s."),
    code="visit.not_an_enterprise",
)


def _enterprise(org: Org) -> Place:
    return Place(name=org.name, org=org, unique={"org": org}, data={"org": org.code})


def _ensure_enterprise(place: Place) -> None:
    if place.org.kind != OrgKind.ENTERPRISE or not place.org.is_active:
        raise NOT_AN_ENTERPRISE(org=place.name)


VISITS = Ground(
    name="visit",
    day_model=VisitDay,
    entry_model=DiaryEntry,
    workflow=VISIT_WORKFLOW,
    channel=Channel.VISIT,
    day_field="visit",
    host_field="chair",
    place=_enterprise,
    check_place=_ensure_enterprise,
    refusals=Refusals(
        may_not_plan=Refusal(
            _("You may not plan visit days for %(org)s."),
            code="visit.permission_denied", error=PermissionDenied,
        ),
        date_in_past=Refusal(
            _("%(date)s has passed: plan visit days from today on."), code="visit.date_in_past"
        ),
        weeks_out_of_range=Refusal(
            _("Plan between 1 and %(max)s weeks at a time."), code="visit.weeks_out_of_range"
        ),
        already_planned=Refusal(
            _("%(org)s already has a visit day on %(date)s."), code="visit.already_planned"
        ),
        all_dates_taken=Refusal(
            _("Every one of these dates already has a visit day at %(org)s."),
            code="visit.already_planned",
        ),
        not_found=Refusal(_("No such visit day."), code="visit.not_found", error=NotFound),
        may_not_change=Refusal(
            _("You may not change visit days of %(org)s."),
            code="visit.permission_denied", error=PermissionDenied,
        ),
        not_yet=Refusal(_("The visit day on %(date)s has not come yet."), code="visit.not_yet"),
        team_outside=Refusal(
            _("%(team)s is not a work team of %(org)s."), code="visit.team_outside_enterprise"
        ),
        entry_empty=Refusal(_("Write down what was heard."), code="visit.entry_empty"),
        summary_empty=Refusal(_("Write a short summary of the day."), code="visit.summary_empty"),
        reason_empty=Refusal(_("Say why the visit day is cancelled."), code="visit.reason_empty"),
        has_entries=Refusal(
            _("This visit day has diary entries, so it took place and cannot be cancelled."),
            code="visit.has_entries",
        ),
        entry_not_found=Refusal(
            _("No such diary entry."), code="visit.entry_not_found", error=NotFound
        ),
        entry_raised_anonymously=Refusal(
            _("This diary entry was already raised as an anonymous case."),
            code="visit.entry_has_case",
        ),
        entry_has_case=Refusal(
            _("This diary entry is already case %(number)s."), code="visit.entry_has_case"
        ),
    ),
)  # fmt: skip
