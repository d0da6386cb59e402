"""A station's figures: the sums of its log over the period and the cases registered there."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from lianxin.cases.tests.factories import make_case
from lianxin.stations.metrics import station_figures
from lianxin.stations.models import ServiceLog
from lianxin.stations.tests.conftest import make_station

BEIJING = ZoneInfo("Asia/Shanghai")


def _row(station, day, **counts):
    return ServiceLog.objects.create(
        station=station, day=day, updated_at=datetime.now(BEIJING), **counts
    )


def test_figures_sum_the_log_over_the_period_both_ends_included(station, world):
    start, end = date(2027, 3, 1), date(2027, 3, 31)
    _row(station, start, visitors=10, meals_heated=2, charges=1, legal_consultations=2,
         legal_resolved=1, legal_referred=1, job_referrals=1)  # fmt: skip
    _row(
        station, end, visitors=5, meals_heated=3, charges=4, legal_consultations=1, job_referrals=2
    )
    _row(station, start - timedelta(days=1), visitors=1000)  # outside
    _row(station, end + timedelta(days=1), visitors=1000)  # outside
    other = make_station("T-ST-02", world.district_a)
    _row(other, start, visitors=1000)  # another station
    f = station_figures(station, start, end)
    assert {k: f[k] for k in ("days_logged", "visitors", "meals_heated", "charges",
                              "legal_consultations", "legal_resolved", "legal_referred",
                              "job_referrals")} == {
        "days_logged": 2, "visitors": 15, "meals_heated": 5, "charges": 5,
        "legal_consultations": 3, "legal_resolved": 1, "legal_referred": 1, "job_referrals": 3,
    }  # fmt: skip


def test_an_empty_period_has_zero_figures(station):
    f = station_figures(station, date(2027, 3, 1), date(2027, 3, 31))
    assert f["visitors"] == 0
    assert f["days_logged"] == 0
    assert f["cases_raised"] == 0


def test_cases_raised_count_the_cases_registered_at_the_station_on_beijing_days(station, world):
    start, end = date(2027, 3, 1), date(2027, 3, 31)
    at = lambda d, h: datetime(d.year, d.month, d.day, h, 0, tzinfo=BEIJING)  # noqa: E731
    make_case(
        actor=world.staff, org=world.district_a, channel="station", site="T-ST-01", at=at(start, 0)
    )
    make_case(
        actor=world.staff, org=world.district_a, channel="station", site="T-ST-01", at=at(end, 23)
    )
    # the first hour of April in Beijing is still 31 March in UTC: not in March
    make_case(actor=world.staff, org=world.district_a, channel="station", site="T-ST-01",
              at=at(end + timedelta(days=1), 0))  # fmt: skip
    make_case(
        actor=world.staff, org=world.district_a, channel="station", site="OTHER", at=at(start, 9)
    )
    make_case(actor=world.staff, org=world.district_a, at=at(start, 9))
    assert station_figures(station, start, end)["cases_raised"] == 2


def test_duty_days_count_the_days_held_at_the_station(station, world):
    # Given three duty days booked at the station in March: two held (an entry each), one cancelled
    from lianxin.core import clock
    from lianxin.fieldwork import services as fieldwork
    from lianxin.fieldwork.grounds import DUTY

    days = [date(2027, 3, d) for d in (2, 9, 16)]
    with clock.frozen_at(datetime(2027, 3, 1, 9, tzinfo=BEIJING)):
        booked, _ = fieldwork.plan_weekly(
            DUTY, actor=world.staff, site=station_site(station), first_date=days[0], weeks=3
        )
    for day in booked[:2]:
        with clock.frozen_at(datetime(day.date.year, 3, day.date.day, 10, tzinfo=BEIJING)):
            fieldwork.record_entry(DUTY, actor=world.staff, day_id=day.pk, heard="充电桩不够")
    with clock.frozen_at(datetime(2027, 3, 10, 9, tzinfo=BEIJING)):
        fieldwork.cancel_day(DUTY, actor=world.staff, day_id=booked[2].pk, reason="台风")
    # Then the figures count the two held, and only inside the period
    assert station_figures(station, date(2027, 3, 1), date(2027, 3, 31))["duty_days"] == 2
    assert station_figures(station, date(2027, 3, 3), date(2027, 3, 31))["duty_days"] == 1


def station_site(station):
    from lianxin.cases.hooks import resolve_site

    return resolve_site(station.code)
