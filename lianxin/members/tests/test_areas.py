"""The 会员与入会 and 新就业形态入会 areas the cockpit reads: each registered figure equals the members
app's own figure (入会率 and the registry) for the same scope and period; outsiders see none of it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lianxin.core import clock
from lianxin.core.areas import area, area_metric, area_metrics
from lianxin.members import metrics, selectors, services
from lianxin.members.states import Channel, State
from lianxin.members.tests.conftest import details
from lianxin.orgs.models import Org

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
START, END = date(2026, 1, 1), date(2026, 6, 30)
# registered metric key → its key in the app's own `metrics.figures()`
FIGURES = {
    "member_count": "members",
    "membership_rate": "membership_rate",
    "gig_members": "gig_members",
    "gig_membership_rate": "gig_membership_rate",
}


@pytest.fixture
def half_year(world):
    """A1: 3 employees and 2 riders joined 10 Jan 2026, 1 employee since June 2025; A2: 1 courier
    joined 10 Jan 2026; B1: 1 employee joined 10 Jan 2026. On 1 March one A1 rider transfers to A2.
    Workforce: A1 10 (4 gig), A2 2 (2 gig), B1 5."""
    joined = date(2026, 1, 10)
    for n, form in enumerate(["employee"] * 3 + ["rider"] * 2):
        services.register_member(
            actor=world.chair, org=world.ent_a1, details=details(n, employment_form=form),
            joined_on=joined,
        )  # fmt: skip
    services.register_member(
        actor=world.chair, org=world.ent_a1, details=details(5), joined_on=date(2025, 6, 1)
    )
    services.register_member(
        actor=world.staff, org=world.ent_a2, details=details(10, employment_form="courier"),
        joined_on=joined,
    )  # fmt: skip
    services.register_member(
        actor=world.chair_b, org=world.ent_b1, details=details(20), joined_on=joined
    )
    rider = metrics.members_at(world.ent_a1, joined).filter(person__employment_form="rider")[0]
    with clock.frozen_at(datetime(2026, 3, 1, 10, tzinfo=BEIJING)):
        services.transfer_membership(actor=world.staff, membership_id=rider.pk, to_org=world.ent_a2)
    for actor, org, total, gig in (
        (world.chair, world.ent_a1, 10, 4), (world.staff, world.ent_a2, 2, 2),
        (world.chair_b, world.ent_b1, 5, 0),
    ):  # fmt: skip
        services.record_workforce(actor=actor, org=org, on=joined, total=total, gig=gig)
    return world


def compute(key: str, user, org, start: date = START, end: date = END):
    metric = area_metric(key)
    assert metric is not None, key
    return metric.compute(user, org, start, end)


def as_pair(value) -> object:
    """A figure as the app's figures() answer it: a rate as its numerator and denominator."""
    if isinstance(value, dict):
        return (value["numerator"], value["denominator"])
    if hasattr(value, "denominator") and not isinstance(value, int):
        return (value.numerator, value.denominator)
    return value


def test_the_two_areas_are_declared_with_their_metrics():
    members, gig = area("members"), area("gig")
    assert members is not None
    assert gig is not None
    assert (members.order, members.headline) == (110, "member_count")
    assert (gig.order, gig.headline) == (120, "gig_members")
    assert [m.key for m in area_metrics("members")] == [
        "member_count",
        "membership_rate",
        "new_members",
    ]
    assert [m.key for m in area_metrics("gig")] == ["gig_members", "gig_membership_rate"]


@pytest.mark.parametrize("key", list(FIGURES))
@pytest.mark.parametrize(
    ("who", "where", "org_code"),
    [("city_staff", None, "JZ"), ("leader", "DA", "DA"), ("staff", None, "DA"), ("chair_b", None, "EB1")],
)  # fmt: skip
def test_each_member_figure_equals_the_apps_own_figures_at_the_end_of_the_period(
    half_year, key, who, where, org_code
):
    # Given the half year's members; when the user's area figure is read for their scope (or an org)
    org = Org.objects.get(code=where) if where else None
    figure = compute(key, getattr(half_year, who), org)
    # then it is the app's own 入会率 figure for that org on the period's last day
    own = metrics.figures(Org.objects.get(code=org_code), END)
    assert as_pair(figure) == as_pair(own[FIGURES[key]])


def test_the_city_figures_by_hand(half_year):
    staff = half_year.city_staff
    assert compute("member_count", staff, None) == 8  # A1 5 (a rider left for A2), A2 2, B1 1
    assert as_pair(compute("membership_rate", staff, None)) == (8, 17)
    assert compute("gig_members", staff, None) == 3  # 2 riders (one now in A2) and the courier
    assert as_pair(compute("gig_membership_rate", staff, None)) == (3, 6)
    # New: the 7 who joined on 10 January; not the 2025 member, not the transfer into A2
    assert compute("new_members", staff, None) == 7
    assert compute("new_members", staff, None, date(2026, 2, 1), END) == 0
    assert compute("member_count", staff, None, START, date(2026, 1, 9)) == 1  # only the 2025 one


@pytest.mark.parametrize(("who", "where"), [("city_staff", None), ("staff", "EA2")])
def test_new_members_equal_the_registrys_memberships_joined_in_the_period_bar_transfers(
    half_year, who, where
):
    user = getattr(half_year, who)
    org = Org.objects.get(code=where) if where else None
    registry = selectors.member_list(user, org=org, joined_from=START, joined_to=END)
    own = registry.exclude(channel=Channel.TRANSFER).exclude(state=State.APPLIED)
    assert compute("new_members", user, org) == own.count()
    assert registry.filter(channel=Channel.TRANSFER).exists()  # the transfer was there to leave out


@pytest.mark.parametrize("who", ["nobody", "partner", "judge"])
def test_a_user_without_a_union_role_sees_nothing(half_year, who):
    user = getattr(half_year, who)
    assert compute("member_count", user, None) == 0
    assert compute("new_members", user, None) == 0
    assert as_pair(compute("membership_rate", user, None)) == (0, 0)
    assert as_pair(compute("gig_membership_rate", user, None)) == (0, 0)


def test_another_unions_org_answers_the_empty_figure_not_its_figures(half_year):
    chair_b, district_a = half_year.chair_b, half_year.district_a
    assert compute("member_count", chair_b, district_a) == 0
    assert compute("gig_members", chair_b, district_a) == 0
    assert compute("new_members", chair_b, district_a) == 0
    assert as_pair(compute("membership_rate", chair_b, district_a)) == (0, 0)
    assert compute("member_count", chair_b, None) == 1  # their own: B1's one member
