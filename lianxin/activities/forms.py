"""The activities pages' forms: the kind filter, a staff sign-up, a session, the figures' period."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.activities.states import Kind


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )


class StaffSignUpForm(forms.Form):
    """A chair or staff member signs up one of their members (names masked in the list)."""

    person = forms.TypedChoiceField(label=_("Member"), coerce=int)

    def __init__(self, *args: Any, persons: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = persons  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    label = forms.CharField(label=_("Label"), max_length=80, required=False)


class PeriodForm(forms.Form):
    org = forms.CharField(required=False, widget=forms.HiddenInput)
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    @staticmethod
    def default(today: date) -> dict[str, date]:
        return {"start": today.replace(month=1, day=1), "end": today + timedelta(days=0)}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
