"""What every endpoint shares: the one error shape and page-numbered lists."""

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Annotated, Any, Protocol

from django.db.models import Q
from django.http import HttpRequest
from django.utils.http import urlencode
from ninja import Field, Schema
from pydantic import StringConstraints

from lianxin.core.cursor import after_q, decode_cursor, encode_cursor
from lianxin.core.text import NOTE_MAX_LENGTH, CleanText

# Text as people write it, control characters dropped (core.text); a journal note is bounded.
Text = Annotated[str, CleanText(max_length=NOTE_MAX_LENGTH)]
Line = Annotated[str, CleanText(max_length=200)]
Code = Annotated[str, StringConstraints(pattern=r"^[^\x00]{1,40}$")]

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25
MAX_PAGE = 1_000_000


def named_enum(name: str, values: Iterable[str], doc: str) -> type[StrEnum]:
    """A string enum that is a named schema component whose members have names (`x-enum-varnames`:
    a generated client calls "-registered_at" REGISTERED_AT_DESC, not VALUE_0)."""
    members = {_member_name(value): value for value in values}
    enum = StrEnum(name, members)  # type: ignore[misc]
    enum.__doc__ = doc

    def schema(cls: type, core_schema: Any, handler: Any) -> dict:
        json_schema = handler(core_schema)
        handler.resolve_ref_schema(json_schema)["x-enum-varnames"] = list(members)
        return json_schema

    enum.__get_pydantic_json_schema__ = classmethod(schema)  # type: ignore[attr-defined]
    return enum


def _member_name(value: str) -> str:
    return (value.lstrip("-") + ("_desc" if value.startswith("-") else "")).upper()


class ErrorBody(Schema):
    code: str = Field(description="Stable English code, e.g. `case.transition_not_allowed`.")
    message: str = Field(description="What a person reads, in the request's language.")
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorOut(Schema):
    error: ErrorBody


# Every operation documents these; which of them one operation can answer is in its description.
ERROR_CODES = frozenset({400, 401, 403, 404, 409, 422, 429})
ERRORS: dict[Any, Any] = {ERROR_CODES: ErrorOut}


class ApiRequest(HttpRequest):
    """A request as an API handler gets it: `auth` is the caller django-ninja authenticated."""

    auth: Any


class PageMeta(Schema):
    count: int = Field(description="Rows matching the request, over all pages.")
    page: int | None = Field(description="The page number; null when walking with a cursor.")
    page_size: int
    next: str | None = Field(description="The next page's absolute URL, or null on the last page.")
    previous: str | None = Field(
        description="The previous page's absolute URL, or null (on the first page, and with a cursor)."
    )


class CursorPageMeta(PageMeta):
    next_cursor: str | None = Field(
        description="An opaque token for the rows after this page (send it as `cursor`): stable "
        "while rows arrive, unlike page numbers. Null on the last page."
    )


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
        "next": _page_url(request, page=page + 1) if start + page_size < count else None,
        "previous": _page_url(request, page=page - 1) if page > 1 else None,
        "items": items,
    }


def cursor_paginate(
    request: HttpRequest,
    rows: Pageable,
    *,
    order: tuple[str, ...],
    after: Callable[[Q], Pageable],
    cursor: str | None,
    page: int,
    page_size: int,
) -> dict:
    """`paginate`, with a keyset cursor: given one, the page is the rows after it (`after` narrows
    `rows` to a condition); every page but the last also names the cursor after its last row."""
    if not cursor:
        found = paginate(request, rows, page=page, page_size=page_size)
        more = found["next"] is not None
    else:
        value, pk = decode_cursor(cursor, order)
        found = {"count": rows.count(), "page": None, "page_size": page_size, "previous": None}
        items = list(after(after_q(order, value, pk))[0 : page_size + 1])
        more = len(items) > page_size
        found["items"] = items[:page_size]
    last = found["items"][-1] if more and found["items"] else None
    found["next_cursor"] = encode_cursor(order, last) if last is not None else None
    if cursor:
        found["next"] = _page_url(request, cursor=found["next_cursor"]) if last else None
    return found


def _page_url(request: HttpRequest, **position: Any) -> str:
    """The absolute URL of the same list at another page or cursor (the other one dropped)."""
    query = request.GET.copy()
    for name in ("page", "cursor"):
        query.pop(name, None)
    query.update({name: str(value) for name, value in position.items()})
    return request.build_absolute_uri(
        f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}"
    )
