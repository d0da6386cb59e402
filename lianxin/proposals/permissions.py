"""Who may see which proposals and meetings, and make which move: built on the org scoping in `orgs`.

- Staff see the proposals and meetings of the enterprises their roles reach (the subtree rule);
  chair/staff/admin roles reaching the enterprise handle them (review, adopt, reward, run meetings).
- A worker (any signed-in account, roles or none) sees the proposals they made or submitted, and
  nothing else; the only thing a worker does is submit.
- A resolution's owner, when they have an account, may report it done even without a role.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.core.errors import PermissionDenied
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org, OrgKind, subtree_q
from lianxin.proposals.models import Meeting, Proposal, Resolution
from lianxin.proposals.states import (
    Action,
    ResolutionAction,
    actions_from,
    resolution_actions_from,
)

AnyUser = User | AnonymousUser


def _staff_paths(user: AnyUser) -> list[str]:
    paths, _own = org_perms.reach(user, org_perms.SUBTREE_ROLES)
    return paths


def visible_proposals(user: AnyUser) -> QuerySet[Proposal]:
    """Proposals of enterprises the user's roles reach, and the user's own proposals."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    if user.is_superuser:
        return Proposal.objects.all()
    own = Q(submitted_by=user) | Q(proposers__user=user)
    mine = Proposal.objects.filter(own).values("pk")
    return Proposal.objects.filter(
        subtree_q(_staff_paths(user), field="enterprise__path") | Q(pk__in=mine)
    )


def own_proposals(user: AnyUser) -> QuerySet[Proposal]:
    """The proposals this person made (a proposer) or handed in (the submitter)."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    mine = Proposal.objects.filter(Q(submitted_by=user) | Q(proposers__user=user)).values("pk")
    return Proposal.objects.filter(pk__in=mine)


def can_see_proposal(user: AnyUser, proposal: Proposal) -> bool:
    return visible_proposals(user).filter(pk=proposal.pk).exists()


def can_handle(user: AnyUser, proposal: Proposal) -> bool:
    return org_perms.can_act_in(user, proposal.enterprise)


def may(user: AnyUser, action: Action, proposal: Proposal) -> bool:
    """Every pipeline move belongs to whoever handles the enterprise (the state is the table's)."""
    return can_handle(user, proposal)


def ensure_may(user: AnyUser, action: Action, proposal: Proposal) -> None:
    if not may(user, action, proposal):
        raise PermissionDenied(
            _("You may not do this to proposal %(number)s.") % {"number": proposal.number},
            code="proposal.permission_denied",
            action=str(action),
        )


def allowed_actions(user: AnyUser, proposal: Proposal) -> list[Action]:
    return [a for a in actions_from(proposal.status) if may(user, a, proposal)]


def can_submit_in(user: AnyUser, enterprise: Org) -> bool:
    """Any signed-in person may hand in a proposal to an active enterprise."""
    return bool(
        user.is_authenticated and enterprise.is_active and enterprise.kind == OrgKind.ENTERPRISE
    )


def submits_for_others(user: AnyUser, enterprise: Org) -> bool:
    """Staff of the enterprise enter proposals on behalf of named workers."""
    return org_perms.can_act_in(user, enterprise)


def can_manage_rules(user: AnyUser, enterprise: Org) -> bool:
    return org_perms.can_act_in(user, enterprise)


# ---- meetings ------------------------------------------------------------------------------------


def visible_meetings(user: AnyUser) -> QuerySet[Meeting]:
    if not user.is_authenticated:
        return Meeting.objects.none()
    if user.is_superuser:
        return Meeting.objects.all()
    return Meeting.objects.filter(subtree_q(_staff_paths(user), field="org__path"))


def visible_resolutions(user: AnyUser) -> QuerySet[Resolution]:
    """Resolutions of the meetings the user sees, and those the user owns."""
    if not user.is_authenticated:
        return Resolution.objects.none()
    if user.is_superuser:
        return Resolution.objects.all()
    return Resolution.objects.filter(
        subtree_q(_staff_paths(user), field="meeting__org__path") | Q(owner=user)
    )


def can_see_meeting(user: AnyUser, meeting: Meeting) -> bool:
    return org_perms.can_see_org(user, meeting.org)


def can_manage_meeting(user: AnyUser, meeting: Meeting) -> bool:
    return org_perms.can_act_in(user, meeting.org)


def can_hold_meetings_in(user: AnyUser, org: Org) -> bool:
    return org.kind == OrgKind.ENTERPRISE and org_perms.can_act_in(user, org)


def ensure_can_manage_meeting(user: AnyUser, meeting: Meeting) -> None:
    if not can_manage_meeting(user, meeting):
        raise PermissionDenied(
            _("You may not change this meeting."), code="meeting.permission_denied"
        )


def may_resolve(user: AnyUser, action: ResolutionAction, resolution: Resolution) -> bool:
    """The enterprise's handlers decide; the owner with an account may report it done."""
    if org_perms.can_act_in(user, resolution.meeting.org):
        return True
    return action == ResolutionAction.COMPLETE and bool(
        user.is_authenticated and resolution.owner_id == user.pk
    )


def ensure_may_resolve(user: AnyUser, action: ResolutionAction, resolution: Resolution) -> None:
    if not may_resolve(user, action, resolution):
        raise PermissionDenied(
            _("You may not change this resolution."),
            code="resolution.permission_denied",
            action=str(action),
        )


def allowed_resolution_actions(user: AnyUser, resolution: Resolution) -> list[ResolutionAction]:
    return [
        a for a in resolution_actions_from(resolution.status) if may_resolve(user, a, resolution)
    ]
