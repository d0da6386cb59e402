"""The stations' test world: stations on the shared `world` city, built row by row."""

from datetime import time
from decimal import Decimal

import pytest

from lianxin.orgs.tests.factories import UserFactory
from lianxin.stations import hours
from lianxin.stations.models import Station

# The point every distance test measures from: central Jiaozuo.
ORIGIN = (Decimal("35.200000"), Decimal("113.200000"))


def make_station(code: str, org, *, lat=ORIGIN[0], lon=ORIGIN[1], **fields) -> Station:
    values = {
        "name": f"驿站{code}", "district": "山阳区", "address": "焦作市山阳区人民路1号",
        "hours": hours.every_day(time(8, 0), time(20, 0)),
        "facilities": ["microwave", "water", "charging"],
    }  # fmt: skip
    values.update(fields)
    station = Station(code=code, org=org, latitude=Decimal(lat), longitude=Decimal(lon), **values)
    station.full_clean()
    station.save()
    return station


@pytest.fixture
def keeper(db):
    """A 站长: a user with no org role, who keeps one station."""
    return UserFactory(username="keeper")


@pytest.fixture
def station(world, keeper):
    """An open station of district A, kept by `keeper`."""
    return make_station("T-ST-01", world.district_a, manager=keeper)
