"""The demo loader: Chancheng-like data over the Jiaozuo demo orgs, loaded once."""

from django.contrib.auth.models import User

from lianxin.audit.selectors import verify_chains
from lianxin.cases.metrics import Scope
from lianxin.orgs.models import Org
from lianxin.proposals import metrics, selectors
from lianxin.proposals.demo import load_proposals_demo
from lianxin.proposals.models import Meeting, Proposal, Resolution


def test_the_demo_loads_every_state_once_and_verifies(demo_orgs):
    created = load_proposals_demo()
    assert created == Proposal.objects.count() > 40
    states = set(Proposal.objects.values_list("status", flat=True))
    assert {"submitted", "declined", "adopted", "implemented", "rewarded"} <= states
    assert Meeting.objects.count() == 2
    assert Resolution.objects.filter(status="done").count() == 2
    chair = User.objects.get(username="chair")
    assert selectors.overdue_resolutions(chair).count() == 1
    home = Org.objects.get(code="JZ-SY-YH-01")
    summary = metrics.summary(Scope(org=home))
    assert summary.rewards_paid > 0
    assert summary.participation_rate.denominator == home.workforce
    worker = User.objects.get(username="worker")
    assert selectors.my_proposals(user=worker).count() == 3
    assert not list(verify_chains())
    assert load_proposals_demo() == 0
    assert Proposal.objects.count() == created
