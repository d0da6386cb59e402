"""Builders for proposal tests: every row is made through the services."""

from datetime import datetime, timedelta
from decimal import Decimal

from lianxin.core import clock
from lianxin.orgs.tests.factories import UserFactory
from lianxin.proposals import services
from lianxin.proposals.models import Proposal
from lianxin.proposals.services import TierSpec

# The tiers of the hand-computed example (see test_rewards.py).
TIERS = [
    TierSpec("鼓励奖", Decimal(0), base_amount=Decimal(100), form="honour"),
    TierSpec("三等奖", Decimal(10000), base_amount=Decimal(500), percent=Decimal(2)),
    TierSpec(
        "二等奖",
        Decimal(50000),
        base_amount=Decimal(1000),
        percent=Decimal(3),
        max_amount=Decimal(5000),
    ),
]


def worker(name: str = "陈小红", username: str | None = None):
    """A worker's login: a Django user without any role."""
    kwargs = {"first_name": name}
    if username:
        kwargs["username"] = username
    return UserFactory(**kwargs)


def submit(*, actor, enterprise, at: datetime | None = None, **fields) -> Proposal:
    defaults = {
        "title": "冲压线换模时间过长",
        "problem": "冲压线每次换模需要45分钟，班组每天要换4次。",
        "solution": "做一套快速换模定位工装，换模前预热模具。",
        "expected_benefit": "每天节省两小时产能。",
        "department": "冲压车间",
    }
    defaults.update(fields)
    if at is None:
        return services.submit_proposal(actor=actor, enterprise=enterprise, **defaults)
    with clock.frozen_at(at):
        return services.submit_proposal(actor=actor, enterprise=enterprise, **defaults)


def advance(proposal: Proposal, actor, to: str, *, benefit="12000.00", description="") -> Proposal:
    """Walk a proposal along the pipeline up to `to` through the services."""
    steps = [
        ("department_review", lambda: services.review_proposal(proposal_id=proposal.pk, actor=actor)),
        ("committee_review", lambda: services.forward_proposal(proposal_id=proposal.pk, actor=actor)),
        ("adopted", lambda: services.adopt_proposal(proposal_id=proposal.pk, actor=actor, note="可行")),
        ("implementing", lambda: services.start_implementation(proposal_id=proposal.pk, actor=actor)),
        ("implemented", lambda: services.record_implementation(
            proposal_id=proposal.pk, actor=actor, realised_benefit=benefit,
            benefit_description=description)),
        ("rewarded", lambda: services.reward_proposal(proposal_id=proposal.pk, actor=actor)),
    ]  # fmt: skip
    for state, step in steps:
        proposal = step()
        if state == to:
            return proposal
    raise ValueError(to)


def set_tiers(actor, enterprise, tiers=TIERS):
    return services.set_reward_rules(actor=actor, enterprise=enterprise, tiers=tiers)


def meeting(*, actor, org, held_at: datetime | None = None, title="2026年第一季度议事厅"):
    return services.create_meeting(
        actor=actor, org=org, title=title, held_at=held_at or clock.now() - timedelta(days=10),
        place="职工之家会议室",
    )  # fmt: skip
