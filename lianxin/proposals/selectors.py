"""Reads of proposals and meetings, always starting from what the user may see."""

from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import BooleanField, Count, ExpressionWrapper, Model, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.audit.models import Event
from lianxin.audit.selectors import events_for
from lianxin.cases.models import Case
from lianxin.core import clock
from lianxin.core.errors import NotFound
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.permissions import actionable_orgs, can_act_in
from lianxin.proposals.models import Meeting, Proposal, Proposer, Resolution, RewardRule
from lianxin.proposals.permissions import (
    own_proposals,
    visible_meetings,
    visible_proposals,
    visible_resolutions,
)
from lianxin.proposals.states import ResolutionStatus

AnyUser = User | AnonymousUser


def _with_people(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return qs.select_related("enterprise", "team", "case").prefetch_related(
        Prefetch("proposers", queryset=Proposer.objects.order_by("pk"))
    )


def proposal_list(
    *, user: AnyUser, status: str = "", enterprise: Org | None = None, text: str = ""
) -> QuerySet[Proposal]:
    """The pipeline rows the user may see, newest first, with what a row displays joined in."""
    qs = visible_proposals(user)
    if status:
        qs = qs.filter(status=status)
    if enterprise is not None:
        qs = qs.filter(enterprise__path__startswith=enterprise.path)
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(proposers__name__icontains=text)).distinct()
    return _with_people(qs).order_by("-submitted_at", "-pk")


def my_proposals(*, user: AnyUser) -> QuerySet[Proposal]:
    return _with_people(own_proposals(user)).order_by("-submitted_at", "-pk")


def my_enterprises(*, user: AnyUser) -> QuerySet[Org]:
    """The enterprises of one's own proposals: where one reads the published minutes."""
    return Org.objects.filter(pk__in=own_proposals(user).values("enterprise_id")).order_by("path")


def proposal_detail(*, user: AnyUser, proposal_id: int) -> Proposal:
    """One proposal; outside the user's scope it answers exactly like a missing one."""
    proposal = (
        _with_people(visible_proposals(user))
        .select_related("submitted_by", "reward_rule")
        .prefetch_related("attachments")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise NotFound(_("No such proposal."), code="proposal.not_found")
    return proposal


def proposals_of_case(*, user: AnyUser, case: Case) -> QuerySet[Proposal]:
    return visible_proposals(user).filter(case=case).order_by("pk")


def can_convert_case(user: AnyUser, case: Case) -> bool:
    """A case raised in an enterprise (or one of its teams) whose handlers include the user."""
    org = case.origin_org
    enterprise = (
        org if org.kind == OrgKind.ENTERPRISE else org.parent if org.kind == OrgKind.TEAM else None
    )
    return enterprise is not None and can_act_in(user, enterprise)


def timeline(*, target: Model, public_only: bool = False) -> QuerySet[Event]:
    return events_for(target, public_only=public_only)


def handled_enterprises(*, user: AnyUser) -> QuerySet[Org]:
    """Enterprises whose proposals, rules and meetings this user runs."""
    return actionable_orgs(user).filter(kind=OrgKind.ENTERPRISE, is_active=True).order_by("path")


def reward_rules(*, enterprise: Org) -> QuerySet[RewardRule]:
    return RewardRule.objects.filter(enterprise=enterprise).order_by("min_benefit")


def submittable_enterprises() -> QuerySet[Org]:
    return Org.objects.filter(kind=OrgKind.ENTERPRISE, is_active=True).select_related("parent")


# ---- meetings ------------------------------------------------------------------------------------


def overdue_q(now: datetime) -> Q:
    """A resolution is overdue while it is open past its deadline (derived, never stored)."""
    return Q(status=ResolutionStatus.OPEN, due__lt=now)


def with_overdue(qs: QuerySet[Resolution]) -> QuerySet[Resolution]:
    return qs.annotate(
        is_overdue=ExpressionWrapper(overdue_q(clock.now()), output_field=BooleanField())
    )


def meeting_list(*, user: AnyUser) -> QuerySet[Meeting]:
    return (
        visible_meetings(user)
        .select_related("org")
        .annotate(
            n_resolutions=Count("resolutions", distinct=True),
            n_open=Count(
                "resolutions",
                filter=Q(resolutions__status=ResolutionStatus.OPEN),
                distinct=True,
            ),
        )
        .order_by("-held_at", "-pk")
    )


def meeting_detail(*, user: AnyUser, meeting_id: int) -> Meeting:
    meeting = (
        visible_meetings(user)
        .select_related("org", "created_by")
        .prefetch_related(
            "attendees",
            "agenda__case",
            "agenda__proposal",
            Prefetch(
                "resolutions",
                queryset=with_overdue(Resolution.objects.select_related("owner")).order_by(
                    "due", "pk"
                ),
            ),
        )
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotFound(_("No such meeting."), code="meeting.not_found")
    return meeting


def resolution_list(*, user: AnyUser, status: str = "") -> QuerySet[Resolution]:
    qs = with_overdue(visible_resolutions(user)).select_related("meeting__org", "owner")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due", "pk")


def overdue_resolutions(user: AnyUser) -> QuerySet[Resolution]:
    """Open resolutions past their deadline that the user may see, most overdue first."""
    return (
        with_overdue(visible_resolutions(user))
        .filter(overdue_q(clock.now()))
        .select_related("meeting__org", "owner")
        .order_by("due", "pk")
    )


def due_soon_resolutions(user: AnyUser, *, hours: int = 72) -> QuerySet[Resolution]:
    now = clock.now()
    return (
        with_overdue(visible_resolutions(user))
        .filter(status=ResolutionStatus.OPEN, due__gte=now, due__lte=now + timedelta(hours=hours))
        .select_related("meeting__org", "owner")
        .order_by("due", "pk")
    )


def resolution_counts(user: AnyUser) -> dict[str, int]:
    """Open and overdue resolutions, for the ledger's supervision view, in one query."""
    return (
        visible_resolutions(user)
        .order_by()
        .aggregate(
            open=Count("pk", filter=Q(status=ResolutionStatus.OPEN)),
            overdue=Count("pk", filter=overdue_q(clock.now())),
        )
    )


def published_meetings(*, org_code: str) -> tuple[Org, QuerySet[Meeting]]:
    """厂务公开: an enterprise's published minutes, for everyone to read (no personal data)."""
    org = Org.objects.filter(code=org_code, kind=OrgKind.ENTERPRISE, is_active=True).first()
    if org is None:
        raise NotFound(_("No such enterprise."), code="org.not_found")
    meetings = (
        Meeting.objects.filter(org=org, minutes_published_at__isnull=False)
        .prefetch_related(
            "agenda",
            Prefetch("resolutions", queryset=with_overdue(Resolution.objects.order_by("due"))),
        )
        .order_by("-held_at", "-pk")
    )
    return org, meetings
