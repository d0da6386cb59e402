"""Every 送温暖 write: one function per move, one transaction, one journal event.

The campaign (`create_campaign`, `open_campaign`, `close_campaign`) and its recipients
(`add_recipient`, `record_delivery`, `withdraw_recipient`, and the federation's decision on a
flagged duplicate: `keep_listing`, `confirm_duplicate`).

The cross-level duplicate: listings of a campaign are added with the campaign row locked, so the
check "is this person (by ID, so by Person) already listed here?" sees every committed listing; a
second listing by another level is born `flagged` and cannot be delivered until decided. The
unique constraint on (campaign, person) over the live states is the backstop. Journal events
name records by id and orgs by code, never a person's name, phone or ID number.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.core import clock, idcard
from lianxin.core.errors import DomainError, NotFound, require
from lianxin.members.models import Person
from lianxin.members.selectors import person_by_id_number
from lianxin.members.services.people import PersonDetails, clean_details, person_for
from lianxin.members.states import EmploymentForm
from lianxin.orgs.models import Org, OrgKind
from lianxin.welfare.models.warmth import Campaign, Delivery, Recipient
from lianxin.welfare.permissions.warmth import (
    can_run_campaign,
    can_see_recipient,
    ensure_may_list_in,
    ensure_may_move,
    ensure_may_run,
    visible_campaigns,
)
from lianxin.welfare.states.warmth import (
    CAMPAIGN_WORKFLOW,
    LIVE_STATES,
    RECIPIENT_WORKFLOW,
    CampaignAction,
    CampaignState,
    DeliveryKind,
    Reason,
    RecipientAction,
    RecipientState,
)

CENT = Decimal("0.01")
NAME_MAX = 120


def _money(value: Any, *, positive: bool = False) -> Decimal | None:
    """The amount in yuan to the fen, or None when it is not one (negative, or 0 if `positive`)."""
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        return None
    ok = (amount > 0 if positive else amount >= 0) and amount < Decimal("1e10")
    return amount if ok else None


@dataclass(frozen=True)
class NewCampaign:
    name: str
    starts_on: date
    ends_on: date
    budget: Decimal
    standard: Decimal


@transaction.atomic
def create_campaign(*, actor: User, org: Org, new: NewCampaign) -> Campaign:
    """A federation's staff start a campaign as a draft."""
    require(org.kind == OrgKind.FEDERATION, _("A campaign is run by a federation."),
            code="welfare.campaign_org_not_federation")  # fmt: skip
    ensure_may_list_in(actor, org)
    name = new.name.strip()
    require(0 < len(name) <= NAME_MAX, _("Give the campaign a name."), code="welfare.name_missing")
    require(new.ends_on >= new.starts_on, _("The campaign ends before it starts."),
            code="welfare.period_invalid")  # fmt: skip
    budget, standard = _money(new.budget), _money(new.standard)
    require(budget is not None and standard is not None, _("Give an amount in yuan."),
            code="welfare.amount_invalid")  # fmt: skip
    assert budget is not None
    assert standard is not None
    campaign = Campaign.objects.create(
        name=name, org=org, starts_on=new.starts_on, ends_on=new.ends_on, budget=budget,
        standard=standard,
    )  # fmt: skip
    record_event(target=campaign, actor=actor, kind="campaign_created",
                 state_after=campaign.state, data={"org": org.code})  # fmt: skip
    return campaign


def _locked_campaign(campaign_id: int, actor: User) -> Campaign:
    campaign = (
        Campaign.objects.select_for_update(of=("self",)).select_related("org")
        .filter(pk=campaign_id).first()
    )  # fmt: skip
    if campaign is None or not visible_campaigns(actor).filter(pk=campaign_id).exists():
        raise NotFound(_("No such campaign."), code="welfare.campaign_not_found")
    return campaign


def _campaign_move(campaign_id: int, actor: User, action: CampaignAction, kind: str) -> Campaign:
    campaign = _locked_campaign(campaign_id, actor)
    return run_move(
        campaign, workflow=CAMPAIGN_WORKFLOW, action=action, kind=kind, actor=actor,
        status_field="state", may=lambda: ensure_may_run(actor, campaign),
        data={"org": campaign.org.code},
    )  # fmt: skip


@transaction.atomic
def open_campaign(*, actor: User, campaign_id: int) -> Campaign:
    """draft → open: unions below may list recipients and record deliveries."""
    return _campaign_move(campaign_id, actor, CampaignAction.OPEN, "campaign_opened")


@transaction.atomic
def close_campaign(*, actor: User, campaign_id: int) -> Campaign:
    """open → closed: nothing more is listed or delivered."""
    return _campaign_move(campaign_id, actor, CampaignAction.CLOSE, "campaign_closed")


def _ensure_open(campaign: Campaign) -> None:
    if campaign.state != CampaignState.OPEN:
        raise DomainError(_("The campaign is not open."), code="welfare.campaign_not_open")


def _ensure_in_campaign(campaign: Campaign, org: Org) -> None:
    inside = org.path.startswith(campaign.org.path)  # fixed-width segments: the subtree
    require(inside and org.is_active, _("The union is not part of this campaign."),
            code="welfare.org_outside_campaign")  # fmt: skip


def _person(person_id: int | None, details: PersonDetails | None) -> Person:
    if details is not None:
        return person_for(clean_details(details))[0]
    found = (
        Person.objects.select_for_update().filter(pk=person_id or 0, erased_at__isnull=True).first()
    )
    if found is None or found.merged_into_id is not None:
        raise NotFound(_("No such person."), code="welfare.person_not_found")
    return found


def _earlier(campaign: Campaign, person: Person, org: Org) -> Recipient | None:
    """The listing a new one would repeat (refused outright when the same union listed it)."""
    standing = Recipient.objects.filter(
        campaign=campaign, person=person, state__in=[*LIVE_STATES, RecipientState.FLAGGED]
    ).order_by("listed_at", "pk")
    if standing.filter(org=org).exists():
        raise DomainError(_("This union has already listed this person in the campaign."),
                          code="welfare.already_listed")  # fmt: skip
    return standing.filter(state__in=sorted(LIVE_STATES)).first() or standing.first()


@dataclass(frozen=True)
class NewRecipient:
    org: Org
    reason: str
    planned_value: Decimal | None = None  # the campaign's standard when not given
    person_id: int | None = None  # a person found by ID number (members selectors) ...
    details: PersonDetails | None = None  # ... or the details that find or register one


def new_recipient_by_id(
    actor: User, *, org: Org, id_number: str, reason: str, planned_value: Decimal | None = None,
    name: str = "", employment_form: str = EmploymentForm.EMPLOYEE,
) -> NewRecipient:  # fmt: skip
    """What a form or the API gives: an ID number finds the person in the actor's registry; with a
    name, the person is found or registered by that ID (so by ID, never by name)."""
    common: dict[str, Any] = {"org": org, "reason": reason, "planned_value": planned_value}
    if name.strip():
        found = PersonDetails(name=name, id_number=id_number, employment_form=employment_form)
        return NewRecipient(**common, details=found)
    person = person_by_id_number(actor, idcard.normalise_id_number(id_number))
    if person is None:
        raise NotFound(_("No such person in your registry: give the name to register them."),
                       code="welfare.person_not_found")  # fmt: skip
    return NewRecipient(**common, person_id=person.pk)


@transaction.atomic
def add_recipient(*, actor: User, campaign_id: int, new: NewRecipient) -> Recipient:
    """A union of the campaign lists a person; a second level listing them again is flagged."""
    campaign = _locked_campaign(campaign_id, actor)
    ensure_may_list_in(actor, new.org)
    _ensure_in_campaign(campaign, new.org)
    _ensure_open(campaign)
    require(new.reason in Reason.values, _("Choose a category."), code="welfare.reason_invalid")
    planned = _money(campaign.standard if new.planned_value is None else new.planned_value)
    require(planned is not None, _("Give an amount in yuan."), code="welfare.planned_value_invalid")
    assert planned is not None
    person = _person(new.person_id, new.details)
    earlier = _earlier(campaign, person, new.org)
    recipient = Recipient.objects.create(
        campaign=campaign, person=person, org=new.org, reason=new.reason, planned_value=planned,
        state=RecipientState.FLAGGED if earlier else RecipientState.LISTED,
        duplicate_of=earlier, listed_at=clock.now(),
    )  # fmt: skip
    data = {"campaign": campaign.pk, "person": person.pk, "org": new.org.code}
    if earlier is not None:
        data["duplicate_of"] = earlier.pk
    kind = "recipient_flagged" if earlier else "recipient_listed"
    record_event(target=recipient, actor=actor, kind=kind, state_after=recipient.state, data=data)
    return recipient


def _locked(recipient_id: int, actor: User) -> Recipient:
    """The recipient, locked after its campaign (the order every listing takes), or NotFound."""
    campaign_id = Recipient.objects.filter(pk=recipient_id).values_list("campaign_id", flat=True)
    first = campaign_id.first()
    row = None
    if first is not None:
        Campaign.objects.select_for_update().filter(pk=first).first()
        row = (
            Recipient.objects.select_for_update(of=("self",))
            .select_related("campaign__org", "org", "person").filter(pk=recipient_id).first()
        )  # fmt: skip
    if row is None or not (can_see_recipient(actor, row) or can_run_campaign(actor, row.campaign)):
        raise NotFound(_("No such recipient."), code="welfare.recipient_not_found")
    return row


def _move(
    recipient_id: int, *, actor: User, action: RecipientAction, kind: str,
    apply: Callable[[Recipient], Sequence[str]] | None = None, extra: dict[str, Any] | None = None,
) -> Recipient:  # fmt: skip
    recipient = _locked(recipient_id, actor)
    data = {"campaign": recipient.campaign_id, "person": recipient.person_id,
            "org": recipient.org.code, **(extra or {})}  # fmt: skip
    return run_move(
        recipient, workflow=RECIPIENT_WORKFLOW, action=action, kind=kind, actor=actor,
        status_field="state", may=lambda: ensure_may_move(actor, action, recipient),
        apply=apply, data=data,
    )  # fmt: skip


def spent(campaign: Campaign) -> Decimal:
    total = Delivery.objects.filter(recipient__campaign=campaign).aggregate(s=Sum("value"))["s"]
    return total or Decimal("0")


@transaction.atomic
def record_delivery(
    *, actor: User, recipient_id: int, kind: str, value: Decimal, delivered_on: date
) -> Recipient:
    """What was given (cash or goods, its value, the day): listed → delivered, within the budget."""
    require(kind in DeliveryKind.values, _("Choose cash or goods."), code="welfare.kind_invalid")
    amount = _money(value, positive=True)
    require(amount is not None, _("Give an amount in yuan."), code="welfare.value_invalid")
    assert amount is not None

    def apply(r: Recipient) -> list[str]:
        _ensure_open(r.campaign)
        if spent(r.campaign) + amount > r.campaign.budget:
            raise DomainError(_("This delivery would exceed the campaign's budget."),
                             code="welfare.over_budget")  # fmt: skip
        Delivery.objects.create(recipient=r, kind=kind, value=amount, delivered_on=delivered_on,
                                delivered_by=actor, recorded_at=clock.now())  # fmt: skip
        return []

    return _move(recipient_id, actor=actor, action=RecipientAction.DELIVER, kind="delivered",
                 apply=apply, extra={"kind": kind, "value": str(amount)})  # fmt: skip


@transaction.atomic
def withdraw_recipient(*, actor: User, recipient_id: int) -> Recipient:
    """The listing union takes a person off the list before anything is delivered."""
    return _move(recipient_id, actor=actor, action=RecipientAction.WITHDRAW, kind="withdrawn")


@transaction.atomic
def keep_listing(*, actor: User, recipient_id: int) -> Recipient:
    """The federation keeps a flagged listing: only once the other listing is withdrawn."""

    def apply(r: Recipient) -> list[str]:
        others = Recipient.objects.filter(
            campaign=r.campaign_id, person=r.person_id, state__in=sorted(LIVE_STATES)
        ).exclude(pk=r.pk)
        if others.exists():
            raise DomainError(
                _("Withdraw the other listing of this person first: one person counts once."),
                code="welfare.duplicate_still_live",
            )
        return []

    return _move(recipient_id, actor=actor, action=RecipientAction.KEEP, kind="duplicate_kept",
                 apply=apply)  # fmt: skip


@transaction.atomic
def confirm_duplicate(*, actor: User, recipient_id: int) -> Recipient:
    """The federation confirms a flagged listing repeats another: it is withdrawn."""
    return _move(recipient_id, actor=actor, action=RecipientAction.CONFIRM_DUPLICATE,
                 kind="duplicate_confirmed")  # fmt: skip
