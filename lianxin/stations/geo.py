"""Distances on the Earth's surface, and the box a search around a point starts from. Pure Python.

The haversine formula on a sphere of the Earth's mean radius: within 0.5 % of the ellipsoid, far
closer than a phone's fix, and what "nearest station" needs.
"""

import math
from decimal import Decimal, InvalidOperation

EARTH_RADIUS_M = 6_371_000.0
METRES_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_M / 180  # ≈ 111,195 m


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in metres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lon, max lon) of a box holding every point within `radius_m`.

    Longitude degrees shrink with cos(latitude); near a pole (or for a radius past a quarter of the
    globe) the box spans every longitude.
    """
    d_lat = radius_m / METRES_PER_DEGREE_LAT
    cos_lat = math.cos(math.radians(lat))
    d_lon = 180.0 if cos_lat < 1e-06 or d_lat >= 90 else min(180.0, d_lat / cos_lat)
    return max(-90.0, lat - d_lat), min(90.0, lat + d_lat), lon - d_lon, lon + d_lon


def parse_point(text: str) -> tuple[Decimal, Decimal]:
    """`"35.2153,113.2418"` → (latitude, longitude); ValueError for anything else."""
    parts = (text or "").replace("，", ",").split(",")
    if len(parts) != 2:
        raise ValueError("a point is written lat,lon")
    try:
        lat, lon = (Decimal(p.strip()) for p in parts)
    except InvalidOperation:
        raise ValueError("a point's coordinates are numbers") from None
    if not (lat.is_finite() and lon.is_finite()):
        raise ValueError("a point's coordinates are finite numbers")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("latitude lies in [-90, 90], longitude in [-180, 180]")
    return lat, lon
