"""take_call and the hotline screen's reads: who may enter a call, and what an anonymous caller keeps."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from lianxin.audit.models import Event
from lianxin.cases.models import Case, Category
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, PermissionDenied
from lianxin.intake.models import Receipt
from lianxin.intake.services import hotline
from lianxin.intake.services.receipts import case_for_receipt

BJ = ZoneInfo("Asia/Shanghai")
SAID = "车间空调坏了一个星期，高温下连续作业，好几个人中暑了，希望尽快修好并发防暑降温费。"


def call(actor, enterprise, **overrides):
    args = {
        "actor": actor,
        "caller_phone": "13912345678",
        "enterprise": enterprise,
        "category": Category.objects.get(key="safety"),
        "urgency": "urgent",
        "description": SAID,
        "anonymous": False,
    }
    return hotline.take_call(**{**args, **overrides})


def case_events():
    return Event.objects.filter(target_type="cases.case")


def nothing_written() -> bool:
    return not (Case.objects.exists() or Receipt.objects.exists() or case_events().exists())


def test_a_named_call_registers_a_hotline_case_with_the_phone_and_no_receipt(world):
    case, code = call(world.staff, world.ent_a1)

    assert code is None
    assert case.channel == "hotline"
    assert case.worker_phone == "13912345678"
    assert case.registered_by == world.staff
    assert (case.origin_org, case.urgency, case.status) == (world.ent_a1, "urgent", "registered")
    assert case.title == hotline.default_title(SAID)
    assert not Receipt.objects.exists()
    event = case_events().get(target_id=case.pk)
    assert (event.kind, event.data["channel"]) == ("registered", "hotline")


def test_an_anonymous_call_keeps_no_phone_and_its_receipt_opens_the_case(world):
    case, code = call(world.staff, world.ent_a1, anonymous=True, caller_phone="13912345678")

    case.refresh_from_db()
    assert case.is_anonymous
    assert (case.worker_phone, case.worker_name) == ("", "")
    assert code is not None
    assert code.count("-") == 4
    assert case_for_receipt(code=code, client="10.0.0.1") == case
    assert code.replace("-", "") not in Receipt.objects.get(case=case).secret_hash
    assert "13912345678" not in str(case_events().get(target_id=case.pk).data)


def test_an_explicit_title_is_kept_and_the_default_is_the_first_words_on_one_line(world):
    case, _code = call(world.staff, world.ent_a1, title="车间空调坏了")
    assert case.title == "车间空调坏了"
    assert hotline.default_title("宿舍\n没有热水") == "宿舍 没有热水"
    assert hotline.default_title("很" * 40) == "很" * 30 + "…"


def test_a_call_for_an_enterprise_outside_the_operators_reach_is_refused_and_creates_nothing(
    world,
):
    with pytest.raises(PermissionDenied):
        call(world.chair_b, world.ent_a1, anonymous=True)
    assert nothing_written()


@pytest.mark.parametrize("who", ["leader", "nobody", "partner"])
def test_a_call_by_someone_who_may_not_handle_cases_is_refused_and_creates_nothing(world, who):
    with pytest.raises(PermissionDenied):
        call(getattr(world, who), world.ent_a1)
    assert nothing_written()


def test_a_named_call_without_a_phone_is_refused_and_creates_nothing(world):
    with pytest.raises(InvalidInput, match="电话"):
        call(world.staff, world.ent_a1, caller_phone="  ")
    assert nothing_written()


def test_a_call_for_an_org_that_is_not_an_enterprise_is_refused(world):
    with pytest.raises(InvalidInput):
        call(world.staff, world.street_a)
    assert nothing_written()


def test_when_the_receipt_cannot_be_issued_the_case_is_not_registered_either(world, monkeypatch):
    def broken(*, case, drawn=None):
        raise RuntimeError("no receipt")

    monkeypatch.setattr(hotline, "issue_receipt", broken)
    with pytest.raises(RuntimeError):
        call(world.staff, world.ent_a1, anonymous=True)
    assert nothing_written()


def test_hotline_enterprises_are_the_enterprises_the_operator_may_handle(world):
    assert set(hotline.hotline_enterprises(user=world.staff)) == {world.ent_a1, world.ent_a2}
    assert list(hotline.hotline_enterprises(user=world.chair)) == [world.ent_a1]
    assert not hotline.hotline_enterprises(user=world.leader).exists()
    assert list(hotline.suggest_enterprises(user=world.city_staff, text="B企业2")) == [world.ent_b2]


def test_recent_calls_are_my_hotline_cases_of_today_newest_first(world):
    with clock.frozen_at(datetime(2026, 3, 2, 23, 50, tzinfo=BJ)):
        call(world.staff, world.ent_a1)  # yesterday, Beijing time
    with clock.frozen_at(datetime(2026, 3, 3, 0, 10, tzinfo=BJ)):
        first, _ = call(world.staff, world.ent_a1)
        call(world.city_staff, world.ent_a1)  # someone else's call
        make_case(actor=world.staff, org=world.ent_a1)  # not a hotline case
    with clock.frozen_at(datetime(2026, 3, 3, 9, 0, tzinfo=BJ)):
        second, _ = call(world.staff, world.ent_a2, anonymous=True)
        assert hotline.recent_calls(user=world.staff) == [second, first]
