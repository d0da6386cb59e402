"""督办 of meeting resolutions, by the same rules as cases (lianxin/cases/supervision.py):

An open resolution due within `warn_hours`, or past its deadline, gets a supervision notice — at
most one per resolution per 24 hours (`Resolution.last_supervised_at`). Each notice is its own
transaction: the row is locked and re-checked, stamped, journalled once (internal) and the owner,
the enterprise's chair and staff and the supervisors above it are notified through the outbox.
A resolution has no org to escalate to, so there is no escalation step.
"""

import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.services import record_event
from lianxin.cases.deadlines import BEIJING
from lianxin.core import clock
from lianxin.proposals import notices
from lianxin.proposals.models import Resolution
from lianxin.proposals.states import ResolutionStatus

logger = logging.getLogger("lianxin.supervision")

NOTICE_INTERVAL = timedelta(hours=24)


@dataclass
class ResolutionReport:
    warned: int = 0
    overdue_notified: int = 0
    skipped: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _needs_notice(now: datetime, warn_hours: int) -> Q:
    return Q(status=ResolutionStatus.OPEN, due__lte=now + timedelta(hours=warn_hours))


def _not_noticed_since(moment: datetime) -> Q:
    return Q(last_supervised_at__isnull=True) | Q(last_supervised_at__lte=moment)


def supervise_resolutions(
    *, now: datetime | None = None, warn_hours: int = 24, dry_run: bool = False
) -> ResolutionReport:
    """Notice every open resolution near or past its deadline, once per 24 hours."""
    # One UTC moment for the run, as in the case supervision (journal times re-hash in UTC).
    now = (now or clock.now()).astimezone(UTC)
    due = Resolution.objects.filter(_needs_notice(now, warn_hours))
    report = ResolutionReport(
        dry_run=dry_run, skipped=due.filter(last_supervised_at__gt=now - NOTICE_INTERVAL).count()
    )
    rows = (
        due.filter(_not_noticed_since(now - NOTICE_INTERVAL))
        .order_by("due", "pk")
        .values_list("pk", "due")
    )
    with clock.frozen_at(now):
        for pk, deadline in rows:
            if dry_run:
                overdue: bool | None = deadline < now
            else:
                overdue = supervise_resolution(resolution_id=pk, warn_hours=warn_hours)
            if overdue is None:
                report.skipped += 1
            elif overdue:
                report.overdue_notified += 1
            else:
                report.warned += 1
    logger.info("resolution supervision at %s: %s", now.isoformat(), report.as_dict())
    return report


@transaction.atomic
def supervise_resolution(*, resolution_id: int, warn_hours: int = 24) -> bool | None:
    """One 督办 notice; returns whether the resolution is overdue, or None (nothing written)."""
    now = clock.now()
    resolution = (
        Resolution.objects.select_for_update()
        .filter(_needs_notice(now, warn_hours), _not_noticed_since(now - NOTICE_INTERVAL))
        .filter(pk=resolution_id)
        .first()
    )
    if resolution is None:
        return None
    overdue = resolution.due < now
    resolution.last_supervised_at = now
    resolution.save(update_fields=["last_supervised_at"])
    due = resolution.due.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    record_event(
        target=resolution,
        actor=None,
        kind="supervised",
        note=(_("Overdue since %(due)s.") if overdue else _("Due by %(due)s.")) % {"due": due},
        visibility=Visibility.INTERNAL,
        state_before=resolution.status,
        state_after=resolution.status,
        data={"overdue": overdue},
    )
    notices.resolution_supervised(resolution, overdue=overdue)
    return overdue
