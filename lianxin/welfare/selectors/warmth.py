"""Every read of 送温暖 campaigns and recipients, already scoped to the user (permissions/warmth.py)."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from lianxin.core.errors import NotFound
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org, subtree_q
from lianxin.welfare.models.warmth import Campaign, Recipient
from lianxin.welfare.permissions.warmth import (
    SEEING_ROLES,
    can_run_campaign,
    visible_campaigns,
    visible_recipients,
)
from lianxin.welfare.states.warmth import RecipientState

AnyUser = User | AnonymousUser


def campaign_list(user: AnyUser, *, state: str = "") -> QuerySet[Campaign]:
    """Campaigns the user may see, newest first, each with `delivered` (人次) and `spent`."""
    done = Q(recipients__state=RecipientState.DELIVERED)
    rows = (
        visible_campaigns(user)
        .select_related("org")
        .annotate(
            delivered=Count("recipients", filter=done),
            spent=Sum("recipients__delivery__value", filter=done),
        )
    )
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-starts_on", "-pk")


def campaign_detail(user: AnyUser, campaign_id: int) -> Campaign:
    found = campaign_list(user).filter(pk=campaign_id).first()
    if found is None:
        raise NotFound(_("No such campaign."), code="welfare.campaign_not_found")
    return found


def org_for_code(user: AnyUser, code: str) -> Org:
    """An org the user's union roles reach, by code; NotFound otherwise (like a missing one)."""
    org = org_perms.orgs_reached(user, SEEING_ROLES).filter(code=code).first()
    if org is None:
        raise NotFound(_("No such organisation."), code="welfare.org_not_found")
    return org


def _campaign_rows(user: AnyUser, campaign: Campaign) -> QuerySet[Recipient]:
    """The campaign's listings the user may read: its own staff all, a union its own subtree's."""
    if can_run_campaign(user, campaign):
        return Recipient.objects.filter(campaign=campaign)
    return visible_recipients(user).filter(campaign=campaign)


def recipient_list(
    user: AnyUser, campaign: Campaign, *, state: str = "", org: Org | None = None
) -> QuerySet[Recipient]:
    """One row per listing the user may read, newest first (names are masked by whoever shows them)."""
    rows = _campaign_rows(user, campaign).select_related("person", "org", "delivery")
    if state:
        rows = rows.filter(state=state)
    if org is not None:
        rows = rows.filter(subtree_q([org.path], field="org__path"))
    return rows.order_by("-listed_at", "-pk")


def flagged_duplicates(user: AnyUser, campaign: Campaign) -> QuerySet[Recipient]:
    """Flagged listings waiting for the federation's decision, with the listing each repeats."""
    rows = recipient_list(user, campaign, state=RecipientState.FLAGGED)
    return rows.select_related("duplicate_of__org", "duplicate_of__person").order_by("listed_at")


def recipient_detail(user: AnyUser, recipient_id: int) -> Recipient:
    row = (
        Recipient.objects.select_related("campaign__org", "org", "person", "delivery")
        .filter(pk=recipient_id).first()
    )  # fmt: skip
    if row is None or not _campaign_rows(user, row.campaign).filter(pk=row.pk).exists():
        raise NotFound(_("No such recipient."), code="welfare.recipient_not_found")
    return row
