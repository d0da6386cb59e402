"""数据治理: correcting a case's category, org or phone — allowed in every state, refused cleanly."""

import pytest

from lianxin.audit.models import Visibility
from lianxin.cases import services
from lianxin.cases.states import Status
from lianxin.cases.tests.factories import category, make_case
from lianxin.cases.tests.test_services import AROUND, case_in, summary, the_new_event
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied
from lianxin.tests.refusals import changes, refused, snapshot


@pytest.mark.parametrize("state", Status.values)
def test_correct_case_changes_the_category_in_any_state_and_journals_old_and_new(world, state):
    # Given: a wages case in any state, closed and rejected included
    case = case_in(world, state)
    before = snapshot(case)

    # When
    services.correct_case(
        case_id=case.pk, actor=world.chair, category=category("canteen_dorm"), note="实为食堂问题"
    )

    # Then: only the category changed, the state stays, one internal event says from what to what
    assert changes(before, case) == {"category_id": category("canteen_dorm").pk}
    event = the_new_event(before, case.pk)
    assert summary(event) == ("corrected", world.chair.pk, Visibility.INTERNAL, state, state)
    assert event.data == {"category": ["wages", "canteen_dorm"]}


def test_correct_case_moves_a_case_owned_where_it_arose_to_the_right_enterprise(world):
    # Given: district staff look at a case registered at the wrong enterprise
    case = make_case(actor=world.staff, org=world.ent_a1)
    before = snapshot(case)

    # When
    services.correct_case(
        case_id=case.pk, actor=world.staff, origin_org=world.ent_a2, note="登记错单位"
    )

    # Then: it arose in, and is owned by, the right enterprise; the number stays
    assert changes(before, case) == {
        "origin_org_id": world.ent_a2.pk,
        "owner_org_id": world.ent_a2.pk,
    }
    assert the_new_event(before, case.pk).data["origin_org"] == ["EA1", "EA2"]


def test_correct_case_keeps_an_escalated_owner_when_the_origin_is_corrected(world):
    # Given: a case escalated to the street
    case = make_case(actor=world.chair, org=world.ent_a1)
    services.escalate_case(case_id=case.pk, actor=world.chair, reason="企业拒不整改")
    before = snapshot(case)

    # When
    services.correct_case(
        case_id=case.pk, actor=world.staff, origin_org=world.ent_a2, note="登记错单位"
    )

    # Then
    assert changes(before, case) == {"origin_org_id": world.ent_a2.pk}


def test_correct_case_stores_the_phone_normalised_and_journals_it_masked(world):
    # Given
    case = make_case(actor=world.chair, org=world.ent_a1, worker_phone="1391234")
    before = snapshot(case)

    # When
    services.correct_case(
        case_id=case.pk, actor=world.chair, worker_phone="139 1234 0001", note="电话少录了位"
    )

    # Then
    assert changes(before, case) == {"worker_phone": "13912340001"}
    _old, new = the_new_event(before, case.pk).data["worker_phone"]
    assert "13912340001" not in new
    assert new.startswith("139")
    assert new.endswith("0001")


REFUSED = [
    ("no reason", "chair", {"category": "canteen_dorm", "note": " "}, InvalidInput),
    ("nothing differs", "chair", {"category": "wages", "note": "核对"}, InvalidInput),
    ("nothing given", "chair", {"note": "核对"}, InvalidInput),
    ("a bad phone", "chair", {"worker_phone": "12345", "note": "改电话"}, InvalidInput),
    ("a leader", "leader", {"category": "canteen_dorm", "note": "改类别"}, PermissionDenied),
    ("a supervisor", "supervisor", {"category": "other", "note": "改类别"}, PermissionDenied),
    ("to another district", "staff", {"origin_org": "ent_b1", "note": "改单位"}, PermissionDenied),
    ("to a partner", "city_staff", {"origin_org": "bureau", "note": "改单位"}, PermissionDenied),
    ("another org's case", "chair_b", {"category": "other", "note": "改类别"}, NotFound),
    ("a partner's", "partner", {"category": "other", "note": "改类别"}, NotFound),
]


@pytest.mark.parametrize(
    ("actor", "fields", "error"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_correct_case_refused_changes_nothing(world, actor, fields, error):
    # Given
    case = make_case(actor=world.chair, org=world.ent_a1)
    kwargs = dict(fields)
    if "category" in kwargs:
        kwargs["category"] = category(kwargs["category"])
    if "origin_org" in kwargs:
        kwargs["origin_org"] = getattr(world, kwargs["origin_org"])

    # When / then
    who = getattr(world, actor)
    refused(
        lambda: services.correct_case(case_id=case.pk, actor=who, **kwargs),
        error,
        row=case,
        counts=AROUND,
    )


def test_correct_case_refuses_a_phone_on_an_anonymous_case(world):
    case = make_case(actor=world.chair, org=world.ent_a1, is_anonymous=True)
    refused(
        lambda: services.correct_case(
            case_id=case.pk, actor=world.chair, worker_phone="13912340001", note="补电话"
        ),
        InvalidInput,
        row=case,
        counts=AROUND,
    )
