"""送温暖 pages: scope (404 outside, no rows for another enterprise), masking, adding by ID number,
the delivery confirmed with its value, the duplicates decided, the Excel export."""
# ruff: noqa: F811 (the fixtures imported from warmth_fixtures are named as arguments)

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lianxin.members.services import register_member
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory
from lianxin.welfare.models.warmth import Delivery, Recipient
from lianxin.welfare.states.warmth import RecipientState
from lianxin.welfare.tests.warmth_fixtures import (  # noqa: F401 (fixtures)
    campaign,
    delivered,
    draft,
    listed,
    worker,
)

pytestmark = pytest.mark.django_db


def page(client, user, name, *args, data=None):
    client.force_login(user)
    url = reverse(f"welfare:{name}", args=args)
    return client.post(url, data) if data is not None else client.get(url)


@pytest.fixture
def expert(db):
    return UserFactory(username="expert1", first_name="专家1")


@pytest.mark.parametrize("who", ["partner", "judge", "nobody", "expert"])
def test_outsiders_get_404_on_every_page(client, world, campaign, worker, expert, who):
    listed(world, campaign, worker)
    user = expert if who == "expert" else getattr(world, who)
    assert page(client, user, "warmth_campaigns").status_code == 404
    for name in ("warmth_campaign", "warmth_recipients", "warmth_duplicates", "warmth_export"):
        assert page(client, user, name, campaign.pk).status_code == 404


@pytest.mark.parametrize("who", ["chair_b", "leader", "supervisor"])
def test_another_enterprise_and_readers_of_figures_see_no_recipient(
    client, world, campaign, worker, who
):
    listed(world, campaign, worker)
    user = getattr(world, who)
    response = page(client, user, "warmth_recipients", campaign.pk)
    assert response.status_code == 200
    assert b'data-testid="recipients-empty"' in response.content
    assert details(1).name[0].encode() + b"*" not in response.content
    book = load_workbook(BytesIO(page(client, user, "warmth_export", campaign.pk).content))
    assert book.active.max_row == 1  # the header only


def test_the_recipient_list_is_masked(client, world, campaign, worker):
    listed(world, campaign, worker)
    d = details(1)
    body = page(client, world.chair, "warmth_recipients", campaign.pk).content.decode()
    assert d.name[0] + "*" * (len(d.name) - 1) in body
    assert d.name not in body
    assert d.id_number not in body


def test_the_export_masks_names_and_never_holds_an_id_number(client, world, campaign, worker):
    delivered(world, listed(world, campaign, worker), "480")
    d = details(1)
    response = page(client, world.city_staff, "warmth_export", campaign.pk)
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == d.name[0] + "*" * (len(d.name) - 1)
    flat = " ".join(str(v) for row in rows for v in row)
    assert d.name not in flat
    assert d.id_number not in flat
    assert d.id_number[-4:] not in flat


def test_adding_by_id_number_then_another_level_is_flagged(client, world, campaign, worker):
    d = details(1)
    add = {"org": world.ent_a1.pk, "id_number": d.id_number, "employment_form": "rider",
           "reason": "gig"}  # fmt: skip
    page(client, world.chair, "warmth_recipient_add", campaign.pk, data=add)
    response = page(
        client, world.staff, "warmth_recipient_add", campaign.pk,
        data={**add, "org": world.district_a.pk},
    )  # fmt: skip
    assert response.status_code == 302
    states = list(Recipient.objects.order_by("pk").values_list("state", flat=True))
    assert states == [RecipientState.LISTED, RecipientState.FLAGGED]
    dupes = page(client, world.city_staff, "warmth_duplicates", campaign.pk)
    assert dupes.content.decode().count('data-testid="duplicate-row"') == 1


def test_a_delivery_is_confirmed_with_its_value_before_it_is_recorded(
    client, world, campaign, worker
):
    r = listed(world, campaign, worker)
    form = {"kind": "cash", "value": "480.00", "delivered_on": "2027-01-20"}
    asked = page(client, world.chair, "warmth_deliver", r.pk, data=form)
    assert asked.status_code == 200
    assert "¥480.00" in asked.content.decode()
    assert Delivery.objects.count() == 0
    done = page(client, world.chair, "warmth_deliver", r.pk, data={**form, "confirmed": "1"})
    assert done.status_code == 302
    r.refresh_from_db()
    assert r.state == RecipientState.DELIVERED
    assert Delivery.objects.get().value == 480


def test_the_federation_withdraws_a_duplicate_from_its_page(client, world, campaign, worker):
    listed(world, campaign, worker, by=world.staff, org=world.district_a)
    second = listed(world, campaign, worker)
    data = {"back": "duplicates"}
    refused = page(client, world.chair, "warmth_recipient_move", second.pk, "confirm_duplicate",
                   data=data)  # fmt: skip
    assert refused.status_code == 302
    second.refresh_from_db()
    assert second.state == RecipientState.FLAGGED
    page(client, world.city_staff, "warmth_recipient_move", second.pk, "confirm_duplicate",
         data=data)  # fmt: skip
    second.refresh_from_db()
    assert second.state == RecipientState.WITHDRAWN


def test_the_campaign_page_shows_budget_spent_and_progress(client, world, campaign, worker):
    delivered(world, listed(world, campaign, worker), "480")
    body = page(client, world.leader, "warmth_campaign", campaign.pk).content.decode()
    assert "¥3000.00" in body
    assert "¥480" in body
    assert body.count('data-testid="child-row"') == 2  # districts A and B


def test_the_recipient_page_reads_in_a_bounded_number_of_queries(
    client, world, campaign, django_assert_max_num_queries
):
    for n in range(1, 23):
        person = register_member(actor=world.chair, org=world.ent_a1, details=details(n)).person
        listed(world, campaign, person)
    client.force_login(world.chair)
    url = reverse("welfare:warmth_recipients", args=[campaign.pk])
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200


def test_the_campaigns_list_and_a_new_campaign_from_it(client, world, campaign):
    listing = page(client, world.chair, "warmth_campaigns").content.decode()
    assert listing.count('data-testid="campaign-row"') == 1
    assert 'data-testid="new-campaign"' not in listing  # an enterprise chair runs no campaign
    new = {"name": "2027年夏季送清凉", "org": world.district_a.pk, "starts_on": "2027-07-01",
           "ends_on": "2027-08-31", "budget": "10000", "standard": "200"}  # fmt: skip
    response = page(client, world.staff, "warmth_campaign_new", data=new)
    assert response.status_code == 302
    body = page(client, world.staff, "warmth_campaigns").content.decode()
    assert "2027年夏季送清凉" in body


def test_the_delivery_form_opens_with_the_planned_value(client, world, campaign, worker):
    r = listed(world, campaign, worker, planned="480")
    body = page(client, world.chair, "warmth_deliver", r.pk).content.decode()
    assert 'value="480.00"' in body
    assert page(client, world.chair_b, "warmth_deliver", r.pk).status_code == 404
