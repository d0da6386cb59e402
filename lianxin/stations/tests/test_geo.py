"""geo: the haversine distance against hand-computed distances, the search box, the point parser."""

import math
from decimal import Decimal

import pytest

from lianxin.stations import geo


def test_a_tenth_of_a_degree_along_a_meridian_is_the_arc_r_times_the_angle():
    # Along a meridian the great circle is the meridian itself: d = R·Δφ
    # = 6,371,000 m × (0.1 × π / 180) = 6,371,000 × 0.00174533 = 11,119.49 m.
    assert geo.haversine_m(35.0, 113.0, 35.1, 113.0) == pytest.approx(11_119.49, abs=0.01)


def test_two_jiaozuo_points_are_as_far_apart_as_the_formula_worked_by_hand():
    # A = (35.2400 N, 113.2300 E) near 焦作站, B = (35.2155 N, 113.2418 E) near the city hall.
    # φA = 0.6150540 rad, φB = 0.6146264 rad, Δφ = −0.00042761 rad, Δλ = 0.0118° = 0.00020595 rad
    # a = sin²(Δφ/2) + cos φA · cos φB · sin²(Δλ/2)
    #   = 4.5711e-08 + 0.81714 × 0.81739 × 1.06039e-08 = 5.27872e-08
    # d = 2R · asin(√a) = 2 × 6,371,000 × 2.29755e-4 = 2,927.5 m
    assert geo.haversine_m(35.2400, 113.2300, 35.2155, 113.2418) == pytest.approx(2_927.5, abs=0.5)


def test_distance_is_symmetric_and_zero_at_the_same_point():
    assert geo.haversine_m(35.2, 113.2, 35.3, 113.4) == pytest.approx(
        geo.haversine_m(35.3, 113.4, 35.2, 113.2)
    )
    assert geo.haversine_m(35.2, 113.2, 35.2, 113.2) == 0


def test_the_box_holds_every_point_at_the_radius_in_each_direction():
    lat, lon, radius = 35.2, 113.2, 10_000.0
    min_lat, max_lat, min_lon, max_lon = geo.bounding_box(lat, lon, radius)
    for bearing in range(0, 360, 15):
        # the point `radius` metres away on this bearing (spherical destination formula)
        d, b, p1, l1 = (
            radius / geo.EARTH_RADIUS_M,
            math.radians(bearing),
            math.radians(lat),
            math.radians(lon),
        )
        p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
        l2 = l1 + math.atan2(
            math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
        )
        assert min_lat <= math.degrees(p2) <= max_lat
        assert min_lon <= math.degrees(l2) <= max_lon


def test_parse_point_reads_lat_lon_and_refuses_anything_else():
    assert geo.parse_point("35.2153, 113.2418") == (Decimal("35.2153"), Decimal("113.2418"))
    assert geo.parse_point("35.2，113.2") == (Decimal("35.2"), Decimal("113.2"))
    for bad in ["", "35.2", "a,b", "91,113", "35,181", "nan,1", "1,2,3", "inf,1"]:
        with pytest.raises(ValueError, match=r"point|latitude"):
            geo.parse_point(bad)
