"""The 送温暖 API: lists scoped, paged and masked; every move an endpoint; 409 on a refused move."""
# ruff: noqa: F811 (the fixtures imported from warmth_fixtures are named as arguments)

import pytest

from lianxin.api.tests.conftest import ApiClient, token_for
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory
from lianxin.welfare.models.warmth import Recipient
from lianxin.welfare.tests.warmth_fixtures import (  # noqa: F401 (fixtures)
    campaign,
    delivered,
    draft,
    listed,
    worker,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    return lambda user: ApiClient(client, token_for(user))


def recipients_url(campaign) -> str:
    return f"/api/welfare/warmth/campaigns/{campaign.pk}/recipients"


def test_the_recipient_list_is_masked_and_never_holds_the_id_number(world, campaign, worker, api):
    listed(world, campaign, worker)
    d = details(1)
    for who in ("chair", "staff", "city_staff"):
        response = api(getattr(world, who)).get(recipients_url(campaign))
        assert response.status_code == 200
        body = response.content.decode()
        assert d.name not in body
        assert d.id_number not in body
        assert d.phone not in body
        [row] = response.json()["items"]
        assert row["name"] == d.name[0] + "*" * (len(d.name) - 1)


@pytest.mark.parametrize("who", ["partner", "judge", "nobody"])
def test_outsiders_get_404_for_the_campaign_and_see_no_campaign(world, campaign, worker, api, who):
    listed(world, campaign, worker)
    client = api(getattr(world, who))
    assert client.get(recipients_url(campaign)).status_code == 404
    assert client.get("/api/welfare/warmth/campaigns").json()["count"] == 0


def test_a_contest_expert_without_a_union_role_gets_404(world, campaign, worker, api):
    listed(world, campaign, worker)
    expert = UserFactory(username="expert1", first_name="专家1")
    assert api(expert).get(recipients_url(campaign)).status_code == 404


@pytest.mark.parametrize("who", ["chair_b", "leader", "supervisor"])
def test_other_enterprises_and_readers_of_figures_see_no_recipient(
    world, campaign, worker, api, who
):
    listed(world, campaign, worker)
    response = api(getattr(world, who)).get(recipients_url(campaign))
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_campaigns_list_with_their_delivered_count_and_amount(world, campaign, worker, api):
    delivered(world, listed(world, campaign, worker), "480")
    [row] = api(world.chair).get("/api/welfare/warmth/campaigns").json()["items"]
    assert (row["delivered"], row["spent"], row["budget"]) == (1, "480.00", "3000.00")
    assert row["actions"] == []  # an enterprise chair does not run the city's campaign
    [row] = api(world.city_staff).get("/api/welfare/warmth/campaigns").json()["items"]
    assert row["actions"] == ["close"]


def test_the_list_is_paged_in_a_bounded_number_of_queries(
    world, campaign, api, django_assert_max_num_queries
):
    from lianxin.members.services import register_member

    for n in range(1, 23):
        person = register_member(actor=world.chair, org=world.ent_a1, details=details(n)).person
        listed(world, campaign, person)
    client = api(world.chair)
    with django_assert_max_num_queries(12):
        body = client.get(recipients_url(campaign), {"page_size": 100}).json()
    assert body["count"] == 22


def test_add_by_id_number_then_the_district_listing_is_flagged_and_refuses_delivery(
    world, campaign, worker, api
):
    d = details(1)
    add = {"org": "EA1", "id_number": d.id_number, "reason": "gig"}
    first = api(world.chair).post(recipients_url(campaign), add)
    assert first.status_code == 201
    assert first.json()["state"] == "listed"
    second = api(world.staff).post(recipients_url(campaign), {**add, "org": "DA"})
    assert second.status_code == 201
    assert (second.json()["state"], second.json()["duplicate_of"]) == (
        "flagged",
        first.json()["id"],
    )
    pay = {"kind": "cash", "value": "500", "delivered_on": "2027-01-20"}
    refused = api(world.staff).post(
        f"/api/welfare/warmth/recipients/{second.json()['id']}/deliver", pay
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "warmth_recipient.transition_not_allowed"


def test_the_federation_decides_and_the_delivery_is_recorded(world, campaign, worker, api):
    first = listed(world, campaign, worker, by=world.staff, org=world.district_a)
    second = listed(world, campaign, worker)
    base = "/api/welfare/warmth/recipients"
    keep = api(world.city_staff).post(f"{base}/{second.pk}/keep")
    assert (keep.status_code, keep.json()["error"]["code"]) == (409, "welfare.duplicate_still_live")
    confirmed = api(world.city_staff).post(f"{base}/{second.pk}/confirm-duplicate")
    assert confirmed.json()["state"] == "withdrawn"
    pay = {"kind": "goods", "value": "350.5", "delivered_on": "2027-01-21"}
    paid = api(world.staff).post(f"{base}/{first.pk}/deliver", pay)
    assert paid.status_code == 200
    assert paid.json()["delivery"] == {
        "kind": "goods",
        "value": "350.50",
        "delivered_on": "2027-01-21",
    }


def test_withdraw_and_campaign_moves_as_endpoints(world, campaign, worker, api):
    r = listed(world, campaign, worker)
    assert (
        api(world.chair).post(f"/api/welfare/warmth/recipients/{r.pk}/withdraw").json()["state"]
        == "withdrawn"
    )
    url = f"/api/welfare/warmth/campaigns/{campaign.pk}"
    assert api(world.chair).post(f"{url}/close").status_code == 403
    assert api(world.city_staff).post(f"{url}/close").json()["state"] == "closed"
    again = api(world.city_staff).post(f"{url}/open")
    assert (again.status_code, again.json()["error"]["code"]) == (
        409,
        "warmth_campaign.transition_not_allowed",
    )


def test_an_unknown_id_number_without_a_name_is_404_and_lists_nobody(world, campaign, api):
    body = {"org": "EA1", "id_number": details(9).id_number, "reason": "gig"}
    response = api(world.chair).post(recipients_url(campaign), body)
    assert response.status_code == 404
    assert Recipient.objects.count() == 0


def test_an_outsider_cannot_move_a_recipient(world, campaign, worker, api):
    r = listed(world, campaign, worker)
    for who in ("chair_b", "partner", "judge"):
        response = api(getattr(world, who)).post(f"/api/welfare/warmth/recipients/{r.pk}/withdraw")
        assert response.status_code == 404
    r.refresh_from_db()
    assert r.state == "listed"
