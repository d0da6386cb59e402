"""A partner type the admin adds works end to end: an org of the type with its officer, a case
referred to it, the officer sees that case and no other, and reports back with an outcome."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from lianxin.cases import services
from lianxin.cases.models import Case, Referral
from lianxin.cases.permissions import visible_cases
from lianxin.cases.states import Status
from lianxin.cases.tests.factories import make_case
from lianxin.orgs.models import Org, OrgKind, PartnerType, Role
from lianxin.orgs.tests.factories import UserFactory


@pytest.fixture
def admin_client(client, world):
    client.force_login(User.objects.create_superuser("root", "root@example.cn", "pw"))
    return client


def add_type_in_admin(admin_client) -> PartnerType:
    answer = admin_client.post("/admin/orgs/partnertype/add/", {
        "code": "labour_inspection", "name": "劳动保障监察大队", "name_en": "Labour inspection",
        "keywords": "欠薪 拖欠工资", "sort_order": "200", "is_active": "on",
    })  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:3000]
    return PartnerType.objects.get(code="labour_inspection")


def add_partner_in_admin(admin_client, world, officer: User) -> Org:
    answer = admin_client.post("/admin/orgs/org/add/", {
        "code": "JZ-P-LI", "name": "焦作市劳动保障监察支队", "short_name": "", "kind": "partner",
        "partner_type": "labour_inspection", "parent": world.city.pk, "region": "",
        "region_code": "", "case_prefix": "", "workforce": "", "is_active": "on",
        "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "0",
        "roles-0-user": officer.pk, "roles-0-role": "partner",
    })  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:3000]
    return Org.objects.get(code="JZ-P-LI")


def in_progress(world, **fields) -> Case:
    case = make_case(actor=world.chair, org=world.ent_a1, **fields)
    services.accept_case(case_id=case.pk, actor=world.chair)
    services.start_case(case_id=case.pk, actor=world.chair)
    return case


def test_a_partner_type_added_in_the_admin_gets_orgs_whose_officer_works_referred_cases(
    admin_client, client, world
):
    # Given a type, and an org of it with an officer, both added through the admin pages
    officer = UserFactory(username="inspector")
    partner_type = add_type_in_admin(admin_client)
    agency = add_partner_in_admin(admin_client, world, officer)
    assert (agency.kind, agency.partner_type) == (OrgKind.PARTNER, partner_type)
    assert Role.objects.filter(user=officer, org=agency, role="partner").exists()
    listed = admin_client.get(
        "/admin/orgs/org/", {"partner_type__code__exact": "labour_inspection"}
    )
    assert listed.status_code == 200
    assert list(listed.context["cl"].result_list) == [agency]

    # When the chair refers one case to it from the case page (another case stays with the union)
    referred, other = in_progress(world), in_progress(world, title="食堂饭菜质量差")
    client.force_login(world.chair)
    page = client.post(reverse("cases:act", args=[referred.number, "refer"]),
                       {"refer-partner": agency.pk, "refer-note": "请监察大队核查"})  # fmt: skip
    assert page.status_code == 302

    # Then the officer sees that case, and only it, on its page and in the ledger
    client.force_login(officer)
    assert client.get(reverse("cases:detail", args=[referred.number])).status_code == 200
    assert client.get(reverse("cases:detail", args=[other.number])).status_code == 404
    assert list(visible_cases(officer)) == [referred]

    # and reports back with an outcome: the referral closes with it, the case returns to the chair
    answer = client.post(reverse("cases:act", args=[referred.number, "report_back"]),
                         {"report_back-note": "已责令补发", "report_back-outcome": "mediated"})  # fmt: skip
    assert answer.status_code == 302
    referral = Referral.objects.get(case=referred)
    assert (referral.partner, referral.outcome, referral.report) == (
        agency,
        "mediated",
        "已责令补发",
    )
    referred.refresh_from_db()
    assert referred.status == Status.IN_PROGRESS


def test_an_officer_of_an_added_type_cannot_act_on_a_case_not_referred_to_it(
    admin_client, client, world
):
    # Given an org of an admin-added type, and a case referred to another partner (人社局)
    officer = UserFactory(username="inspector")
    add_type_in_admin(admin_client)
    add_partner_in_admin(admin_client, world, officer)
    elsewhere = in_progress(world)
    services.refer_case(case_id=elsewhere.pk, actor=world.chair, partner=world.bureau)

    # When its officer tries to see it and to report back on it
    client.force_login(officer)
    seen = client.get(reverse("cases:detail", args=[elsewhere.number]))
    reported = client.post(reverse("cases:act", args=[elsewhere.number, "report_back"]),
                           {"report_back-note": "已处理", "report_back-outcome": "mediated"})  # fmt: skip

    # Then both answer like a missing case, and the referral is untouched
    assert (seen.status_code, reported.status_code) == (404, 404)
    referral = Referral.objects.get(case=elsewhere)
    assert (referral.reported_at, referral.outcome) == (None, "")
    assert list(visible_cases(officer)) == []


def test_the_api_answers_a_partners_type_by_its_code(world):
    from lianxin.orgs.api import org_out

    assert org_out(world.bureau)["partner_type"] == "hrss"
