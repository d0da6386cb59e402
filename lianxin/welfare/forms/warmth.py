"""送温暖 forms: a new campaign, a recipient (found by ID number), a delivery (confirmed first)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.members.states import EmploymentForm
from lianxin.orgs.models import Org
from lianxin.welfare.states.warmth import DeliveryKind, Reason

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def money(label: Any, **extra: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=12, decimal_places=2, min_value=Decimal("0"), **extra
    )


class CampaignForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120, initial="2027年两节送温暖")
    org = forms.ModelChoiceField(label=_("Organiser"), queryset=Org.objects.none())
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    budget = money(_("Budget (yuan)"))
    standard = money(_("Standard per person (yuan)"))

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("org", orgs)


class RecipientForm(StyledForm):
    org = forms.ModelChoiceField(label=_("Listing union"), queryset=Org.objects.none())
    id_number = forms.CharField(label=_("ID number"), max_length=24)
    name = forms.CharField(
        label=_("Name"), max_length=40, required=False,
        help_text=_("Only for a person not yet in your registry."),
    )  # fmt: skip
    employment_form = forms.ChoiceField(
        label=_("Employment form"), choices=EmploymentForm.choices, initial=EmploymentForm.EMPLOYEE
    )
    reason = forms.ChoiceField(label=_("Category"), choices=Reason.choices)
    planned_value = money(
        _("Planned value (yuan)"), required=False, help_text=_("Blank: the campaign's standard.")
    )

    def __init__(self, *args: Any, orgs: QuerySet[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_choices("org", orgs)


class DeliveryForm(StyledForm):
    kind = forms.ChoiceField(label=_("Delivered as"), choices=DeliveryKind.choices)
    value = money(_("Value (yuan)"))
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DATE)
