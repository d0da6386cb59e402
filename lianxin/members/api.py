"""REST endpoints of the members registry: the list, the figures, applications and every move.

Each handler translates HTTP into one selector or service call and back. Names, phones and ID
numbers are masked in every answer; outside one's scope a membership or org answers 404, and a
move the table refuses 409 (lianxin.rest renders the DomainError).
"""

from typing import Any

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from lianxin.core.api import ERRORS, ApiRequest, paginate
from lianxin.core.errors import NotFound
from lianxin.core.masking import mask_id_number, mask_name, mask_phone
from lianxin.members import metrics, services
from lianxin.members.models import Membership
from lianxin.members.permissions import may_move
from lianxin.members.schemas import (
    ApplicationIn,
    FiguresOut,
    FiguresQuery,
    LeaveIn,
    MemberListQuery,
    MemberOut,
    MemberPage,
    ReasonIn,
    RegistrationIn,
    TransferIn,
)
from lianxin.members.selectors import member_list, membership_detail, org_for_code
from lianxin.members.services import PersonDetails
from lianxin.members.states import actions_from
from lianxin.orgs.models import Org

router = Router(tags=["members"])
MOVE: dict[str, Any] = {"response": {200: MemberOut, **ERRORS}}


def member_out(m: Membership, user: Any) -> dict[str, Any]:
    """A membership as the API shows it: personal data masked, whoever asks."""
    p = m.person
    return {
        "id": m.pk, "person_id": p.pk, "name": mask_name(p.name), "gender": p.gender,
        "birth_year": p.birth_year, "phone": mask_phone(p.phone),
        "id_number": mask_id_number(p.id_number), "employment_form": p.employment_form,
        "platform_or_employer": p.platform_or_employer,
        "org": {"code": m.org.code, "name": m.org.name}, "state": m.state, "channel": m.channel,
        "applied_at": m.applied_at.isoformat(), "joined_on": m.joined_on, "ended_on": m.ended_on,
        "card_number": m.card_number,
        "actions": [str(a) for a in actions_from(m.state) if may_move(user, a, m)],
    }  # fmt: skip


@router.get("/members", response={200: MemberPage, **ERRORS}, operation_id="list_members")
def list_members(request: ApiRequest, filters: Query[MemberListQuery]):
    """The registry: memberships you may see, filtered, page by page (IDs and phones masked)."""
    user = request.auth
    org = org_for_code(user, filters.org) if filters.org else None
    rows = member_list(
        user, org=org, state=filters.state or "", employment_form=filters.employment_form or "",
        q=filters.q or "",
    )  # fmt: skip
    page = paginate(request, rows, page=filters.page, page_size=filters.page_size)
    page["items"] = [member_out(m, user) for m in page["items"]]
    return page


@router.get("/members/figures", response={200: FiguresOut, **ERRORS}, operation_id="member_figures")
def member_figures(request: ApiRequest, query: Query[FiguresQuery]):
    """入会率 of an org's subtree on a date: members ÷ workforce, and the same for gig workers."""
    return metrics.figures(org_for_code(request.auth, query.org), query.on)


def _details(payload: ApplicationIn) -> PersonDetails:
    return PersonDetails(
        name=payload.name, id_number=payload.id_number, phone=payload.phone,
        gender=payload.gender or "", employment_form=payload.employment_form,
        platform_or_employer=payload.platform_or_employer,
    )  # fmt: skip


def _base_union(code: str) -> Org:
    org = Org.objects.filter(code=code, is_active=True).first()
    if org is None:
        raise NotFound(_("No such organisation."), code="members.org_not_found")
    return org


@router.post(
    "/members/applications", response={201: MemberOut, **ERRORS}, operation_id="apply_to_join"
)
def apply_to_join(request: ApiRequest, payload: ApplicationIn):
    """入会申请: the signed-in worker applies to a base union (an enterprise or industry union)."""
    membership = services.apply_for_membership(
        actor=request.auth, org=_base_union(payload.org), details=_details(payload)
    )
    return Status(201, member_out(membership, request.auth))


@router.post("/members", response={201: MemberOut, **ERRORS}, operation_id="register_member")
def register_member(request: ApiRequest, payload: RegistrationIn):
    """A union registers a member directly: active at once, with a card number."""
    membership = services.register_member(
        actor=request.auth, org=org_for_code(request.auth, payload.org),
        details=_details(payload), joined_on=payload.joined_on,
    )  # fmt: skip
    return Status(201, member_out(membership, request.auth))


def _fresh(request: ApiRequest, membership_id: int) -> dict[str, Any]:
    return member_out(membership_detail(request.auth, membership_id), request.auth)


@router.post("/members/{membership_id}/approve", operation_id="approve_membership", **MOVE)
def approve(request: ApiRequest, membership_id: int):
    """Approve an application (applied → active, with a card number)."""
    services.approve_membership(actor=request.auth, membership_id=membership_id)
    return _fresh(request, membership_id)


@router.post("/members/{membership_id}/reject", operation_id="reject_membership", **MOVE)
def reject(request: ApiRequest, membership_id: int, payload: ReasonIn):
    """Reject an application, with a reason (applied → rejected)."""
    services.reject_membership(
        actor=request.auth, membership_id=membership_id, reason=payload.reason
    )
    return _fresh(request, membership_id)


@router.post("/members/{membership_id}/transfer", operation_id="transfer_membership", **MOVE)
def transfer(request: ApiRequest, membership_id: int, payload: TransferIn):
    """会籍转接: the member moves to another base union; answers the new membership."""
    new = services.transfer_membership(
        actor=request.auth, membership_id=membership_id, to_org=_base_union(payload.to_org)
    )
    return member_out(new, request.auth)


@router.post("/members/{membership_id}/leave", operation_id="leave_union", **MOVE)
def leave(request: ApiRequest, membership_id: int, payload: LeaveIn):
    """退会: an active member leaves (active → left)."""
    services.leave_union(actor=request.auth, membership_id=membership_id, reason=payload.reason)
    return _fresh(request, membership_id)
