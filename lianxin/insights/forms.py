"""The form that adopts a topic as the month's focus (每月一题)."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import CleanTextMixin
from lianxin.orgs.models import Org


class AdoptForm(CleanTextMixin, forms.Form):
    org = forms.ModelChoiceField(label=_("For"), queryset=Org.objects.none())
    label = forms.CharField(max_length=120)
    terms = forms.CharField(max_length=200, required=False)
    case_ids = forms.CharField(max_length=200_000)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)

    def __init__(self, *args, orgs: list[Org], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["org"]).queryset = Org.objects.filter(
            pk__in=[o.pk for o in orgs]
        )

    def clean_terms(self) -> list[str]:
        return [t for t in self.cleaned_data["terms"].split("、") if t][:10]

    def clean_case_ids(self) -> list[int]:
        try:
            return [int(i) for i in self.cleaned_data["case_ids"].split(",") if i.strip()]
        except ValueError:
            raise forms.ValidationError(_("Invalid cases.")) from None
