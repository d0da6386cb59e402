"""The stations API, mounted at /api/stations.

The list is public (a rider's phone asks it without an account); a station's figures answer its
站长 and the roles over its managing union, and 404 to anyone else, exactly like an unknown code.
"""

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from lianxin.core import clock
from lianxin.core.api import ERRORS, ApiRequest
from lianxin.core.errors import InvalidInput
from lianxin.stations import geo, metrics
from lianxin.stations.models import Station
from lianxin.stations.schemas import FiguresOut, FiguresQuery, StationListQuery, StationOut
from lianxin.stations.selectors import (
    by_code,
    nearest_stations,
    open_now,
    station_for_figures,
)

router = Router(tags=["stations"])
MAX_PERIOD_DAYS = 3 * 366


def station_out(station: Station, distance_m: float | None) -> dict[str, Any]:
    return {
        "code": station.code, "name": station.name, "address": station.address,
        "district": station.district, "latitude": float(station.latitude),
        "longitude": float(station.longitude),
        "distance_m": None if distance_m is None else round(distance_m),
        "open_now": open_now(station), "closed": station.closed,
        "facilities": list(station.facilities),
        "url": reverse("stations:detail", args=[station.code]),
    }  # fmt: skip


@router.get("", response={200: list[StationOut], **ERRORS}, auth=None, operation_id="list_stations")
def list_stations(request: ApiRequest, query: Query[StationListQuery]):
    """工会驿站, public. With `near=<lat>,<lon>`: the `limit` stations nearest to that point, nearest
    first (true distance), closed ones included and flagged. Without it: by code, `offset` on.
    400 `station.bad_near`: `near` is not two coordinates."""
    if query.near is None:
        rows = by_code()[query.offset : query.offset + query.limit]
        return [station_out(s, None) for s in rows]
    try:
        lat, lon = geo.parse_point(query.near)
    except ValueError as exc:
        raise InvalidInput(
            _("`near` is a point written <latitude>,<longitude> in degrees."),
            code="station.bad_near", reason=str(exc),
        ) from None  # fmt: skip
    return [
        station_out(n.station, n.distance_m) for n in nearest_stations(lat, lon, limit=query.limit)
    ]


@router.get("/{code}/figures", response={200: FiguresOut, **ERRORS}, operation_id="station_figures")
def station_figures(request: ApiRequest, code: str, query: Query[FiguresQuery]):
    """A station's figures over start … end (both included): the service log's sums and the cases
    raised there. 404: no such station, or not yours to see. 400 `station.bad_period`."""
    station = station_for_figures(request.auth, code)
    end = query.end or timezone.localdate(clock.now())
    start = query.start or end - timedelta(days=29)
    if start > end or (end - start).days >= MAX_PERIOD_DAYS:
        raise InvalidInput(
            _("The period starts on or before its end and spans at most three years."),
            code="station.bad_period",
        )
    return metrics.station_figures(station, start, end)
