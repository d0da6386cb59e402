"""On a phone: a rider finds the nearest station, opens its page, raises a concern through the
station's link (the one its QR poster encodes), and the station's figures count it."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from lianxin.cases.models import Case, Channel
from lianxin.stations.tests.conftest import make_station
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
RIDER_AT = {"latitude": 35.2150, "longitude": 113.2410}  # 山阳区, a street corner


@pytest.fixture
def stations(world):
    """Three stations: the nearest about 0.3 km from the rider, then 1.5 km, then 6 km."""
    near = make_station("JZ-ST-11", world.district_a, name="山阳区人民路骑手驿站",
                        lat=Decimal("35.217000"), lon=Decimal("113.243000"))  # fmt: skip
    make_station("JZ-ST-12", world.district_a, name="山阳区塔南路驿站",
                 lat=Decimal("35.228000"), lon=Decimal("113.240000"))  # fmt: skip
    make_station("JZ-ST-13", world.district_b, name="解放区丰收路驿站",
                 lat=Decimal("35.240000"), lon=Decimal("113.200000"))  # fmt: skip
    return near


def test_a_rider_raises_a_concern_at_the_nearest_station(live_server, page: Page, world, stations):
    base = live_server.url
    page.set_viewport_size(PHONE)
    page.context.grant_permissions(["geolocation"], origin=base)
    page.context.set_geolocation(RIDER_AT)

    # The rider asks for the stations nearest to them: the nearest comes first, with its distance
    page.goto(f"{base}/stations/")
    page.get_by_test_id("near-me").click()
    expect(page.get_by_test_id("near-heading")).to_be_visible()
    cards = page.get_by_test_id("station-card")
    expect(cards).to_have_count(3)
    expect(cards.first).to_have_attribute("data-code", "JZ-ST-11")
    expect(cards.nth(1)).to_have_attribute("data-code", "JZ-ST-12")

    # opens its page, and raises a concern there (the link its QR poster encodes)
    cards.first.get_by_test_id("station-link").click()
    expect(page.get_by_test_id("station-name")).to_have_text("山阳区人民路骑手驿站")
    page.get_by_test_id("raise-concern").click()
    expect(page.get_by_test_id("concern-site")).to_contain_text("山阳区人民路骑手驿站")
    page.get_by_label("反映的问题").fill("驿站的充电柜坏了三天，晚上没地方给电瓶充电。")
    page.get_by_test_id("concern-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("case-number")).to_be_visible()

    case = Case.objects.get()
    assert (case.site, case.channel, case.origin_org) == (
        "JZ-ST-11",
        Channel.STATION,
        world.district_a,
    )
    assert case.is_anonymous  # the page's default: nobody can tell who wrote it

    # The district's staff read the station's figures: the concern is counted
    log_in(page, base, "staff", "pw")
    page.goto(f"{base}/stations/JZ-ST-11/figures/")
    expect(page.get_by_test_id("figure-cases_raised")).to_have_text("1")
