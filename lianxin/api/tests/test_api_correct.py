"""POST /api/cases/{number}/correct: 数据治理 over the API, allowed and refused."""

from lianxin.audit.models import Event
from lianxin.cases.tests.factories import make_case


def test_staff_correct_category_and_org_by_key_and_code(as_user, world):
    case = make_case(actor=world.chair, org=world.ent_a1, key="other")
    api = as_user(world.staff)

    response = api.post(
        f"/api/cases/{case.number}/correct",
        {"note": "类别和单位登记有误", "category": "canteen_dorm", "origin_org": "EA2"},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["category"], body["origin_org"]["code"]) == ("canteen_dorm", "EA2")
    assert Event.objects.filter(target_id=case.pk, kind="corrected").count() == 1


def test_correct_refused_for_a_leader_unknown_key_and_out_of_scope(as_user, world):
    case = make_case(actor=world.chair, org=world.ent_a1, key="other")
    url = f"/api/cases/{case.number}/correct"

    assert as_user(world.leader).post(url, {"note": "改", "category": "wages"}).status_code == 403
    refused = as_user(world.staff).post(url, {"note": "改", "category": "no_such_key"})
    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "case.invalid")
    assert as_user(world.chair_b).post(url, {"note": "改", "category": "wages"}).status_code == 404

    case.refresh_from_db()
    assert case.category.key == "other"
    assert not Event.objects.filter(target_id=case.pk, kind="corrected").exists()
