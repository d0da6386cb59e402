"""Forms of the import pages: the upload, and the org a data-quality report is for."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.orgs.forms import clean_org_text
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.permissions import visible_orgs


class ImportUploadForm(StyledForm):
    org = forms.ModelChoiceField(
        label=_("Import for"),
        queryset=Org.objects.none(),
        help_text=_("Rows may name this organisation or any below it."),
    )
    file = forms.FileField(
        label=_("Ledger file (.xlsx or .csv, 30 MB at most)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if orgs is not None:
            choices = orgs.exclude(kind__in=[OrgKind.PARTNER, OrgKind.TEAM]).order_by("path")
            field = self.fields["org"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = choices
            field.initial = choices.first()


class QualityForm(StyledForm):
    org = forms.CharField(label=_("Organisation (name or code)"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_org(self) -> Org | None:
        return clean_org_text(self.cleaned_data["org"], visible_orgs(self.user))
