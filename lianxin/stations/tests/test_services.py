"""The service log: one row per station and day, a re-entry corrects it (journalled), refusals change
nothing; stations are created and closed through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lianxin.audit.models import Event
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied
from lianxin.stations import services
from lianxin.stations.models import ServiceLog, Station
from lianxin.stations.services import DayCounts
from lianxin.stations.tests.conftest import make_station
from lianxin.tests.refusals import refused


def _events(target):
    return list(
        Event.objects.filter(target_type=target._meta.label_lower, target_id=target.pk)
        .order_by("seq")
        .values_list("kind", flat=True)
    )


def _log(actor, station, day=None, **counts):
    return services.record_service_day(
        actor=actor,
        station_id=station.pk,
        day=day or timezone.localdate(),
        counts=DayCounts(**counts),
    )


def test_the_keeper_logs_a_day_and_the_journal_has_it(station, keeper):
    log = _log(keeper, station, visitors=40, meals_heated=12, charges=9, legal_consultations=2,
               legal_resolved=1, legal_referred=1, job_referrals=3)  # fmt: skip
    assert log.counts() == {"visitors": 40, "meals_heated": 12, "charges": 9,
                            "legal_consultations": 2, "legal_resolved": 1, "legal_referred": 1,
                            "job_referrals": 3}  # fmt: skip
    assert log.entered_by == keeper
    event = Event.objects.get(target_type="stations.servicelog", target_id=log.pk)
    assert event.kind == "service_logged"
    assert event.data["visitors"] == 40
    assert event.data["station"] == "T-ST-01"


def test_entering_the_same_day_again_corrects_that_days_row(station, keeper, world):
    first = _log(keeper, station, visitors=40)
    again = _log(world.staff, station, visitors=45, meals_heated=3)
    assert again.pk == first.pk
    assert ServiceLog.objects.filter(station=station).count() == 1
    row = ServiceLog.objects.get(pk=first.pk)
    assert (row.visitors, row.meals_heated, row.entered_by) == (45, 3, world.staff)
    assert _events(row) == ["service_logged", "service_corrected"]
    corrected = Event.objects.get(target_id=row.pk, kind="service_corrected")
    assert corrected.data["before"]["visitors"] == 40
    assert corrected.data["visitors"] == 45


def test_the_same_counts_again_write_nothing(station, keeper):
    log = _log(keeper, station, visitors=40)
    _log(keeper, station, visitors=40)
    assert _events(log) == ["service_logged"]


def test_another_day_is_another_row(station, keeper):
    today = timezone.localdate()
    _log(keeper, station, today, visitors=1)
    _log(keeper, station, today - timedelta(days=1), visitors=2)
    assert ServiceLog.objects.filter(station=station).count() == 2


@pytest.mark.parametrize("who", ["chair_b", "partner", "judge", "leader", "nobody", "supervisor"])
def test_an_outsider_cannot_log_and_the_station_answers_as_missing(station, world, who):
    refused(
        lambda: _log(getattr(world, who), station, visitors=5), NotFound, counts=[ServiceLog, Event]
    )


def test_a_future_day_is_refused(station, keeper):
    error = refused(
        lambda: _log(keeper, station, timezone.localdate() + timedelta(days=1), visitors=1),
        InvalidInput, counts=[ServiceLog, Event],
    )  # fmt: skip
    assert error.code == "station.future_day"


def test_more_outcomes_than_consultations_are_refused(station, keeper):
    error = refused(
        lambda: _log(keeper, station, legal_consultations=1, legal_resolved=1, legal_referred=1),
        InvalidInput, counts=[ServiceLog, Event],
    )  # fmt: skip
    assert error.code == "station.outcomes_exceed_consultations"


def test_a_closed_station_takes_no_day_from_its_closing_on(station, keeper, world):
    today = timezone.localdate()
    services.close_station(actor=world.staff, station_id=station.pk, on=today - timedelta(days=2))
    error = refused(
        lambda: _log(keeper, station, today, visitors=1), InvalidInput, counts=[ServiceLog]
    )
    assert error.code == "station.closed"
    _log(keeper, station, today - timedelta(days=3), visitors=1)  # a day before still can be


def test_closing_is_journalled_and_done_once(station, world):
    closed = services.close_station(actor=world.staff, station_id=station.pk)
    assert closed.closed_on == timezone.localdate()
    assert _events(station) == ["station_closed"]
    error = refused(lambda: services.close_station(actor=world.staff, station_id=station.pk),
                    InvalidInput, row=station)  # fmt: skip
    assert error.code == "station.already_closed"


def test_the_keeper_cannot_close_their_station(station, keeper):
    refused(
        lambda: services.close_station(actor=keeper, station_id=station.pk), NotFound, row=station
    )


def test_a_station_is_created_by_its_union_and_journalled(world):
    new = Station(code="T-ST-09", name="新驿站", address="人民路2号", latitude="35.2",
                  longitude="113.2", org=world.ent_a1, hours=[], facilities=["water"])  # fmt: skip
    saved = services.save_station(actor=world.chair, station=new)
    assert _events(saved) == ["station_created"]
    other = Station(code="T-ST-10", name="别人的驿站", address="x", latitude="35.2",
                    longitude="113.2", org=world.ent_b1)  # fmt: skip
    refused(lambda: services.save_station(actor=world.chair, station=other), PermissionDenied,
            counts=[Station, Event])  # fmt: skip


def test_unknown_facilities_are_refused_on_save(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_station("T-ST-11", world.ent_a1, facilities=["sauna"])
