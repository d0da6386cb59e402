"""The members pages: scoped (outsiders see nothing), full IDs only through the logged view, QR."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lianxin.members import qr
from lianxin.members.models import IdNumberView
from lianxin.members.services import apply_for_membership
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(world):
    rider = UserFactory(username="rider")
    m = apply_for_membership(
        actor=rider, org=world.ent_a1, details=details(7, employment_form="rider")
    )
    return rider, m


PAGES = ["members:registry", "members:pending", "members:merge_list", "members:figures"]


@pytest.mark.parametrize("page", PAGES)
def test_the_chair_sees_their_union_pages(client, world, member, page):
    client.force_login(world.chair)
    assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["partner", "judge", "nobody"])
def test_partners_judges_and_users_without_a_role_get_404(client, world, member, page, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse(page)).status_code == 404


def test_the_chair_of_another_enterprise_sees_no_member_of_ours(client, world, member, applicant):
    client.force_login(world.chair_b)
    registry = client.get(reverse("members:registry")).content.decode()
    assert member.card_number not in registry
    assert "registry-empty" in registry
    assert "pending-empty" in client.get(reverse("members:pending")).content.decode()
    assert client.get(reverse("members:person", args=[member.person_id])).status_code == 404


def test_the_registry_lists_masked_names_phones_and_ids_never_the_full_number(
    client, world, member
):
    client.force_login(world.chair)
    page = client.get(reverse("members:registry")).content.decode()
    person = member.person
    assert member.card_number in page
    for secret in (person.id_number, person.phone, person.name):
        assert secret not in page


def test_the_registry_filters_by_employment_form_and_text(client, world, member, applicant):
    client.force_login(world.chair)
    riders = client.get(reverse("members:registry"), {"employment_form": "rider"})
    assert riders.context["page"].paginator.count == 1
    found = client.get(reverse("members:registry"), {"q": member.person.id_number})
    assert [r["m"].pk for r in found.context["rows"]] == [member.pk]


def test_the_export_holds_what_the_filter_shows_masked(client, world, member, applicant):
    client.force_login(world.chair)
    response = client.get(reverse("members:export"), {"state": "active"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == member.card_number
    text = " ".join(str(c) for row in rows for c in row)
    assert member.person.id_number not in text
    assert member.person.phone not in text


def test_a_leader_sees_the_person_masked_and_is_offered_no_full_id(client, world, member):
    client.force_login(world.leader)
    page = client.get(reverse("members:person", args=[member.person_id])).content.decode()
    assert member.person.id_number not in page
    assert "reveal-form" not in page
    refused = client.post(reverse("members:reveal", args=[member.person_id]), {"purpose": "看看"})
    assert member.person.id_number not in refused.content.decode()
    assert not IdNumberView.objects.exists()


def test_the_chair_shows_the_full_id_and_the_view_is_logged(client, world, member):
    client.force_login(world.chair)
    response = client.post(
        reverse("members:reveal", args=[member.person_id]), {"purpose": "核实身份"}
    )
    assert member.person.id_number in response.content.decode()
    assert IdNumberView.objects.filter(person=member.person, viewer=world.chair).count() == 1


def test_the_chair_approves_an_application_and_the_applicant_sees_the_card(
    client, world, applicant
):
    rider, m = applicant
    client.force_login(world.chair)
    client.post(reverse("members:approve", args=[m.pk]))
    m.refresh_from_db()
    assert m.state == "active"
    assert m.card_number
    client.force_login(rider)
    page = client.get(reverse("join:mine")).content.decode()
    assert m.card_number in page
    assert "card-qr" in page


def test_a_rejection_needs_a_reason_and_keeps_it(client, world, applicant):
    _rider, m = applicant
    client.force_login(world.chair)
    client.post(reverse("members:reject", args=[m.pk]), {"reason": ""})
    m.refresh_from_db()
    assert m.state == "applied"
    client.post(reverse("members:reject", args=[m.pk]), {"reason": "不在本企业工作"})
    m.refresh_from_db()
    assert m.state == "rejected"
    assert m.reason == "不在本企业工作"


def test_the_chair_of_another_enterprise_cannot_approve(client, world, applicant):
    _rider, m = applicant
    client.force_login(world.chair_b)
    client.post(reverse("members:approve", args=[m.pk]))
    m.refresh_from_db()
    assert m.state == "applied"


def test_a_worker_applies_on_the_join_page_and_is_redirected(client, world):
    rider = UserFactory(username="rider2")
    client.force_login(rider)
    url = reverse("join:apply", args=[world.ent_a1.code])
    form = {
        "phone": "13900001111",
        "name": "张骑手",
        "id_number": details(11).id_number,
        "employment_form": "rider",
        "platform_or_employer": "美团",
        "consent": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    assert response["Location"].endswith("/applied/")
    assert world.ent_a1.memberships.filter(state="applied", applicant=rider).count() == 1


def test_the_join_form_refuses_a_wrong_check_digit_in_chinese(client, world):
    client.force_login(UserFactory(username="rider3"))
    bad = details(12).id_number[:17] + ("0" if details(12).id_number[17] != "0" else "1")
    form = {
        "phone": "13900001112",
        "name": "李",
        "id_number": bad,
        "employment_form": "rider",
        "consent": "on",
    }
    response = client.post(reverse("join:apply", args=[world.ent_a1.code]), form)
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    assert not world.ent_a1.memberships.exists()


def test_the_join_page_of_a_federation_or_unknown_code_is_404(client, world):
    assert client.get(reverse("join:apply", args=[world.city.code])).status_code == 404
    assert client.get(reverse("join:apply", args=["NOPE"])).status_code == 404


def test_the_join_qr_is_svg_and_png_for_the_unions_staff_only(client, world):
    client.force_login(world.chair)
    svg = client.get(reverse("members:join_qr_svg", args=[world.ent_a1.code]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    png = client.get(reverse("members:join_qr_png", args=[world.ent_a1.code]))
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    client.force_login(world.chair_b)
    assert client.get(reverse("members:join_qr_svg", args=[world.ent_a1.code])).status_code == 404


def test_a_card_check_says_valid_for_an_active_member_and_invalid_for_a_forgery(
    client, world, member
):
    client.force_login(world.staff)
    token = qr.card_token(member.pk, member.card_number)
    page = client.get(reverse("members:check", args=[token])).content.decode()
    assert "card-valid" in page
    assert member.person.name not in page
    forged = qr.card_token(member.pk, "LX2099")[:-2] + "xx"
    assert "card-invalid" in client.get(reverse("members:check", args=[forged])).content.decode()


def test_the_figures_page_shows_the_numerator_and_denominator(client, world, member):
    from lianxin.members.services import record_workforce

    record_workforce(actor=world.chair, org=world.ent_a1, on=member.joined_on, total=10, gig=2)
    client.force_login(world.chair)
    response = client.get(reverse("members:figures"), {"org": world.ent_a1.code})
    rate = response.context["figures"]["membership_rate"]
    assert (rate["numerator"], rate["denominator"]) == (1, 10)
