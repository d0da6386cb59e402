"""The 工会驿站 area the cockpit reads (core.areas): each metric equals the stations' own figures
(station_figures) summed over the scope's stations, and an outsider's scope counts none of it."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lianxin.core import clock
from lianxin.core.areas import area, area_metric, area_metrics
from lianxin.fieldwork import services as fieldwork
from lianxin.fieldwork.grounds import DUTY
from lianxin.stations.metrics import station_figures
from lianxin.stations.models import ServiceLog
from lianxin.stations.tests.conftest import make_station
from lianxin.stations.tests.test_metrics import station_site

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
MARCH = (date(2027, 3, 1), date(2027, 3, 31))
FIGURE_OF = {
    "station_visitors": "visitors",
    "station_consultations": "legal_consultations",
    "duty_days": "duty_days",
}


def _log(station, day, **counts):
    ServiceLog.objects.create(station=station, day=day, updated_at=datetime.now(BEIJING), **counts)


def _held(world, station, days):
    with clock.frozen_at(datetime(2027, 2, 20, 9, tzinfo=BEIJING)):
        booked, _ = fieldwork.plan_weekly(
            DUTY, actor=world.city_staff, site=station_site(station), first_date=days[0],
            weeks=len(days),
        )  # fmt: skip
    for day in booked:
        with clock.frozen_at(
            datetime(day.date.year, day.date.month, day.date.day, 10, tzinfo=BEIJING)
        ):
            fieldwork.record_entry(DUTY, actor=world.city_staff, day_id=day.pk, heard="饮水机坏了")


@pytest.fixture
def stations(world):
    """District A: a station with March logs and two duty days, and one closed on 10 March;
    district B: a station with March logs and one duty day. Rows outside March around them."""
    a = make_station("T-ST-A", world.district_a)
    closed = make_station("T-ST-C", world.ent_a1, closed_on=date(2027, 3, 10))
    b = make_station("T-ST-B", world.district_b)
    _log(a, date(2027, 3, 1), visitors=12, legal_consultations=2)
    _log(a, date(2027, 3, 31), visitors=8, legal_consultations=1)
    _log(a, date(2027, 4, 1), visitors=1000, legal_consultations=100)
    _log(closed, date(2027, 3, 5), visitors=3)
    _log(b, date(2027, 3, 15), visitors=40, legal_consultations=5)
    _held(world, a, [date(2027, 3, 2), date(2027, 3, 9)])
    _held(world, b, [date(2027, 3, 3)])
    return a, closed, b


def _compute(key, user, org, period=MARCH):
    metric = area_metric(key)
    assert metric is not None
    assert metric.area == "stations"
    return metric.compute(user, org, *period)


def test_the_area_is_declared_with_its_four_metrics_and_its_headline():
    declared = area("stations")
    assert declared is not None
    assert declared.order == 160
    keys = [m.key for m in area_metrics("stations")]
    assert keys == ["station_count", "station_visitors", "station_consultations", "duty_days"]
    assert declared.headline in keys
    assert all(len(m.synonyms) >= 2 for m in area_metrics("stations"))


@pytest.mark.parametrize("key", sorted(FIGURE_OF))
def test_each_metric_equals_the_stations_own_figures_summed_over_the_scope(world, stations, key):
    a, closed, b = stations
    own = {s.code: station_figures(s, *MARCH)[FIGURE_OF[key]] for s in stations}
    # the city's leader (whole scope) reads every station; district A's staff reads A's two
    assert _compute(key, world.leader, None) == sum(own.values())
    assert _compute(key, world.leader, world.city) == sum(own.values())
    assert _compute(key, world.staff, None) == own[a.code] + own[closed.code]
    assert _compute(key, world.leader, world.district_b) == own[b.code]
    assert sum(own.values()) > 0
    # a period with nothing logged nor held counts nothing
    assert _compute(key, world.leader, None, (date(2026, 1, 1), date(2026, 1, 31))) == 0


def test_station_count_counts_the_stations_open_on_the_last_day_of_the_period(world, stations):
    assert _compute("station_count", world.leader, None) == 2  # closed on 10 March
    assert _compute("station_count", world.leader, None, (date(2027, 3, 1), date(2027, 3, 9))) == 3
    assert _compute("station_count", world.staff, world.district_a) == 1


@pytest.mark.parametrize("key", ["station_count", *sorted(FIGURE_OF)])
@pytest.mark.parametrize("who", ["chair_b", "partner", "judge", "nobody"])
def test_an_outsider_counts_none_of_the_stations(world, stations, key, who):
    user = getattr(world, who)
    assert _compute(key, user, None) == 0
    assert _compute(key, user, world.district_a) == 0
    # district A's staff asking about district B (outside their scope) count nothing either
    assert _compute(key, world.staff, world.district_b) == 0


def test_the_station_manager_counts_the_station_they_keep(world, stations, keeper):
    a, _closed, _b = stations
    a.manager = keeper
    a.save(update_fields=["manager"])
    assert _compute("station_visitors", keeper, None) == station_figures(a, *MARCH)["visitors"]
    assert _compute("station_visitors", keeper, None, (MARCH[0], MARCH[1] + timedelta(1))) == 1020
