"""API input: control characters are dropped from free text, and a note has a maximum length."""

from lianxin.audit.models import Event
from lianxin.cases.models import Case
from lianxin.cases.tests.factories import make_case
from lianxin.core.text import NOTE_MAX_LENGTH
from lianxin.insights.models import CategoryCorrection


def registration(**extra) -> dict:
    return {
        "origin_org": "EA1", "category": "wages", "channel": "hotline", "title": "拖欠工资",
        "description": "三个月工资未发。", "worker_name": "李师傅", "worker_phone": "13900001111",
        **extra,
    }  # fmt: skip


def journal_of(case: Case) -> list[tuple[str, str]]:
    rows = Event.objects.filter(target_type="cases.case", target_id=case.pk).order_by("seq")
    return list(rows.values_list("kind", "note"))


def test_registration_drops_control_characters_from_every_text(as_user, world):
    # given a registration whose texts hold control characters (\u0001, an escape, a NUL)
    api = as_user(world.chair)
    body = registration(
        title="拖欠\u0001工资",
        description="三个月\x1b[0m工资\x00未发。\n第二行\t完",
        worker_name="李\x07师傅",
        address="车间\x0b门口",
    )
    # when posted
    response = api.post("/api/cases", body)
    # then it is registered, and stored (and answered) without them
    assert response.status_code == 201, response.content
    case = Case.objects.get(number=response.json()["number"])
    assert case.title == "拖欠工资"
    assert case.description == "三个月[0m工资未发。\n第二行\t完"
    assert case.worker_name == "李师傅"
    assert case.address == "车间门口"
    assert response.json()["title"] == "拖欠工资"


def test_a_title_of_only_control_characters_is_refused_as_empty(as_user, world):
    # given a title that is nothing but control characters
    response = as_user(world.chair).post("/api/cases", registration(title="\u0001\u0002"))
    # then it is refused in the one error shape, and nothing is registered
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "api.invalid_request"
    assert response.json()["error"]["details"]["errors"][0]["type"] == "string_too_short"
    assert not Case.objects.exists()


def test_a_note_holding_control_characters_is_journalled_without_them(as_user, world):
    case = make_case(actor=world.chair, org=world.ent_a1)
    response = as_user(world.chair).post(f"/api/cases/{case.number}/accept", {"note": "已\x01受理"})
    assert response.status_code == 200, response.content
    assert journal_of(case)[-1] == ("accepted", "已受理")


def test_an_over_long_note_is_refused_and_nothing_is_written_to_the_journal(as_user, world):
    # given a case and a note one character over the limit
    case = make_case(actor=world.chair, org=world.ent_a1)
    before = journal_of(case)
    api = as_user(world.chair)
    # when it is sent with a move
    response = api.post(
        f"/api/cases/{case.number}/reject", {"reason": "长" * (NOTE_MAX_LENGTH + 1)}
    )
    # then the move is refused in the one error shape, the case and its journal unchanged
    assert response.status_code == 422
    (error,) = response.json()["error"]["details"]["errors"]
    assert (error["loc"][-1], error["type"]) == ("reason", "string_too_long")
    assert error["msg"] == f"最多 {NOTE_MAX_LENGTH} 个字，这段文字有 {NOTE_MAX_LENGTH + 1} 个字。"
    assert Case.objects.get(pk=case.pk).status == "registered"
    assert journal_of(case) == before


def test_a_note_of_exactly_the_limit_is_accepted(as_user, world):
    case = make_case(actor=world.chair, org=world.ent_a1)
    note = "长" * NOTE_MAX_LENGTH
    response = as_user(world.chair).post(f"/api/cases/{case.number}/accept", {"note": note})
    assert response.status_code == 200, response.content
    assert journal_of(case)[-1] == ("accepted", note)


def test_a_classifier_correction_is_kept_without_control_characters(as_user, world):
    # given a correction whose text holds control characters
    body = {"text": "宿舍\x01没有\x1b热水", "suggested": "conditions", "chosen": "canteen_dorm"}
    # when a staff member sends it
    response = as_user(world.staff).post("/api/classify/corrections", body)
    # then the training text is kept without them
    assert response.status_code == 200, response.content
    assert CategoryCorrection.objects.get().text == "宿舍没有热水"
