"""The hardship demo: Baishan's fifteen-year card reads 90,000 yuan; an overdue file gets its 督办."""

from datetime import timedelta
from decimal import Decimal

import pytest

from lianxin.audit.selectors import verify_chains
from lianxin.cases.tasks import supervise_task
from lianxin.core.models import Notification
from lianxin.demo.orgs_loader import load_accounts, load_orgs
from lianxin.demo.welfare_hardship_loader import load_hardship_demo
from lianxin.welfare.models.hardship import AidPayment, HardshipFile, Visit
from lianxin.welfare.selectors.hardship import file_totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_orgs()
    load_accounts()
    return load_hardship_demo()


def test_the_long_card_holds_fifteen_years_of_visits_and_90000_yuan(demo):
    card = HardshipFile.objects.get(state="out_of_hardship")
    totals = file_totals(card)
    assert len(totals.years) == 15
    assert all(y.visits == 3 and y.paid == Decimal("6000.00") for y in totals.years)
    assert totals.visits == 45
    assert totals.paid == Decimal("90000.00")
    assert card.person.name == "宋建平"


def test_the_demo_loads_once_and_its_journal_verifies(demo):
    counts = (HardshipFile.objects.count(), Visit.objects.count(), AidPayment.objects.count())
    assert load_hardship_demo() == 0
    assert (
        HardshipFile.objects.count(),
        Visit.objects.count(),
        AidPayment.objects.count(),
    ) == counts
    assert list(verify_chains()) == []


def test_the_overdue_demo_file_is_noticed_by_the_next_supervision_run(demo):
    overdue = HardshipFile.objects.get(org__code="JZ-SY-YH-02")
    assert overdue.next_visit_due < overdue.registered_on + timedelta(days=200)
    supervise_task.enqueue()
    notices = Notification.objects.filter(kind="hardship_visit_overdue")
    assert notices.count() >= 1
    assert {n.link for n in notices} == {f"/welfare/hardship/{overdue.pk}/"}
