"""Reads of the ledger, always starting from the cases the user may see."""

from collections.abc import Iterator
from dataclasses import replace

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.audit.models import Event
from lianxin.audit.selectors import events_for
from lianxin.cases import search
from lianxin.cases.filters import CaseFilter, overdue_q
from lianxin.cases.models import Case
from lianxin.cases.permissions import cases_in_subtrees_parts, visible_case_parts, visible_cases
from lianxin.cases.states import OPEN_STATES
from lianxin.core import clock
from lianxin.core.errors import NotFound
from lianxin.orgs import permissions as org_perms

AnyUser = User | AnonymousUser


def with_overdue(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.annotate(
        is_overdue=ExpressionWrapper(overdue_q(clock.now()), output_field=BooleanField())
    )


ROW_RELATED = ("category", "origin_org", "owner_org", "handler")


def case_list(*, user: AnyUser, filters: CaseFilter | None = None) -> QuerySet[Case]:
    """The ledger rows the user may see, filtered and sorted, with what a row displays joined in."""
    qs = (filters or CaseFilter()).apply(visible_cases(user), now=clock.now())
    return with_overdue(qs).select_related(*ROW_RELATED)


class LedgerRows:
    """The filtered ledger of one user, for a page of it and the counts above it.

    Built on `visible_case_parts`: each count is summed over the disjoint parts (each from its
    covering index), and a page is chosen by id first — the ids and sort keys of the parts,
    united, sorted, sliced — and only its rows are read with what they display joined in; sorting
    every row of a district with four joins attached is what made a page slow at scale.
    Sliceable and countable like a queryset, so Django's Paginator and the API's paginate() take it.
    """

    def __init__(
        self, parts: list[QuerySet[Case]], order: tuple[str, ...], *, ranked_by: str = ""
    ) -> None:
        self.parts = [part.order_by() for part in parts]
        self.order = order
        self.ranked_by = ranked_by  # a text search whose phrase matches come first on a page
        self._counts: dict[str, int] | None = None

    def counts(self) -> dict[str, int]:
        if self._counts is None:
            sums = [ledger_counts(part) for part in self.parts]
            self._counts = {key: sum(c[key] or 0 for c in sums) for key in sums[0]}
        return self._counts

    def count(self) -> int:
        return self.counts()["total"]

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Case]:
        return iter(self[0 : self.count()])

    def __getitem__(self, key: slice) -> list[Case]:
        parts, order = self.parts, self.order
        if self.ranked_by:
            parts = [search.ranked(part, self.ranked_by) for part in parts]
            order = (f"-{search.RANK}", *order)
        keys = tuple(dict.fromkeys(name.lstrip("-") for name in order))
        chosen = [part.values_list("pk", *keys) for part in parts]
        united = chosen[0] if len(chosen) == 1 else chosen[0].union(*chosen[1:], all=True)
        ids = [row[0] for row in united.order_by(*order)[key]]
        rows = with_overdue(Case.objects.filter(pk__in=ids)).select_related(*ROW_RELATED)
        by_id = {case.pk: case for case in rows}
        return [by_id[pk] for pk in ids]


def ledger_rows(
    *, user: AnyUser, filters: CaseFilter | None = None, ranked: bool = False
) -> LedgerRows:
    """What `case_list` holds, for the ledger page and the API's list: counted and paged fast.
    `ranked`: a text search's phrase matches first (a page by number; keyset cursors keep the sort)."""
    filters = filters or CaseFilter()
    ids_first = bool(filters.q)  # a text search: see cases_in_subtrees_parts
    parts = visible_case_parts(user, org_ids_first=ids_first)
    if filters.org is not None:
        # "In this org" is the same OR as the scope: split it too. Inside a subtree the user
        # reaches, every case of the org is visible and its parts alone are the answer; otherwise
        # (a partner's referred cases) the two splits are crossed.
        in_org = cases_in_subtrees_parts([filters.org.path], org_ids_first=ids_first)
        if org_perms.reaches(user, filters.org, org_perms.SUBTREE_ROLES):
            parts = [Case.objects.filter(condition) for condition in in_org]
        else:
            parts = [part.filter(condition) for part in parts for condition in in_org]
        filters = replace(filters, org=None)
    now = clock.now()
    return LedgerRows(
        [filters.apply(part, now=now) for part in parts],
        order=filters.order,
        ranked_by=filters.q if ranked else "",
    )


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
