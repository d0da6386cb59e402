"""Hardship-aid figures for an org's subtree over a period, computed in the database.

- hardship_files_open: files opened by the end of the period and open (applied, registered or under
  review) now;
- hardship_files_closed_out: files that ended out of hardship (解困脱困) within the period;
- visits_done: home visits made within the period;
- visits_overdue: files in aid now whose next visit was due before the period's last day;
- aid_paid: aid paid within the period (yuan, a Decimal).

Amounts aggregate upward; no person appears here.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Sum

from lianxin.orgs.models import Org
from lianxin.welfare.models.hardship import AidPayment, HardshipFile, Visit
from lianxin.welfare.states.hardship import (
    OPEN_FILE_STATES,
    VISITED_STATES,
    FileState,
    PaymentState,
)

AnyUser = User | AnonymousUser


def figures(*, user: AnyUser, org: Org, start: date, end: date) -> dict[str, Any]:
    """The area's figures for `org`'s subtree between `start` and `end` (both included).

    Scope (may `user` read `org`'s figures) is the caller's question, as for every area."""
    files = HardshipFile.objects.filter(org__in=Org.objects.subtree_of(org))
    paid = AidPayment.objects.filter(
        file__in=files, state=PaymentState.PAID, paid_on__gte=start, paid_on__lte=end
    ).aggregate(total=Sum("amount"))["total"]
    return {
        "hardship_files_open": files.filter(
            state__in=sorted(OPEN_FILE_STATES), opened_on__lte=end
        ).count(),
        "hardship_files_closed_out": files.filter(
            state=FileState.OUT_OF_HARDSHIP, ended_on__gte=start, ended_on__lte=end
        ).count(),
        "visits_done": Visit.objects.filter(
            file__in=files, visited_on__gte=start, visited_on__lte=end
        ).count(),
        "visits_overdue": files.filter(
            state__in=sorted(VISITED_STATES), next_visit_due__lt=end
        ).count(),
        "aid_paid": (paid or Decimal(0)).quantize(Decimal("0.01")),
    }
