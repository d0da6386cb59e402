"""The worker page opened from a station's QR link (`/w/?site=<code>`): the concern goes to the
station's union by the station channel and carries the station's code; a closed station's link says
so and falls back to choosing the enterprise."""

import pytest

from lianxin.cases.hooks import Site, register_site_resolver, unregister_site_resolver
from lianxin.cases.models import Case, Channel
from lianxin.cases.tests import conftest as case_fixtures

world = case_fixtures.world
CODE = "ST-W1"


@pytest.fixture
def station(world):
    site = Site(code=CODE, name="解放区快递驿站", org=world.district_a, channel=Channel.STATION)

    def resolver(code: str) -> Site | None:
        return site if code == CODE else None

    register_site_resolver(resolver)
    yield site
    unregister_site_resolver(resolver)


def test_a_concern_raised_from_a_station_link_goes_to_its_union(client, world, station):
    page = client.get(f"/w/?site={CODE}")
    assert "解放区快递驿站" in page.content.decode()
    answer = client.post(
        f"/w/?site={CODE}",
        {"site": CODE, "description": "驿站的微波炉坏了一周", "identity": "anonymous"},
    )
    assert answer.status_code == 302
    case = Case.objects.get()
    assert (case.site, case.channel, case.origin_org) == (CODE, Channel.STATION, world.district_a)
    assert case.is_anonymous


def test_an_unknown_station_link_asks_for_the_enterprise(client, world, station):
    page = client.get("/w/?site=ST-NONE")
    assert page.status_code == 200
    assert 'data-testid="site-unknown"' in page.content.decode()
    answer = client.post(
        "/w/", {"site": "ST-NONE", "description": "食堂太咸", "identity": "anonymous"}
    )
    assert answer.status_code == 200  # the form again, asking for the enterprise
    assert not Case.objects.exists()
