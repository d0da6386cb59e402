from django.contrib.auth.models import AnonymousUser

from lianxin.orgs.models import Org
from lianxin.orgs.permissions import can_act_in, can_see_org, visible_orgs
from lianxin.orgs.tests.factories import UserFactory, with_role


def codes(qs):
    return set(qs.values_list("code", flat=True))


def test_district_staff_sees_enterprises_below_their_district_and_not_a_siblings(city):
    staff = with_role("staff", city["district_A"])
    seen = codes(visible_orgs(staff))
    assert {"C-A-S-1", "C-A-S-2"} <= seen
    assert not seen & {"C-B", "C-B-S-1", "C-B-S-2", "C", "C-HRSS"}


def test_partner_sees_nothing_but_its_own_org(city):
    officer = with_role("partner", city["bureau"])
    assert codes(visible_orgs(officer)) == {"C-HRSS"}
    assert not can_see_org(officer, city["ent_A1"])


def test_user_with_no_role_sees_nothing(city):
    assert not visible_orgs(UserFactory()).exists()
    assert not visible_orgs(AnonymousUser()).exists()


def test_leader_sees_the_whole_city_but_may_not_act(city):
    leader = with_role("leader", city["city"])
    assert codes(visible_orgs(leader)) == set(Org.objects.values_list("code", flat=True))
    assert not can_act_in(leader, city["ent_A1"])


def test_roles_in_nested_orgs_do_not_double_count(city):
    user = with_role("chair", city["ent_A1"], with_role("staff", city["district_A"]))
    assert visible_orgs(user).count() == 4


def test_predicate_and_queryset_agree_for_every_org(city):
    user = with_role("chair", city["street_B"], with_role("judge", city["bureau"]))
    seen = codes(visible_orgs(user))
    for org in Org.objects.all():
        assert can_see_org(user, org) == (org.code in seen)
