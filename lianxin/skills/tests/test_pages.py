"""The 学分银行 pages: the panel on a person's page, the worker's own account, a union's totals and
certificates, recording a certificate; each scoped (outsiders see nothing personal)."""

from datetime import date

import pytest
from django.urls import reverse

from lianxin.members.hooks import Achievement, report_achievement
from lianxin.members.services import register_member
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory
from lianxin.skills.models import Certificate, CreditLine

pytestmark = pytest.mark.django_db


def course(person_id: int, n: int, hours: int = 10) -> None:
    report_achievement(Achievement(
        person_id=person_id, kind="course_completed", source=f"activities.signup:{n}",
        on=date(2025, 5, 1), detail={"credit_hours": hours, "course": "数控车床编程"},
    ))  # fmt: skip


def test_the_person_page_shows_the_credit_bank_to_the_union(client, skills_world):
    w = skills_world
    course(w.wang.person.pk, 1)
    client.force_login(w.chair)
    page = client.get(reverse("members:person", args=[w.wang.person.pk])).content.decode()
    assert 'data-testid="person-credits"' in page
    assert 'data-testid="credit-balance">10.00<' in page
    assert 'data-testid="record-certificate"' in page


def test_a_leader_sees_the_credit_bank_but_may_not_record_a_certificate(client, skills_world):
    w = skills_world
    client.force_login(w.leader)
    page = client.get(reverse("members:person", args=[w.wang.person.pk])).content.decode()
    assert 'data-testid="person-credits"' in page
    assert 'data-testid="record-certificate"' not in page
    assert client.get(reverse("skills:certificate_new")).status_code == 404


def test_my_credits_shows_the_workers_own_balance_on_a_phone_page(client, skills_world):
    w = skills_world
    course(w.wang.person.pk, 1, hours=12)
    client.force_login(w.wang.user)
    page = client.get(reverse("skills:mine")).content.decode()
    assert 'data-testid="my-balance">12.00<' in page
    assert "lx-cards" in page


def test_my_credits_without_a_person_record_says_so(client, skills_world):
    client.force_login(UserFactory(username="no_person"))
    page = client.get(reverse("skills:mine")).content.decode()
    assert 'data-testid="no-person"' in page


def test_the_totals_list_the_unions_members_highest_first(client, skills_world):
    w = skills_world
    course(w.wang.person.pk, 1, hours=5)
    course(w.b_member.pk, 2, hours=9)
    client.force_login(w.city_staff)
    page = client.get(reverse("skills:totals")).content.decode()
    assert page.index(">9.00<") < page.index(">5.00<")
    client.force_login(w.chair)  # enterprise A1's chair: only Wang
    page = client.get(reverse("skills:totals")).content.decode()
    assert 'data-testid="totals-count">1<' in page
    assert ">9.00<" not in page


@pytest.mark.parametrize("who", ["partner", "judge", "nobody"])
def test_outsiders_get_no_totals_and_no_certificates(client, skills_world, who):
    client.force_login(getattr(skills_world, who))
    for name in ("skills:totals", "skills:certificates", "skills:certificate_new"):
        assert client.get(reverse(name)).status_code == 404


def test_another_unions_chair_sees_neither_the_member_nor_their_certificates(client, skills_world):
    w = skills_world
    course(w.wang.person.pk, 1)
    client.force_login(w.chair_b)
    assert 'data-testid="totals-count">0<' in client.get(reverse("skills:totals")).content.decode()
    url = reverse("skills:certificate_new") + f"?person={w.wang.person.pk}"
    assert client.get(url).status_code == 404


def test_the_totals_page_reads_a_few_queries_for_many_members(
    client, skills_world, django_assert_max_num_queries
):
    w = skills_world
    for n in range(30):
        person = register_member(actor=w.chair, org=w.ent_a1, details=details(100 + n)).person
        course(person.pk, 100 + n, hours=n + 1)
    client.force_login(w.chair)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("skills:totals")).content.decode()
    assert 'data-testid="totals-count">30<' in page
    assert 'data-testid="pagination"' in page


def test_recording_a_certificate_from_the_person_page_credits_it(client, skills_world):
    w = skills_world
    client.force_login(w.chair)
    url = reverse("skills:certificate_new") + f"?person={w.wang.person.pk}"
    assert 'data-testid="confirm-record"' in client.get(url).content.decode()
    response = client.post(url, {
        "person": w.wang.person.pk, "trade": "电工", "level": "technician",
        "issuer": "焦作市职业技能鉴定中心", "issued_on": "2025-04-01", "number": "DG-0042",
    })  # fmt: skip
    assert response.status_code == 302
    certificate = Certificate.objects.get(person=w.wang.person)
    line = CreditLine.objects.get(person=w.wang.person)
    assert (line.kind, line.credits, line.source) == (
        "certificate",
        40,
        f"skills.certificate:{certificate.pk}",
    )


def test_recording_a_certificate_by_card_number_finds_the_member(client, skills_world):
    w = skills_world
    card = w.wang.person.memberships.get().card_number
    client.force_login(w.chair)
    response = client.post(reverse("skills:certificate_new"), {
        "member": card, "trade": "焊工", "level": "primary", "issuer": "鉴定中心",
        "issued_on": "2025-04-01", "number": "HG-1",
    })  # fmt: skip
    assert response.status_code == 302
    assert Certificate.objects.get().person == w.wang.person


def test_the_same_certificate_twice_is_refused_on_the_form_and_credited_once(client, skills_world):
    w = skills_world
    client.force_login(w.chair)
    url = reverse("skills:certificate_new") + f"?person={w.wang.person.pk}"
    data = {"person": w.wang.person.pk, "trade": "焊工", "level": "primary", "issuer": "鉴定中心",
            "issued_on": "2025-04-01", "number": "HG-1"}  # fmt: skip
    client.post(url, data)
    page = client.post(url, data).content.decode()
    assert 'data-testid="form-error"' in page
    assert CreditLine.objects.count() == 1
