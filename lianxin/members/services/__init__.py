"""Every change to persons and memberships: one function per action, one transaction, one event.

By concern: `people` (one person per ID number, the logged full-ID view), `memberships` (入会,
审批, 会籍转接, 退会), `merge` (the merge list's action), `erasure` and `retention` (PIPL),
`figures` (workforce and targets).
"""

from lianxin.members.services.erasure import erase_person
from lianxin.members.services.figures import record_workforce, set_target
from lianxin.members.services.memberships import (
    AlreadyMember,
    apply_for_membership,
    approve_membership,
    leave_union,
    register_member,
    reject_membership,
    transfer_membership,
)
from lianxin.members.services.merge import merge_persons
from lianxin.members.services.people import PersonDetails, SelfActor, reveal_id_number
from lianxin.members.services.retention import apply_retention

__all__ = [
    "AlreadyMember",
    "PersonDetails",
    "SelfActor",
    "apply_for_membership",
    "apply_retention",
    "approve_membership",
    "erase_person",
    "leave_union",
    "merge_persons",
    "record_workforce",
    "register_member",
    "reject_membership",
    "reveal_id_number",
    "set_target",
    "transfer_membership",
]
