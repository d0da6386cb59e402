"""The stations demo: a dozen stations over the Jiaozuo districts, three months of logs, one closed."""

from datetime import timedelta

import pytest

from lianxin.audit.models import Event
from lianxin.demo.stations_loader import CLOSED_CODE, CLOSED_DAYS_AGO, load_stations_demo
from lianxin.members.services.people import today
from lianxin.stations import selectors
from lianxin.stations.metrics import station_figures
from lianxin.stations.models import ServiceLog, Station

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_dozen_stations_with_logs_once(demo_orgs):
    assert load_stations_demo() == 12
    assert Station.objects.count() == 12
    assert set(Station.objects.values_list("district", flat=True)) == {
        "解放区", "山阳区", "中站区", "马村区", "示范区"
    }  # fmt: skip
    assert not Station.objects.filter(manager__isnull=True).exists()
    logs = ServiceLog.objects.count()
    assert 12 * 60 < logs <= 12 * 90
    # every log has its journal event, as the service writes it
    assert (
        Event.objects.filter(target_type="stations.servicelog", kind="service_logged").count()
        == logs
    )
    assert load_stations_demo() == 0
    assert (Station.objects.count(), ServiceLog.objects.count()) == (12, logs)


def test_the_closed_station_says_so_and_its_log_stops_on_closing(demo_orgs):
    load_stations_demo()
    closed = Station.objects.get(code=CLOSED_CODE)
    assert closed.closed_on == today() - timedelta(days=CLOSED_DAYS_AGO)
    assert not ServiceLog.objects.filter(station=closed, day__gte=closed.closed_on).exists()
    assert selectors.site_for(CLOSED_CODE) is None
    assert [s.code for s in Station.objects.filter(closed_on__isnull=False)] == [CLOSED_CODE]


def test_the_demo_stations_are_near_jiaozuo_and_have_figures(demo_orgs):
    load_stations_demo()
    nearest = selectors.nearest_stations(35.2156, 113.2418, limit=3)  # 焦作市人民政府
    assert all(n.distance_m < 5_000 for n in nearest)
    station = Station.objects.get(code="JZ-ST-03")
    figures = station_figures(station, today() - timedelta(days=90), today())
    assert figures["visitors"] > 0
    assert figures["days_logged"] == ServiceLog.objects.filter(station=station).count()


def test_the_demo_duty_days_raise_cases_the_stations_count(demo_orgs):
    # Given the stations demo and then the duty days (the 山阳区 cadre, weekly, eight weeks)
    from lianxin.cases.models import Case
    from lianxin.demo.duty_loader import STATIONS, WEEKS, load_duty_demo
    from lianxin.fieldwork.models import DutyDay

    load_stations_demo()
    assert load_duty_demo() == WEEKS * len(STATIONS)
    assert load_duty_demo() == 0  # a second run adds nothing
    # Then every day took place, some raised cases at their station, and the figures see both
    assert set(DutyDay.objects.values_list("status", flat=True)) == {"done"}
    raised = Case.objects.filter(site__in=STATIONS)
    assert raised.exists()
    assert set(raised.values_list("channel", flat=True)) == {"station"}
    station = Station.objects.get(code="JZ-ST-03")
    figures = station_figures(station, today() - timedelta(weeks=WEEKS + 1), today())
    assert figures["duty_days"] == WEEKS
    assert figures["cases_raised"] == raised.filter(site="JZ-ST-03").count()
