"""Nearest stations in true distance order, open now by Beijing time, and the cases' site resolver."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from lianxin.cases.hooks import resolve_site
from lianxin.cases.models import Channel
from lianxin.core import clock
from lianxin.stations import selectors
from lianxin.stations.tests.conftest import ORIGIN, make_station

LAT, LON = ORIGIN


@pytest.fixture
def ring(world):
    """Stations at hand-computed distances from ORIGIN (35.2 N, 113.2 E), R = 6,371,000 m:
    - north, +0.01° of latitude: R·0.01·π/180 = 1,111.95 m
    - east, +0.01° of longitude: 2R·asin(cos 35.2° · sin(0.005°)) = 2R·asin(0.81714 × 8.72665e-5) = 908.62 m
    - south, −0.02° of latitude: 2,223.90 m
    - far, +0.3° of latitude: 33,358.48 m (outside the first search boxes)
    - closed, −0.005° of latitude: 555.97 m, closed for good."""
    d = world.district_a
    return {
        "north": make_station("N", d, lat=LAT + Decimal("0.01")),
        "east": make_station("E", d, lon=LON + Decimal("0.01")),
        "south": make_station("S", d, lat=LAT - Decimal("0.02")),
        "far": make_station("F", d, lat=LAT + Decimal("0.3")),
        "closed": make_station("C", d, lat=LAT - Decimal("0.005"), closed_on=date(2027, 1, 1)),
    }


def test_nearest_stations_come_in_true_distance_order_with_their_distances(ring):
    found = selectors.nearest_stations(LAT, LON, limit=10)
    assert [n.station.code for n in found] == ["C", "E", "N", "S", "F"]
    expected = [555.97, 908.62, 1_111.95, 2_223.90, 33_358.48]
    assert [round(n.distance_m, 2) for n in found] == pytest.approx(expected, abs=0.01)


def test_the_limit_keeps_the_nearest_and_the_search_widens_to_reach_a_far_station(ring):
    assert [n.station.code for n in selectors.nearest_stations(LAT, LON, limit=2)] == ["C", "E"]
    # 30 km north of everything but the far station: the box doubles until it finds enough.
    there = selectors.nearest_stations(LAT + Decimal("0.6"), LON, limit=2)
    assert [n.station.code for n in there] == ["F", "N"]


def test_a_search_far_from_every_station_still_finds_the_nearest(ring):
    found = selectors.nearest_stations(Decimal("-33.9"), Decimal("151.2"), limit=1)  # Sydney
    assert len(found) == 1
    assert found[0].distance_m > 7_000_000


def test_nearest_reads_few_queries_over_many_stations(world, django_assert_max_num_queries):
    for i in range(30):
        make_station(f"Q{i:02d}", world.district_a, lat=LAT + Decimal(i) / 1000)
    with django_assert_max_num_queries(3):
        assert len(selectors.nearest_stations(LAT, LON, limit=20)) == 20


def _beijing(hour, minute):
    # 2027-01-04 is a Monday; Beijing is UTC+8 all year.
    return (
        datetime(2027, 1, 4, hour - 8, minute, tzinfo=UTC)
        if hour >= 8
        else datetime(2027, 1, 3, hour + 16, minute, tzinfo=UTC)
    )


def test_open_now_reads_the_hours_in_beijing_time(station):
    # hours 08:00–20:00 every day (Beijing); 07:59 Beijing is 23:59 UTC the day before.
    with clock.frozen_at(_beijing(7, 59)):
        assert selectors.open_now(station) is False
    with clock.frozen_at(_beijing(8, 0)):
        assert selectors.open_now(station) is True
    assert selectors.open_now(station, at=_beijing(20, 0)) is False


def test_a_closed_station_is_never_open_now_and_keeps_its_page(station):
    station.closed_on = date(2027, 1, 1)
    station.save()
    assert selectors.open_now(station, at=_beijing(12, 0)) is False
    assert selectors.station_by_code("T-ST-01").closed is True


def test_the_site_resolver_answers_an_open_station_with_its_union_and_the_station_channel(station):
    site = resolve_site("T-ST-01")
    assert (site.code, site.name, site.org, site.channel) == (
        "T-ST-01",
        station.name,
        station.org,
        Channel.STATION,
    )


def test_the_site_resolver_answers_none_for_a_closed_or_unknown_station(station):
    assert resolve_site("NO-SUCH") is None
    station.closed_on = date(2027, 1, 1)
    station.save()
    assert resolve_site("T-ST-01") is None
