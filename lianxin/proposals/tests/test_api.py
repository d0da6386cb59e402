"""The read endpoints under /api/proposals/, with a real token over the real URL conf."""

from datetime import timedelta

import pytest

from lianxin.api.services import create_token
from lianxin.core import clock
from lianxin.proposals import services
from lianxin.proposals.tests.factories import advance, meeting, set_tiers, submit, worker

pytestmark = pytest.mark.django_db


def get(client, user, path, **params):
    token = create_token(actor=None, user=user, name="t").token
    return client.get(path, params, headers={"Authorization": f"Bearer {token}"})


def test_the_pipeline_and_ones_own_proposals(world, client, django_assert_max_num_queries):
    me = worker("陈")
    for i in range(21):
        submit(actor=me if i == 0 else worker(), enterprise=world.ent_a1, title=f"提案{i}")
    submit(actor=worker(), enterprise=world.ent_b1, title="B厂")
    with django_assert_max_num_queries(12):
        body = get(client, world.chair, "/api/proposals/", page_size=50).json()
    assert body["count"] == 21
    assert "B厂" not in {p["title"] for p in body["items"]}
    mine = get(client, me, "/api/proposals/mine").json()
    assert [p["title"] for p in mine["items"]] == ["提案0"]
    assert mine["items"][0]["proposers"] == ["陈"]


def test_one_proposal_with_its_steps_and_404_outside_scope(world, client):
    me = worker()
    set_tiers(world.chair, world.ent_a1)
    p = advance(submit(actor=me, enterprise=world.ent_a1), world.chair, "rewarded")
    body = get(client, me, f"/api/proposals/{p.pk}").json()
    assert [s["kind"] for s in body["steps"]][-1] == "rewarded"
    assert body["reward_amount"] == "740.00"
    missing = get(client, world.chair_b, f"/api/proposals/{p.pk}")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "proposal.not_found"


def test_figures_of_an_org_in_scope_only(world, client):
    submit(actor=worker(), enterprise=world.ent_a1)
    body = get(client, world.leader, "/api/proposals/figures", org="JZ").json()
    assert body["proposal_count"] == 1
    assert body["adoption_rate"] == {
        "numerator": 0,
        "denominator": 0,
        "value": None,
        "percent": None,
    }
    assert get(client, world.chair_b, "/api/proposals/figures", org="EA1").status_code == 404


def test_overdue_resolutions(world, client):
    m = meeting(actor=world.chair, org=world.ent_a1)
    services.add_resolution(
        meeting_id=m.pk, actor=world.chair, text="逾期决议", owner_name="李总",
        due=clock.now() - timedelta(days=1),
    )  # fmt: skip
    assert [
        r["text"]
        for r in get(client, world.supervisor, "/api/proposals/resolutions/overdue").json()
    ] == ["逾期决议"]
    assert get(client, world.chair_b, "/api/proposals/resolutions/overdue").json() == []


def test_the_endpoints_need_credentials(client):
    assert client.get("/api/proposals/").status_code == 401
