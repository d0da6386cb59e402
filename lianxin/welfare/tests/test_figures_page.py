"""The welfare figures page: a reader of an org's figures sees every area; outsiders get 404."""

import pytest

from lianxin.welfare.tests import mutual_aid_world
from lianxin.welfare.tests.mutual_aid_world import report, walk

pytestmark = pytest.mark.django_db
plan_world = mutual_aid_world.plan_world


def test_the_page_shows_the_paid_claim_to_staff_and_nothing_to_outsiders(client, plan_world):
    w = plan_world
    claim = report(w, kind="self_fall")
    walk(w, claim, to="paid")
    url = f"/welfare/?org={w.plan.org.code}&start=2000-01-01"

    client.force_login(w.world.staff)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["figures"]["claims_paid"] == 1
    assert 'data-testid="claims-paid">1<' in page.content.decode()

    for outsider in (w.world.partner, w.world.judge):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
