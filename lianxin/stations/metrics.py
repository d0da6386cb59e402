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

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from lianxin.cases.models import Case
from lianxin.fieldwork.grounds import DUTY
from lianxin.fieldwork.selectors import days_held
from lianxin.stations.models import LOG_COUNTS, ServiceLog, Station


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def cases_raised(station: Station, start: date, end: date) -> int:
    """Cases registered at the station on the days start … end (Beijing time)."""
    return Case.objects.filter(
        site=station.code,
        registered_at__gte=_day_start(start),
        registered_at__lt=_day_start(end + timedelta(days=1)),
    ).count()


def service_sums(station: Station, start: date, end: date) -> dict[str, int]:
    """The service log's sums over the period, and the days logged (one aggregate query)."""
    sums = {name: Coalesce(Sum(name), 0) for name in LOG_COUNTS}
    return ServiceLog.objects.filter(station=station, day__gte=start, day__lte=end).aggregate(
        days_logged=Count("pk"), **sums
    )


def station_figures(station: Station, start: date, end: date) -> dict[str, Any]:
    """The figures of one station over start … end (both included)."""
    figures: dict[str, Any] = {"station": station.code, "start": start, "end": end}
    figures.update(service_sums(station, start, end))
    figures["cases_raised"] = cases_raised(station, start, end)
    figures["duty_days"] = days_held(DUTY, start=start, end=end, site=station.code)
    return figures
