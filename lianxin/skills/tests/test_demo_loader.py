"""The skills demo: certificates of 天香面业's members and credits for the demo's adopted proposals,
all through the skills services; a second run adds nothing."""

import pytest

from lianxin.demo.members_loader import load_members_demo
from lianxin.demo.skills_loader import load_skills_demo
from lianxin.members.models import Person
from lianxin.proposals.demo import load_proposals_demo
from lianxin.proposals.models import Proposal
from lianxin.proposals.states import ADOPTED_STATES
from lianxin.skills.models import Certificate, CreditLine
from lianxin.skills.selectors import balance_of

pytestmark = pytest.mark.django_db


def test_the_demo_credits_certificates_and_adopted_proposals_once(demo_orgs):
    load_proposals_demo()
    load_members_demo()
    certificates, credited = load_skills_demo()
    assert certificates == Certificate.objects.count() == 12
    assert CreditLine.objects.filter(kind="certificate").count() == 12
    worker = Person.objects.get(user__username="worker")
    adopted = Proposal.objects.filter(
        status__in=ADOPTED_STATES, proposers__user__username="worker"
    ).count()
    assert credited == adopted == CreditLine.objects.filter(kind="proposal_adopted").count()
    assert adopted > 0
    assert balance_of(worker.pk) == 5 * adopted
    lines = CreditLine.objects.count()
    assert load_skills_demo() == (0, 0)
    assert CreditLine.objects.count() == lines
