"""The 督办 endpoints: urge, answer, flag, lift, request and decide an extension — each through its
service; a refused one answers in the one error shape and changes nothing."""

from datetime import timedelta

import pytest

from lianxin.audit.models import Event
from lianxin.cases import services
from lianxin.cases.deadlines import BEIJING
from lianxin.cases.models import ExtensionRequest, SupervisionOrder, Urge
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.tests.refusals import snapshot


@pytest.fixture
def case(world):
    registered = make_case(actor=world.chair, org=world.ent_a1)
    return services.accept_case(case_id=registered.pk, actor=world.chair)


def url(case, what: str) -> str:
    return f"/api/cases/{case.number}/{what}"


def test_urge_then_answer_through_the_api(as_user, world, case):
    response = as_user(world.supervisor).post(url(case, "urge"), {"note": "请本周答复"})
    assert response.status_code == 200
    assert response.json()["number"] == case.number
    assert Urge.objects.get(case=case).note == "请本周答复"
    response = as_user(world.chair).post(url(case, "answer_urge"), {"note": "已答复"})
    assert response.status_code == 200
    assert Urge.objects.get(case=case).answer == "已答复"


def test_flag_and_lift_through_the_api(as_user, world, case):
    due = (clock.now().astimezone(BEIJING).date() + timedelta(days=3)).isoformat()
    api = as_user(world.supervisor)
    assert api.post(url(case, "flag"), {"due": due, "note": "挂牌"}).status_code == 200
    assert SupervisionOrder.objects.get(case=case).due.isoformat() == due
    assert api.post(url(case, "lift"), {"note": "摘牌"}).status_code == 200
    assert SupervisionOrder.objects.get(case=case).lifted_at is not None


def test_an_approved_extension_moves_resolution_due_in_the_answer(as_user, world, case):
    new_day = case.resolution_due.astimezone(BEIJING).date() + timedelta(days=4)
    body = {"new_due": new_day.isoformat(), "reason": "等鉴定"}
    asked = as_user(world.chair).post(url(case, "request_extension"), body)
    assert asked.status_code == 200
    assert asked.json()["resolution_due"] == case.resolution_due.isoformat().replace("+00:00", "Z")
    decided = as_user(world.supervisor).post(
        url(case, "decide_extension"), {"decision": "approve", "note": "同意"}
    )
    assert decided.status_code == 200
    case.refresh_from_db()
    assert case.resolution_due.astimezone(BEIJING).date() == new_day
    assert ExtensionRequest.objects.get(case=case).status == "approved"


def test_a_rejected_extension_keeps_the_deadline(as_user, world, case):
    old_due = case.resolution_due
    new_day = old_due.astimezone(BEIJING).date() + timedelta(days=4)
    as_user(world.chair).post(
        url(case, "request_extension"), {"new_due": new_day.isoformat(), "reason": "等"}
    )
    response = as_user(world.supervisor).post(
        url(case, "decide_extension"), {"decision": "reject", "note": "期限内能办结"}
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.resolution_due == old_due


def test_a_refused_action_answers_409_in_the_error_shape_and_changes_nothing(as_user, world, case):
    api = as_user(world.supervisor)  # (a token is journalled when made)
    before = snapshot(case, counts=[Urge, SupervisionOrder, ExtensionRequest])
    response = api.post(url(case, "lift"), {"note": "摘牌"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "case.not_supervised"
    response = api.post(url(case, "decide_extension"), {"decision": "approve"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "case.no_pending_extension"
    assert snapshot(case, counts=[Urge, SupervisionOrder, ExtensionRequest]) == before


@pytest.mark.parametrize(("who", "status"), [("chair", 403), ("chair_b", 404), ("partner", 404)])
def test_an_urge_by_anyone_but_a_supervisor_above_is_refused(as_user, world, case, who, status):
    api = as_user(getattr(world, who))  # (a token is journalled when made)
    events = Event.objects.count()
    response = api.post(url(case, "urge"), {"note": "催"})
    assert response.status_code == status
    assert not Urge.objects.exists()
    assert Event.objects.count() == events
