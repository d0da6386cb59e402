"""POST /api/classify and /api/classify/corrections over real HTTP."""

import pytest

from lianxin.audit.models import Event
from lianxin.insights.models import CategoryCorrection

pytestmark = pytest.mark.django_db


def post(client, path: str, body: dict):
    return client.post(f"/api{path}", body, content_type="application/json")


def test_classify_answers_a_category_its_confidence_and_two_alternatives(client, world):
    client.force_login(world.staff)
    answer = post(client, "/classify", {"text": "干了三年公司一直不跟我签劳动合同"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["category"] == "contract"
    assert 0 < body["confidence"] <= 1
    assert [set(a) for a in body["alternatives"]] == [{"category", "confidence"}] * 2


def test_classify_needs_credentials_and_a_text(client, world):
    assert post(client, "/classify", {"text": "工资"}).status_code == 401
    client.force_login(world.staff)
    assert post(client, "/classify", {"text": ""}).status_code in (400, 422)
    assert post(client, "/classify", {}).status_code in (400, 422)


def test_a_correction_is_kept_for_retraining(client, world):
    client.force_login(world.staff)
    body = {"text": "宿舍没有热水", "suggested": "conditions", "chosen": "canteen_dorm"}
    answer = post(client, "/classify/corrections", body)
    assert (answer.status_code, answer.json()) == (200, {"recorded": True})
    kept = CategoryCorrection.objects.get()
    assert (kept.by, kept.chosen, kept.source) == (world.staff, "canteen_dorm", "api")


def test_a_correction_to_an_unknown_category_is_refused(client, world):
    client.force_login(world.staff)
    body = {"text": "宿舍没有热水", "suggested": "conditions", "chosen": "nope"}
    answer = post(client, "/classify/corrections", body)
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "insights.unknown_category"
    assert not CategoryCorrection.objects.exists()


@pytest.mark.parametrize("who", ["leader", "supervisor", "partner", "judge", "nobody"])
def test_a_correction_from_someone_who_handles_no_cases_is_refused_and_nothing_kept(
    client, world, who
):
    # given a signed-in account without a handling role (chair, staff, admin) anywhere
    client.force_login(getattr(world, who))
    body = {"text": "宿舍没有热水", "suggested": "conditions", "chosen": "canteen_dorm"}
    # when it sends a correction
    answer = post(client, "/classify/corrections", body)
    # then 403 in the one error shape, and the classifier learns nothing
    assert answer.status_code == 403
    assert set(answer.json()["error"]) == {"code", "message", "details"}
    assert answer.json()["error"]["code"] == "insights.permission_denied"
    assert not CategoryCorrection.objects.exists()
    assert not Event.objects.filter(kind="category_corrected").exists()


@pytest.mark.parametrize("who", ["chair", "staff", "city_staff"])
def test_a_correction_from_a_handling_role_is_kept(client, world, who):
    client.force_login(getattr(world, who))
    body = {"text": "宿舍没有热水", "suggested": "conditions", "chosen": "canteen_dorm"}
    assert post(client, "/classify/corrections", body).status_code == 200
    assert CategoryCorrection.objects.get().by == getattr(world, who)


def test_classify_offers_the_top_two_as_equal_choices_when_they_are_close(client, world, pin_model):
    pin_model({"welfare": 0.44, "hours_leave": 0.38, "other": 0.1, "wages": 0.08})
    client.force_login(world.staff)
    body = post(client, "/classify", {"text": "过年不让回家，也没有慰问"}).json()
    assert body["close"] is True
    assert [c["category"] for c in body["choices"]] == ["hours_leave", "welfare"]
    assert body["category"] == "welfare"  # the ranked fields stay for existing clients


def test_classify_offers_one_choice_when_the_top_is_clear(client, world):
    client.force_login(world.staff)
    body = post(client, "/classify", {"text": "老板拖欠我们三个月工资了，一直不发"}).json()
    assert body["close"] is False
    assert body["choices"] == [{"category": "wages", "confidence": body["confidence"]}]
