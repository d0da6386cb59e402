"""The hardship pages: the list and the card in scope, 404 outside it, masked names, the moves."""
# ruff: noqa: F811 - the fixtures are imported from hardship_world and named as arguments

from datetime import date

import pytest
from django.urls import reverse

from lianxin.core import clock
from lianxin.welfare.models.hardship import AidPayment, HardshipFile, Visit
from lianxin.welfare.services import hardship, hardship_payments
from lianxin.welfare.tests.hardship_world import applied, at, new_file, registered  # noqa: F401

pytestmark = pytest.mark.django_db

OUTSIDERS = ["partner", "judge", "expert", "chair_b", "leader", "supervisor", "nobody"]


@pytest.fixture
def expert(world):
    """A contest expert (评审专家): a judge of a contest track, no org role."""
    from lianxin.contests.tests.factories import make_contest

    return make_contest(world, judges=1).judges[0]


def outsider(world, who, request):
    return request.getfixturevalue("expert") if who == "expert" else getattr(world, who)


def card(file):
    return reverse("welfare:hardship_detail", args=[file.pk])


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_card_and_its_moves_are_not_found_outside_the_holding_union(
    client, world, registered, who, request
):
    client.force_login(outsider(world, who, request))
    assert client.get(card(registered)).status_code == 404
    move = reverse("welfare:hardship_move", args=[registered.pk, "review"])
    assert client.post(move).status_code == 404
    visit = reverse("welfare:hardship_visit", args=[registered.pk])
    assert client.post(visit, {"visited_on": "2025-01-12", "findings": "x"}).status_code == 404
    registered.refresh_from_db()
    assert registered.state == "registered"
    assert not Visit.objects.exists()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_list_shows_no_file_outside_the_holding_union(client, world, registered, who, request):
    client.force_login(outsider(world, who, request))
    response = client.get(reverse("welfare:hardship_list"))
    assert response.status_code == 404 or registered.number not in response.content.decode()


@pytest.mark.parametrize("who", ["chair", "staff", "city_staff"])
def test_the_holding_union_and_its_federations_see_the_card_masked(client, world, registered, who):
    client.force_login(getattr(world, who))
    page = client.get(card(registered)).content.decode()
    assert registered.number in page
    assert "宋*" in page or "宋**" in page
    assert "宋秀斌1" not in page


def test_the_person_themself_sees_their_own_card(client, world, registered):
    from lianxin.orgs.tests.factories import UserFactory

    worker = UserFactory(username="song")
    registered.person.user = worker
    registered.person.save(update_fields=["user"])
    client.force_login(worker)
    page = client.get(card(registered))
    assert page.status_code == 200
    assert 'data-testid="visit-form"' not in page.content.decode()


def test_the_card_shows_visits_and_payments_by_year_and_the_total(client, world, registered):
    for on, amount in ((date(2025, 2, 1), "3000"), (date(2026, 1, 20), "2500.50")):
        with clock.frozen_at(at(on.year, on.month, on.day)):
            p = hardship_payments.request_payment(
                actor=world.chair, file_id=registered.pk, kind="living", amount=amount
            )
            hardship_payments.approve_payment(actor=world.staff, payment_id=p.pk)
            hardship_payments.pay_payment(actor=world.staff, payment_id=p.pk)
            hardship.record_visit(
                actor=world.chair, file_id=registered.pk, visited_on=on, findings="走访情况"
            )
    client.force_login(world.chair)
    page = client.get(card(registered)).content.decode()
    assert 'data-testid="total-paid">5500.50<' in page
    assert 'data-testid="total-visits">2<' in page
    assert "走访情况" in page
    assert "@media print" in page or "lx-print-only" in page


def test_the_list_filters_by_org_subtree_level_and_state(client, world, registered):
    with clock.frozen_at(at(2025, 2, 1)):
        other = hardship.open_file(
            actor=world.staff, new=new_file(world.ent_a2, 2, level="relative")
        )
    client.force_login(world.staff)
    url = reverse("welfare:hardship_list")
    assert client.get(url).context["page"].paginator.count == 2
    assert list(client.get(url, {"org": "EA2"}).context["page"].object_list) == [other]
    assert list(client.get(url, {"level": "deep"}).context["page"].object_list) == [registered]
    assert list(client.get(url, {"state": "applied"}).context["page"].object_list) == [other]


def test_a_new_file_is_opened_from_the_form(client, world):
    from lianxin.welfare.tests.hardship_world import valid_id

    client.force_login(world.chair)
    data = {
        "org": "EA1", "name": "宋秀斌", "id_number": valid_id(7), "phone": "", "level": "deep",
        "causes": ["serious_illness", "disability"], "income_per_head": "380",
        "household-TOTAL_FORMS": "2", "household-INITIAL_FORMS": "0",
        "household-0-relation": "spouse", "household-0-health": "disabled",
        "household-0-work": "unable", "household-0-birth_year": "1970",
        "household-1-relation": "",
    }  # fmt: skip
    response = client.post(reverse("welfare:hardship_new"), data)
    file = HardshipFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == card(file)
    assert file.household.count() == 1
    assert file.causes == ["disability", "serious_illness"]


def test_a_move_a_visit_and_a_payment_through_the_pages(client, world, applied):
    client.force_login(world.chair)
    client.post(reverse("welfare:hardship_move", args=[applied.pk, "register"]))
    applied.refresh_from_db()
    assert applied.state == "registered"
    visit = {"visited_on": clock.now().date().isoformat(), "findings": "看望", "visitors": []}
    client.post(reverse("welfare:hardship_visit", args=[applied.pk]), visit)
    assert Visit.objects.filter(file=applied).count() == 1
    client.post(
        reverse("welfare:hardship_payment", args=[applied.pk]), {"kind": "living", "amount": "5000"}
    )
    payment = AidPayment.objects.get()
    approve = reverse("welfare:hardship_payment_move", args=[applied.pk, payment.pk, "approve"])
    page = client.get(card(applied)).content.decode()
    assert "5000.00" in page
    assert 'data-testid="confirm-approve-' in page
    client.post(approve)  # the requester approving their own 5,000: refused
    payment.refresh_from_db()
    assert payment.state == "requested"
    client.force_login(world.staff)
    client.post(approve)
    pay = reverse("welfare:hardship_payment_move", args=[applied.pk, payment.pk, "pay"])
    client.post(pay, {"paid_on": clock.now().date().isoformat()})
    payment.refresh_from_db()
    assert (payment.state, payment.approved_by) == ("paid", world.staff)


def test_a_refused_move_on_the_page_says_why_and_changes_nothing(client, world, applied):
    client.force_login(world.chair)
    response = client.post(reverse("welfare:hardship_move", args=[applied.pk, "lift"]), follow=True)
    applied.refresh_from_db()
    assert applied.state == "applied"
    assert "messages" in response.context
    assert any("not possible" in str(m) or "不" in str(m) for m in response.context["messages"])


def test_the_list_and_the_api_list_read_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    from lianxin.api.tests.conftest import ApiClient, token_for

    with clock.frozen_at(at(2025, 2, 1)):
        for n in range(10, 32):
            hardship.open_file(actor=world.staff, new=new_file(world.ent_a1, n))
    client.force_login(world.staff)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("welfare:hardship_list"))
    assert page.context["page"].paginator.count == 22
    api = ApiClient(client, token_for(world.staff))
    with django_assert_max_num_queries(12):
        body = api.get("/api/welfare/hardship/files", {"page_size": 50}).json()
    assert len(body["items"]) == 22
