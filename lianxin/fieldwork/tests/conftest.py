"""The fieldwork tests' world: the shared small city, and a station known through the site hook."""

import pytest

from lianxin.cases.hooks import Site, register_site_resolver, unregister_site_resolver
from lianxin.cases.models import Channel
from lianxin.cases.tests import conftest as case_fixtures

world = case_fixtures.world
CODE = "ST-T1"


@pytest.fixture
def station(world):
    """A station managed by district A's union, known to the ledger through the site hook."""
    site = Site(code=CODE, name="山阳区骑手驿站", org=world.district_a, channel=Channel.STATION)

    def resolver(code: str) -> Site | None:
        return site if code == CODE else None

    register_site_resolver(resolver)
    yield site
    unregister_site_resolver(resolver)
