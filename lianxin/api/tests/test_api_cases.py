"""The cases API: scoping like the pages, every endpoint's happy path, refusals that change nothing."""

from decimal import Decimal

import pytest

from lianxin.audit.models import Event
from lianxin.cases.models import Case
from lianxin.cases.tests.factories import make_case
from lianxin.tests.refusals import snapshot


def journal_kinds(case: Case) -> list[str]:
    return list(
        Event.objects.filter(target_type="cases.case", target_id=case.pk)
        .order_by("seq")
        .values_list("kind", flat=True)
    )


def numbers(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {c["number"] for c in response.json()["items"]}


@pytest.fixture
def cases(world):
    """Two cases in enterprise A1 (one anonymous) and one in enterprise B1."""
    a = make_case(actor=world.chair, org=world.ent_a1, title="加班费未发")
    anonymous = make_case(
        actor=world.chair,
        org=world.ent_a1,
        title="宿舍热水器坏了",
        key="canteen_dorm",
        is_anonymous=True,
        worker_name="",
        worker_phone="",
    )
    b = make_case(actor=world.chair_b, org=world.ent_b1, title="B企业夜班休息室")
    return a, anonymous, b


# ---- scoping ------------------------------------------------------------------------------------


def test_staff_of_one_enterprise_cannot_read_another_enterprises_cases(as_user, world, cases):
    a, anonymous, b = cases
    chair = as_user(world.chair)
    assert numbers(chair.get("/api/cases")) == {a.number, anonymous.number}
    response = chair.get(f"/api/cases/{b.number}")
    assert response.status_code == 404
    missing = chair.get("/api/cases/JZ-2099-999999")
    assert response.json() == missing.json()  # out of scope answers exactly like missing
    assert chair.get(f"/api/cases/{b.number}/journal").status_code == 404
    assert numbers(as_user(world.chair_b).get("/api/cases")) == {b.number}
    assert numbers(as_user(world.nobody).get("/api/cases")) == set()


def test_a_district_sees_its_subtree_and_the_city_everything(as_user, world, cases):
    a, anonymous, b = cases
    assert numbers(as_user(world.staff).get("/api/cases")) == {a.number, anonymous.number}
    assert numbers(as_user(world.city_staff).get("/api/cases")) == {
        a.number,
        anonymous.number,
        b.number,
    }


def test_a_move_on_a_case_outside_scope_is_404_and_changes_nothing(as_user, world, cases):
    b = cases[2]
    api = as_user(world.chair)  # its token is journalled: taken before the snapshot
    before = snapshot(b)
    response = api.post(f"/api/cases/{b.number}/accept", {"note": ""})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "case.not_found"
    assert snapshot(b) == before


# ---- list, detail, filters, pagination ----------------------------------------------------------


def test_list_uses_the_ledgers_filters(as_user, world, cases):
    a, anonymous, _b = cases
    staff = as_user(world.city_staff)
    assert numbers(staff.get("/api/cases", {"category": "canteen_dorm"})) == {anonymous.number}
    assert numbers(staff.get("/api/cases", {"q": "加班费"})) == {a.number}
    assert numbers(staff.get("/api/cases", {"org": "EA1"})) == {a.number, anonymous.number}
    assert numbers(staff.get("/api/cases", {"status": "accepted"})) == set()
    assert numbers(staff.get("/api/cases", {"overdue": "true"})) == set()
    dated = staff.get("/api/cases", {"date_from": "2000-01-01", "date_to": "2999-12-31"})
    assert len(numbers(dated)) == 3


def test_list_org_filter_outside_scope_is_a_400_not_a_leak(as_user, world, cases):
    response = as_user(world.chair).get("/api/cases", {"org": "EB1"})
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "case.invalid_filter"
    assert "org" in body["details"]["fields"]


def test_invalid_query_parameters_are_422_in_the_error_shape(as_user, world):
    response = as_user(world.chair).get("/api/cases", {"status": "nonsense", "page_size": 1000})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "api.invalid_request"
    assert {tuple(e["loc"])[-1] for e in error["details"]["errors"]} == {"status", "page_size"}


def test_list_pages_with_count_and_next_links(as_user, world):
    for i in range(23):
        make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}")
    api = as_user(world.chair)
    first = api.get("/api/cases", {"page_size": 10}).json()
    assert (first["count"], len(first["items"]), first["previous"]) == (23, 10, None)
    third = api.get(first["next"].replace("page=2", "page=3")).json()
    assert len(third["items"]) == 3
    assert third["next"] is None
    assert third["previous"].startswith("http://testserver/api/cases?")
    beyond = api.get("/api/cases", {"page": 99}).json()
    assert (beyond["count"], beyond["items"]) == (23, [])


def test_list_has_no_n_plus_one(as_user, world, django_assert_max_num_queries):
    for i in range(25):
        make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}", worker_phone="13812345678")
    api = as_user(world.staff)
    api.get("/api/categories")  # the token's first use is written once
    with django_assert_max_num_queries(8):
        response = api.get("/api/cases", {"page_size": 25})
    assert len(response.json()["items"]) == 25


def test_phones_are_masked_except_for_the_handler_and_anonymous_cases_carry_no_worker(
    as_user, world, cases
):
    a, anonymous, _b = cases
    staff = as_user(world.staff)
    row = next(c for c in staff.get("/api/cases").json()["items"] if c["number"] == a.number)
    assert row["worker"] == {"name": "张师傅", "phone": "138****5678"}
    detail = staff.get(f"/api/cases/{anonymous.number}").json()
    assert (detail["is_anonymous"], detail["worker"]) == (True, None)
    chair = as_user(world.chair)
    chair.post(f"/api/cases/{a.number}/accept", {})  # the chair becomes the handler
    assert chair.get(f"/api/cases/{a.number}").json()["worker"]["phone"] == "13812345678"
    assert staff.get(f"/api/cases/{a.number}").json()["worker"]["phone"] == "138****5678"


def test_detail_offers_the_moves_of_the_table_that_the_caller_may_make(as_user, world, cases):
    a = cases[0]
    chair = as_user(world.chair).get(f"/api/cases/{a.number}").json()
    assert chair["allowed_actions"] == ["accept", "reject", "escalate"]
    leader = as_user(world.leader).get(f"/api/cases/{a.number}").json()
    assert leader["allowed_actions"] == []
    assert chair["status"] == "registered"
    assert chair["origin_org"] == {"code": "EA1", "name": "A企业1工会"}


def test_journal_lists_every_event_with_its_hash_chain(as_user, world, cases):
    a = cases[0]
    api = as_user(world.chair)
    api.post(f"/api/cases/{a.number}/accept", {"note": "已受理"})
    events = api.get(f"/api/cases/{a.number}/journal").json()
    assert [e["kind"] for e in events] == ["registered", "accepted"]
    assert events[1]["prev_hash"] == events[0]["hash"]
    assert events[1]["note"] == "已受理"
    assert events[1]["actor"]


# ---- registering --------------------------------------------------------------------------------


def test_register_a_case_through_the_service(as_user, world):
    body = {
        "origin_org": "EA1",
        "category": "wages",
        "channel": "hotline",
        "title": "拖欠工资",
        "description": "三个月工资未发。",
        "worker_name": "李师傅",
        "worker_phone": "13900001111",
    }
    response = as_user(world.chair).post("/api/cases", body)
    assert response.status_code == 201, response.content
    case = Case.objects.get(number=response.json()["number"])
    assert (case.channel, case.registered_by, case.origin_org) == (
        "hotline",
        world.chair,
        world.ent_a1,
    )
    assert journal_kinds(case) == ["registered"]
    assert response.json()["allowed_actions"] == ["accept", "reject", "escalate"]


def test_register_anonymous_keeps_no_personal_data(as_user, world):
    body = {
        "origin_org": "EA1",
        "category": "wages",
        "channel": "online",
        "title": "匿名反映",
        "description": "内容",
        "is_anonymous": True,
        "worker_name": "王某",
        "worker_phone": "13900001111",
    }
    response = as_user(world.chair).post("/api/cases", body)
    assert response.status_code == 201
    case = Case.objects.get(number=response.json()["number"])
    assert (case.worker_name, case.worker_phone, response.json()["worker"]) == ("", "", None)


@pytest.mark.parametrize(
    ("who", "org", "status", "code"),
    [
        ("leader", "EA1", 403, "case.permission_denied"),  # sees the org, may not register there
        ("chair", "EB1", 400, "case.invalid"),  # outside scope: unknown
        ("chair", "NOPE", 400, "case.invalid"),
    ],
)
def test_register_refused_writes_nothing(as_user, world, who, org, status, code):
    body = {
        "origin_org": org,
        "category": "wages",
        "channel": "visit",
        "title": "t",
        "description": "d",
    }
    response = as_user(getattr(world, who)).post("/api/cases", body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert not Case.objects.exists()
    assert not Event.objects.filter(target_type="cases.case").exists()


def test_register_with_an_unknown_category_is_400(as_user, world):
    body = {
        "origin_org": "EA1",
        "category": "nope",
        "channel": "visit",
        "title": "t",
        "description": "d",
    }
    response = as_user(world.chair).post("/api/cases", body)
    assert response.status_code == 400
    assert "category" in response.json()["error"]["details"]["fields"]


# ---- every move ---------------------------------------------------------------------------------


def move(api, case, action, body=None, status=200):
    response = api.post(f"/api/cases/{case.number}/{action}", body or {})
    assert response.status_code == status, response.content
    return response.json()


def test_the_whole_workflow_through_the_api(as_user, world, cases):
    a = cases[0]
    chair, partner, supervisor = (
        as_user(world.chair),
        as_user(world.partner),
        as_user(world.supervisor),
    )
    assert move(chair, a, "accept", {"note": "受理"})["status"] == "accepted"
    assert move(chair, a, "start")["status"] == "in_progress"
    out = move(chair, a, "progress", {"note": "已与车间沟通", "public": True})
    assert out["status"] == "in_progress"
    out = move(chair, a, "refer", {"partner": "HRSS", "note": "请人社局协助"})
    assert out["status"] == "referred"
    assert out["referrals"][0]["partner"]["code"] == "HRSS"
    assert partner.get(f"/api/cases/{a.number}").json()["allowed_actions"] == [
        "report_back",
        "progress",
    ]
    reported = move(partner, a, "report_back", {"note": "已责令补发", "outcome": "mediated"})
    assert reported["status"] == "in_progress"
    out = move(chair, a, "resolve", {"result": "工资已补发", "amount_paid": "1200.50"})
    assert (out["status"], out["result"], Decimal(out["amount_paid"])) == (
        "resolved",
        "工资已补发",
        Decimal("1200.50"),
    )
    out = move(chair, a, "feedback", {"satisfaction": "satisfied", "comment": "满意"})
    assert (out["status"], out["satisfaction"]) == ("closed", "satisfied")
    assert move(supervisor, a, "reopen", {"reason": "职工再次反映"})["status"] == "in_progress"
    out = move(chair, a, "escalate", {"reason": "企业无法解决"})
    assert out["owner_org"]["code"] == "SA"
    move(as_user(world.staff), a, "resolve", {"result": "街道协调解决"})
    assert move(as_user(world.staff), a, "close", {"note": "职工联系不上"})["status"] == "closed"
    assert journal_kinds(a) == [
        "registered", "accepted", "started", "progress", "referred", "reported_back",
        "resolved", "feedback", "reopened", "escalated", "resolved", "closed",
    ]  # fmt: skip


def test_reject_with_a_reason(as_user, world, cases):
    a = cases[0]
    out = move(as_user(world.chair), a, "reject", {"reason": "不属于工会受理范围"})
    assert (out["status"], out["result"], out["allowed_actions"]) == (
        "rejected",
        "不属于工会受理范围",
        [],
    )


def test_dissatisfied_feedback_reopens(as_user, world, cases):
    a = cases[0]
    chair = as_user(world.chair)
    for action, body in [("accept", {}), ("start", {}), ("resolve", {"result": "已处理"})]:
        move(chair, a, action, body)
    out = move(chair, a, "feedback", {"satisfaction": "dissatisfied"})
    assert (out["status"], out["satisfaction"]) == ("in_progress", "dissatisfied")


def test_a_move_the_workflow_refuses_is_409_and_changes_nothing(as_user, world, cases):
    a = cases[0]
    api = as_user(world.chair)  # its token is journalled: taken before the snapshot
    before = snapshot(a)
    response = api.post(f"/api/cases/{a.number}/resolve", {"result": "已处理"})
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "case.transition_not_allowed"
    assert error["details"] == {"action": "resolve", "status": "registered"}
    assert snapshot(a) == before


def test_a_move_the_role_may_not_make_is_403_and_changes_nothing(as_user, world, cases):
    a = cases[0]
    api = as_user(world.leader)  # its token is journalled: taken before the snapshot
    before = snapshot(a)
    response = api.post(f"/api/cases/{a.number}/accept", {})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "case.permission_denied"
    assert snapshot(a) == before


def test_a_move_with_invalid_input_is_refused_and_changes_nothing(as_user, world, cases):
    a = cases[0]
    kinds = journal_kinds(a)
    chair = as_user(world.chair)
    assert chair.post(f"/api/cases/{a.number}/reject", {"reason": "  "}).status_code == 400
    assert chair.post(f"/api/cases/{a.number}/reject", {}).status_code == 422
    assert chair.post(f"/api/cases/{a.number}/feedback", {"satisfaction": "meh"}).status_code == 422
    move(chair, a, "accept")
    response = chair.post(f"/api/cases/{a.number}/refer", {"partner": "EA2"})
    assert response.status_code == 400
    assert "partner" in response.json()["error"]["details"]["fields"]
    assert journal_kinds(a) == [*kinds, "accepted"]


# ---- errors in both languages -------------------------------------------------------------------


def test_errors_have_one_shape_in_chinese_and_english(as_user, world, cases):
    a = cases[0]
    zh = as_user(world.chair).post(f"/api/cases/{a.number}/resolve", {"result": "x"}).json()
    en = as_user(world.chair, lang="en").post(f"/api/cases/{a.number}/resolve", {"result": "x"})
    en = en.json()
    assert zh["error"]["code"] == en["error"]["code"] == "case.transition_not_allowed"
    assert "Resolve" in en["error"]["message"]
    assert "办结" in zh["error"]["message"]
    missing_zh = as_user(world.chair).get("/api/cases/NOPE-1").json()["error"]
    missing_en = as_user(world.chair, lang="en").get("/api/cases/NOPE-1").json()["error"]
    assert missing_en["message"] == "No such case."
    assert missing_zh["message"] == "没有这条诉求。"


# ---- categories, metrics ------------------------------------------------------------------------


def test_categories_list_the_taxonomy(as_user, world):
    rows = as_user(world.chair).get("/api/categories").json()
    wages = next(r for r in rows if r["key"] == "wages")
    assert wages["name"]
    assert wages["name_en"]
    assert wages["resolution_unit"] in {"working_days", "hours"}


def test_metrics_are_those_of_the_callers_scope_with_numerators(as_user, world, cases):
    chair = as_user(world.chair).get("/api/metrics").json()
    assert chair["case_count"] == 2
    assert chair["by_state"]["registered"] == 2
    assert set(chair["response_rate"]) == {"numerator", "denominator", "value", "percent"}
    city = as_user(world.city_staff).get("/api/metrics", {"org": "EB1"}).json()
    assert city["case_count"] == 1
    assert as_user(world.chair).get("/api/metrics", {"org": "EB1"}).status_code == 404
    dated = as_user(world.city_staff).get("/api/metrics", {"date_to": "2000-01-01"}).json()
    assert dated["case_count"] == 0


def test_even_a_server_error_answers_in_the_error_shape(as_user, world, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("lianxin.cases.api.metrics.summary", broken)
    response = as_user(world.chair, lang="en").get("/api/metrics")
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "api.server_error"
    assert "fire" not in error["message"]  # nothing internal leaks
    assert "database on fire" in caplog.text  # but the traceback is logged
