"""The stations API: the public nearest list in true distance order, its one error shape, and the
figures scoped to the station's union (everyone else: 404, exactly like an unknown code)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lianxin.api.tests.conftest import ApiClient, token_for
from lianxin.stations.models import ServiceLog
from lianxin.stations.tests.conftest import ORIGIN, make_station

LAT, LON = ORIGIN


@pytest.fixture
def api(client):
    return lambda user=None: ApiClient(client, token_for(user) if user else None)


@pytest.fixture
def three(world):
    """North 1,111.95 m (R·0.01°·π/180), east 908.62 m (2R·asin(cos 35.2°·sin 0.005°)), south
    2,223.90 m and closed for good."""
    d = world.district_a
    make_station("A-N", d, lat=LAT + Decimal("0.01"), facilities=["water", "toilet"])
    make_station("B-E", d, lon=LON + Decimal("0.01"))
    make_station("C-S", d, lat=LAT - Decimal("0.02"), closed_on=date(2027, 1, 1))


def test_anyone_gets_the_nearest_stations_in_true_distance_order(three, api):
    response = api().get("/api/stations", {"near": f"{LAT},{LON}", "limit": 3})
    assert response.status_code == 200
    rows = response.json()
    assert [(r["code"], r["distance_m"]) for r in rows] == [
        ("B-E", 909),
        ("A-N", 1112),
        ("C-S", 2224),
    ]
    assert rows[1]["facilities"] == ["water", "toilet"]
    assert set(rows[0]) >= {
        "code",
        "name",
        "address",
        "distance_m",
        "open_now",
        "closed",
        "facilities",
    }


def test_a_closed_station_says_so(three, api):
    rows = {r["code"]: r for r in api().get("/api/stations", {"near": f"{LAT},{LON}"}).json()}
    assert rows["C-S"]["closed"] is True
    assert rows["C-S"]["open_now"] is False
    assert rows["A-N"]["closed"] is False


def test_the_limit_keeps_the_nearest(three, api):
    rows = api().get("/api/stations", {"near": f"{LAT},{LON}", "limit": 1}).json()
    assert [r["code"] for r in rows] == ["B-E"]


def test_without_near_the_list_is_by_code_without_distances(three, api):
    rows = api().get("/api/stations").json()
    assert [r["code"] for r in rows] == ["A-N", "B-E", "C-S"]
    assert all(r["distance_m"] is None for r in rows)


@pytest.mark.parametrize("near", ["abc", "35.2", "95,113", "35.2,113.2,1", "nan,113"])
def test_a_bad_near_answers_400_in_the_one_error_shape(three, api, near):
    response = api().get("/api/stations", {"near": near})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "station.bad_near"


def _logged(station):
    today = timezone.localdate()
    ServiceLog.objects.create(station=station, day=today, visitors=7, legal_consultations=2,
                              updated_at=datetime.now(tz=timezone.get_current_timezone()))  # fmt: skip
    return today


@pytest.mark.parametrize("who", ["staff", "city_staff", "leader", "supervisor"])
def test_the_unions_roles_read_a_stations_figures(station, world, api, who):
    today = _logged(station)
    response = api(getattr(world, who)).get(
        "/api/stations/T-ST-01/figures", {"start": today.isoformat(), "end": today.isoformat()}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["visitors"], body["legal_consultations"], body["cases_raised"]) == (7, 2, 0)


def test_the_keeper_reads_their_stations_figures_over_the_last_30_days_by_default(
    station, keeper, api
):
    _logged(station)
    body = api(keeper).get("/api/stations/T-ST-01/figures").json()
    assert body["visitors"] == 7
    assert body["end"] == timezone.localdate().isoformat()
    assert date.fromisoformat(body["start"]) == timezone.localdate() - timedelta(days=29)


@pytest.mark.parametrize("who", ["chair", "chair_b", "partner", "judge", "nobody"])
def test_outsiders_get_404_exactly_like_an_unknown_code(station, world, api, who):
    _logged(station)
    client = api(getattr(world, who))
    outside = client.get("/api/stations/T-ST-01/figures")
    unknown = client.get("/api/stations/NO-SUCH/figures")
    assert outside.status_code == unknown.status_code == 404
    assert outside.json() == unknown.json()


def test_the_figures_ask_for_a_caller(station, api):
    assert api().get("/api/stations/T-ST-01/figures").status_code == 401


def test_a_period_ending_before_it_starts_is_refused(station, world, api):
    response = api(world.staff).get(
        "/api/stations/T-ST-01/figures", {"start": "2027-03-02", "end": "2027-03-01"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "station.bad_period"
