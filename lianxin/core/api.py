"""What every endpoint shares: the one error shape and page-numbered lists."""

from typing import Annotated, Any, Protocol

from django.http import HttpRequest
from django.utils.http import urlencode
from ninja import Field, Schema
from pydantic import StringConstraints

from lianxin.core.text import NOTE_MAX_LENGTH, CleanText

# Text as people write it, control characters dropped (core.text); a journal note is bounded.
Text = Annotated[str, CleanText(max_length=NOTE_MAX_LENGTH)]
Line = Annotated[str, CleanText(max_length=200)]
Code = Annotated[str, StringConstraints(pattern=r"^[^\x00]{1,40}$")]

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25
MAX_PAGE = 1_000_000


class ErrorBody(Schema):
    code: str = Field(description="Stable English code, e.g. `case.transition_not_allowed`.")
    message: str = Field(description="What a person reads, in the request's language.")
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorOut(Schema):
    error: ErrorBody


# Every operation documents these; which of them one operation can answer is in its description.
ERROR_CODES = frozenset({400, 401, 403, 404, 409, 422})
ERRORS: dict[Any, Any] = {ERROR_CODES: ErrorOut}


class ApiRequest(HttpRequest):
    """A request as an API handler gets it: `auth` is the caller django-ninja authenticated."""

    auth: Any


class PageMeta(Schema):
    count: int = Field(description="Rows matching the request, over all pages.")
    page: int
    page_size: int
    next: str | None = Field(description="The next page's URL, or null on the last page.")
    previous: str | None


class Pageable(Protocol):
    """A queryset, or anything counted and sliced like one (cases.selectors.LedgerRows)."""

    def count(self) -> int: ...

    def __getitem__(self, key: slice) -> Any: ...


def paginate(request: HttpRequest, rows: Pageable, *, page: int, page_size: int) -> dict:
    """One page of `rows` (two queries: the count and the page) with links to its neighbours."""
    count = rows.count()
    start = (page - 1) * page_size
    items = list(rows[start : start + page_size]) if start < count else []
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "next": _page_url(request, page + 1) if start + page_size < count else None,
        "previous": _page_url(request, page - 1) if page > 1 else None,
        "items": items,
    }


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}"
