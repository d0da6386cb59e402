"""督办 of home visits: a file in aid whose next visit is past due is noticed in the supervision run.

The ledger's supervision task calls `supervise_hardship_visits(now)` (registered in welfare's
`AppConfig.ready()` through `cases.hooks.register_supervision_step`). Each overdue file is noticed
at most once a day: its row is locked and re-checked, stamped (`visit_noticed_on`), journalled once
(internal, ids only) and the holding union's chair and staff get a notice linking to the card
(where the union has none, those of the nearest union above it).
"""

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.audit.services import record_event
from lianxin.core.notifications import enqueue_notifications
from lianxin.orgs.models import Role, RoleName
from lianxin.orgs.tree import ancestor_paths
from lianxin.welfare.models.hardship import HardshipFile
from lianxin.welfare.states.hardship import VISITED_STATES

NOTICE_KIND = "hardship_visit_overdue"


def overdue_q(today: date) -> Q:
    """Files in aid whose next home visit was due before `today`."""
    return Q(state__in=sorted(VISITED_STATES), next_visit_due__lt=today)


def supervise_hardship_visits(now: datetime) -> dict[str, Any]:
    """Notice each overdue file once today; returns how many were noticed."""
    today = timezone.localdate(now)
    due = HardshipFile.objects.filter(overdue_q(today)).filter(
        Q(visit_noticed_on__isnull=True) | Q(visit_noticed_on__lt=today)
    )
    noticed = sum(_notice(pk, today) for pk in due.values_list("pk", flat=True))
    return {"visits_overdue_noticed": noticed}


@transaction.atomic
def _notice(file_id: int, today: date) -> int:
    file = (
        HardshipFile.objects.select_for_update(of=("self",))
        .select_related("org")
        .filter(overdue_q(today), pk=file_id)
        .exclude(visit_noticed_on=today)
        .first()
    )
    if file is None:  # visited or noticed meanwhile
        return 0
    assert file.next_visit_due is not None
    file.visit_noticed_on = today
    file.save(update_fields=["visit_noticed_on"])
    days = (today - file.next_visit_due).days
    record_event(
        target=file, actor=None, kind="visit_overdue",
        data={"org": file.org.code, "due": file.next_visit_due.isoformat(), "days": days},
    )  # fmt: skip
    enqueue_notifications(
        recipients=_recipients(file), kind=NOTICE_KIND,
        subject=_("督办: the home visit of hardship file %(number)s is overdue")
        % {"number": file.number},
        body=_("The visit was due on %(due)s (%(days)s days ago).")
        % {"due": file.next_visit_due.isoformat(), "days": days},
        link=reverse("welfare:hardship_detail", args=[file.pk]),
    )  # fmt: skip
    return 1


def _recipients(file: HardshipFile) -> list[User]:
    """The chair and staff of the holding union; where it has none, of the nearest union above."""
    paths = [*ancestor_paths(file.org.path), file.org.path]
    roles = Role.objects.filter(
        org__path__in=paths, role__in=(RoleName.CHAIR, RoleName.STAFF), user__is_active=True
    ).select_related("user", "org")
    by_path: dict[str, list[User]] = {}
    for role in roles:
        by_path.setdefault(role.org.path, []).append(role.user)
    nearest = max(by_path, key=len, default=None)
    return by_path[nearest] if nearest else []
