"""Every write of the stations app: one transaction, one journal event.

The service log: the 站长 enters a day's counts from a phone; entering the same day again corrects
that day's row (the journal keeps what it said before). Stations are created, changed and closed
by a handling role of their managing union (in the admin, through `save_station`/`close_station`).
"""

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.audit.services import record_event
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied
from lianxin.stations.models import ServiceLog, Station
from lianxin.stations.permissions import may_log, may_manage

MAX_DAILY_COUNT = 100_000  # a typo's guard: no station serves this many in a day


@dataclass(frozen=True)
class DayCounts:
    """What a station delivered on one day, as the 站长 enters it."""

    visitors: int = 0
    meals_heated: int = 0
    charges: int = 0
    legal_consultations: int = 0
    legal_resolved: int = 0
    legal_referred: int = 0
    job_referrals: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _check_counts(counts: DayCounts) -> None:
    for name, value in counts.as_dict().items():
        if not 0 <= value <= MAX_DAILY_COUNT:
            raise InvalidInput(
                _("A count lies between 0 and %(max)d.") % {"max": MAX_DAILY_COUNT},
                code="station.count_out_of_range", field=name,
            )  # fmt: skip
    if counts.legal_resolved + counts.legal_referred > counts.legal_consultations:
        raise InvalidInput(
            _("Resolved and referred consultations cannot exceed the consultations held."),
            code="station.outcomes_exceed_consultations",
        )


def _locked_for_log(actor: Any, station_id: int) -> Station:
    station = (
        Station.objects.select_for_update().select_related("org").filter(pk=station_id).first()
    )
    if station is None or not may_log(actor, station):
        raise NotFound(_("No such station."), code="station.not_found")
    return station


def _check_day(station: Station, day: date) -> None:
    if day > timezone.localdate(clock.now()):
        raise InvalidInput(_("A day in the future cannot be logged."), code="station.future_day")
    if station.closed_on is not None and day >= station.closed_on:
        raise InvalidInput(
            _("The station closed on %(day)s; days after that cannot be logged.")
            % {"day": station.closed_on.isoformat()},
            code="station.closed",
        )


@transaction.atomic
def record_service_day(
    *, actor: Any, station_id: int, day: date, counts: DayCounts, note: str = ""
) -> ServiceLog:
    """Log a station's day; the same day again corrects its row. Unchanged input writes nothing."""
    station = _locked_for_log(actor, station_id)
    _check_day(station, day)
    _check_counts(counts)
    log = ServiceLog.objects.filter(station=station, day=day).first()
    before = log.counts() if log else None
    if log is not None and before == counts.as_dict() and log.note == note:
        return log
    log = log or ServiceLog(station=station, day=day)
    for name, value in counts.as_dict().items():
        setattr(log, name, value)
    log.note, log.entered_by, log.updated_at = note, actor, clock.now()
    log.save()
    data: dict[str, Any] = {"station": station.code, "day": day.isoformat(), **counts.as_dict()}
    if before is not None:
        data["before"] = before
    record_event(
        target=log, actor=actor, kind="service_logged" if before is None else "service_corrected",
        data=data,
    )  # fmt: skip
    return log


# ---- stations themselves ---------------------------------------------------------------------------

STATION_FIELDS = ("code", "name", "district", "address", "latitude", "longitude", "phone", "hours",
                  "facilities", "org", "manager")  # fmt: skip


def _journal_value(station: Station, name: str) -> Any:
    value = getattr(station, f"{name}_id" if name in ("org", "manager") else name)
    return str(value) if name in ("latitude", "longitude") else value


@transaction.atomic
def save_station(*, actor: Any, station: Station, changed: list[str] | None = None) -> Station:
    """Create a station (no pk yet) or save the changes made to one; journalled with the fields."""
    if not may_manage(actor, station):
        raise PermissionDenied(
            _("Only the managing union may change its stations."), code="station.not_allowed"
        )
    try:
        station.full_clean()
    except ValidationError as exc:
        raise InvalidInput(
            _("The station is not valid."), code="station.invalid", errors=exc.message_dict
        ) from None
    created = station.pk is None
    station.save()
    names = list(STATION_FIELDS) if created else [n for n in (changed or []) if n in STATION_FIELDS]
    record_event(
        target=station, actor=actor, kind="station_created" if created else "station_changed",
        data={name: _journal_value(station, name) for name in names},
    )  # fmt: skip
    return station


@transaction.atomic
def close_station(*, actor: Any, station_id: int, on: date | None = None) -> Station:
    """Close a station for good from `on` (today by default); its page stays and says so."""
    station = (
        Station.objects.select_for_update().select_related("org").filter(pk=station_id).first()
    )
    if station is None or not may_manage(actor, station):
        raise NotFound(_("No such station."), code="station.not_found")
    if station.closed_on is not None:
        raise InvalidInput(_("The station is closed already."), code="station.already_closed")
    station.closed_on = on or timezone.localdate(clock.now())
    station.save(update_fields=["closed_on"])
    record_event(
        target=station, actor=actor, kind="station_closed",
        data={"closed_on": station.closed_on.isoformat()},
    )  # fmt: skip
    return station
