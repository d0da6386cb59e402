"""The members API: masked and scoped lists, the figures, applications, and every move (409 refused)."""

import json

import pytest

from lianxin.api.tests.conftest import ApiClient, token_for
from lianxin.audit.models import Event
from lianxin.members import services
from lianxin.members.models import Membership
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    return lambda user: ApiClient(client, token_for(user))


def test_the_list_is_masked_for_everyone_and_holds_no_full_id_or_phone(world, member, api):
    d = details(1)
    for who in ("chair", "staff", "city_staff", "leader"):
        response = api(getattr(world, who)).get("/api/members")
        assert response.status_code == 200
        body = response.content.decode()
        for secret in (d.name, d.phone, d.id_number):
            assert secret not in body
        [row] = response.json()["items"]
        assert row["id_number"] == d.id_number[:3] + "*" * 11 + d.id_number[-4:]
        assert row["phone"] == d.phone[:3] + "****" + d.phone[-4:]
        assert row["name"] == d.name[0] + "*" * (len(d.name) - 1)


@pytest.mark.parametrize("who", ["chair_b", "partner", "judge", "nobody"])
def test_outsiders_see_no_member(world, member, api, who):
    response = api(getattr(world, who)).get("/api/members")
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert api(getattr(world, who)).get("/api/members", {"org": "EA1"}).status_code == 404


def test_the_list_filters_by_org_state_form_and_exact_text(world, member, api):
    services.register_member(
        actor=world.staff, org=world.ent_a2, details=details(2, employment_form="rider")
    )
    client = api(world.city_staff)
    assert client.get("/api/members", {"org": "EA2"}).json()["count"] == 1
    assert client.get("/api/members", {"employment_form": "rider"}).json()["count"] == 1
    assert client.get("/api/members", {"state": "applied"}).json()["count"] == 0
    assert client.get("/api/members", {"q": details(1).phone}).json()["count"] == 1
    assert client.get("/api/members", {"state": "bogus"}).status_code == 422


def test_the_figures_endpoint(world, member, api):
    services.record_workforce(
        actor=world.chair, org=world.ent_a1, on=member.joined_on, total=4, gig=0
    )
    response = api(world.city_staff).get("/api/members/figures", {"org": "DA"})
    assert response.status_code == 200
    body = response.json()
    assert (body["org"], body["members"], body["workforce"]) == ("DA", 1, 4)
    assert body["membership_rate"] == {
        "numerator": 1,
        "denominator": 4,
        "value": 0.25,
        "percent": 25.0,
    }
    assert body["gig_membership_rate"]["value"] is None
    assert api(world.chair_b).get("/api/members/figures", {"org": "DA"}).status_code == 404
    assert api(world.partner).get("/api/members/figures", {"org": "JZ"}).status_code == 404


def test_apply_approve_and_the_card(world, api):
    worker = UserFactory()
    payload = {"org": "EA1", "name": "李四", "id_number": details(3).id_number, "phone": "13700001111",
               "employment_form": "rider", "platform_or_employer": "美团"}  # fmt: skip
    response = api(worker).post("/api/members/applications", payload)
    assert response.status_code == 201, response.content
    applied = response.json()
    assert (applied["state"], applied["card_number"], applied["name"]) == ("applied", None, "李*")
    approved = api(world.chair).post(f"/api/members/{applied['id']}/approve")
    assert approved.status_code == 200
    assert approved.json()["state"] == "active"
    assert approved.json()["card_number"].startswith("LX")
    assert approved.json()["actions"] == ["transfer", "leave"]


def test_a_refused_move_answers_409_and_changes_nothing(world, member, api):
    chair = api(world.chair)  # (issuing the token is journalled)
    events = Event.objects.count()
    response = chair.post(f"/api/members/{member.pk}/approve")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "members.transition_not_allowed"
    assert Event.objects.count() == events


def test_moves_outside_scope_answer_404_and_wrong_role_403(world, member, api):
    assert api(world.chair_b).post(f"/api/members/{member.pk}/leave").status_code == 404
    response = api(world.leader).post(f"/api/members/{member.pk}/leave")
    assert response.status_code == 403
    assert Membership.objects.get(pk=member.pk).state == "active"


def test_reject_transfer_and_leave_endpoints(world, member, api):
    worker = UserFactory()
    application = services.apply_for_membership(actor=worker, org=world.ent_a2, details=details(4))
    rejected = api(world.staff).post(
        f"/api/members/{application.pk}/reject", {"reason": "重复申请"}
    )
    assert rejected.json()["state"] == "rejected"
    moved = api(world.city_staff).post(f"/api/members/{member.pk}/transfer", {"to_org": "EB1"})
    assert moved.status_code == 200
    assert (moved.json()["state"], moved.json()["org"]["code"]) == ("active", "EB1")
    left = api(world.chair_b).post(f"/api/members/{moved.json()['id']}/leave", {"reason": ""})
    assert left.json()["state"] == "left"


def test_no_answer_names_a_case(world, member, api):
    # Members' answers carry no case numbers at all (nothing an anonymous case could be linked by)
    body = json.dumps(api(world.city_staff).get("/api/members").json())
    assert "JZ-" not in body
