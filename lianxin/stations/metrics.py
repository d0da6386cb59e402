"""A station's figures over a period, computed in the database.

- The service figures are the sums of the station's service log over the days of the period
  (both ends included): visitors, meals heated, charges, legal consultations (with how many were
  resolved at the desk and how many referred on), job referrals, and the number of days logged.
- cases_raised: cases whose `site` is the station's code, registered (挂号) on a day of the period,
  Beijing time.

- duty_days: 当一天站长 days held at the station in the period (fieldwork's duty days, done).
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from lianxin.cases.models import Case
from lianxin.fieldwork.grounds import DUTY
from lianxin.fieldwork.selectors import days_held
from lianxin.orgs.models import Org, subtree_q
from lianxin.orgs.permissions import AnyUser
from lianxin.stations.models import LOG_COUNTS, ServiceLog, Station
from lianxin.stations.permissions import stations_in_scope_q


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def cases_raised(station: Station, start: date, end: date) -> int:
    """Cases registered at the station on the days start … end (Beijing time)."""
    return Case.objects.filter(
        site=station.code,
        registered_at__gte=_day_start(start),
        registered_at__lt=_day_start(end + timedelta(days=1)),
    ).count()


def log_sums(logs: QuerySet[ServiceLog]) -> dict[str, int]:
    """The sums of these log rows, and how many days they log (one aggregate query)."""
    sums = {name: Coalesce(Sum(name), 0) for name in LOG_COUNTS}
    return logs.aggregate(days_logged=Count("pk"), **sums)


def service_sums(station: Station, start: date, end: date) -> dict[str, int]:
    """The service log's sums over the period, and the days logged (one aggregate query)."""
    return log_sums(ServiceLog.objects.filter(station=station, day__gte=start, day__lte=end))


def station_figures(station: Station, start: date, end: date) -> dict[str, Any]:
    """The figures of one station over start … end (both included)."""
    figures: dict[str, Any] = {"station": station.code, "start": start, "end": end}
    figures.update(service_sums(station, start, end))
    figures["cases_raised"] = cases_raised(station, start, end)
    figures["duty_days"] = days_held(DUTY, start=start, end=end, site=station.code)
    return figures


# ---- the 工会驿站 area (core.areas): every station of a scope ---------------------------------------
# A scope is the stations whose figures the user may read (stations_in_scope_q), inside `org`'s
# subtree when one is given; outside it a user counts nothing.


def scope_stations(user: AnyUser, org: Org | None) -> QuerySet[Station]:
    stations = Station.objects.filter(stations_in_scope_q(user))
    if org is not None:
        stations = stations.filter(subtree_q([org.path], field="org__path"))
    return stations


def station_count(user: AnyUser, org: Org | None, start: date, end: date) -> int:
    """Stations of the scope open on the period's last day (not closed by then)."""
    open_then = Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    return scope_stations(user, org).filter(open_then).count()


def _scope_sums(user: AnyUser, org: Org | None, start: date, end: date) -> dict[str, int]:
    logs = ServiceLog.objects.filter(
        station__in=scope_stations(user, org).values("pk"), day__gte=start, day__lte=end
    )
    return log_sums(logs)


def station_visitors(user: AnyUser, org: Org | None, start: date, end: date) -> int:
    """Visitors the scope's stations logged on the days of the period."""
    return _scope_sums(user, org, start, end)["visitors"]


def station_consultations(user: AnyUser, org: Org | None, start: date, end: date) -> int:
    """Legal consultations the scope's stations logged on the days of the period."""
    return _scope_sums(user, org, start, end)["legal_consultations"]


def duty_days(user: AnyUser, org: Org | None, start: date, end: date) -> int:
    """当一天站长 days held at the scope's stations in the period."""
    codes = scope_stations(user, org).values("code")
    return days_held(DUTY, start=start, end=end, site__in=codes)
