"""Who may see and move 送温暖 campaigns and their recipients.

- A campaign (its figures, budget and progress): seen by the union roles (chair, staff, supervisor,
  leader, admin) reaching its organiser, and by those of the unions below it that list recipients.
  Partners, judges, contest experts and users without a role see none (404).
- A recipient list is personal: only chair, staff and admins reaching the union that listed the
  person (that union and its federations' staff) see the rows. Leaders and supervisors read the
  amounts, which aggregate upward; names do not. A chair of another enterprise sees no row.
- Listing, delivering and withdrawing: chair, staff and admins reaching the listing union.
- Opening and closing a campaign, and deciding a flagged duplicate: chair, staff and admins
  reaching the organising federation (the campaign's own staff).
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.core.errors import PermissionDenied
from lianxin.orgs import permissions as org_perms
from lianxin.orgs import tree
from lianxin.orgs.models import Org, RoleName
from lianxin.welfare.models.warmth import Campaign, Recipient
from lianxin.welfare.states.warmth import DECISIONS, RecipientAction

AnyUser = User | AnonymousUser

SEEING_ROLES = frozenset(
    {RoleName.CHAIR, RoleName.STAFF, RoleName.SUPERVISOR, RoleName.LEADER, RoleName.ADMIN}
)
ACTING_ROLES = org_perms.HANDLING_ROLES


def visible_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    """Campaigns organised in the user's subtree or above one of the user's unions."""
    if not user.is_authenticated:
        return Campaign.objects.none()
    if user.is_superuser:
        return Campaign.objects.all()
    paths, _own = org_perms.reach(user, SEEING_ROLES)
    if not paths:
        return Campaign.objects.none()
    above = {a for p in paths for a in [*tree.ancestor_paths(p), p]}
    below = org_perms.orgs_reached(user, SEEING_ROLES)
    return Campaign.objects.filter(Q(org__path__in=sorted(above)) | Q(org__in=below))


def recipient_orgs(user: AnyUser) -> QuerySet[Org]:
    """The unions whose listings the user may read (names masked)."""
    return org_perms.orgs_reached(user, ACTING_ROLES)


def visible_recipients(user: AnyUser) -> QuerySet[Recipient]:
    if not user.is_authenticated:
        return Recipient.objects.none()
    if user.is_superuser:
        return Recipient.objects.all()
    return Recipient.objects.filter(org__in=recipient_orgs(user))


def can_see_recipient(user: AnyUser, recipient: Recipient) -> bool:
    return org_perms.reaches(user, recipient.org, ACTING_ROLES)


def can_run_campaign(user: AnyUser, campaign: Campaign) -> bool:
    """The organiser's own staff: open, close, decide duplicates."""
    return org_perms.reaches(user, campaign.org, ACTING_ROLES)


def can_list_in(user: AnyUser, org: Org) -> bool:
    return org_perms.reaches(user, org, ACTING_ROLES)


def may_move(user: AnyUser, action: RecipientAction, recipient: Recipient) -> bool:
    if action in DECISIONS:
        return can_run_campaign(user, recipient.campaign)
    return can_list_in(user, recipient.org)


def ensure_may_move(user: AnyUser, action: RecipientAction, recipient: Recipient) -> None:
    if not may_move(user, action, recipient):
        raise PermissionDenied(
            _("You may not make this move on the recipient."), code="welfare.permission_denied"
        )


def ensure_may_run(user: AnyUser, campaign: Campaign) -> None:
    if not can_run_campaign(user, campaign):
        raise PermissionDenied(
            _("Only the organising federation's staff may do this."),
            code="welfare.permission_denied",
        )


def ensure_may_list_in(user: AnyUser, org: Org) -> None:
    if not can_list_in(user, org):
        raise PermissionDenied(
            _("You may not list recipients for %(org)s.") % {"org": org.name},
            code="welfare.permission_denied",
        )
