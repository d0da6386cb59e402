"""The duty-day pages: a cadre books a day at a station from its link, writes down what a worker
said and raises it as a case; outside the union the pages answer 404."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from lianxin.cases.models import Case, Category, Channel
from lianxin.core import clock
from lianxin.fieldwork.models import DutyDay, DutyEntry
from lianxin.fieldwork.tests.conftest import CODE

BJ = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 1, 14)


@pytest.fixture(autouse=True)
def wednesday():
    with clock.frozen_at(datetime(2026, 1, 14, 10, 0, tzinfo=BJ)):
        yield


def test_a_cadre_books_records_and_raises_a_case_through_the_pages(client, world, station):
    client.force_login(world.staff)
    form = client.get(f"{reverse('duty:book')}?site={CODE}")
    assert "山阳区骑手驿站" in form.content.decode()
    booked = client.post(
        f"{reverse('duty:book')}?site={CODE}", {"day": TODAY.isoformat(), "weeks": 1, "plan": ""}
    )
    day = DutyDay.objects.get()
    assert booked.url == reverse("duty:detail", args=[day.pk])
    page = client.get(booked.url).content.decode()
    assert "山阳区骑手驿站" in page
    assert 'data-testid="duty-status"' in page
    client.post(reverse("duty:add_entry", args=[day.pk]), {"heard": "驿站晚上九点就关门"})
    entry = DutyEntry.objects.get()
    client.post(
        reverse("duty:raise_case", args=[entry.pk]),
        {f"case-{entry.pk}-{k}": v for k, v in {
            "category": Category.objects.first().pk, "title": "延长开放时间",
            "urgency": "ordinary", "worker_name": "", "worker_phone": "", "is_anonymous": "on",
        }.items()},
    )  # fmt: skip
    case = Case.objects.get()
    assert (case.site, case.channel, case.is_anonymous) == (CODE, Channel.STATION, True)
    listed = client.get(f"{reverse('duty:list')}?when=past&site={CODE}")
    assert listed.status_code == 200


def test_outside_the_union_the_duty_pages_are_missing(client, world, station):
    client.force_login(world.staff)
    client.post(f"{reverse('duty:book')}?site={CODE}", {"day": TODAY.isoformat(), "weeks": 1})
    day = DutyDay.objects.get()
    client.force_login(world.chair_b)
    assert client.get(reverse("duty:detail", args=[day.pk])).status_code == 404
    answer = client.post(reverse("duty:add_entry", args=[day.pk]), {"heard": "x"})
    assert answer.status_code == 404
    assert "山阳" not in client.get(reverse("duty:list")).content.decode()
    assert not DutyEntry.objects.exists()


def test_booking_at_an_unknown_station_is_404(client, world, station):
    client.force_login(world.staff)
    assert client.get(f"{reverse('duty:book')}?site=NOPE").status_code == 404
