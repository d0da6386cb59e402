"""The stations' forms: the 站长's day (one small form on a phone) and the figures' period."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.stations.models import Facility, ServiceLog, Station
from lianxin.stations.services import MAX_DAILY_COUNT, DayCounts

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = {"inputmode": "numeric", "pattern": "[0-9]*"}


def count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=MAX_DAILY_COUNT, initial=0,
        widget=forms.NumberInput(attrs=NUMBER),
    )  # fmt: skip


class ServiceDayForm(StyledForm):
    day = forms.DateField(label=_("Day"), widget=DATE)
    visitors = count(_("Visitors"))
    meals_heated = count(_("Meals heated"))
    charges = count(_("Charges"))
    legal_consultations = count(_("Legal consultations"))
    legal_resolved = count(_("of which resolved"))
    legal_referred = count(_("of which referred"))
    job_referrals = count(_("Job referrals"))
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        consultations = data.get("legal_consultations") or 0
        outcomes = (data.get("legal_resolved") or 0) + (data.get("legal_referred") or 0)
        if outcomes > consultations:
            self.add_error(
                "legal_resolved",
                _("Resolved and referred consultations cannot exceed the consultations held."),
            )
        return data

    def counts(self) -> DayCounts:
        return DayCounts(**{k: self.cleaned_data[k] for k in DayCounts.__dataclass_fields__})

    @staticmethod
    def initial_for(day: date, log: ServiceLog | None) -> dict[str, Any]:
        """The form for `day`: that day's row when there is one (so re-entering corrects it)."""
        if log is None:
            return {"day": day}
        return {"day": day, "note": log.note, **log.counts()}


class PeriodForm(StyledForm):
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("To"), widget=DATE, required=False)

    def period(self, today: date) -> tuple[date, date]:
        """The period asked for, or the last 30 days; start after end swaps nothing: it is refused."""
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=29)
        return start, end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The period ends on or after its start."))
        return data


class StationAdminForm(forms.ModelForm):
    """The admin's station form: facilities as check boxes; hours as their JSON list (hours.py)."""

    facilities = forms.MultipleChoiceField(
        label=_("Facilities"), choices=Facility.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = Station
        fields = ["code", "name", "district", "address", "latitude", "longitude", "phone", "hours",
                  "facilities", "org", "manager"]  # fmt: skip
        help_texts = {
            "hours": _('A list of periods, e.g. [{"day": 0, "open": "08:00", "close": "20:00"}] '
                       "(day 0 is Monday; close may be 24:00)."),
        }  # fmt: skip
