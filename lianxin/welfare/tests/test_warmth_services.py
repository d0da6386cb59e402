"""Every 送温暖 move: allowed (one event, the state after) and refused (nothing changes, no event)."""
# ruff: noqa: F811 (the fixtures imported from warmth_fixtures are named as arguments)

from decimal import Decimal

import pytest

from lianxin.audit.models import Event
from lianxin.core.errors import (
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from lianxin.members.models import Person
from lianxin.members.services import register_member
from lianxin.members.tests.conftest import details
from lianxin.tests.refusals import refused
from lianxin.welfare.models.warmth import Campaign, Delivery, Recipient
from lianxin.welfare.services import warmth as services
from lianxin.welfare.services.warmth import NewRecipient
from lianxin.welfare.states.warmth import CampaignState, RecipientState
from lianxin.welfare.tests.warmth_fixtures import (  # noqa: F401 (fixtures)
    campaign,
    delivered,
    draft,
    listed,
    new_campaign,
    worker,
)

pytestmark = pytest.mark.django_db


def events_of(row) -> list[Event]:
    return list(
        Event.objects.filter(target_type=row._meta.label_lower, target_id=row.pk).order_by("seq")
    )


# The campaign


def test_create_campaign_is_a_draft_journalled_with_the_org_code(world, draft):
    assert draft.state == CampaignState.DRAFT
    assert draft.budget == Decimal("3000.00")
    [event] = events_of(draft)
    assert (event.kind, event.state_after, event.data) == (
        "campaign_created",
        "draft",
        {"org": "JZ"},
    )


@pytest.mark.parametrize(
    ("who", "org", "error", "code"),
    [
        ("chair", "ent_a1", InvalidInput, "welfare.campaign_org_not_federation"),
        ("chair", "city", PermissionDenied, "welfare.permission_denied"),
        ("partner", "city", PermissionDenied, "welfare.permission_denied"),
    ],
)
def test_create_campaign_refused_writes_nothing(world, who, org, error, code):
    call = lambda: services.create_campaign(  # noqa: E731
        actor=getattr(world, who), org=getattr(world, org), new=new_campaign()
    )
    assert refused(call, error, counts=[Campaign]).code == code


def test_a_campaign_that_ends_before_it_starts_is_refused(world):
    bad = new_campaign(ends_on=new_campaign().starts_on.replace(day=1, month=1, year=2026))
    call = lambda: services.create_campaign(actor=world.city_staff, org=world.city, new=bad)  # noqa: E731
    assert refused(call, InvalidInput, counts=[Campaign]).code == "welfare.period_invalid"


def test_open_then_close_each_journal_one_event(world, draft):
    services.open_campaign(actor=world.city_staff, campaign_id=draft.pk)
    services.close_campaign(actor=world.city_staff, campaign_id=draft.pk)
    draft.refresh_from_db()
    assert draft.state == CampaignState.CLOSED
    kinds = [(e.kind, e.state_before, e.state_after) for e in events_of(draft)]
    assert kinds[1:] == [
        ("campaign_opened", "draft", "open"),
        ("campaign_closed", "open", "closed"),
    ]


@pytest.mark.parametrize(
    ("who", "move", "error"),
    [
        (
            "staff",
            "open_campaign",
            PermissionDenied,
        ),  # district staff do not run the city's campaign
        ("chair", "open_campaign", PermissionDenied),
        ("partner", "open_campaign", NotFound),
        ("judge", "open_campaign", NotFound),
        ("nobody", "open_campaign", NotFound),
        ("city_staff", "close_campaign", TransitionNotAllowed),  # a draft cannot close
    ],
)
def test_campaign_moves_refused_change_nothing(world, draft, who, move, error):
    call = lambda: getattr(services, move)(actor=getattr(world, who), campaign_id=draft.pk)  # noqa: E731
    refused(call, error, row=draft)


def test_opening_an_open_campaign_is_a_409(world, campaign):
    call = lambda: services.open_campaign(actor=world.city_staff, campaign_id=campaign.pk)  # noqa: E731
    error = refused(call, TransitionNotAllowed, row=campaign)
    assert (error.http_status, error.code) == (409, "warmth_campaign.transition_not_allowed")


# Listing recipients


def test_add_recipient_lists_the_person_journalled_with_ids_only(world, campaign, worker):
    recipient = listed(world, campaign, worker)
    assert recipient.state == RecipientState.LISTED
    assert recipient.planned_value == Decimal("500.00")  # the campaign's standard
    [event] = events_of(recipient)
    assert event.kind == "recipient_listed"
    assert event.data == {"campaign": campaign.pk, "person": worker.pk, "org": "EA1"}
    d = details(1)
    assert d.name not in str(event.data)
    assert d.id_number not in str(event.data)


def test_add_recipient_by_details_registers_a_new_person_once(world, campaign):
    new = NewRecipient(org=world.ent_a1, reason="frontline", details=details(7))
    recipient = services.add_recipient(actor=world.chair, campaign_id=campaign.pk, new=new)
    assert recipient.person.name == details(7).name
    assert Person.objects.count() == 1


def _add(world, campaign, person, *, who="chair", org="ent_a1", reason="gig"):
    return lambda: services.add_recipient(
        actor=getattr(world, who), campaign_id=campaign.pk,
        new=NewRecipient(org=getattr(world, org), reason=reason, person_id=person.pk),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("who", "org", "reason", "error", "code"),
    [
        ("chair", "ent_a2", "gig", PermissionDenied, "welfare.permission_denied"),
        ("chair_b", "ent_a1", "gig", PermissionDenied, "welfare.permission_denied"),
        ("partner", "ent_a1", "gig", NotFound, "welfare.campaign_not_found"),
        ("chair", "ent_a1", "lottery", InvalidInput, "welfare.reason_invalid"),
    ],
)
def test_add_recipient_refused_writes_nothing(
    world, campaign, worker, who, org, reason, error, code
):
    call = _add(world, campaign, worker, who=who, org=org, reason=reason)
    assert refused(call, error, counts=[Recipient]).code == code


def test_listing_in_a_draft_or_closed_campaign_is_refused(world, draft, worker):
    call = _add(world, draft, worker)
    assert refused(call, counts=[Recipient]).code == "welfare.campaign_not_open"
    services.open_campaign(actor=world.city_staff, campaign_id=draft.pk)
    services.close_campaign(actor=world.city_staff, campaign_id=draft.pk)
    assert refused(call, counts=[Recipient]).code == "welfare.campaign_not_open"


def test_a_union_outside_the_campaign_cannot_list(world, worker):
    district = services.create_campaign(
        actor=world.staff, org=world.district_a, new=new_campaign(name="A区送温暖")
    )
    services.open_campaign(actor=world.staff, campaign_id=district.pk)
    call = _add(world, district, worker, who="city_staff", org="ent_b1")
    assert refused(call, InvalidInput, counts=[Recipient]).code == "welfare.org_outside_campaign"


def test_the_same_union_listing_a_person_twice_is_refused(world, campaign, worker):
    listed(world, campaign, worker)
    assert (
        refused(_add(world, campaign, worker), counts=[Recipient]).code == "welfare.already_listed"
    )


# The cross-level duplicate


def test_a_second_level_listing_the_same_person_is_flagged_before_payment(world, campaign, worker):
    first = listed(world, campaign, worker, by=world.staff, org=world.district_a)
    second = listed(world, campaign, worker)
    assert (second.state, second.duplicate_of) == (RecipientState.FLAGGED, first)
    [event] = events_of(second)
    assert event.kind == "recipient_flagged"
    assert event.data["duplicate_of"] == first.pk


def test_the_duplicate_is_found_by_id_number_not_by_name(world, campaign, worker):
    same_id_other_name = details(1, name="王五")
    new = NewRecipient(org=world.district_a, reason="gig", details=same_id_other_name)
    listed(world, campaign, worker)
    second = services.add_recipient(actor=world.staff, campaign_id=campaign.pk, new=new)
    assert second.person_id == worker.pk
    assert second.state == RecipientState.FLAGGED


def test_a_flagged_listing_cannot_be_delivered(world, campaign, worker):
    listed(world, campaign, worker, by=world.staff, org=world.district_a)
    second = listed(world, campaign, worker)
    call = lambda: delivered(world, second)  # noqa: E731
    error = refused(call, TransitionNotAllowed, row=second, counts=[Delivery])
    assert error.code == "warmth_recipient.transition_not_allowed"


def test_keeping_a_flag_while_the_other_listing_stands_is_refused(world, campaign, worker):
    listed(world, campaign, worker, by=world.staff, org=world.district_a)
    second = listed(world, campaign, worker)
    call = lambda: services.keep_listing(actor=world.city_staff, recipient_id=second.pk)  # noqa: E731
    assert refused(call, row=second).code == "welfare.duplicate_still_live"


@pytest.mark.parametrize("who", ["chair", "staff"])
def test_only_the_organisers_staff_decide_a_duplicate(world, campaign, worker, who):
    listed(world, campaign, worker, by=world.staff, org=world.district_a)
    second = listed(world, campaign, worker)
    for move in (services.keep_listing, services.confirm_duplicate):
        call = lambda move=move: move(actor=getattr(world, who), recipient_id=second.pk)  # noqa: E731
        refused(call, PermissionDenied, row=second)


def test_confirming_the_duplicate_withdraws_it_and_the_person_counts_once(world, campaign, worker):
    first = listed(world, campaign, worker, by=world.staff, org=world.district_a)
    second = listed(world, campaign, worker)
    services.confirm_duplicate(actor=world.city_staff, recipient_id=second.pk)
    delivered(world, first, by=world.staff)
    second.refresh_from_db()
    assert second.state == RecipientState.WITHDRAWN
    assert events_of(second)[-1].kind == "duplicate_confirmed"
    assert Recipient.objects.filter(state=RecipientState.DELIVERED).count() == 1


def test_keeping_the_flagged_listing_after_the_other_is_withdrawn(world, campaign, worker):
    first = listed(world, campaign, worker, by=world.staff, org=world.district_a)
    second = listed(world, campaign, worker)
    services.withdraw_recipient(actor=world.staff, recipient_id=first.pk)
    services.keep_listing(actor=world.city_staff, recipient_id=second.pk)
    delivered(world, second)
    second.refresh_from_db()
    assert second.state == RecipientState.DELIVERED
    assert [e.kind for e in events_of(second)] == [
        "recipient_flagged",
        "duplicate_kept",
        "delivered",
    ]


# Deliveries and withdrawals


def test_record_delivery_writes_what_was_given_and_one_event(world, campaign, worker):
    recipient = delivered(world, listed(world, campaign, worker), "480.50", kind="goods")
    assert recipient.state == RecipientState.DELIVERED
    d = Delivery.objects.get(recipient=recipient)
    assert (d.kind, d.value, d.delivered_by) == ("goods", Decimal("480.50"), world.chair)
    [_listed, event] = events_of(recipient)
    assert (event.kind, event.data["value"], event.data["kind"]) == ("delivered", "480.50", "goods")


@pytest.mark.parametrize(
    ("value", "who", "error", "code"),
    [
        ("0", "chair", InvalidInput, "welfare.value_invalid"),
        ("3000.01", "chair", DomainError, "welfare.over_budget"),
        ("500", "chair_b", NotFound, "welfare.recipient_not_found"),
        ("500", "judge", NotFound, "welfare.recipient_not_found"),
        ("500", "leader", NotFound, "welfare.recipient_not_found"),
    ],
)
def test_record_delivery_refused_changes_nothing(world, campaign, worker, value, who, error, code):
    recipient = listed(world, campaign, worker)
    call = lambda: delivered(world, recipient, value, by=getattr(world, who))  # noqa: E731
    assert refused(call, error, row=recipient, counts=[Delivery]).code == code


def test_delivering_twice_or_after_closing_is_refused(world, campaign, worker):
    recipient = delivered(world, listed(world, campaign, worker))
    call = lambda: delivered(world, recipient)  # noqa: E731
    refused(call, TransitionNotAllowed, row=recipient, counts=[Delivery])
    other = listed(world, campaign, details_person(world, 2))
    services.close_campaign(actor=world.city_staff, campaign_id=campaign.pk)
    call = lambda: delivered(world, other)  # noqa: E731
    assert refused(call, row=other, counts=[Delivery]).code == "welfare.campaign_not_open"


def details_person(world, n):
    return register_member(actor=world.chair, org=world.ent_a1, details=details(n)).person


def test_withdraw_a_listed_recipient_and_not_a_delivered_one(world, campaign, worker):
    recipient = listed(world, campaign, worker)
    services.withdraw_recipient(actor=world.chair, recipient_id=recipient.pk)
    recipient.refresh_from_db()
    assert recipient.state == RecipientState.WITHDRAWN
    again = delivered(world, listed(world, campaign, worker))  # withdrawn listings do not block
    call = lambda: services.withdraw_recipient(actor=world.chair, recipient_id=again.pk)  # noqa: E731
    refused(call, TransitionNotAllowed, row=again)
