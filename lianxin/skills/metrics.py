"""The 工匠学院与学分银行 area's figures for the cockpit (core.areas), over the credit lines a union
reads (selectors.credit_lines: the persons the user may see, members of `org`'s subtree when given).

- credits_awarded: the credits of the lines dated in the period (a Decimal);
- course_completions: the lines of kind course_completed dated in the period — each a course
  completion an activity reported through the achievement hook, credited once.
An org the user's union roles do not reach counts nothing.
"""

from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from lianxin.members.permissions import SEEING_ROLES
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org
from lianxin.skills.models import CreditLine
from lianxin.skills.selectors import ZERO, AnyUser, credit_lines
from lianxin.skills.states import AchievementKind

_MONEY: DecimalField = DecimalField(max_digits=12, decimal_places=2)


def lines_in(user: AnyUser, org: Org | None, start: date, end: date) -> QuerySet[CreditLine]:
    if org is not None and not org_perms.reaches(user, org, SEEING_ROLES):
        return CreditLine.objects.none()
    return credit_lines(user, org).filter(on__gte=start, on__lte=end)


def credits_awarded(user: AnyUser, org: Org | None, start: date, end: date) -> Decimal:
    """Credits written to the scope's accounts for achievements dated in the period."""
    total = lines_in(user, org, start, end).aggregate(
        total=Coalesce(Sum("credits"), Value(ZERO), output_field=_MONEY)
    )["total"]
    return Decimal(total).quantize(Decimal("0.01"))


def course_completions(user: AnyUser, org: Org | None, start: date, end: date) -> int:
    """Course completions credited to the scope's accounts, dated in the period."""
    rows = lines_in(user, org, start, end).filter(kind=AchievementKind.COURSE_COMPLETED)
    return rows.count()
