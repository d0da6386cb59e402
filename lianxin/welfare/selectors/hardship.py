"""Every read of hardship files, already scoped to the user (permissions.hardship.visible_files).

Totals are computed in the database: paid aid by year of payment and in all, visits by year.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from lianxin.core.errors import NotFound
from lianxin.orgs.models import Org
from lianxin.welfare.models.hardship import AidPayment, HardshipFile, Visit
from lianxin.welfare.permissions.hardship import aid_orgs, visible_files
from lianxin.welfare.states.hardship import PaymentState

AnyUser = User | AnonymousUser
CENT = Decimal("0.01")


def file_list(
    user: AnyUser, *, org: Org | None = None, level: str = "", state: str = ""
) -> QuerySet[HardshipFile]:
    """The files the user may see, newest first; `org` narrows to its subtree."""
    files = visible_files(user).select_related("org", "person")
    if org is not None:
        files = files.filter(org__in=Org.objects.subtree_of(org))
    if level:
        files = files.filter(level=level)
    if state:
        files = files.filter(state=state)
    paid = Q(payments__state=PaymentState.PAID)
    return files.annotate(paid_total=Sum("payments__amount", filter=paid)).order_by(
        "-opened_on", "-pk"
    )


def filter_orgs(user: AnyUser) -> QuerySet[Org]:
    """The unions the list may be narrowed to."""
    return aid_orgs(user).order_by("path")


def file_detail(user: AnyUser, file_id: int) -> HardshipFile:
    file = visible_files(user).select_related("org", "person").filter(pk=file_id).first()
    if file is None:
        raise NotFound(_("No such hardship file."), code="welfare.hardship_not_found")
    return file


def payment_detail(user: AnyUser, payment_id: int) -> AidPayment:
    payment = (
        AidPayment.objects.select_related("file__org", "file__person", "requested_by")
        .filter(pk=payment_id, file__in=visible_files(user))
        .first()
    )
    if payment is None:
        raise NotFound(_("No such payment."), code="welfare.aid_not_found")
    return payment


def file_visits(file: HardshipFile) -> QuerySet[Visit]:
    return (
        file.visits.select_related("file__person")
        .prefetch_related("visitors")
        .order_by("visited_on", "pk")
    )


def file_payments(file: HardshipFile) -> QuerySet[AidPayment]:
    return file.payments.select_related("requested_by", "approved_by").order_by(
        "requested_on", "pk"
    )


@dataclass(frozen=True)
class YearTotal:
    year: int
    visits: int
    paid: Decimal


@dataclass(frozen=True)
class FileTotals:
    years: list[YearTotal]
    visits: int
    paid: Decimal


def file_totals(file: HardshipFile) -> FileTotals:
    """Visits and paid aid by year (of the visit, of the payment) and in all: Baishan's 9万."""
    paid = dict(
        file.payments.filter(state=PaymentState.PAID)
        .annotate(year=ExtractYear("paid_on"))
        .values_list("year")
        .annotate(total=Sum("amount"))
        .values_list("year", "total")
    )
    visits = dict(
        file.visits.annotate(year=ExtractYear("visited_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    years = [
        YearTotal(year, visits.get(year, 0), Decimal(paid.get(year) or 0).quantize(CENT))
        for year in sorted(set(paid) | set(visits))
    ]
    return FileTotals(
        years=years,
        visits=sum(y.visits for y in years),
        paid=sum((y.paid for y in years), Decimal(0)).quantize(CENT),
    )


def org_for_code(user: AnyUser, code: str) -> Org:
    """A union whose files the user handles, by code; NotFound otherwise (like a missing one)."""
    org = aid_orgs(user).filter(code=code).first()
    if org is None:
        raise NotFound(_("No such organisation."), code="welfare.hardship_org_not_found")
    return org
