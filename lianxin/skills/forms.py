"""The skills pages' form: a union records a certificate its member holds."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.skills.states import CertificateLevel

ISO = "%Y-%m-%d"  # what <input type="date"> reads, whatever the language


class CertificateForm(StyledForm):
    member = forms.CharField(
        label=_("Membership card number or ID number"), max_length=24, required=False,
        help_text=_("Not needed when you came from the person's page."),
    )  # fmt: skip
    trade = forms.CharField(
        label=_("Trade"), max_length=40, help_text=_("e.g. 焊工, 电工, 数控车工")
    )
    level = forms.ChoiceField(label=_("Level"), choices=CertificateLevel.choices)
    issuer = forms.CharField(label=_("Issuer"), max_length=120)
    issued_on = forms.DateField(
        label=_("Issued on"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO)
    )
    number = forms.CharField(label=_("Certificate number"), max_length=60)
