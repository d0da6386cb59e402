"""Reading stations: the public pages' reads, the nearest stations, and the staff's scoped reads.

"Nearest" prefilters by a bounding box in the database (an index range on latitude and longitude)
and sorts the few rows left by their true (haversine) distance in Python. The box starts small and
doubles until it holds enough stations, so a rider in town reads a handful of rows, and a search
far from every station still finds the nearest ones.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.cases.hooks import Site
from lianxin.cases.models import Channel
from lianxin.core import clock
from lianxin.core.errors import NotFound
from lianxin.orgs.permissions import AnyUser
from lianxin.stations import geo, hours
from lianxin.stations.models import ServiceLog, Station
from lianxin.stations.permissions import may_log, may_see_figures, stations_in_scope_q

FIRST_RADIUS_M = 5_000.0
WHOLE_EARTH_M = 20_100_000.0  # half the circumference: every point lies within it


@dataclass(frozen=True)
class Near:
    station: Station
    distance_m: float


def public_stations() -> QuerySet[Station]:
    """Every station, open or closed (a closed one says so), with its union."""
    return Station.objects.select_related("org")


def station_by_code(code: str) -> Station:
    """The station with this code, closed or not; NotFound otherwise."""
    station = public_stations().filter(code=code).first()
    if station is None:
        raise NotFound(_("No such station."), code="station.not_found")
    return station


def by_code() -> QuerySet[Station]:
    return public_stations().order_by("code")


def by_district() -> QuerySet[Station]:
    """The list without a location: by district, then by code."""
    return public_stations().order_by("district", "code")


def nearest_stations(lat: Decimal | float, lon: Decimal | float, *, limit: int) -> list[Near]:
    """The `limit` stations nearest to (lat, lon), nearest first; ties by code."""
    lat_f, lon_f = float(lat), float(lon)
    radius = FIRST_RADIUS_M
    while True:
        found = _within(lat_f, lon_f, radius)
        if len(found) >= limit or radius >= WHOLE_EARTH_M:
            return found[:limit]
        radius = min(radius * 2, WHOLE_EARTH_M)


def _within(lat: float, lon: float, radius: float) -> list[Near]:
    """The stations within `radius` metres, sorted by true distance (the box over-reads corners)."""
    rows = public_stations()
    if radius < WHOLE_EARTH_M:
        min_lat, max_lat, min_lon, max_lon = geo.bounding_box(lat, lon, radius)
        rows = rows.filter(latitude__gte=min_lat, latitude__lte=max_lat)
        if max_lon - min_lon < 360:
            rows = rows.filter(_longitudes(min_lon, max_lon))
    near = [Near(s, geo.haversine_m(lat, lon, float(s.latitude), float(s.longitude))) for s in rows]
    near = [n for n in near if n.distance_m <= radius]
    return sorted(near, key=lambda n: (n.distance_m, n.station.code))


def _longitudes(min_lon: float, max_lon: float) -> Q:
    """The longitude range of a box, wrapping round the antimeridian when it crosses it."""
    if min_lon < -180:
        return Q(longitude__gte=min_lon + 360) | Q(longitude__lte=max_lon)
    if max_lon > 180:
        return Q(longitude__gte=min_lon) | Q(longitude__lte=max_lon - 360)
    return Q(longitude__gte=min_lon, longitude__lte=max_lon)


def open_now(station: Station, at: datetime | None = None) -> bool:
    """Open at this moment (Beijing time) by its hours; a closed station never is."""
    if station.closed:
        return False
    moment = timezone.localtime(at or clock.now())
    return hours.is_open_at(hours.parse(station.hours), moment)


def site_for(code: str) -> Site | None:
    """The cases' site resolver: an open station with this code, as the place a concern is raised at."""
    station = public_stations().filter(code=code, closed_on__isnull=True).first()
    if station is None:
        return None
    return Site(code=station.code, name=station.name, org=station.org, channel=Channel.STATION)


# ---- the staff's reads: scoped, and outside the scope like an unknown code -------------------------


def stations_in_scope(user: AnyUser) -> QuerySet[Station]:
    return public_stations().select_related("manager").filter(stations_in_scope_q(user))


def keeps_stations(user: AnyUser) -> bool:
    """Is the user the 站长 of a station (one query; none for an anonymous visitor)?"""
    return user.is_authenticated and Station.objects.filter(manager=user).exists()


def station_for_figures(user: AnyUser, code: str) -> Station:
    station = Station.objects.select_related("org", "manager").filter(code=code).first()
    if station is None or not may_see_figures(user, station):
        raise NotFound(_("No such station."), code="station.not_found")
    return station


def station_for_log(user: AnyUser, code: str) -> Station:
    station = Station.objects.select_related("org").filter(code=code).first()
    if station is None or not may_log(user, station):
        raise NotFound(_("No such station."), code="station.not_found")
    return station


def log_of_day(station: Station, day: date) -> ServiceLog | None:
    return ServiceLog.objects.filter(station=station, day=day).first()


def logs_of(station: Station) -> QuerySet[ServiceLog]:
    return ServiceLog.objects.filter(station=station).order_by("-day")
