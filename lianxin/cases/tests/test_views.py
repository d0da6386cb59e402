from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lianxin.audit.models import Event
from lianxin.cases import services
from lianxin.cases.models import Case
from lianxin.cases.tests.factories import category, make_case

BJ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def ledger(world):
    """Cases in enterprises A1 (3) and B1 (1): one wages case overdue, one canteen case."""
    a = [
        make_case(actor=world.chair, org=world.ent_a1, title="加班费未发", key="wages",
                  at=datetime(2026, 1, 5, 9, tzinfo=BJ)),
        make_case(actor=world.chair, org=world.ent_a1, title="食堂饭菜太咸", key="canteen_dorm",
                  description="食堂最近饭菜太咸，油也重。"),
        make_case(actor=world.chair, org=world.ent_a1, title="宿舍热水器坏了", key="canteen_dorm",
                  is_anonymous=True, worker_name="", worker_phone=""),
    ]  # fmt: skip
    b = make_case(actor=world.chair_b, org=world.ent_b1, title="B企业夜班休息室")
    return a, b


def numbers(response) -> set[str]:
    return {c.number for c in response.context["page"].object_list}


def test_ledger_shows_only_the_cases_in_the_users_scope(client, world, ledger):
    a, b = ledger
    client.force_login(world.chair)
    assert numbers(client.get(reverse("cases:ledger"))) == {c.number for c in a}
    client.force_login(world.chair_b)
    assert numbers(client.get(reverse("cases:ledger"))) == {b.number}
    client.force_login(world.nobody)
    response = client.get(reverse("cases:ledger"))
    assert numbers(response) == set()
    assert "没有符合条件的诉求" in response.content.decode()


def test_ledger_filters_by_category_overdue_and_chinese_text(client, world, ledger):
    a, _b = ledger
    client.force_login(world.staff)
    url = reverse("cases:ledger")
    assert numbers(client.get(url, {"category": "canteen_dorm"})) == {a[1].number, a[2].number}
    assert numbers(client.get(url, {"overdue": "1"})) == {a[0].number}
    assert numbers(client.get(url, {"q": "饭菜 咸"})) == {a[1].number}
    counts = client.get(url, {"overdue": "1"}).context["counts"]
    assert counts == {"total": 1, "open": 1, "overdue": 1}


def test_ledger_org_filter_outside_scope_is_an_error_not_a_leak(client, world, ledger):
    client.force_login(world.chair)
    response = client.get(reverse("cases:ledger"), {"org": "B企业1工会"})
    assert "没有与" in response.content.decode()
    # A refused filter lists nothing rather than pretending the whole ledger is filtered.
    assert numbers(response) == set()


def test_ledger_pages_by_25_with_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    for i in range(30):
        make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}")
    client.force_login(world.staff)
    # A count per part of the scope (cases.permissions.visible_case_parts), the page's ids, its rows.
    # +1: the header's unread-message count (lianxin.core.context_processors.inbox).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("cases:ledger"))
    assert len(response.context["page"].object_list) == 25
    assert len(numbers(client.get(reverse("cases:ledger"), {"page": 2}))) == 5


def test_export_has_exactly_the_filtered_rows_with_masked_phones(client, world, ledger):
    a, _b = ledger
    client.force_login(world.staff)
    response = client.get(reverse("cases:export"), {"category": "canteen_dorm"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "诉求编号"
    assert {r[0] for r in rows[1:]} == {a[1].number, a[2].number}
    workers = {r[0]: r[11] for r in rows[1:]}
    assert workers[a[1].number] == "张师傅 138****5678"
    assert workers[a[2].number] == "匿名"


def test_case_outside_scope_answers_404_like_a_missing_one(client, world, ledger):
    _a, b = ledger
    client.force_login(world.chair)
    assert client.get(reverse("cases:detail", args=[b.number])).status_code == 404
    assert client.get(reverse("cases:detail", args=["JZ-2026-999999"])).status_code == 404


def test_case_page_offers_only_the_moves_the_user_may_make(client, world, ledger):
    case = ledger[0][0]
    client.force_login(world.chair)
    offered = [
        a
        for a, _label, _form in client.get(reverse("cases:detail", args=[case.number])).context[
            "actions"
        ]
    ]
    assert offered == ["accept", "reject", "escalate"]
    client.force_login(world.leader)
    assert client.get(reverse("cases:detail", args=[case.number])).context["actions"] == []


def test_a_refused_move_shows_why_and_changes_nothing(client, world, ledger):
    case = ledger[0][0]
    before = Case.objects.filter(pk=case.pk).values().get()
    events = Event.objects.count()
    client.force_login(world.chair)
    response = client.post(
        reverse("cases:act", args=[case.number, "resolve"]), {"resolve-note": "已解决"}, follow=True
    )
    assert "不能“办结”" in response.content.decode()
    assert Case.objects.filter(pk=case.pk).values().get() == before
    assert Event.objects.count() == events


def test_a_move_by_someone_out_of_scope_is_404_and_changes_nothing(client, world, ledger):
    case = ledger[0][0]
    client.force_login(world.chair_b)
    response = client.post(reverse("cases:act", args=[case.number, "accept"]), {"accept-note": ""})
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).status == "registered"


def test_accept_through_the_page_moves_the_case(client, world, ledger):
    case = ledger[0][0]
    client.force_login(world.chair)
    client.post(reverse("cases:act", args=[case.number, "accept"]), {"accept-note": "已受理"})
    assert Case.objects.get(pk=case.pk).status == "accepted"


def test_register_page_creates_a_case_and_bad_input_creates_nothing(client, world):
    client.force_login(world.chair)
    url = reverse("cases:register")
    form = {
        "origin_org": world.ent_a1.pk, "channel": "hotline", "category": 1, "urgency": "ordinary",
        "title": "", "description": "工资拖欠两个月", "worker_phone": "abc",
    }  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 200
    assert Case.objects.count() == 0
    assert "这个字段是必填项" in response.content.decode()
    response = client.post(url, {**form, "title": "工资拖欠", "worker_phone": "13900001111"})
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.channel == "hotline"


def test_register_page_refuses_an_org_outside_the_users_reach(client, world):
    client.force_login(world.chair)
    form = {"origin_org": world.ent_b1.pk, "channel": "visit", "category": 1, "urgency": "ordinary",
            "title": "x", "description": "y"}  # fmt: skip
    response = client.post(reverse("cases:register"), form)
    assert response.status_code == 200
    assert Case.objects.count() == 0


def test_attach_a_photo_checked_by_its_bytes_and_serve_it_only_in_scope(
    client, world, ledger, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    case = ledger[0][0]
    services.accept_case(case_id=case.pk, actor=world.chair)
    client.force_login(world.chair)
    url = reverse("cases:attach", args=[case.number])
    fake = SimpleUploadedFile("噪声.jpg", b"MZ not an image", content_type="image/jpeg")
    response = client.post(url, {"file": fake}, follow=True)
    assert "只能上传" in response.content.decode()
    assert not case.attachments.exists()
    png = SimpleUploadedFile(
        "噪声.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="text/plain"
    )
    client.post(url, {"file": png, "public": "on"})
    row = case.attachments.get()
    assert row.content_type == "image/png"
    assert Event.objects.filter(target_id=case.pk, kind="attachment_added").count() == 1
    file_url = reverse("cases:attachment", args=[case.number, row.pk])
    assert client.get(file_url).status_code == 200
    client.force_login(world.chair_b)
    assert client.get(file_url).status_code == 404


def test_correct_the_record_through_the_case_page(client, world, ledger):
    # Given: a canteen case that really is about wages, opened from the data-quality report
    case = ledger[0][1]
    client.force_login(world.staff)
    page = client.get(reverse("cases:detail", args=[case.number]) + "?fix=1")
    assert page.context["correct_form"] is not None

    # When: district staff name the right category and enterprise by its name
    url = reverse("cases:correct", args=[case.number])
    data = {"category": category("wages").pk,
            "origin_org": world.ent_a2.name, "note": "类别和单位登记有误"}  # fmt: skip
    client.post(url, data)

    # Then
    case.refresh_from_db()
    assert (case.category.key, case.origin_org, case.owner_org) == (
        "wages",
        world.ent_a2,
        world.ent_a2,
    )
    assert Event.objects.filter(target_id=case.pk, kind="corrected").count() == 1


def test_correct_the_record_refused_for_a_leader_and_404_out_of_scope(client, world, ledger):
    case = ledger[0][1]
    url = reverse("cases:correct", args=[case.number])
    data = {"origin_org": "EA2", "note": "改单位"}

    client.force_login(world.leader)
    assert client.get(reverse("cases:detail", args=[case.number])).context["correct_form"] is None
    client.post(url, data)
    client.force_login(world.chair_b)
    assert client.post(url, data).status_code == 404

    case.refresh_from_db()
    assert case.origin_org == world.ent_a1
    assert not Event.objects.filter(target_id=case.pk, kind="corrected").exists()


def test_ledger_date_past_the_calendar_is_a_form_error_not_a_server_error(client, world, ledger):
    client.force_login(world.chair)
    response = client.get(reverse("cases:ledger"), {"date_to": "9999-12-31"})
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]
