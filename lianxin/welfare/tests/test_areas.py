"""The three welfare areas the cockpit reads (core.areas): each metric equals the welfare figures'
own answer (`welfare_figures`, the figures API's) for the same scope and period, and an outsider's
scope counts none of it."""
# ruff: noqa: F811 (the fixtures imported from the area's test modules are named as arguments)

from datetime import date, timedelta

import pytest

from lianxin.core.areas import area, area_metric, area_metrics
from lianxin.members.services.people import today
from lianxin.welfare.metrics.overview import welfare_figures
from lianxin.welfare.states.mutual_aid import ClaimState
from lianxin.welfare.tests import mutual_aid_world
from lianxin.welfare.tests.mutual_aid_world import report, walk
from lianxin.welfare.tests.test_hardship_metrics import files  # noqa: F401 (fixture)
from lianxin.welfare.tests.test_warmth_metrics import season  # noqa: F401 (fixture)
from lianxin.welfare.tests.warmth_fixtures import campaign, draft  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
plan_world = mutual_aid_world.plan_world
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))
WINTER_2027 = (date(2027, 1, 1), date(2027, 2, 28))
OUTSIDERS = ["partner", "judge", "nobody"]


def _compute(key, user, org, period):
    metric = area_metric(key)
    assert metric is not None
    return metric.compute(user, org, *period)


def _own(user, org, period):
    return welfare_figures(user=user, org=org, start=period[0], end=period[1])


def test_the_three_areas_are_declared_with_their_metrics_and_headlines():
    expected = {
        "hardship": (130, ["hardship_files_open", "aid_paid"]),
        "warmth": (140, ["warmth_recipients"]),
        "mutual_aid": (150, ["mutual_aid_enrolled", "claims_paid"]),
    }
    for key, (order, metrics) in expected.items():
        declared = area(key)
        assert declared is not None
        assert declared.order == order
        assert [m.key for m in area_metrics(key)] == metrics
        assert declared.headline == metrics[0]
        assert all(2 <= len(m.synonyms) <= 4 for m in area_metrics(key))


@pytest.mark.parametrize("key", ["hardship_files_open", "aid_paid"])
def test_hardship_metrics_equal_the_welfare_figures_of_the_scope(world, files, key):
    # the district's staff (whole scope: district A) and the city's leader, org or whole scope
    district = _own(world.staff, world.district_a, YEAR_2025)[key]
    city = _own(world.leader, world.city, YEAR_2025)[key]
    assert _compute(key, world.staff, None, YEAR_2025) == district
    assert _compute(key, world.staff, world.district_a, YEAR_2025) == district
    assert _compute(key, world.leader, None, YEAR_2025) == city
    assert _compute(key, world.leader, world.city, YEAR_2025) == city
    assert city > district > 0  # B1's file counts for the city only
    assert (
        _compute(key, world.chair_b, None, YEAR_2025)
        == _own(world.chair_b, world.ent_b1, YEAR_2025)[key]
    )


def test_warmth_recipients_equal_the_welfare_figures_of_the_scope(world, season):
    key = "warmth_recipients"
    city = _own(world.leader, world.city, WINTER_2027)[key]
    district = _own(world.staff, world.district_a, WINTER_2027)[key]
    assert _compute(key, world.leader, None, WINTER_2027) == city == 4
    assert _compute(key, world.staff, None, WINTER_2027) == district == 3
    assert _compute(key, world.leader, world.district_b, WINTER_2027) == 1
    january = (date(2027, 1, 1), date(2027, 1, 31))  # P5's delivery was on 10 February
    assert (
        _compute(key, world.leader, None, january) == _own(world.leader, world.city, january)[key]
    )


@pytest.fixture
def paid_claim(plan_world):
    return walk(plan_world, report(plan_world), ClaimState.PAID)


@pytest.mark.parametrize("key", ["mutual_aid_enrolled", "claims_paid"])
def test_mutual_aid_metrics_equal_the_welfare_figures_of_the_scope(world, paid_claim, key):
    year = (today() - timedelta(days=365), today())
    city = _own(world.leader, world.city, year)[key]
    assert _compute(key, world.leader, None, year) == city == 1
    assert _compute(key, world.staff, world.street_a, year) == city
    assert _compute(key, world.staff, None, year) == _own(world.staff, world.district_a, year)[key]
    # a year long past counts nothing
    past = (date(2001, 1, 1), date(2001, 12, 31))
    assert _compute(key, world.leader, None, past) == 0


@pytest.mark.parametrize(
    "key", ["hardship_files_open", "aid_paid", "mutual_aid_enrolled", "claims_paid"]
)
@pytest.mark.parametrize("who", OUTSIDERS)
def test_an_outsider_counts_none_of_hardship_or_mutual_aid(world, files, paid_claim, key, who):
    whole = (date(2000, 1, 1), today() + timedelta(days=1))
    assert _compute(key, world.leader, None, whole) > 0
    user = getattr(world, who)
    assert _compute(key, user, None, whole) == 0
    assert _compute(key, user, world.city, whole) == 0
    # another enterprise's chair asking about district A, and A1's chair about the city
    assert _compute(key, world.chair_b, world.district_a, whole) == 0
    assert _compute(key, world.chair, world.city, whole) == 0


@pytest.mark.parametrize("who", OUTSIDERS)
def test_an_outsider_counts_none_of_the_warmth_deliveries(world, season, who):
    user = getattr(world, who)
    assert _compute("warmth_recipients", user, None, WINTER_2027) == 0
    assert _compute("warmth_recipients", user, world.city, WINTER_2027) == 0
    assert _compute("warmth_recipients", world.chair_b, world.district_a, WINTER_2027) == 0
