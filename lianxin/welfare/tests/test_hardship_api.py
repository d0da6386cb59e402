"""The hardship API: the list scoped, paged and masked; a file's totals; moves as POSTs, 409 refused."""
# ruff: noqa: F811 - the fixtures are imported from hardship_world and named as arguments

import pytest

from lianxin.api.tests.conftest import ApiClient, token_for
from lianxin.audit.models import Event
from lianxin.core import clock
from lianxin.welfare.models.hardship import AidPayment
from lianxin.welfare.services import hardship
from lianxin.welfare.tests.hardship_world import (  # noqa: F401
    applied,
    at,
    new_file,
    registered,
    valid_id,
)
from lianxin.welfare.tests.hardship_world import request as ask

pytestmark = pytest.mark.django_db
BASE = "/api/welfare/hardship"


@pytest.fixture
def api(client):
    return lambda user: ApiClient(client, token_for(user))


@pytest.fixture
def expert(world):
    from lianxin.contests.tests.factories import make_contest

    return make_contest(world, judges=1).judges[0]


def test_the_list_is_masked_and_holds_no_id_number_or_phone(world, registered, api):
    response = api(world.staff).get(f"{BASE}/files")
    assert response.status_code == 200
    body = response.content.decode()
    assert "宋秀斌1" not in body
    assert valid_id(1) not in body
    assert "13900000001" not in body
    [row] = response.json()["items"]
    assert row["name"] == "宋***"
    assert (row["number"], row["state"], row["org"]["code"]) == (
        registered.number,
        "registered",
        "EA1",
    )
    assert row["actions"] == ["review", "close"]


@pytest.mark.parametrize("who", ["partner", "judge", "expert", "chair_b", "leader", "supervisor"])
def test_outsiders_get_404_for_a_file_and_its_moves_and_see_none(
    world, registered, api, who, request
):
    user = request.getfixturevalue("expert") if who == "expert" else getattr(world, who)
    client = api(user)
    assert client.get(f"{BASE}/files/{registered.pk}").status_code == 404
    assert client.post(f"{BASE}/files/{registered.pk}/review").status_code == 404
    assert client.get(f"{BASE}/files").json()["count"] == 0
    registered.refresh_from_db()
    assert registered.state == "registered"


def test_the_list_pages_and_filters(world, registered, api):
    with clock.frozen_at(at(2025, 2, 1)):
        for n in range(2, 5):
            hardship.open_file(actor=world.staff, new=new_file(world.ent_a2, n, level="relative"))
    client = api(world.staff)
    page = client.get(f"{BASE}/files", {"page_size": 2}).json()
    assert (page["count"], len(page["items"])) == (4, 2)
    assert page["next"] is not None
    assert client.get(f"{BASE}/files", {"org": "EA2"}).json()["count"] == 3
    assert client.get(f"{BASE}/files", {"level": "deep"}).json()["count"] == 1
    assert client.get(f"{BASE}/files", {"org": "EB1"}).status_code == 404


def test_a_move_through_the_api_journals_one_event(world, applied, api):
    chair = api(world.chair)
    before = Event.objects.count()
    response = chair.post(f"{BASE}/files/{applied.pk}/register")
    assert response.status_code == 200
    assert response.json()["state"] == "registered"
    assert Event.objects.count() == before + 1


def test_a_move_the_table_refuses_is_409_and_changes_nothing(world, applied, api):
    chair = api(world.chair)
    before = Event.objects.count()
    response = chair.post(f"{BASE}/files/{applied.pk}/lift")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "welfare_hardship.transition_not_allowed"
    applied.refresh_from_db()
    assert applied.state == "applied"
    assert Event.objects.count() == before


def test_the_requester_approving_their_own_big_payment_is_403_and_nothing_changes(
    world, registered, api
):
    payment = ask(world, registered, "2000", by=world.chair)
    chair = api(world.chair)
    before = Event.objects.count()
    response = chair.post(f"{BASE}/payments/{payment.pk}/approve")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "welfare.aid_self_approval"
    assert Event.objects.count() == before
    assert AidPayment.objects.get().state == "requested"


def test_payments_move_to_paid_and_the_file_reads_its_total(world, registered, api):
    payment = ask(world, registered, "2000", by=world.chair)
    staff = api(world.staff)
    assert staff.post(f"{BASE}/payments/{payment.pk}/approve").json()["actions"] == [
        "pay",
        "reject",
    ]
    paid = staff.post(f"{BASE}/payments/{payment.pk}/pay", {"paid_on": "2025-02-02"}).json()
    assert (paid["state"], paid["paid_on"]) == ("paid", "2025-02-02")
    assert staff.post(f"{BASE}/payments/{payment.pk}/pay", {}).status_code == 409
    detail = staff.get(f"{BASE}/files/{registered.pk}").json()
    assert detail["paid_total"] == "2000.00"
    assert detail["years"] == [{"year": 2025, "visits": 0, "paid": "2000.00"}]
