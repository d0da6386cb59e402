"""Every write of the proposals app: the pipeline, reward rules, and 议事厅 meetings."""

from lianxin.proposals.services.meetings import (
    add_agenda_item,
    add_attendee,
    add_resolution,
    complete_resolution,
    create_meeting,
    drop_resolution,
    enterprise_workers,
    publish_minutes,
    record_minutes,
)
from lianxin.proposals.services.pipeline import (
    adopt_proposal,
    case_from_proposal,
    decline_proposal,
    forward_proposal,
    parse_benefit,
    proposal_from_case,
    record_implementation,
    review_proposal,
    reward_proposal,
    start_implementation,
    submit_proposal,
)
from lianxin.proposals.services.rules import TierSpec, set_reward_rules

__all__ = [
    "TierSpec",
    "add_agenda_item",
    "add_attendee",
    "add_resolution",
    "adopt_proposal",
    "case_from_proposal",
    "complete_resolution",
    "create_meeting",
    "decline_proposal",
    "drop_resolution",
    "enterprise_workers",
    "forward_proposal",
    "parse_benefit",
    "proposal_from_case",
    "publish_minutes",
    "record_implementation",
    "record_minutes",
    "review_proposal",
    "reward_proposal",
    "set_reward_rules",
    "start_implementation",
    "submit_proposal",
]
