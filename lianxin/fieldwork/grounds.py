"""What a kind of day in the field is: its tables, workflow, words and place (`Ground`), and the
duty day's (`DUTY`). The services and selectors take a Ground; intake declares its `VISITS`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lianxin.cases.hooks import Site, resolve_site
from lianxin.cases.models import Channel
from lianxin.core.errors import NotFound, PermissionDenied, Refusal
from lianxin.core.workflow import Workflow
from lianxin.fieldwork.models import DutyDay, DutyEntry
from lianxin.fieldwork.states import DUTY_WORKFLOW
from lianxin.orgs.models import Org


@dataclass(frozen=True)
class Refusals:
    """What a kind of day says when it refuses, each with the kind's own code. Messages may use
    %(org)s (the place's name), %(date)s, %(max)s, %(team)s and %(number)s."""

    may_not_plan: Refusal
    date_in_past: Refusal
    weeks_out_of_range: Refusal
    already_planned: Refusal
    all_dates_taken: Refusal
    not_found: Refusal
    may_not_change: Refusal
    not_yet: Refusal
    team_outside: Refusal
    entry_empty: Refusal
    summary_empty: Refusal
    reason_empty: Refusal
    has_entries: Refusal
    entry_not_found: Refusal
    entry_raised_anonymously: Refusal
    entry_has_case: Refusal


@dataclass(frozen=True)
class Place:
    """Where a day is held, as the services need it."""

    name: str
    org: Org  # the union whose cadres hold the day and whose cases it raises
    unique: dict[str, Any]  # one day per these and date
    fields: dict[str, Any] = field(default_factory=dict)  # the day's columns for the place
    data: dict[str, Any] = field(default_factory=dict)  # the place in the journal


@dataclass(frozen=True)
class Ground:
    """A kind of day in the field."""

    name: str  # "visit", "duty": the prefix of its journal kinds
    day_model: type[Any]
    entry_model: type[Any]
    workflow: Workflow
    channel: str  # cases raised from its entries come in by this channel
    day_field: str  # the entry's key to its day
    host_field: str  # the day's key to the cadre who holds it
    refusals: Refusals
    place: Callable[[Any], Place]  # the kind's site (an enterprise, a station) → its Place
    check_place: Callable[[Place], None] = lambda place: None  # a kind's own rule on places

    def kind(self, what: str) -> str:
        return f"{self.name}_{what}"

    def days(self) -> QuerySet[Any]:
        days: QuerySet[Any] = self.day_model.objects.all()
        return days

    def entries(self) -> QuerySet[Any]:
        entries: QuerySet[Any] = self.entry_model.objects.all()
        return entries


# ---- 当一天站长: duty days at a station -----------------------------------------------------------


def _station(site: Site) -> Place:
    return Place(
        name=site.name,
        org=site.org,
        unique={"site": site.code},
        fields={"org": site.org},
        data={"site": site.code, "org": site.org.code},
    )


DUTY = Ground(
    name="duty",
    day_model=DutyDay,
    entry_model=DutyEntry,
    workflow=DUTY_WORKFLOW,
    channel=Channel.STATION,
    day_field="day",
    host_field="host",
    place=_station,
    refusals=Refusals(
        may_not_plan=Refusal(
            _("You may not book duty days at %(org)s."),
            code="duty.permission_denied", error=PermissionDenied,
        ),
        date_in_past=Refusal(
            _("%(date)s has passed: book duty days from today on."), code="duty.date_in_past"
        ),
        weeks_out_of_range=Refusal(
            _("Plan between 1 and %(max)s weeks at a time."), code="duty.weeks_out_of_range"
        ),
        already_planned=Refusal(
            _("%(org)s already has a cadre on duty on %(date)s."), code="duty.already_planned"
        ),
        all_dates_taken=Refusal(
            _("Every one of these dates already has a cadre on duty at %(org)s."),
            code="duty.already_planned",
        ),
        not_found=Refusal(_("No such duty day."), code="duty.not_found", error=NotFound),
        may_not_change=Refusal(
            _("You may not change duty days of %(org)s."),
            code="duty.permission_denied", error=PermissionDenied,
        ),
        not_yet=Refusal(_("The duty day on %(date)s has not come yet."), code="duty.not_yet"),
        team_outside=Refusal(
            _("%(team)s is not a work team of %(org)s."), code="duty.team_outside_union"
        ),
        entry_empty=Refusal(_("Write down what was heard."), code="duty.entry_empty"),
        summary_empty=Refusal(_("Write a short summary of the day."), code="duty.summary_empty"),
        reason_empty=Refusal(_("Say why the duty day is cancelled."), code="duty.reason_empty"),
        has_entries=Refusal(
            _("This duty day has diary entries, so it took place and cannot be cancelled."),
            code="duty.has_entries",
        ),
        entry_not_found=Refusal(
            _("No such diary entry."), code="duty.entry_not_found", error=NotFound
        ),
        entry_raised_anonymously=Refusal(
            _("This diary entry was already raised as an anonymous case."),
            code="duty.entry_has_case",
        ),
        entry_has_case=Refusal(
            _("This diary entry is already case %(number)s."), code="duty.entry_has_case"
        ),
    ),
)  # fmt: skip


def open_site(code: str) -> Site:
    """The open station with this code, for booking a duty day; unknown or closed: NotFound."""
    site = resolve_site(code)
    if site is None:
        raise NotFound(_("No open station has the code %(code)s.") % {"code": code},
                       code="duty.station_not_found")  # fmt: skip
    return site
