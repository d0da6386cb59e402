"""数据治理: what is wrong with the ledger, per org subtree, for someone who can fix it.

Four measures over the cases a user may see, each a count and a paged list linking to the case:
uncategorised (category “other”), not attributed to an enterprise (the case arose at a union or
federation), an invalid phone number, and likely duplicates — another case of the same enterprise
with the same phone and category within 30 days, or with the very same description.

All of it is computed by the database, never by a loop over cases. Duplicates use window functions
(one sorted pass: a count per enterprise and description, and the previous and next case per
enterprise, phone and category) inside `id IN (…)` subqueries that run once per query, because a
correlated EXISTS per case grows with the square of an enterprise's cases on SQLite. Twins are
looked for among the same scoped cases, so a flag never hints at a case the user may not see.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, Lag, Lead
from django.utils.translation import gettext_lazy as _

from lianxin.cases.filters import in_org_q
from lianxin.cases.models import Case
from lianxin.cases.permissions import visible_cases
from lianxin.core.phones import STORED_PHONE_REGEX
from lianxin.orgs.models import Org, OrgKind

AnyUser = User | AnonymousUser
DUPLICATE_WINDOW = timedelta(days=30)

UNCATEGORISED, UNATTRIBUTED, BAD_PHONE, DUPLICATES = (
    "uncategorised",
    "unattributed",
    "phone",
    "duplicates",
)
KINDS = {
    UNCATEGORISED: _("Uncategorised"),
    UNATTRIBUTED: _("Not attributed to an enterprise"),
    BAD_PHONE: _("Invalid phone number"),
    DUPLICATES: _("Likely duplicates"),
}
KIND_HELP = {
    UNCATEGORISED: _("Cases in the category “other”: give them their real category."),
    UNATTRIBUTED: _("Cases registered at a union or federation rather than an enterprise or team."),
    BAD_PHONE: _("Phone numbers that are neither a mobile nor a landline with its area code."),
    DUPLICATES: _(
        "Another case of the same enterprise has the same phone and category within 30 days, "
        "or the very same description."
    ),
}
SIMPLE_Q = {
    UNCATEGORISED: Q(category__key="other"),
    UNATTRIBUTED: Q(origin_org__kind__in=[OrgKind.FEDERATION, OrgKind.UNION]),
    BAD_PHONE: ~Q(worker_phone="") & ~Q(worker_phone__regex=STORED_PHONE_REGEX),
}


def quality_cases(*, user: AnyUser, org: Org | None = None) -> QuerySet[Case]:
    """The cases the user may see, in `org`'s subtree if one is given."""
    qs = visible_cases(user)
    return qs if org is None else qs.filter(in_org_q(org))


def _same_text(cases: QuerySet[Case]) -> QuerySet:
    """Ids of cases whose enterprise has another case with the very same description."""
    per_text = Window(Count("id"), partition_by=[F("origin_org_id"), F("description")])
    return cases.order_by().annotate(twins=per_text).filter(twins__gt=1).values("pk")


def _same_phone(cases: QuerySet[Case]) -> QuerySet:
    """Ids of cases with a case of the same enterprise, phone and category within 30 days: in time
    order, the case just before or just after is close enough."""
    group = [F("origin_org_id"), F("worker_phone"), F("category_id")]
    order = F("registered_at").asc()
    return (
        cases.order_by()
        .exclude(worker_phone="")
        .annotate(
            before=Window(Lag("registered_at"), partition_by=group, order_by=order),
            after=Window(Lead("registered_at"), partition_by=group, order_by=order),
        )
        .filter(
            Q(before__gte=F("registered_at") - DUPLICATE_WINDOW)
            | Q(after__lte=F("registered_at") + DUPLICATE_WINDOW)
        )
        .values("pk")
    )


def kind_filters(cases: QuerySet[Case]) -> dict[str, Q]:
    """Each measure as a filter over `cases` (duplicates are found among `cases` themselves)."""
    duplicates = Q(pk__in=_same_text(cases)) | Q(pk__in=_same_phone(cases))
    return {**SIMPLE_Q, DUPLICATES: duplicates}


def duplicates_among(text_pool: QuerySet[Case], phone_pool: QuerySet[Case]) -> Q:
    """The likely-duplicate filter with its twins looked for in smaller pools: the same-text twins
    among `text_pool`, the same-phone ones among `phone_pool`. Exact for the cases that share a
    description with `text_pool`'s and lie DUPLICATE_WINDOW inside `phone_pool`'s days."""
    return Q(pk__in=_same_text(text_pool)) | Q(pk__in=_same_phone(phone_pool))


def _counts(cases: QuerySet[Case]) -> dict[str, Count]:
    return {kind: Count("id", filter=q) for kind, q in kind_filters(cases).items()}


def quality_counts(cases: QuerySet[Case]) -> dict[str, int]:
    """The case total and the count for each measure, in one query."""
    return cases.order_by().aggregate(total=Count("id"), **_counts(cases))


def quality_by_org(cases: QuerySet[Case]) -> QuerySet:
    """Per org where cases arose: each measure's count, orgs with the most problems first."""
    issues = F(UNCATEGORISED) + F(UNATTRIBUTED) + F(BAD_PHONE) + F(DUPLICATES)
    return (
        cases.order_by()
        .values("origin_org__code", "origin_org__name")
        .annotate(total=Count("id"), **_counts(cases))
        .annotate(issues=issues)
        .filter(issues__gt=0)
        .order_by("-issues", "origin_org__code")
    )


def quality_list(*, cases: QuerySet[Case], kind: str) -> QuerySet[Case]:
    """The cases with one problem, newest first; a likely duplicate names one of its twins."""
    rows = cases.filter(kind_filters(cases)[kind]).select_related("category", "origin_org")
    if kind == DUPLICATES:
        rows = rows.annotate(twin=Coalesce(_twin(cases, text=True), _twin(cases, text=False)))
    return rows.order_by("-registered_at", "-id")


def _twin(cases: QuerySet[Case], *, text: bool) -> Subquery:
    """For one listed case (a page holds 25): the number of a case it looks like."""
    others = cases.order_by("registered_at").filter(origin_org=OuterRef("origin_org"))
    others = others.exclude(pk=OuterRef("pk"))
    if text:
        others = others.filter(description=OuterRef("description"))
    else:
        others = others.exclude(worker_phone="").filter(
            worker_phone=OuterRef("worker_phone"),
            category=OuterRef("category"),
            registered_at__gte=OuterRef("registered_at") - DUPLICATE_WINDOW,
            registered_at__lte=OuterRef("registered_at") + DUPLICATE_WINDOW,
        )
    return Subquery(others.values("number")[:1])
