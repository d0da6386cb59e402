"""The proposal figures over a small world whose numbers are counted by hand."""

from datetime import timedelta
from decimal import Decimal

import pytest

from lianxin.cases.metrics import Rate, Scope
from lianxin.core import clock
from lianxin.orgs.models import Org
from lianxin.proposals import metrics, services
from lianxin.proposals.tests.factories import advance, set_tiers, submit, worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(world):
    """A1 (workforce 4): 陈 ×2 (one rewarded on 20,000, one declined), 王 (implemented, no money),
    李 (in review). A2 (workforce 10): 赵 (adopted). B1 (no workforce): 孙 (rewarded on 60,000)."""
    Org.objects.filter(pk=world.ent_a1.pk).update(workforce=4)
    Org.objects.filter(pk=world.ent_a2.pk).update(workforce=10)
    for ent, chair in ((world.ent_a1, world.chair), (world.ent_b1, world.chair_b)):
        set_tiers(chair, ent)
    chen, wang, li, zhao, sun = (worker(n) for n in ("陈", "王", "李", "赵", "孙"))
    advance(submit(actor=chen, enterprise=world.ent_a1), world.chair, "rewarded", benefit="20000")
    declined = submit(actor=chen, enterprise=world.ent_a1)
    services.decline_proposal(proposal_id=declined.pk, actor=world.chair, reason="重复")
    advance(
        submit(actor=wang, enterprise=world.ent_a1), world.chair, "implemented", benefit="",
        description="杂物间改成母婴室",
    )  # fmt: skip
    submit(actor=li, enterprise=world.ent_a1)
    advance(submit(actor=zhao, enterprise=world.ent_a2), world.staff, "adopted")
    advance(submit(actor=sun, enterprise=world.ent_b1), world.chair_b, "rewarded", benefit="60000")
    return world


def test_the_figures_of_the_whole_city(figures):
    s = metrics.summary(Scope(org=figures.city))
    assert s.proposal_count == 6
    assert s.adoption_rate == Rate(4, 5)  # adopted or beyond: 陈①, 王, 赵, 孙; declined: 陈②
    assert s.implemented_count == 3
    assert s.realised_benefit == Decimal("80000.00")
    # 陈: 500 + 2% × 20,000 = 900; 孙: 1,000 + 3% × 60,000 = 2,800
    assert s.rewards_paid == Decimal("3700.00")
    # A1: 陈, 王, 李 of 4; A2: 赵 of 10; B1 has no workforce and is left out
    assert s.participation_rate == Rate(4, 14)


def test_the_figures_of_one_enterprise(figures):
    scope = Scope(org=figures.ent_a1)
    assert metrics.proposal_count(scope) == 4
    assert metrics.adoption_rate(scope) == Rate(2, 3)
    assert metrics.realised_benefit(scope) == Decimal("20000.00")
    assert metrics.rewards_paid(scope) == Decimal("900.00")
    assert metrics.participation_rate(scope) == Rate(3, 4)


def test_proposers_above_the_workforce_count_up_to_it(figures):
    Org.objects.filter(pk=figures.ent_a1.pk).update(workforce=2)
    assert metrics.participation_rate(Scope(org=figures.ent_a1)) == Rate(2, 2)


def test_the_period_counts_by_submission(figures):
    now = clock.now()
    assert metrics.proposal_count(Scope(org=figures.city, start=now + timedelta(days=1))) == 0
    assert metrics.proposal_count(Scope(org=figures.city, end=now + timedelta(days=1))) == 6


def test_top_proposers(figures):
    top = metrics.top_proposers(Scope(org=figures.city), limit=3)
    assert [(t.name, t.proposals, t.adopted) for t in top[:1]] == [("陈", 2, 1)]
    assert top[0].benefit == Decimal("20000.00")
    assert len(top) == 3


def test_by_enterprise_agrees_with_the_total(figures):
    rows = dict(metrics.by_enterprise(Scope(org=figures.city)))
    assert sum(s.proposal_count for s in rows.values()) == 6
    assert rows[Org.objects.get(pk=figures.ent_a1.pk)].participation_rate == Rate(3, 4)
    assert rows[Org.objects.get(pk=figures.ent_b1.pk)].participation_rate.value is None


def test_an_empty_scope_has_no_made_up_rates(world):
    s = metrics.summary(Scope(org=world.ent_b2))
    assert s.proposal_count == 0
    assert s.adoption_rate.value is None
    assert s.realised_benefit == Decimal("0.00")


def test_by_child_rolls_enterprises_up_and_merges_exactly(figures):
    rows = metrics.by_child(Scope(org=figures.city))
    by_code = {org.code: s for org, s in rows}
    assert set(by_code) == {"DA", "DB"}
    assert by_code["DA"].proposal_count == 5
    assert by_code["DA"].participation_rate == Rate(4, 14)
    assert by_code["DB"].rewards_paid == Decimal("2800.00")
    total = metrics.merge([s for _org, s in rows])
    assert total == metrics.summary(Scope(org=figures.city))
