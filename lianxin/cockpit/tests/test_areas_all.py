"""The cockpit covers the twenty business areas the issue names (Qinghai's 数智工会驾驶舱), each
declared by the app that owns it, each with a headline among its own metrics and a page."""

import pytest
from django.urls import reverse

from lianxin.core.areas import area_metrics, areas

TWENTY = [
    "cases", "visits", "hotline", "snapshot", "referrals", "supervision", "proposals", "meetings",
    "contests", "challenges", "members", "gig", "hardship", "warmth", "mutual_aid", "stations",
    "activities", "skills", "jobs", "quality",
]  # fmt: skip


def test_the_twenty_areas_are_declared_in_their_order():
    assert [a.key for a in areas()] == TWENTY


@pytest.mark.parametrize("key", TWENTY)
def test_each_area_has_metrics_and_a_headline_among_them(key):
    [declared] = [a for a in areas() if a.key == key]
    keys = [m.key for m in area_metrics(key)]
    assert keys
    assert declared.headline in keys


@pytest.mark.django_db
def test_a_leader_reaches_every_area_page_from_the_areas_index(client, world):
    client.force_login(world.leader)
    index = client.get(reverse("cockpit:areas")).content.decode()
    for key in TWENTY:
        url = reverse("cockpit:area", args=[key])
        assert url in index
        assert client.get(url).status_code == 200
