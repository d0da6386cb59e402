"""Every membership move: allowed (one event, the state after) and refused (nothing changes)."""

from io import StringIO

import pytest
from django.core.management import call_command

from lianxin.audit.models import Event
from lianxin.core.errors import DomainError, NotFound, PermissionDenied, TransitionNotAllowed
from lianxin.members import services
from lianxin.members.models import Membership, Person
from lianxin.members.states import State
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory
from lianxin.tests.refusals import refused

pytestmark = pytest.mark.django_db


def events_of(row) -> list[Event]:
    return list(
        Event.objects.filter(target_type=row._meta.label_lower, target_id=row.pk).order_by("seq")
    )


def applied(world, n=2, org=None):
    worker = UserFactory()
    return services.apply_for_membership(
        actor=worker, org=org or world.ent_a1, details=details(n)
    ), worker


def test_apply_creates_a_person_and_an_application_journalled_without_personal_data(world):
    # Given a signed-in worker, when they apply to enterprise A1
    membership, worker = applied(world)
    # Then the application waits, their person is theirs, and one event names ids only
    assert membership.state == State.APPLIED
    assert membership.card_number is None
    assert Person.objects.get(pk=membership.person_id).user == worker
    [event] = events_of(membership)
    assert event.kind == "applied"
    assert event.actor is None
    assert event.actor_label == "@member"
    assert event.data == {"person": membership.person_id, "org": "EA1"}


def test_register_by_chair_is_active_at_once_with_a_card(world, member):
    assert member.state == State.ACTIVE
    assert member.card_number.startswith("LX")
    assert member.joined_on is not None
    [event] = events_of(member)
    assert (event.kind, event.state_after, event.actor) == ("registered", "active", world.chair)


def test_approve_activates_and_journals_one_event(world):
    membership, _worker = applied(world)
    services.approve_membership(actor=world.chair, membership_id=membership.pk)
    membership.refresh_from_db()
    assert membership.state == State.ACTIVE
    assert membership.card_number
    assert [e.kind for e in events_of(membership)] == ["applied", "approved"]


def test_approve_links_the_applicant_to_an_existing_person(world, member):
    # Given a person registered by the chair, who later applies elsewhere after leaving
    services.leave_union(actor=world.chair, membership_id=member.pk)
    worker = UserFactory()
    application = services.apply_for_membership(actor=worker, org=world.ent_a2, details=details(1))
    # Then typing the ID number alone does not hand the person to the account
    assert Person.objects.get(pk=member.person_id).user is None
    # When the union approves, it does
    services.approve_membership(actor=world.staff, membership_id=application.pk)
    assert Person.objects.get(pk=member.person_id).user == worker


def test_reject_keeps_the_reason_sealed_and_out_of_the_journal(world):
    membership, _worker = applied(world)
    services.reject_membership(
        actor=world.chair, membership_id=membership.pk, reason="不是本企业职工"
    )
    membership = Membership.objects.get(pk=membership.pk)
    assert membership.state == State.REJECTED
    assert membership.reason == "不是本企业职工"
    assert "不是本企业职工" not in membership.reason_sealed
    assert all("不是本企业职工" not in str(e.data) + e.note for e in Event.objects.all())


def test_transfer_ends_the_old_membership_and_starts_an_active_one(world, member):
    new = services.transfer_membership(
        actor=world.staff, membership_id=member.pk, to_org=world.ent_a2
    )
    old = Membership.objects.get(pk=member.pk)
    assert old.state == State.TRANSFERRED_OUT
    assert old.transferred_to == new
    assert new.state == State.ACTIVE
    assert new.person_id == old.person_id
    assert new.org == world.ent_a2
    [_registered, moved] = events_of(old)
    assert moved.kind == "transferred_out"
    assert moved.data == {
        "person": old.person_id,
        "org": "EA1",
        "to_org": "EA2",
        "new_membership": new.pk,
    }
    assert events_of(new) == []
    out = StringIO()
    call_command("verify_journal", stdout=out)
    assert "journal intact" in out.getvalue()


def test_leave_by_the_member_themself(world):
    membership, worker = applied(world)
    services.approve_membership(actor=world.chair, membership_id=membership.pk)
    services.leave_union(actor=worker, membership_id=membership.pk)
    membership.refresh_from_db()
    assert membership.state == State.LEFT
    assert membership.ended_on
    assert events_of(membership)[-1].actor_label == "@member"


WRONG_STATE = [
    ("approve", State.ACTIVE),
    ("reject", State.ACTIVE),
    ("leave", State.APPLIED),
    ("transfer", State.APPLIED),
]


def move(name, world, membership_id, actor):
    calls = {
        "approve": lambda: services.approve_membership(actor=actor, membership_id=membership_id),
        "reject": lambda: services.reject_membership(
            actor=actor, membership_id=membership_id, reason="r"
        ),
        "leave": lambda: services.leave_union(actor=actor, membership_id=membership_id),
        "transfer": lambda: services.transfer_membership(
            actor=actor, membership_id=membership_id, to_org=world.ent_a2
        ),
    }
    return calls[name]


@pytest.mark.parametrize(("action", "state"), WRONG_STATE)
def test_a_move_from_the_wrong_state_is_refused_and_changes_nothing(world, member, action, state):
    membership = member if state == State.ACTIVE else applied(world, n=3)[0]
    error = refused(
        move(action, world, membership.pk, world.chair),
        TransitionNotAllowed,
        row=membership,
        counts=[Membership, Person],
    )
    assert error.code == "members.transition_not_allowed"


@pytest.mark.parametrize("action", ["approve", "reject", "leave", "transfer"])
@pytest.mark.parametrize("state", [State.LEFT, State.REJECTED, State.TRANSFERRED_OUT])
def test_no_move_from_an_ended_membership(world, action, state):
    membership, _w = applied(world, n=4)
    if state == State.REJECTED:
        services.reject_membership(actor=world.chair, membership_id=membership.pk, reason="r")
    else:
        services.approve_membership(actor=world.chair, membership_id=membership.pk)
        if state == State.LEFT:
            services.leave_union(actor=world.chair, membership_id=membership.pk)
        else:
            services.transfer_membership(
                actor=world.chair, membership_id=membership.pk, to_org=world.ent_b1
            )
    refused(
        move(action, world, membership.pk, world.city_staff),
        TransitionNotAllowed,
        row=membership,
        counts=[Membership],
    )


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("chair_b", NotFound),  # another enterprise's chair: it does not exist for them
        ("partner", NotFound),
        ("judge", NotFound),
        ("nobody", NotFound),
        ("leader", PermissionDenied),  # sees the city's members, may not change them
        ("supervisor", PermissionDenied),
    ],
)
@pytest.mark.parametrize("action", ["approve", "reject", "leave", "transfer"])
def test_a_move_by_the_wrong_role_or_scope_is_refused(world, member, who, error, action):
    membership = member if action in ("leave", "transfer") else applied(world, n=5)[0]
    refused(
        move(action, world, membership.pk, getattr(world, who)),
        error,
        row=membership,
        counts=[Membership],
    )


def test_a_worker_may_not_approve_their_own_application(world):
    membership, worker = applied(world)
    refused(move("approve", world, membership.pk, worker), PermissionDenied, row=membership)


def test_one_active_membership_per_person(world, member):
    # A second registration of the same ID anywhere is refused: transfer instead
    error = refused(
        lambda: services.register_member(
            actor=world.city_staff, org=world.ent_b1, details=details(1)
        ),
        DomainError,
        counts=[Membership, Person],
    )
    assert error.code == "members.already_active"


def test_approving_a_person_active_elsewhere_is_refused(world):
    membership, _w = applied(world, n=6, org=world.ent_a2)
    services.register_member(actor=world.chair, org=world.ent_a1, details=details(6))
    error = refused(
        move("approve", world, membership.pk, world.staff),
        DomainError,
        row=membership,
        counts=[Membership],
    )
    assert error.code == "members.already_active"


def test_a_team_or_a_federation_holds_no_members(world):
    for org in (world.team_a1, world.city):
        error = refused(
            lambda org=org: services.register_member(
                actor=world.city_staff, org=org, details=details(7)
            ),
            DomainError,
            counts=[Membership, Person],
        )
        assert error.code == "members.org_not_base_union"


def test_an_invalid_id_number_is_refused(world):
    bad = details(8)
    bad = details(8, id_number=bad.id_number[:17] + ("0" if bad.id_number[17] != "0" else "1"))
    error = refused(
        lambda: services.register_member(actor=world.chair, org=world.ent_a1, details=bad),
        DomainError,
        counts=[Membership, Person],
    )
    assert error.code == "members.id_number_invalid"
