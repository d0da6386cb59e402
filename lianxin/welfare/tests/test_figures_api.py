"""`GET /api/welfare/figures`: every area's figures of an org's subtree over a period, against the
rows counted one by one; outsiders get 404."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from lianxin.api.tests.conftest import ApiClient, token_for
from lianxin.demo.members_loader import load_members_demo
from lianxin.demo.orgs_loader import load_accounts, load_orgs
from lianxin.demo.welfare_hardship_loader import load_hardship_demo
from lianxin.demo.welfare_mutual_aid_loader import load_mutual_aid_demo
from lianxin.demo.welfare_warmth_loader import load_warmth_demo
from lianxin.welfare.models import AidPayment, Claim, Delivery, Enrolment

pytestmark = pytest.mark.django_db
WHOLE = {"start": "2000-01-01", "end": "2030-12-31"}


@pytest.fixture
def demo():
    load_orgs()
    load_accounts()
    load_members_demo()
    load_hardship_demo()
    load_warmth_demo()
    load_mutual_aid_demo()


def answer(client, username: str, **params):
    api = ApiClient(client, token_for(User.objects.get(username=username)))
    return api.get("/api/welfare/figures", params)


def test_the_city_leader_reads_every_area_as_the_rows_add_up(client, demo):
    # when the city's leader asks for the whole demo period
    response = answer(client, "leader", org="JZ", **WHOLE)
    assert response.status_code == 200, response.content
    figures = response.json()

    # then each amount is the sum of the rows, counted here one by one
    paid_aid = sum(p.amount for p in AidPayment.objects.filter(state="paid"))
    delivered = list(Delivery.objects.filter(recipient__state="delivered"))
    paid_claims = list(Claim.objects.filter(status="paid"))
    assert Decimal(figures["aid_paid"]) == paid_aid
    assert figures["warmth_recipients"] == len(delivered)
    assert Decimal(figures["warmth_amount"]) == sum(d.value for d in delivered)
    assert figures["mutual_aid_enrolled"] == Enrolment.objects.count()
    assert Decimal(figures["mutual_aid_contributions"]) == sum(
        e.contribution for e in Enrolment.objects.all()
    )
    assert figures["claims_paid"] == len(paid_claims)
    assert Decimal(figures["claims_amount_paid"]) == sum(c.payout for c in paid_claims)
    on_time = sum(1 for c in paid_claims if c.paid_at <= c.due_at)
    assert figures["claims_on_time_rate"]["numerator"] == on_time
    assert figures["claims_on_time_rate"]["denominator"] == len(paid_claims)
    # and Baishan's card alone paid 90,000 yuan, so the city paid at least that
    assert paid_aid >= Decimal("90000")
    assert figures["aid_paid"].endswith(".00")


def test_a_period_counts_only_what_happened_in_it_and_outsiders_get_404(client, demo):
    year = date.today().year
    # a period long before the demo counts nothing
    body = answer(client, "leader", org="JZ", start=f"{year - 30}-01-01", end=f"{year - 29}-12-31")
    assert body.status_code == 200
    assert (body.json()["aid_paid"], body.json()["warmth_recipients"]) == ("0.00", 0)
    assert body.json()["claims_paid"] == 0
    # the chair of 天香面业 does not read the city's figures; partners and judges read none
    for who in ("partner", "judge", "chair"):
        response = answer(client, who, org="JZ", **WHOLE)
        assert response.status_code == 404, who
        assert "aid_paid" not in response.content.decode()
    # an unknown org answers as one out of scope
    assert answer(client, "leader", org="NO-SUCH-ORG").status_code == 404
