"""REST endpoints of hardship files: the list (scoped, paged, masked), a file with its totals, and
every move of a file or a payment as a POST (409 when the table refuses, 403 for a self-approval).

A person's name is masked in every answer; no ID number, phone or visit finding is given. Outside
one's scope a file or a payment answers 404 (lianxin.rest renders the DomainError).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Query, Router, Schema

from lianxin.core.api import ERRORS, ApiRequest, Code, PageMeta, paginate
from lianxin.core.masking import mask_name
from lianxin.welfare.models.hardship import AidPayment, HardshipFile
from lianxin.welfare.permissions.hardship import can_handle, may_approve
from lianxin.welfare.selectors import hardship as selectors
from lianxin.welfare.services import hardship as services
from lianxin.welfare.services import hardship_payments as payments
from lianxin.welfare.states.hardship import (
    FILE_WORKFLOW,
    PAYMENT_WORKFLOW,
    FileState,
    Level,
    PaymentAction,
)

router = Router(tags=["welfare: 困难职工帮扶"])


class OrgRef(Schema):
    code: str
    name: str


class FileOut(Schema):
    """One file: the person's name masked (宋*), never their ID number or phone."""

    id: int
    number: str
    person_id: int
    name: str
    org: OrgRef
    level: str
    causes: list[str]
    income_per_head: Decimal
    state: str
    opened_on: date
    next_visit_due: date | None
    paid_total: Decimal = Field(description="Aid paid on the file over all years (yuan).")
    actions: list[str]


class YearOut(Schema):
    year: int
    visits: int
    paid: Decimal


class FileDetailOut(FileOut):
    years: list[YearOut]
    visits: int


class FilePage(PageMeta):
    items: list[FileOut]


class PaymentOut(Schema):
    id: int
    file_id: int
    kind: str
    amount: Decimal
    state: str
    requested_on: date
    paid_on: date | None
    actions: list[str]


class FileQuery(Schema):
    org: Code | None = Field(None, description="An org code in your scope (its subtree).")
    level: str | None = None
    state: str | None = None
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)


class PayIn(Schema):
    paid_on: date | None = Field(None, description="Default: today.")


def file_out(f: HardshipFile, user: Any, paid: Decimal | None = None) -> dict[str, Any]:
    total = paid if paid is not None else getattr(f, "paid_total", None)
    return {
        "id": f.pk, "number": f.number, "person_id": f.person_id, "name": mask_name(f.person.name),
        "org": {"code": f.org.code, "name": f.org.name}, "level": f.level, "causes": f.causes,
        "income_per_head": f.income_per_head, "state": f.state, "opened_on": f.opened_on,
        "next_visit_due": f.next_visit_due,
        "paid_total": (total or Decimal(0)).quantize(Decimal("0.01")),
        "actions": [str(a) for a in FILE_WORKFLOW.actions_from(f.state)] if can_handle(user, f)
        else [],
    }  # fmt: skip


def payment_out(p: AidPayment, user: Any) -> dict[str, Any]:
    handles = can_handle(user, p.file)
    actions = [
        str(a) for a in PAYMENT_WORKFLOW.actions_from(p.state)
        if handles and (a != PaymentAction.APPROVE or may_approve(user, p))
    ]  # fmt: skip
    return {
        "id": p.pk, "file_id": p.file_id, "kind": p.kind, "amount": p.amount, "state": p.state,
        "requested_on": p.requested_on, "paid_on": p.paid_on, "actions": actions,
    }  # fmt: skip


@router.get("/files", response={200: FilePage, **ERRORS}, operation_id="hardship_files")
def list_files(request: ApiRequest, filters: Query[FileQuery]):
    """Hardship files you may see (the holding union and its federations), newest first."""
    user = request.auth
    org = selectors.org_for_code(user, filters.org) if filters.org else None
    rows = selectors.file_list(
        user, org=org,
        level=filters.level if filters.level in Level.values else "",
        state=filters.state if filters.state in FileState.values else "",
    )  # fmt: skip
    page = paginate(request, rows, page=filters.page, page_size=filters.page_size)
    page["items"] = [file_out(f, user) for f in page["items"]]
    return page


def _detail(request: ApiRequest, file_id: int) -> dict[str, Any]:
    file = selectors.file_detail(request.auth, file_id)
    totals = selectors.file_totals(file)
    years = [{"year": y.year, "visits": y.visits, "paid": y.paid} for y in totals.years]
    return {**file_out(file, request.auth, totals.paid), "years": years, "visits": totals.visits}


@router.get(
    "/files/{file_id}", response={200: FileDetailOut, **ERRORS}, operation_id="hardship_file"
)
def get_file(request: ApiRequest, file_id: int):
    """A file with its visits and paid aid by year and in all."""
    return _detail(request, file_id)


FILE_MOVE: dict[str, Any] = {"response": {200: FileDetailOut, **ERRORS}}
PAYMENT_MOVE: dict[str, Any] = {"response": {200: PaymentOut, **ERRORS}}


def _file_move(name: str, service: Any, doc: str) -> None:
    def move(request: ApiRequest, file_id: int) -> dict[str, Any]:
        service(actor=request.auth, file_id=file_id)
        return _detail(request, file_id)

    move.__doc__ = doc
    router.post(f"/files/{{file_id}}/{name}", operation_id=f"hardship_{name}", **FILE_MOVE)(move)


_file_move("register", services.register_file, "applied → registered (建档).")
_file_move("reject", services.reject_application, "applied → closed.")
_file_move("review", services.start_review, "registered → under_review (年度复核).")
_file_move("confirm", services.confirm_review, "under_review → registered (still in aid).")
_file_move("lift", services.lift_out_of_hardship, "under_review → out_of_hardship (解困脱困).")
_file_move("close", services.close_file, "registered / under_review → closed.")


def _payment(request: ApiRequest, payment_id: int) -> dict[str, Any]:
    return payment_out(selectors.payment_detail(request.auth, payment_id), request.auth)


@router.post(
    "/payments/{payment_id}/approve", operation_id="hardship_approve_payment", **PAYMENT_MOVE
)
def approve_payment(request: ApiRequest, payment_id: int):
    """requested → approved; above the limit, by someone other than the requester (else 403)."""
    payments.approve_payment(actor=request.auth, payment_id=payment_id)
    return _payment(request, payment_id)


@router.post("/payments/{payment_id}/pay", operation_id="hardship_pay_payment", **PAYMENT_MOVE)
def pay_payment(request: ApiRequest, payment_id: int, payload: PayIn):
    """approved → paid (on `paid_on`, today by default)."""
    payments.pay_payment(actor=request.auth, payment_id=payment_id, paid_on=payload.paid_on)
    return _payment(request, payment_id)


@router.post(
    "/payments/{payment_id}/reject", operation_id="hardship_reject_payment", **PAYMENT_MOVE
)
def reject_payment(request: ApiRequest, payment_id: int):
    """requested / approved → rejected."""
    payments.reject_payment(actor=request.auth, payment_id=payment_id)
    return _payment(request, payment_id)
