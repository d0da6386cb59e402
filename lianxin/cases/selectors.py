"""Reads of the ledger, always starting from the cases the user may see."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.audit.models import Event
from lianxin.audit.selectors import events_for
from lianxin.cases.filters import CaseFilter, overdue_q
from lianxin.cases.models import Case
from lianxin.cases.permissions import visible_cases
from lianxin.cases.states import OPEN_STATES
from lianxin.core import clock
from lianxin.core.errors import NotFound

AnyUser = User | AnonymousUser


def with_overdue(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.annotate(
        is_overdue=ExpressionWrapper(overdue_q(clock.now()), output_field=BooleanField())
    )


def case_list(*, user: AnyUser, filters: CaseFilter | None = None) -> QuerySet[Case]:
    """The ledger rows the user may see, filtered and sorted, with what a row displays joined in."""
    qs = (filters or CaseFilter()).apply(visible_cases(user), now=clock.now())
    return with_overdue(qs).select_related("category", "origin_org", "owner_org", "handler")


def case_detail(*, user: AnyUser, number: str) -> Case:
    """One case by number; outside the user's scope it answers exactly like a missing one."""
    case = (
        with_overdue(visible_cases(user))
        .select_related(
            "category",
            "origin_org",
            "owner_org",
            "handler",
            "registered_by",
            "diary_entry__visit__org",
            "diary_entry__team",
            "open311",
        )
        .filter(number=number)
        .first()
    )
    if case is None:
        raise NotFound(_("No such case."), code="case.not_found")
    return case


def case_timeline(*, case: Case, public_only: bool = False) -> QuerySet[Event]:
    return events_for(case, public_only=public_only)


def ledger_counts(qs: QuerySet[Case]) -> dict[str, int]:
    """The counts above the ledger for exactly the filtered rows, in one query."""
    return qs.order_by().aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status__in=OPEN_STATES)),
        overdue=Count("id", filter=overdue_q(clock.now())),
    )
