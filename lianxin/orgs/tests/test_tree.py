import pytest

from lianxin.core.errors import InvalidInput
from lianxin.orgs import tree
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.services import create_org, move_org


def test_upper_bound_increments_the_last_segment():
    assert tree.upper_bound("000001000009") == "000001000010"


def test_subtree_holds_the_org_and_its_descendants_only(city):
    names = set(Org.objects.subtree_of(city["district_A"]).values_list("code", flat=True))
    assert names == {"C-A", "C-A-S", "C-A-S-1", "C-A-S-2"}


def test_tenth_child_does_not_fall_into_a_siblings_subtree(city):
    street = city["street_A"]
    for i in range(3, 12):
        create_org(
            actor=None, code=f"X{i}", name=f"企业{i}", kind=OrgKind.ENTERPRISE, parent=street
        )
    first = Org.objects.get(code="C-A-S-1")
    assert list(Org.objects.subtree_of(first).values_list("code", flat=True)) == ["C-A-S-1"]


def test_move_org_rewrites_the_whole_subtree(city):
    move_org(actor=None, org=city["street_A"], new_parent=city["district_B"])
    moved = set(Org.objects.subtree_of(city["district_B"]).values_list("code", flat=True))
    assert {"C-A-S", "C-A-S-1", "C-A-S-2"} <= moved
    assert Org.objects.get(code="C-A-S-1").ancestors().first() == city["city"]


def test_move_org_under_its_own_subtree_is_refused_and_changes_nothing(city):
    before = dict(Org.objects.values_list("code", "path"))
    with pytest.raises(InvalidInput):
        move_org(actor=None, org=city["district_A"], new_parent=city["ent_A1"])
    assert dict(Org.objects.values_list("code", "path")) == before


def test_partner_without_a_type_is_refused(city):
    with pytest.raises(InvalidInput):
        create_org(actor=None, code="P", name="某局", kind=OrgKind.PARTNER, parent=city["city"])
    assert not Org.objects.filter(code="P").exists()
