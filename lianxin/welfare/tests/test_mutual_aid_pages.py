"""The mutual-aid pages, the case panel and the API: scoped (outsiders 404), masked, the payout shown
before approval, moves as endpoints (409 on a refused one), and the figures."""

from decimal import Decimal

import pytest

from lianxin.api.tests.conftest import ApiClient, token_for
from lianxin.cases.tests.factories import make_case
from lianxin.core.errors import DomainError
from lianxin.orgs.tests.factories import UserFactory
from lianxin.welfare.metrics.mutual_aid import figures
from lianxin.welfare.models.mutual_aid import Claim
from lianxin.welfare.services.mutual_aid_cases import open_claim_for_case
from lianxin.welfare.states.mutual_aid import ClaimKind, ClaimState
from lianxin.welfare.tests import mutual_aid_world
from lianxin.welfare.tests.mutual_aid_world import report, walk

D = Decimal
plan_world = mutual_aid_world.plan_world
OUTSIDERS = ["chair_b", "chair", "partner", "judge", "nobody"]


@pytest.fixture
def api(client):
    return lambda user: ApiClient(client, token_for(user))


@pytest.mark.parametrize("who", OUTSIDERS)
def test_an_outsider_gets_404_for_the_claim_page_the_plan_page_and_the_api(
    plan_world, client, api, who
):
    claim = report(plan_world)
    user = getattr(plan_world.world, who)
    client.force_login(user)
    assert client.get(f"/welfare/mutual_aid/claims/{claim.pk}/").status_code == 404
    assert client.get(f"/welfare/mutual_aid/plans/{plan_world.plan.pk}/").status_code == 404
    assert api(user).get(f"/api/welfare/mutual_aid/claims/{claim.pk}").status_code == 404
    assert api(user).get("/api/welfare/mutual_aid/claims").json()["count"] == 0


def test_the_plan_page_shows_rules_enrolled_count_and_contributions(plan_world, client):
    client.force_login(plan_world.world.staff)
    page = client.get(f"/welfare/mutual_aid/plans/{plan_world.plan.pk}/").content.decode()
    assert "¥50.00" in page  # one person enrolled at 50 yuan
    assert plan_world.rider.person.name not in page  # masked


def test_the_claim_page_shows_the_computed_payout_and_confirms_approval_with_it(plan_world, client):
    claim = walk(plan_world, report(plan_world, ClaimKind.THIRD_PARTY), ClaimState.ASSESSED,
                 loss=D("20000"))  # fmt: skip
    client.force_login(plan_world.world.staff)
    page = client.get(f"/welfare/mutual_aid/claims/{claim.pk}/").content.decode()
    assert 'data-testid="confirm-approve"' in page
    assert "10000.00" in page


def test_approving_from_the_page_at_the_shown_amount_moves_the_claim(plan_world, client):
    claim = walk(plan_world, report(plan_world), ClaimState.ASSESSED)
    client.force_login(plan_world.world.staff)
    client.post(f"/welfare/mutual_aid/claims/{claim.pk}/approve/", {"approve-amount": "500.00"})
    assert Claim.objects.get(pk=claim.pk).status == ClaimState.APPROVED


def test_the_api_moves_a_claim_to_paid_and_answers_409_on_a_refused_move(plan_world, api):
    claim = report(plan_world)
    staff = api(plan_world.world.staff)
    base = f"/api/welfare/mutual_aid/claims/{claim.pk}"
    assert staff.post(f"{base}/pay", {"amount": "500"}).status_code == 409
    assert staff.post(f"{base}/complete_documents", {}).status_code == 200
    assert staff.post(f"{base}/assess", {"loss": "800"}).json()["payout"] == "500.00"
    assert staff.post(f"{base}/approve", {"amount": "500.00"}).json()["status"] == "approved"
    assert staff.post(f"{base}/pay", {"amount": "500.00"}).json()["status"] == "paid"


def test_the_api_lists_claims_masked(plan_world, api):
    report(plan_world)
    body = api(plan_world.world.staff).get("/api/welfare/mutual_aid/claims").json()
    assert body["count"] == 1
    assert body["items"][0]["name"] != plan_world.rider.person.name


def test_the_figures_count_enrolment_payment_and_the_on_time_rate(plan_world):
    walk(plan_world, report(plan_world), ClaimState.PAID)
    got = figures(user=plan_world.world.city_staff, org=plan_world.world.city)
    assert (got["mutual_aid_enrolled"], got["mutual_aid_contributions"]) == (1, D("50.00"))
    assert (got["claims_paid"], got["claims_amount_paid"]) == (1, D("500.00"))
    assert got["claims_on_time_rate"]["numerator"] == 1
    assert got["claims_on_time_rate"]["denominator"] == 1


def _accident_case(w, user, **fields):
    return make_case(actor=w.world.staff, org=w.world.street_a, key="accident",
                     title="骑手送餐途中自摔", claim_type="self_fall", worker_user=user,
                     **fields)  # fmt: skip


def test_an_accident_case_opens_one_claim_for_its_worker_and_the_panel_shows_it(plan_world, client):
    w = plan_world
    rider_user = UserFactory(username="rider7")
    w.rider.person.user = rider_user
    w.rider.person.save(update_fields=["user"])
    case = _accident_case(w, rider_user)
    client.force_login(w.world.staff)
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert 'data-testid="open-claim-form"' in page
    client.post(f"/welfare/mutual_aid/cases/{case.number}/open/", {"plan": w.plan.pk})
    claim = Claim.objects.get(case=case)
    assert (claim.enrolment, claim.kind) == (w.rider, ClaimKind.SELF_FALL)
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert 'data-testid="case-claim-state"' in page


def test_a_second_claim_for_the_same_case_is_refused(plan_world):
    w = plan_world
    case = _accident_case(w, None)
    number = w.rider.person.id_number
    open_claim_for_case(actor=w.world.staff, case_id=case.pk, plan_id=w.plan.pk, id_number=number)
    with pytest.raises(DomainError) as refused:
        open_claim_for_case(actor=w.world.staff, case_id=case.pk, plan_id=w.plan.pk,
                            id_number=number)  # fmt: skip
    assert refused.value.code == "welfare.case_has_claim"


def test_an_anonymous_accident_case_shows_no_claim_panel(plan_world, client):
    w = plan_world
    case = _accident_case(w, None, is_anonymous=True, worker_name="", worker_phone="")
    client.force_login(w.world.staff)
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert 'data-testid="case-mutual-aid"' not in page


def test_the_claims_page_and_api_read_25_claims_in_a_fixed_number_of_queries(
    plan_world, client, api, django_assert_max_num_queries
):
    for _n in range(25):
        report(plan_world)
    client.force_login(plan_world.world.staff)
    staff_api = api(plan_world.world.staff)
    with django_assert_max_num_queries(15):
        assert client.get("/welfare/mutual_aid/claims/").status_code == 200
    with django_assert_max_num_queries(12):
        assert staff_api.get("/api/welfare/mutual_aid/claims").json()["count"] == 25


def test_the_menu_offers_mutual_aid_to_union_staff_and_not_to_a_partner(world, client):
    client.force_login(world.staff)
    assert 'data-testid="nav-mutual-aid"' in client.get("/welfare/mutual_aid/").content.decode()
    client.force_login(world.partner)
    assert 'data-testid="nav-mutual-aid"' not in client.get("/").content.decode()
