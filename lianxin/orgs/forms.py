from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.core.forms import CleanTextMixin
from lianxin.orgs.models import Org, PartnerType
from lianxin.orgs.selectors import find_org_in


def clean_org_text(value: str, scope: QuerySet[Org]) -> Org | None:
    """What a person typed in an organisation box: nothing, or one org of `scope` by code or name;
    anything else is a form error that names what was typed (and never hints at orgs outside)."""
    value = value.strip()
    if not value:
        return None
    org = find_org_in(scope, value)
    if org is None:
        raise forms.ValidationError(
            _("No organisation in your scope matches “%(v)s”.") % {"v": value}
        )
    return org


class OrgAdminForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Org
        fields = [
            "code", "name", "short_name", "kind", "partner_type", "parent",
            "region", "region_code", "case_prefix", "workforce", "is_active",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A retired type stays on the orgs that have it, but no new org takes it.
        current = getattr(self.instance, "partner_type_id", None)
        field = cast(forms.ModelChoiceField, self.fields["partner_type"])
        field.queryset = PartnerType.objects.filter(Q(is_active=True) | Q(code=current))
