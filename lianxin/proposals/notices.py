"""Who is told what when a proposal or a resolution moves: rows in the notifications outbox."""

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.cases.notices import HANDLING, supervisors_of, users_with_roles
from lianxin.core.notifications import enqueue_notifications, register_kind
from lianxin.proposals.models import Meeting, Proposal, Resolution

# The kinds a user may choose e-mail or SMS for (/inbox/settings/).
register_kind("proposal_submitted", gettext_lazy("New proposals"))
register_kind("proposal_moved", gettext_lazy("My proposals moving on"))
register_kind("resolution_supervised", gettext_lazy("Meeting resolutions due"))
register_kind("minutes_published", gettext_lazy("Meeting minutes published"))


def _proposer_accounts(proposal: Proposal) -> list[User]:
    users = [p.user for p in proposal.proposers.select_related("user") if p.user_id]
    if proposal.submitted_by_id and proposal.submitted_by is not None:
        users.append(proposal.submitted_by)
    return [u for u in users if u is not None and u.is_active]


def proposal_submitted(proposal: Proposal) -> None:
    enqueue_notifications(
        recipients=users_with_roles([proposal.enterprise], HANDLING),
        kind="proposal_submitted",
        subject=_("New proposal %(number)s: %(title)s")
        % {"number": proposal.number, "title": proposal.title},
        link=reverse("proposals:detail", args=[proposal.pk]),
    )


def proposal_moved(proposal: Proposal, label: str) -> None:
    """The proposers hear of every step of their proposal."""
    enqueue_notifications(
        recipients=_proposer_accounts(proposal),
        kind="proposal_moved",
        subject=_("Your proposal %(number)s: %(step)s")
        % {"number": proposal.number, "step": label},
        link=reverse("proposals:detail", args=[proposal.pk]),
    )


def resolution_recipients(resolution: Resolution) -> list[User]:
    """The owner (with an account), the enterprise's chair and staff, the supervisors above it."""
    org = resolution.meeting.org
    owner = [resolution.owner] if resolution.owner and resolution.owner.is_active else []
    return [*owner, *users_with_roles([org], HANDLING), *supervisors_of(org)]


def resolution_supervised(resolution: Resolution, *, overdue: bool) -> None:
    """督办 of a meeting resolution: the same people a case's notice reaches, and the owner."""
    subject = (
        _("Supervision: resolution of “%(meeting)s” is overdue")
        if overdue
        else _("Supervision: resolution of “%(meeting)s” is due soon")
    ) % {"meeting": resolution.meeting.title}
    enqueue_notifications(
        recipients=resolution_recipients(resolution),
        kind="resolution_supervised",
        subject=subject,
        body=resolution.text,
        link=reverse("proposals:meeting", args=[resolution.meeting_id]),
    )


def minutes_published(meeting: Meeting, workers: list[User]) -> None:
    """厂务公开: the enterprise's workers with an account hear that the minutes are out."""
    enqueue_notifications(
        recipients=workers,
        kind="minutes_published",
        subject=_("Minutes published: %(title)s") % {"title": meeting.title},
        link=reverse("proposals:public_minutes", args=[meeting.org.code]),
    )
