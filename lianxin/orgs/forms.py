from django import forms

from lianxin.orgs.models import Org


class OrgAdminForm(forms.ModelForm):
    class Meta:
        model = Org
        fields = [
            "code", "name", "short_name", "kind", "partner_type", "parent",
            "region", "region_code", "case_prefix", "workforce", "is_active",
        ]  # fmt: skip
