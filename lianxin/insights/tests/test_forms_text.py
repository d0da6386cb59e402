"""The forms outside StyledForm that keep text (org admin, adopting a topic) drop control
characters too (core.forms.CleanTextMixin)."""

from lianxin.insights.forms import AdoptForm
from lianxin.orgs.forms import OrgAdminForm


def test_the_org_admin_form_and_the_adopt_form_drop_control_characters_too(world) -> None:
    # given the two forms not built on StyledForm, posted with control characters
    org = {"code": "EA9", "name": "A企业\x019工会", "short_name": "A\x1b9", "kind": "union",
           "parent": world.street_a.pk, "region": "", "region_code": "", "case_prefix": "",
           "is_active": "on"}  # fmt: skip
    adopt = {"org": world.ent_a1.pk, "label": "宿舍\x07热水", "case_ids": "1", "note": "每\x00月"}
    # when validated
    org_form, adopt_form = OrgAdminForm(org), AdoptForm(adopt, orgs=[world.ent_a1])
    # then the names and labels are kept without them
    assert org_form.is_valid(), org_form.errors
    assert (org_form.cleaned_data["name"], org_form.cleaned_data["short_name"]) == (
        "A企业9工会",
        "A9",
    )
    assert adopt_form.is_valid(), adopt_form.errors
    assert (adopt_form.cleaned_data["label"], adopt_form.cleaned_data["note"]) == (
        "宿舍热水",
        "每月",
    )
