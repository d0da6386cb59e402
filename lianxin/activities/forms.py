"""The activities pages' forms: the kind filter, a staff sign-up, a session, the figures' period."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.activities.states import Kind
from lianxin.members.states import EmploymentForm
from lianxin.orgs.models import Org

_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"})
_DAY = forms.DateInput(attrs={"type": "date"})


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


class ActivityForm(forms.Form):
    """A new activity, published by a union the user organises in."""

    org: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Org.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100_000)
    has_waiting_list = forms.BooleanField(
        label=_("Waiting list when full"), required=False, initial=True
    )
    members_only = forms.BooleanField(label=_("Union members only"), required=False)
    employment_forms = forms.MultipleChoiceField(
        label=_("Employment forms admitted (none ticked: any)"),
        choices=EmploymentForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    signup_opens = forms.DateTimeField(label=_("Sign-up opens"), widget=_WHEN)
    signup_closes = forms.DateTimeField(label=_("Sign-up closes"), widget=_WHEN)
    starts_on = forms.DateField(label=_("Starts on"), widget=_DAY)
    ends_on = forms.DateField(label=_("Ends on"), widget=_DAY)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    credit_hours = forms.DecimalField(
        label=_("Credit hours (courses only)"), required=False, min_value=0, max_digits=6,
        decimal_places=1,
    )  # fmt: skip

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs  # type: ignore[attr-defined]
