"""Reads of 督办: a supervisor's lists (near deadline, overdue, under formal supervision, urged and
unanswered, extensions waiting) over the cases they supervise, and one case's supervision state."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from lianxin.cases.filters import overdue_q
from lianxin.cases.models import Case, ExtensionRequest, SupervisionOrder, Urge
from lianxin.cases.permissions_supervision import supervised_cases
from lianxin.cases.states import OPEN_STATES, ExtensionStatus
from lianxin.core import clock

AnyUser = User | AnonymousUser
NEAR = timedelta(hours=24)
ROW_RELATED = ("category", "owner_org", "handler")

_ACTIVE = SupervisionOrder.objects.filter(case=OuterRef("pk"), lifted_at__isnull=True)
_UNANSWERED = Urge.objects.filter(case=OuterRef("pk"), answered_at__isnull=True)


def _rows(qs: QuerySet[Case], now: datetime) -> QuerySet[Case]:
    """What a row of the 督办 lists shows: overdue, the supervision deadline, unanswered urges."""
    unanswered = _UNANSWERED.order_by().values("case").annotate(n=Count("pk")).values("n")[:1]
    return qs.select_related(*ROW_RELATED).annotate(
        is_overdue=ExpressionWrapper(overdue_q(now), output_field=BooleanField()),
        is_open=ExpressionWrapper(Q(status__in=OPEN_STATES), output_field=BooleanField()),
        supervised_until=Subquery(_ACTIVE.values("due")[:1]),
        open_urges=Coalesce(Subquery(unanswered, output_field=IntegerField()), 0),
    )


@dataclass(frozen=True)
class SupervisionLists:
    near: QuerySet[Case]
    overdue: QuerySet[Case]
    flagged: QuerySet[Case]
    urged: QuerySet[Case]
    extensions: QuerySet[ExtensionRequest]


def supervision_lists(*, user: AnyUser) -> SupervisionLists:
    """The 督办 page's lists for `user`: empty for anyone who supervises nothing."""
    now = clock.now()
    scope = supervised_cases(user)
    open_ = scope.filter(status__in=OPEN_STATES)
    near = Q(resolution_due__gte=now, resolution_due__lte=now + NEAR)
    return SupervisionLists(
        near=_rows(open_.filter(near), now).order_by("resolution_due", "pk"),
        overdue=_rows(scope.filter(overdue_q(now)), now).order_by("resolution_due", "pk"),
        flagged=_rows(scope.filter(Exists(_ACTIVE)), now).order_by("supervised_until", "pk"),
        urged=_rows(open_.filter(Exists(_UNANSWERED)), now).order_by("resolution_due", "pk"),
        extensions=ExtensionRequest.objects.filter(
            status=ExtensionStatus.PENDING, case__in=scope.values("pk")
        )
        .select_related("case", "case__owner_org", "requested_by")
        .order_by("requested_at", "pk"),
    )


@dataclass(frozen=True)
class CaseSupervision:
    """One case's supervision: its active order, its unanswered urges, its pending extension."""

    order: SupervisionOrder | None
    open_urges: list[Urge]
    extension: ExtensionRequest | None
    last_extension: ExtensionRequest | None


def case_supervision(case: Case) -> CaseSupervision:
    extensions = list(case.extension_requests.select_related("requested_by").order_by("-pk")[:1])
    last = extensions[0] if extensions else None
    return CaseSupervision(
        order=case.supervision_orders.filter(lifted_at__isnull=True).first(),
        open_urges=list(
            case.urges.filter(answered_at__isnull=True)
            .select_related("urged_by")
            .order_by("urged_at")
        ),
        extension=last if last and last.status == ExtensionStatus.PENDING else None,
        last_extension=last,
    )
