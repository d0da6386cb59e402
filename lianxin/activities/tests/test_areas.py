"""The 活动服务 area the cockpit reads (core.areas): activity_signups equals the activities' own
figures (metrics.figures(...).signups) for the same scope and period; an outsider counts none."""
# ruff: noqa: F811 (the fixtures imported from activities_world are named as arguments)

from datetime import timedelta

import pytest

from lianxin.activities import metrics, services
from lianxin.activities.tests.activities_world import (  # noqa: F401 (fixtures)
    members,
    new_activity,
    organised,
    signed,
)
from lianxin.core.areas import area, area_metric, area_metrics
from lianxin.members.services import register_member
from lianxin.members.tests.conftest import details

pytestmark = pytest.mark.django_db


def _compute(user, org, period):
    metric = area_metric("activity_signups")
    assert metric is not None
    assert metric.area == "activities"
    return metric.compute(user, org, *period)


@pytest.fixture
def season(world, members):
    """District A: a class of 2 places with 3 sign-ups (one waits) and a course with one; district
    B: a class with two sign-ups of B1's members. Returns the period the activities run in."""
    care = organised(world, capacity=2)
    for person in members[:3]:
        signed(world, care, person)
    signed(world, organised(world, kind="course", title="电工", capacity=30), members[3])
    b_class = services.create_activity(
        actor=world.city_staff, org=world.district_b, new=new_activity(title="B区托管班")
    )
    for n in (21, 22):
        person = register_member(actor=world.chair_b, org=world.ent_b1, details=details(n)).person
        signed(world, b_class, person, by=world.chair_b)
    return care.starts_on, care.ends_on


def test_the_area_is_declared_with_its_headline_metric():
    declared = area("activities")
    assert declared is not None
    assert declared.order == 170
    assert [m.key for m in area_metrics("activities")] == ["activity_signups"]
    assert declared.headline == "activity_signups"
    assert 2 <= len(area_metric("activity_signups").synonyms) <= 4


def test_activity_signups_equal_the_activities_own_figures_of_the_scope(world, season):
    city = metrics.figures(world.city, *season).signups
    district_a = metrics.figures(world.district_a, *season).signups
    assert (city, district_a) == (5, 3)  # the waiting one holds no place
    assert _compute(world.leader, None, season) == city
    assert _compute(world.leader, world.city, season) == city
    assert _compute(world.staff, None, season) == district_a
    assert _compute(world.leader, world.district_b, season) == 2
    # a period before the activities run counts none
    before = (season[0] - timedelta(days=10), season[0] - timedelta(days=1))
    assert _compute(world.leader, None, before) == metrics.figures(world.city, *before).signups == 0


@pytest.mark.parametrize("who", ["chair_b", "partner", "judge", "nobody"])
def test_an_outsider_counts_none_of_district_a_s_sign_ups(world, season, who):
    user = getattr(world, who)
    assert _compute(user, world.district_a, season) == 0
    assert _compute(user, world.city, season) == 0
    # B1's chair organises nothing (B's class is the district's): their whole scope counts none
    assert _compute(user, None, season) == 0
