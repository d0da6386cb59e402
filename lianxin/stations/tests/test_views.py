"""The stations' pages: public list, nearest, station page, QR poster; the keeper's day form and the
figures, 404 to outsiders exactly like an unknown code."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lianxin.audit.models import Event
from lianxin.stations.models import ServiceLog
from lianxin.stations.tests.conftest import ORIGIN, make_station

LAT, LON = ORIGIN


@pytest.fixture
def closed(world):
    return make_station("T-ST-09", world.district_b, name="已关闭的驿站", district="解放区",
                        closed_on=date(2027, 1, 1))  # fmt: skip


def test_the_list_is_public_and_grouped_by_district(client, station, closed):
    page = client.get(reverse("stations:list")).content.decode()
    assert "驿站T-ST-01" in page
    assert "已关闭的驿站" in page
    headings = page.count('data-testid="district"')
    assert headings == 2  # one heading per district, each station under its own
    assert page.index(">解放区</h2>") < page.index("已关闭的驿站")
    assert page.index(">山阳区</h2>") < page.index("驿站T-ST-01")
    assert 'data-testid="near-me"' in page
    assert "navigator.geolocation" in page
    assert 'data-testid="station-closed"' in page


def test_near_lists_the_nearest_first_with_their_distance(client, world, station):
    make_station("T-ST-02", world.district_a, name="北边驿站", lat=LAT + Decimal("0.01"))
    make_station("T-ST-03", world.district_a, name="南边远驿站", lat=LAT - Decimal("0.05"))
    page = client.get(reverse("stations:list"), {"near": f"{LAT},{LON}"}).content.decode()
    assert page.index("驿站T-ST-01") < page.index("北边驿站") < page.index("南边远驿站")
    assert "0 米" in page or "0 m" in page
    assert "1.1" in page  # 1,111.95 m shown in km


def test_a_bad_near_falls_back_to_the_list_by_district(client, station):
    response = client.get(reverse("stations:list"), {"near": "here"})
    assert response.status_code == 200
    assert "驿站T-ST-01" in response.content.decode()
    assert 'data-testid="district"' in response.content.decode()


def test_an_empty_list_says_so(client, db):
    assert 'data-testid="stations-empty"' in client.get(reverse("stations:list")).content.decode()


def test_the_station_page_is_public_with_map_link_hours_and_the_raise_button(client, station):
    page = client.get(reverse("stations:detail", args=["T-ST-01"])).content.decode()
    assert (
        f'href="geo:{station.latitude},{station.longitude}?q={station.latitude},{station.longitude}(驿站T-ST-01)"'
        in page
    )
    assert reverse("worker:submit") + "?site=T-ST-01" in page
    assert "08:00–20:00" in page
    assert "微波炉" in page or "Microwave" in page
    assert 'data-testid="station-staff-links"' not in page  # anonymous: no staff links


def test_a_closed_station_keeps_its_page_and_says_so(client, closed):
    response = client.get(reverse("stations:detail", args=["T-ST-09"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="station-closed"' in page
    assert "2027-01-01" in page
    assert 'data-testid="raise-concern"' not in page


def test_an_unknown_station_is_404(client, db):
    assert client.get(reverse("stations:detail", args=["NO-SUCH"])).status_code == 404


def test_the_poster_encodes_the_absolute_worker_link_with_the_station(client, station):
    page = client.get(reverse("stations:poster", args=["T-ST-01"])).content.decode()
    assert "http://testserver" + reverse("worker:submit") + "?site=T-ST-01" in page
    svg = client.get(reverse("stations:poster_svg", args=["T-ST-01"]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<svg")
    png = client.get(reverse("stations:poster_png", args=["T-ST-01"]))
    assert png["Content-Type"] == "image/png"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_closed_station_has_no_poster(client, closed):
    for name in ("stations:poster", "stations:poster_svg", "stations:poster_png"):
        assert client.get(reverse(name, args=["T-ST-09"])).status_code == 404


def _post_day(client, day, **counts):
    data = {"day": day.isoformat(), "visitors": 0, "meals_heated": 0, "charges": 0,
            "legal_consultations": 0, "legal_resolved": 0, "legal_referred": 0,
            "job_referrals": 0, "note": ""}  # fmt: skip
    data.update(counts)
    return client.post(reverse("stations:log", args=["T-ST-01"]), data)


def test_the_keeper_logs_a_day_and_re_entering_it_corrects_the_row(client, station, keeper):
    client.force_login(keeper)
    today = timezone.localdate()
    assert _post_day(client, today, visitors=30, meals_heated=4).status_code == 302
    assert _post_day(client, today, visitors=33, meals_heated=4).status_code == 302
    log = ServiceLog.objects.get(station=station)
    assert (log.day, log.visitors) == (today, 33)
    assert Event.objects.filter(target_type="stations.servicelog", target_id=log.pk).count() == 2
    form = client.get(reverse("stations:log", args=["T-ST-01"]), {"day": today.isoformat()})
    assert 'value="33"' in form.content.decode()  # the day's row comes back to be corrected


def test_the_form_refuses_a_future_day_and_too_many_outcomes(client, station, keeper):
    client.force_login(keeper)
    future = _post_day(client, timezone.localdate() + timedelta(days=1), visitors=1)
    assert future.status_code == 200
    assert 'data-testid="form-error"' in future.content.decode()
    outcomes = _post_day(client, timezone.localdate(), legal_consultations=1, legal_resolved=2)
    assert outcomes.status_code == 200
    assert not ServiceLog.objects.exists()


@pytest.mark.parametrize("who", ["chair", "chair_b", "partner", "judge", "nobody", "leader"])
def test_outsiders_get_404_on_the_log_like_an_unknown_code(client, station, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("stations:log", args=["T-ST-01"])).status_code == 404
    assert _post_day(client, timezone.localdate(), visitors=9).status_code == 404
    assert client.get(reverse("stations:log", args=["NO-SUCH"])).status_code == 404
    assert not ServiceLog.objects.exists()


def test_the_figures_page_shows_the_sums_to_the_union(client, station, world):
    ServiceLog.objects.create(station=station, day=timezone.localdate(), visitors=12,
                              updated_at=timezone.now())  # fmt: skip
    client.force_login(world.staff)
    page = client.get(reverse("stations:figures", args=["T-ST-01"])).content.decode()
    assert 'data-testid="figure-visitors">12<' in page
    assert 'data-testid="figure-cases_raised">0<' in page


@pytest.mark.parametrize("who", ["chair", "chair_b", "partner", "judge", "nobody"])
def test_outsiders_get_404_on_the_figures(client, station, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("stations:figures", args=["T-ST-01"])).status_code == 404


def test_the_figures_page_asks_for_a_login(client, station):
    response = client.get(reverse("stations:figures", args=["T-ST-01"]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_my_stations_lists_the_kept_and_overseen_ones_only(client, station, closed, world, keeper):
    client.force_login(keeper)
    page = client.get(reverse("stations:mine")).content.decode()
    assert "T-ST-01" in page
    assert "T-ST-09" not in page
    client.force_login(world.city_staff)
    page = client.get(reverse("stations:mine")).content.decode()
    assert "T-ST-01" in page
    assert "T-ST-09" in page
    client.force_login(world.partner)
    assert 'data-testid="stations-empty"' in client.get(reverse("stations:mine")).content.decode()


def test_the_list_offers_my_stations_to_a_keeper_and_the_menu_the_public_list_to_others(
    client, station, keeper, world
):
    client.force_login(keeper)
    listed = client.get(reverse("stations:list")).content.decode()
    assert f'href="{reverse("stations:mine")}"' in listed
    client.force_login(world.nobody)
    assert (
        f'href="{reverse("stations:mine")}"'
        not in client.get(reverse("stations:list")).content.decode()
    )
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("stations:mine")}"' not in page
    assert f'href="{reverse("stations:list")}"' in page
