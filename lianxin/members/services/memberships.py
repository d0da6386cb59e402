"""Every membership move: one function per move, one transaction, one journal event.

入会 (`apply_for_membership`, a worker; `register_member`, a union, born active), 审批 (`approve_membership`,
`reject_membership`), 会籍转接 (`transfer_membership`: the old membership ends transferred out, a new
active one begins in the new union, same person, history kept) and 退会 (`leave_union`).

Journal events name records by id and orgs by code, never a person's name, phone or ID number, so
erasing a person leaves the chain intact. A refused move raises a `members.*` DomainError before
anything is written.
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.core import clock
from lianxin.core.errors import DomainError, InvalidInput, NotFound, require
from lianxin.members.models import Membership, Person
from lianxin.members.permissions import (
    BASE_UNION_KINDS,
    can_see_membership,
    ensure_may_act_in,
    ensure_may_move,
)
from lianxin.members.services.people import (
    PersonDetails,
    SelfActor,
    clean_details,
    person_for,
    seal_for,
    today,
)
from lianxin.members.states import MEMBERSHIP_WORKFLOW, Action, Channel, State
from lianxin.orgs.models import Org

REASON_MAX = 500


class AlreadyMember(DomainError):
    code = "members.already_active"
    http_status = 409


def _ensure_base_union(org: Org) -> None:
    require(
        org.kind in BASE_UNION_KINDS and org.is_active,
        _("Members join an enterprise union or an industry union."),
        code="members.org_not_base_union",
    )


def _ensure_not_active(person: Person, *, except_pk: int | None = None) -> None:
    active = Membership.objects.filter(person=person, state=State.ACTIVE)
    if except_pk is not None:
        active = active.exclude(pk=except_pk)
    if active.exists():
        raise AlreadyMember(
            _("This person is already an active member of a union; transfer them instead."),
            code="members.already_active",
        )


def card_number(membership: Membership) -> str:
    """LX + the year of joining + the membership's id: unique because the id is."""
    assert membership.joined_on is not None
    return f"LX{membership.joined_on.year}{membership.pk:010d}"


def _activate(membership: Membership, on: date) -> list[str]:
    membership.joined_on = on
    membership.card_number = card_number(membership)
    return ["joined_on", "card_number"]


def _journal(membership: Membership, actor: Any, kind: str, **data: Any) -> None:
    record_event(
        target=membership, actor=actor, kind=kind, state_after=membership.state,
        data={"person": membership.person_id, "org": membership.org.code, **data},
    )  # fmt: skip


def _open(person: Person, org: Org, **fields: Any) -> Membership:
    try:
        with transaction.atomic():
            return Membership.objects.create(
                person=person, org=org, applied_at=clock.now(), **fields
            )
    except IntegrityError:
        raise AlreadyMember(
            _("This person already has an open application or membership here."),
            code="members.already_applied",
        ) from None


@transaction.atomic
def apply_for_membership(*, actor: User, org: Org, details: PersonDetails) -> Membership:
    """入会申请: a signed-in worker applies to a base union; the union approves or rejects."""
    _ensure_base_union(org)
    person, created = person_for(clean_details(details))
    if created and person.user_id is None and not hasattr(actor, "person"):
        person.user = actor
        person.save(update_fields=["user"])
    _ensure_not_active(person)
    membership = _open(person, org, state=State.APPLIED, channel=Channel.APPLIED, applicant=actor)
    _journal(membership, SelfActor(actor), "applied")
    return membership


@transaction.atomic
def register_member(
    *, actor: User, org: Org, details: PersonDetails, joined_on: date | None = None
) -> Membership:
    """A union registers a member directly (born active, with a card)."""
    _ensure_base_union(org)
    ensure_may_act_in(actor, org)
    person, _created = person_for(clean_details(details))
    _ensure_not_active(person)
    membership = _open(person, org, state=State.APPLIED, channel=Channel.REGISTERED)
    membership.state = State.ACTIVE
    fields = _activate(membership, joined_on or today())
    membership.save(update_fields=["state", *fields])
    _journal(membership, actor, "registered")
    return membership


def _locked(membership_id: int, actor: Any) -> Membership:
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("org", "person")
        .filter(pk=membership_id)
        .first()
    )
    user = actor.user if isinstance(actor, SelfActor) else actor
    own = membership is not None and membership.person.user_id == getattr(user, "pk", None)
    if membership is None or not (own or can_see_membership(user, membership)):
        raise NotFound(_("No such membership."), code="members.not_found")
    return membership


def _move(
    membership_id: int, *, actor: User, action: Action, kind: str,
    apply: Callable[[Membership], Sequence[str]] | None = None,
    data: dict[str, Any] | None = None,
) -> Membership:  # fmt: skip
    membership = _locked(membership_id, actor)
    own = membership.person.user_id == actor.pk and action == Action.LEAVE
    payload = data if data is not None else {}  # apply may add to it (transfer: the new id)
    payload.update(person=membership.person_id, org=membership.org.code)
    return run_move(
        membership, workflow=MEMBERSHIP_WORKFLOW, action=action, kind=kind,
        actor=SelfActor(actor) if own else actor, status_field="state",
        may=lambda: ensure_may_move(actor, action, membership), apply=apply,
        data=payload,
    )  # fmt: skip


@transaction.atomic
def approve_membership(*, actor: User, membership_id: int) -> Membership:
    """The union approves an application: the applicant becomes an active member with a card."""

    def apply(m: Membership) -> list[str]:
        # The person's row is what a roster chunk locks (people.persons_for) before it reads the
        # person's memberships: locking it here too, a concurrent import either sees this approval
        # or is seen by it — neither fails on the one-active-membership constraint.
        m.person = Person.objects.select_for_update().get(pk=m.person_id)
        _ensure_not_active(m.person, except_pk=m.pk)
        fields = _activate(m, today())
        if m.applicant_id and m.person.user_id is None and not _has_person(m.applicant_id):
            m.person.user_id = m.applicant_id
            m.person.save(update_fields=["user"])
        return fields

    return _move(membership_id, actor=actor, action=Action.APPROVE, kind="approved", apply=apply)


def _has_person(user_id: int) -> bool:
    return Person.objects.filter(user_id=user_id).exists()


def _reason(reason: str) -> str:
    reason = reason.strip()
    require(reason, _("Give a reason."), code="members.reason_missing")
    require(len(reason) <= REASON_MAX, _("The reason is too long."), code="members.reason_too_long")
    return reason


@transaction.atomic
def reject_membership(*, actor: User, membership_id: int, reason: str) -> Membership:
    """The union rejects an application, with a reason (sealed under the person's key)."""
    text = _reason(reason)

    def apply(m: Membership) -> list[str]:
        m.reason_sealed = seal_for(m.person, text)
        m.ended_on = today()
        return ["reason_sealed", "ended_on"]

    return _move(membership_id, actor=actor, action=Action.REJECT, kind="rejected", apply=apply)


@transaction.atomic
def leave_union(*, actor: User, membership_id: int, reason: str = "") -> Membership:
    """退会: an active member leaves (on their own, or recorded by the union)."""

    def apply(m: Membership) -> list[str]:
        m.ended_on = today()
        m.reason_sealed = seal_for(m.person, reason.strip()[:REASON_MAX])
        return ["ended_on", "reason_sealed"]

    return _move(membership_id, actor=actor, action=Action.LEAVE, kind="left", apply=apply)


@transaction.atomic
def transfer_membership(*, actor: User, membership_id: int, to_org: Org) -> Membership:
    """会籍转接: the old membership ends transferred out; the person is active in `to_org` from today.

    Returns the new membership. One event, on the old membership, names the new one.
    """
    _ensure_base_union(to_org)
    data: dict[str, Any] = {"to_org": to_org.code}

    def apply(old: Membership) -> list[str]:
        if to_org.pk == old.org_id:
            raise InvalidInput(_("The member is already in this union."), code="members.same_union")
        # The old one stops being active first: one active membership per person, checked at once.
        Membership.objects.filter(pk=old.pk).update(state=State.TRANSFERRED_OUT)
        new = _open(old.person, to_org, state=State.APPLIED, channel=Channel.TRANSFER)
        new.state = State.ACTIVE
        new.save(update_fields=["state", *_activate(new, today())])
        old.transferred_to, old.ended_on = new, today()
        data["new_membership"] = new.pk
        return ["transferred_to", "ended_on"]

    old = _move(
        membership_id, actor=actor, action=Action.TRANSFER, kind="transferred_out",
        apply=apply, data=data,
    )  # fmt: skip
    assert old.transferred_to is not None
    return old.transferred_to
