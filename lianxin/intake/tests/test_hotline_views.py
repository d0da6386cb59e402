"""The hotline entry screen over HTTP: one POST per call, read-back on the same page, input kept on errors."""

import re

import pytest
from django.urls import reverse

from lianxin.cases.models import Case, Category
from lianxin.intake.models import Receipt
from lianxin.intake.services.receipts import case_for_receipt
from lianxin.intake.views.hotline import spoken

URL = reverse("hotline:take_call")


@pytest.fixture
def call_form():
    return {
        "caller_phone": "13912345678",
        "enterprise": "A企业1",
        "category": Category.objects.get(key="wages").pk,
        "urgency": "ordinary",
        "description": "公司两个月没发工资了，问了人事也说不清楚什么时候发。",
    }


def test_the_screen_focuses_the_phone_and_offers_only_the_operators_enterprises(client, world):
    client.force_login(world.chair)
    page = client.get(URL).content.decode()

    assert re.search(r'<input[^>]*name="caller_phone"[^>]*autofocus', page)
    assert '<option value="A企业1工会">' in page
    assert "A企业2工会" not in page
    assert "B企业1工会" not in page
    assert "1 · 劳动报酬与欠薪" in page
    assert "今天还没有登记来电" in page


def test_a_named_call_shows_its_number_to_read_back_a_fresh_form_and_a_masked_phone(
    client, world, call_form
):
    client.force_login(world.staff)
    response = client.post(URL, call_form)

    case = Case.objects.get()
    page = response.content.decode()
    assert response.status_code == 200
    assert (case.channel, case.origin_org, case.worker_phone) == (
        "hotline",
        world.ent_a1,
        "13912345678",
    )
    assert case.number in page
    assert spoken(case.number) in page
    assert "139****5678" in page
    assert "13912345678" not in page
    assert response.context["form"].is_bound is False
    assert not Receipt.objects.exists()


def test_an_anonymous_call_shows_its_receipt_once_in_the_post_answer_only(client, world, call_form):
    client.force_login(world.staff)
    response = client.post(URL, {**call_form, "anonymous": "on"})

    case = Case.objects.get()
    code = response.context["taken"]["receipt"]
    assert case.is_anonymous
    assert case.worker_phone == ""
    assert code in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert case_for_receipt(code=code, client="127.0.0.1") == case
    assert code not in client.get(URL).content.decode()
    assert "匿名来电" in client.get(URL).content.decode()


def test_an_anonymous_call_ignores_a_mistyped_phone_and_keeps_none(client, world, call_form):
    client.force_login(world.staff)
    response = client.post(URL, {**call_form, "anonymous": "on", "caller_phone": "13912abc"})

    assert response.context["taken"]["receipt"]
    assert Case.objects.get().worker_phone == ""


def test_the_number_is_spelled_out_one_character_at_a_time():
    assert spoken("JZ-2026-000183") == "J Z · 2 0 2 6 · 0 0 0 1 8 3"


def test_an_ambiguous_enterprise_is_refused_in_chinese_and_what_was_typed_is_kept(
    client, world, call_form
):
    client.force_login(world.staff)
    response = client.post(URL, {**call_form, "enterprise": "A企业"})

    page = response.content.decode()
    assert not Case.objects.exists()
    assert "“A企业”匹配到多家企业，请从列表中选择一家。" in page
    assert 'value="A企业"' in page
    assert 'value="13912345678"' in page
    assert "公司两个月没发工资了" in page
    assert 'aria-invalid="true"' in page


def test_an_enterprise_outside_the_operators_reach_is_unknown_and_creates_nothing(
    client, world, call_form
):
    client.force_login(world.chair)
    response = client.post(URL, {**call_form, "enterprise": "B企业1工会"})

    assert "您可受理的企业中没有名为“B企业1工会”的企业。" in response.content.decode()
    assert not Case.objects.exists()


def test_a_named_call_without_a_phone_asks_for_it_and_creates_nothing(client, world, call_form):
    client.force_login(world.staff)
    response = client.post(URL, {**call_form, "caller_phone": ""})

    assert "请填写来电人电话，或勾选来电人匿名。" in response.content.decode()
    assert not Case.objects.exists()


def test_someone_without_a_handling_role_is_told_and_cannot_register(client, world, call_form):
    client.force_login(world.leader)
    assert "您没有可为企业登记热线来电的角色" in client.get(URL).content.decode()
    client.post(URL, call_form)
    assert not Case.objects.exists()


def test_the_screen_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_suggestions_list_matching_enterprises_in_the_operators_reach_only(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("hotline:suggest"), {"enterprise": "企业2"}).content.decode()
    assert '<option value="A企业2工会">' in page
    assert "A企业1工会" not in page
    assert "B企业2工会" not in page


def test_the_screen_reads_a_bounded_number_of_queries_with_many_calls(
    client, world, call_form, django_assert_max_num_queries
):
    client.force_login(world.staff)
    for _i in range(12):
        client.post(URL, call_form)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert len(response.context["recent"]) == 10
