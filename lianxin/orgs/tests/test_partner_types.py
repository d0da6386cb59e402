"""Partner types as data: an org names its type by code, an unknown code is refused, a retired
type is no longer offered for new orgs, and a type's keywords are read as a list."""

import pytest

from lianxin.audit.models import Event
from lianxin.core.errors import InvalidInput
from lianxin.orgs.forms import OrgAdminForm
from lianxin.orgs.models import Org, OrgKind, PartnerType
from lianxin.orgs.services import create_org, update_org


def test_a_partner_created_by_its_type_code_gets_that_type(city):
    org = create_org(actor=None, code="C-COMM", name="社区", kind=OrgKind.PARTNER,
                     parent=city["district_A"], partner_type="community")  # fmt: skip
    assert org.partner_type == PartnerType.objects.get(code="community")
    assert org.partner_type_id == "community"


def test_an_unknown_type_code_is_refused_and_nothing_is_created(city):
    before = (Org.objects.count(), Event.objects.count())
    with pytest.raises(InvalidInput) as refused:
        create_org(actor=None, code="C-X", name="某局", kind=OrgKind.PARTNER,
                   parent=city["city"], partner_type="nowhere")  # fmt: skip
    assert refused.value.code == "org.partner_type_unknown"
    assert (Org.objects.count(), Event.objects.count()) == before


def test_a_partners_type_changed_by_code_is_journalled(city):
    bureau = city["bureau"]
    update_org(actor=None, org=bureau, partner_type="justice")
    bureau.refresh_from_db()
    assert bureau.partner_type_id == "justice"
    [event] = Event.objects.filter(target_id=bureau.pk, kind="org_updated")
    assert event.data == {"before": {"partner_type": "hrss"}, "after": {"partner_type": "justice"}}


def test_a_retired_type_is_offered_only_to_the_orgs_that_have_it(city):
    PartnerType.objects.filter(code="hrss").update(is_active=False)

    offered_new = set(OrgAdminForm().fields["partner_type"].queryset.values_list("code", flat=True))
    offered_own = set(
        OrgAdminForm(instance=city["bureau"])
        .fields["partner_type"]
        .queryset.values_list("code", flat=True)
    )

    assert "hrss" not in offered_new
    assert "community" in offered_new
    assert "hrss" in offered_own


def test_keywords_are_split_on_spaces_commas_and_chinese_commas():
    partner_type = PartnerType(code="x", keywords="井盖 路灯,充电桩，卫生死角、乱停车\n积水")
    assert partner_type.keyword_list() == ["井盖", "路灯", "充电桩", "卫生死角", "乱停车", "积水"]
