"""The mutual-aid demo (lianxin/demo/welfare_mutual_aid_loader.py): JZ-WM's union-paid rider plan with
its riders and couriers enrolled, claims in every state, a self-fall paid within 24 hours; a second
run adds nothing; the journal verifies."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.test.utils import override_settings

from lianxin.audit.models import Event
from lianxin.audit.selectors import verify_chains
from lianxin.demo.members_loader import load_members_demo
from lianxin.demo.orgs_loader import load_accounts, load_orgs
from lianxin.demo.welfare_mutual_aid_loader import load_mutual_aid_demo
from lianxin.orgs.models import Org
from lianxin.welfare.metrics.mutual_aid import figures
from lianxin.welfare.models.mutual_aid import Claim, Enrolment, Plan
from lianxin.welfare.states.mutual_aid import ClaimKind, ClaimState


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(VAR_DIR=tmp_path_factory.mktemp("var")),
        transaction.atomic(),
    ):
        load_orgs()
        load_accounts()
        load_members_demo()
        yield load_mutual_aid_demo()
        transaction.set_rollback(True)


def test_the_demo_enrols_the_unions_320_riders_and_couriers_at_50_yuan_paid_by_the_union(
    loaded, db
):
    plan = Plan.objects.get(org__code="JZ-WM")
    assert (loaded, plan.payer) == (320, "union")
    assert Enrolment.objects.filter(plan=plan).count() == 320


def test_the_demo_has_claims_in_every_state(loaded, db):
    states = set(Claim.objects.values_list("status", flat=True))
    assert states == set(ClaimState.values)


def test_the_demo_has_a_self_fall_paid_within_its_24_hours(loaded, db):
    paid = Claim.objects.filter(kind=ClaimKind.SELF_FALL, status=ClaimState.PAID).get()
    assert paid.paid_at <= paid.due_at
    assert paid.payout == Decimal("600.00")


def test_the_figures_of_the_city_count_the_demo(loaded, db):
    from django.contrib.auth.models import User

    got = figures(user=User.objects.get(username="leader"), org=Org.objects.get(code="JZ"))
    assert got["mutual_aid_contributions"] == Decimal("16000.00")  # 320 × 50
    assert got["claims_paid"] == 2


def test_a_second_run_adds_nothing_and_the_journal_verifies(loaded, db):
    events = Event.objects.count()
    assert load_mutual_aid_demo() == 0
    assert Event.objects.count() == events
    assert list(verify_chains()) == []
