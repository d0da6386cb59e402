"""Every workflow move: what it changes and journals when allowed, and that a refusal changes nothing."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from lianxin.audit.models import Event, Visibility
from lianxin.cases import services
from lianxin.cases.models import Case, CaseCounter, Feedback, Referral
from lianxin.cases.permissions import (
    WorkerActor,
    allowed_actions,
    can_see_worker_contact,
    visible_cases,
)
from lianxin.cases.selectors import case_detail
from lianxin.cases.states import TRANSITIONS, Action, Status
from lianxin.cases.tests.factories import category, make_case
from lianxin.core import clock
from lianxin.core.errors import (
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from lianxin.core.models import Notification
from lianxin.orgs.models import Org
from lianxin.orgs.permissions import can_act_in
from lianxin.orgs.tests.factories import OrgFactory
from lianxin.tests.refusals import Snapshot, changes, refused, snapshot

BJ = ZoneInfo("Asia/Shanghai")
REGISTERED_AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Beijing
NOW = REGISTERED_AT + timedelta(hours=3)
S = Status
PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL


# ---- helpers --------------------------------------------------------------------------------------


# What a case move may write beside the case and its journal.
AROUND = (Referral, Feedback, Notification)


def the_new_event(before: Snapshot, case_id: int) -> Event:
    """The one event the move appended (and assert it is the only one in the whole journal)."""
    new = list(Event.objects.filter(target_type="cases.case", target_id=case_id).order_by("seq"))
    assert len(new) == before.events + 1
    assert Event.objects.count() == before.all_events + 1
    event = new[-1]
    assert (event.seq, event.prev_hash) == (before.events + 1, before.last_hash)
    return event


def summary(event: Event) -> tuple[str, int | None, str, str, str]:
    """(kind, actor id, visibility, state before, state after) of an event."""
    return (event.kind, event.actor_id, event.visibility, event.state_before, event.state_after)


def recipients(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


# How each state is reached from a registered case in enterprise A1, by its chair.
PATHS: dict[str, list[str]] = {
    S.REGISTERED: [],
    S.ACCEPTED: ["accept"],
    S.REJECTED: ["reject"],
    S.IN_PROGRESS: ["accept", "start"],
    S.REFERRED: ["accept", "start", "refer"],
    S.RESOLVED: ["accept", "start", "resolve"],
    S.CLOSED: ["accept", "start", "resolve", "close"],
}

# Each move with valid input, by any actor.
MOVES: dict[str, Callable[..., Case]] = {
    "accept": lambda w, cid, actor: services.accept_case(case_id=cid, actor=actor),
    "reject": lambda w, cid, actor: services.reject_case(
        case_id=cid, actor=actor, reason="不属于工会受理范围"
    ),
    "start": lambda w, cid, actor: services.start_case(case_id=cid, actor=actor),
    "progress": lambda w, cid, actor: services.add_progress(
        case_id=cid, actor=actor, note="已约谈企业负责人"
    ),
    "refer": lambda w, cid, actor: services.refer_case(
        case_id=cid, actor=actor, partner=w.bureau, note="涉及欠薪，转人社局"
    ),
    "report_back": lambda w, cid, actor: services.report_back(
        case_id=cid, actor=actor, report="已责令企业补发工资", outcome="mediated"
    ),
    "escalate": lambda w, cid, actor: services.escalate_case(
        case_id=cid, actor=actor, reason="企业拒不整改"
    ),
    "resolve": lambda w, cid, actor: services.resolve_case(
        case_id=cid, actor=actor, result="工资已全额补发"
    ),
    "feedback": lambda w, cid, actor: services.record_feedback(
        case_id=cid, actor=actor, rating="satisfied"
    ),
    "close": lambda w, cid, actor: services.close_case(case_id=cid, actor=actor, note="联系不上"),
    "reopen": lambda w, cid, actor: services.reopen_case(
        case_id=cid, actor=actor, reason="职工反映未落实"
    ),
}
ACTION_OF = {"feedback": Action.FEEDBACK, "progress": Action.PROGRESS} | {
    name: Action(name) for name in MOVES if name not in ("feedback", "progress")
}


def case_in(world, status: str) -> Case:
    """A case of enterprise A1 brought to `status` through the services, by its chair."""
    case = make_case(actor=world.chair, org=world.ent_a1, at=REGISTERED_AT)
    with clock.frozen_at(REGISTERED_AT + timedelta(hours=1)):
        for step in PATHS[status]:
            MOVES[step](world, case.pk, world.chair)
    case.refresh_from_db()
    assert case.status == status
    return case


# ---- registration --------------------------------------------------------------------------------


def test_register_case_numbers_sets_deadlines_journals_and_notifies_the_chair(world):
    # Given
    before = Event.objects.count()

    # When
    with clock.frozen_at(REGISTERED_AT):
        case = services.register_case(
            actor=world.staff,
            new=services.NewCase(
                origin_org=world.ent_a1,
                category=category("wages"),
                channel="hotline",
                title="  三个月工资未发  ",
                description="车间十二名工人三个月工资未发。",
                worker_name=" 张师傅 ",
                worker_phone="13812345678",
            ),
        )

    # Then
    row = Case.objects.filter(pk=case.pk).values().get()
    assert row["number"] == "JZ-2026-000001"
    assert row["status"] == S.REGISTERED
    assert (row["title"], row["worker_name"]) == ("三个月工资未发", "张师傅")
    assert (row["origin_org_id"], row["owner_org_id"]) == (world.ent_a1.pk, world.ent_a1.pk)
    assert (row["registered_by_id"], row["handler_id"]) == (world.staff.pk, None)
    assert row["registered_at"] == REGISTERED_AT
    event = Event.objects.get(target_type="cases.case", target_id=case.pk)
    assert Event.objects.count() == before + 1
    assert summary(event) == ("registered", world.staff.pk, PUBLIC, "", S.REGISTERED)
    assert event.data == {"channel": "hotline", "category": "wages", "urgency": "ordinary"}
    assert recipients("case_registered") == {world.chair.pk}


def test_register_case_sets_deadlines_from_category_in_working_days(world):
    # When: an ordinary wages case on Monday 2 March 2026, 10:00 Beijing time
    case = make_case(actor=world.chair, org=world.ent_a1, at=REGISTERED_AT)

    # Then: respond by the end of the next working day, resolve within 7 working days
    assert case.response_due == datetime(2026, 3, 3, 23, 59, 59, tzinfo=BJ)
    assert case.resolution_due == datetime(2026, 3, 11, 23, 59, 59, tzinfo=BJ)
    stored = Case.objects.filter(pk=case.pk).values("response_due", "resolution_due").get()
    assert stored == {"response_due": case.response_due, "resolution_due": case.resolution_due}


def test_register_urgent_case_is_due_within_two_hours(world):
    # When
    case = make_case(actor=world.chair, org=world.ent_a1, at=REGISTERED_AT, urgency="urgent")

    # Then
    assert case.resolution_due == REGISTERED_AT + timedelta(hours=2)
    assert case.response_due == REGISTERED_AT + timedelta(hours=2)


def test_case_numbers_run_per_prefix_and_beijing_year(world):
    # Given: a district with a prefix of its own
    xq = OrgFactory(code="XQ", name="新区总工会", parent=world.district_b, case_prefix="XQ")
    new_year_in_beijing = datetime(2026, 12, 31, 17, 0, tzinfo=UTC)  # 2027-01-01 01:00 in Beijing

    # When
    numbers = [
        make_case(actor=world.chair, org=world.ent_a1, at=REGISTERED_AT).number,
        make_case(actor=world.chair, org=world.team_a1, at=REGISTERED_AT).number,
        make_case(actor=world.city_staff, org=xq, at=REGISTERED_AT).number,
        make_case(actor=world.chair_b, org=world.ent_b1, at=REGISTERED_AT).number,
        make_case(actor=world.chair, org=world.ent_a1, at=new_year_in_beijing).number,
    ]

    # Then
    assert numbers == [
        "JZ-2026-000001",
        "JZ-2026-000002",
        "XQ-2026-000001",
        "JZ-2026-000003",
        "JZ-2027-000001",
    ]
    assert set(CaseCounter.objects.values_list("prefix", "year", "last")) == {
        ("JZ", 2026, 3),
        ("XQ", 2026, 1),
        ("JZ", 2027, 1),
    }


def test_case_registered_in_a_team_is_owned_by_its_enterprise(world):
    # When
    case = make_case(actor=world.chair, org=world.team_a1)

    # Then
    assert (case.origin_org, case.owner_org) == (world.team_a1, world.ent_a1)
    assert recipients("case_registered") == {world.chair.pk}


def test_anonymous_case_keeps_no_name_or_phone(world):
    # When: the form still carries a name, a phone and the worker's account
    case = make_case(
        actor=world.chair,
        org=world.ent_a1,
        is_anonymous=True,
        worker_name="张师傅",
        worker_phone="13812345678",
        worker_user=world.nobody,
    )

    # Then
    row = Case.objects.filter(pk=case.pk).values(
        "is_anonymous", "worker_name", "worker_phone", "worker_user"
    )
    assert row.get() == {
        "is_anonymous": True,
        "worker_name": "",
        "worker_phone": "",
        "worker_user": None,
    }


def test_database_refuses_a_name_or_phone_on_an_anonymous_case(world):
    # Given
    case = make_case(
        actor=world.chair, org=world.ent_a1, is_anonymous=True, worker_name="", worker_phone=""
    )

    # When / then: even a write past the service is stopped by the check constraint
    for field, value in [
        ("worker_name", "张师傅"),
        ("worker_phone", "13812345678"),
        ("worker_user", world.nobody),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Case.objects.filter(pk=case.pk).update(**{field: value})
    row = Case.objects.filter(pk=case.pk).values("worker_name", "worker_phone", "worker_user")
    assert row.get() == {"worker_name": "", "worker_phone": "", "worker_user": None}


@pytest.mark.parametrize(
    ("actor", "org", "fields", "error"),
    [
        ("chair", "ent_b1", {}, PermissionDenied),
        ("partner", "ent_a1", {}, PermissionDenied),
        ("leader", "ent_a1", {}, PermissionDenied),
        ("supervisor", "ent_a1", {}, PermissionDenied),
        ("nobody", "ent_a1", {}, PermissionDenied),
        ("chair", "ent_a1", {"title": "   "}, InvalidInput),
        ("chair", "ent_a1", {"description": ""}, InvalidInput),
        ("city_staff", "bureau", {}, InvalidInput),
    ],
    ids=[
        "other-enterprise",
        "partner",
        "leader",
        "supervisor",
        "no-role",
        "no-title",
        "no-description",
        "in-a-partner-agency",
    ],
)
def test_register_case_refused_writes_no_case_event_counter_or_notification(
    world, actor, org, fields, error
):
    # Given
    counts = [m.objects.count() for m in (Case, Event, CaseCounter, Notification)]

    # When / then
    with pytest.raises(error):
        make_case(actor=getattr(world, actor), org=getattr(world, org), **fields)
    assert [m.objects.count() for m in (Case, Event, CaseCounter, Notification)] == counts


@pytest.mark.parametrize(
    "fields",
    [{"channel": "carrier_pigeon"}, {"urgency": "whenever"}, {"title": "欠薪" * 61}],
    ids=["unknown-channel", "unknown-urgency", "title-too-long"],
)
def test_register_case_with_a_field_the_model_refuses_is_invalid_input_and_writes_nothing(
    world, fields
):
    # Given
    counts = [m.objects.count() for m in (Case, Event, CaseCounter, Notification)]

    # When / then: a refusal like any other, not a ValidationError leaking to the page or API
    with pytest.raises(InvalidInput) as refused:
        make_case(actor=world.chair, org=world.ent_a1, **fields)
    assert next(iter(fields)) in str(refused.value.details)  # the refused field is named
    assert [m.objects.count() for m in (Case, Event, CaseCounter, Notification)] == counts


# ---- the moves, allowed --------------------------------------------------------------------------


def test_accept_case_by_chair_sets_response_time_and_handler_and_journals(world):
    # Given
    case = case_in(world, S.REGISTERED)
    before = snapshot(case, counts=AROUND)

    # When
    with clock.frozen_at(NOW):
        services.accept_case(case_id=case.pk, actor=world.chair, note="已受理")

    # Then
    assert changes(before, case) == {
        "status": S.ACCEPTED,
        "responded_at": NOW,
        "handler_id": world.chair.pk,
    }
    event = the_new_event(before, case.pk)
    assert summary(event) == ("accepted", world.chair.pk, PUBLIC, S.REGISTERED, S.ACCEPTED)
    assert event.note == "已受理"


def test_accept_case_by_district_staff_may_name_another_handler(world):
    # Given
    case = case_in(world, S.REGISTERED)
    before = snapshot(case, counts=AROUND)

    # When
    with clock.frozen_at(NOW):
        services.accept_case(case_id=case.pk, actor=world.staff, handler=world.chair)

    # Then
    assert changes(before, case) == {
        "status": S.ACCEPTED,
        "responded_at": NOW,
        "handler_id": world.chair.pk,
    }
    assert the_new_event(before, case.pk).actor_id == world.staff.pk


def test_accept_case_naming_a_handler_who_cannot_act_in_the_owner_org_is_refused(world):
    # Given
    case = case_in(world, S.REGISTERED)

    # When / then
    refused(
        lambda: services.accept_case(case_id=case.pk, actor=world.chair, handler=world.chair_b),
        DomainError,
        row=case,
        counts=AROUND,
    )


def test_reject_case_records_the_reason_as_result_and_journals_it_publicly(world):
    # Given
    case = case_in(world, S.REGISTERED)
    before = snapshot(case, counts=AROUND)

    # When
    with clock.frozen_at(NOW):
        services.reject_case(case_id=case.pk, actor=world.chair, reason="属于劳动仲裁范围")

    # Then
    assert changes(before, case) == {
        "status": S.REJECTED,
        "responded_at": NOW,
        "result": "属于劳动仲裁范围",
    }
    event = the_new_event(before, case.pk)
    assert summary(event) == ("rejected", world.chair.pk, PUBLIC, S.REGISTERED, S.REJECTED)
    assert event.note == "属于劳动仲裁范围"


def test_start_case_moves_to_in_progress_and_keeps_the_handler(world):
    # Given: accepted by the chair, started by district staff
    case = case_in(world, S.ACCEPTED)
    before = snapshot(case, counts=AROUND)

    # When
    services.start_case(case_id=case.pk, actor=world.staff, note="开始办理")

    # Then
    assert changes(before, case) == {"status": S.IN_PROGRESS}
    assert Case.objects.get(pk=case.pk).handler == world.chair
    event = the_new_event(before, case.pk)
    assert summary(event) == ("started", world.staff.pk, INTERNAL, S.ACCEPTED, S.IN_PROGRESS)


@pytest.mark.parametrize(
    ("public", "visibility"), [(False, Visibility.INTERNAL), (True, Visibility.PUBLIC)]
)
def test_add_progress_keeps_the_state_and_journals_the_note(world, public, visibility):
    # Given
    case = case_in(world, S.IN_PROGRESS)
    before = snapshot(case, counts=AROUND)

    # When
    services.add_progress(case_id=case.pk, actor=world.chair, note="已约谈企业", public=public)

    # Then
    assert changes(before, case) == {}
    event = the_new_event(before, case.pk)
    assert summary(event) == ("progress", world.chair.pk, visibility, S.IN_PROGRESS, S.IN_PROGRESS)
    assert event.note == "已约谈企业"


def test_add_progress_by_the_partner_on_a_case_referred_to_it(world):
    # Given
    case = case_in(world, S.REFERRED)
    before = snapshot(case, counts=AROUND)

    # When
    services.add_progress(case_id=case.pk, actor=world.partner, note="已调取工资台账")

    # Then
    assert changes(before, case) == {}
    event = the_new_event(before, case.pk)
    assert summary(event) == ("progress", world.partner.pk, INTERNAL, S.REFERRED, S.REFERRED)


@pytest.mark.parametrize("start", [S.ACCEPTED, S.IN_PROGRESS])
def test_refer_case_opens_a_referral_journals_and_notifies_the_partner_users(world, start):
    # Given
    case = case_in(world, start)
    before = snapshot(case, counts=AROUND)

    # When
    with clock.frozen_at(NOW):
        services.refer_case(case_id=case.pk, actor=world.chair, partner=world.bureau, note="转办")

    # Then
    assert changes(before, case) == {"status": S.REFERRED}
    referral = Referral.objects.get()
    assert (referral.case_id, referral.partner, referral.referred_by) == (
        case.pk,
        world.bureau,
        world.chair,
    )
    assert (referral.referred_at, referral.note, referral.reported_at) == (NOW, "转办", None)
    event = the_new_event(before, case.pk)
    assert summary(event) == ("referred", world.chair.pk, PUBLIC, start, S.REFERRED)
    assert event.data == {"partner": "HRSS", "partner_name": "人社局"}
    assert recipients("case_referred") == {world.partner.pk}


def test_report_back_by_the_partner_closes_the_referral_and_returns_the_case(world):
    # Given
    case = case_in(world, S.REFERRED)
    before = snapshot(case, counts=AROUND)

    # When
    with clock.frozen_at(NOW):
        services.report_back(
            case_id=case.pk, actor=world.partner, report="已责令补发", outcome="mediated"
        )

    # Then
    assert changes(before, case) == {"status": S.IN_PROGRESS}
    referral = Referral.objects.get(case=case)
    assert (referral.reported_at, referral.report) == (NOW, "已责令补发")
    event = the_new_event(before, case.pk)
    assert summary(event) == ("reported_back", world.partner.pk, PUBLIC, S.REFERRED, S.IN_PROGRESS)
    assert event.data == {"partner": "HRSS", "outcome": "mediated"}
    assert recipients("case_reported_back") == {world.chair.pk}


def test_report_back_by_the_judge_on_a_case_referred_to_the_court(world):
    # Given
    case = case_in(world, S.IN_PROGRESS)
    services.refer_case(case_id=case.pk, actor=world.chair, partner=world.court)
    before = snapshot(case, counts=AROUND)

    # When
    services.report_back(
        case_id=case.pk, actor=world.judge, report="诉前调解成功", outcome="mediated"
    )

    # Then
    assert changes(before, case) == {"status": S.IN_PROGRESS}
    event = the_new_event(before, case.pk)
    assert summary(event) == ("reported_back", world.judge.pk, PUBLIC, S.REFERRED, S.IN_PROGRESS)
    assert event.data == {"partner": "COURT", "outcome": "mediated"}


def test_a_case_reported_back_may_be_referred_again(world):
    # Given
    case = case_in(world, S.REFERRED)
    services.report_back(
        case_id=case.pk, actor=world.partner, report="需法院调解", outcome="litigation"
    )

    # When
    services.refer_case(case_id=case.pk, actor=world.chair, partner=world.court)

    # Then
    assert Case.objects.get(pk=case.pk).status == S.REFERRED
    assert list(Referral.objects.order_by("pk").values_list("partner__code", flat=True)) == [
        "HRSS",
        "COURT",
    ]


@pytest.mark.parametrize("start", [S.REGISTERED, S.ACCEPTED, S.IN_PROGRESS])
def test_escalate_case_moves_the_owner_up_and_keeps_the_state(world, start):
    # Given
    case = case_in(world, start)
    before = snapshot(case, counts=AROUND)

    # When
    services.escalate_case(case_id=case.pk, actor=world.chair, reason="企业拒不整改")

    # Then
    changed = changes(before, case)
    changed.pop("handler_id", None)  # who handles it next: pinned by its own test below
    assert changed == {"owner_org_id": world.street_a.pk, "escalation_level": 1}
    event = the_new_event(before, case.pk)
    assert summary(event) == ("escalated", world.chair.pk, INTERNAL, start, start)
    assert (event.note, event.data) == ("企业拒不整改", {"from": "EA1", "to": "SA"})
    assert recipients("case_escalated") == {world.supervisor.pk}


def test_escalated_case_is_still_seen_but_no_longer_handled_by_the_enterprise_chair(world):
    # Given
    case = case_in(world, S.REGISTERED)
    services.escalate_case(case_id=case.pk, actor=world.chair, reason="企业拒不整改")

    # When / then: the chair still sees it, may do nothing, and is refused
    assert visible_cases(world.chair).filter(pk=case.pk).exists()
    assert case_detail(user=world.chair, number=case.number).pk == case.pk
    assert allowed_actions(world.chair, Case.objects.get(pk=case.pk)) == []
    refused(
        lambda: MOVES["accept"](world, case.pk, world.chair),
        PermissionDenied,
        row=case,
        counts=AROUND,
    )
    # while the district above it may
    services.accept_case(case_id=case.pk, actor=world.staff)
    assert Case.objects.get(pk=case.pk).status == S.ACCEPTED


def test_escalation_leaves_no_handler_who_can_no_longer_act_on_the_case(world):
    # Given: the chair handles the case
    case = case_in(world, S.IN_PROGRESS)
    assert case.handler == world.chair

    # When
    services.escalate_case(case_id=case.pk, actor=world.chair, reason="企业拒不整改")

    # Then: whoever is handler may act on it, and the chair no longer sees the worker's phone
    case = Case.objects.select_related("handler", "owner_org").get(pk=case.pk)
    assert case.handler is None or can_act_in(case.handler, case.owner_org)
    assert not can_see_worker_contact(world.chair, case)


def test_escalation_by_the_system_is_journalled_without_an_actor(world):
    # Given
    case = case_in(world, S.IN_PROGRESS)
    before = snapshot(case, counts=AROUND)

    # When
    services.escalate_case(case_id=case.pk, actor=None, reason="超期未办结，自动上报")

    # Then
    changed = changes(before, case)
    changed.pop("handler_id", None)  # who handles it next: pinned by its own test below
    assert changed == {"owner_org_id": world.street_a.pk, "escalation_level": 1}
    event = the_new_event(before, case.pk)
    assert summary(event) == ("escalated", None, INTERNAL, S.IN_PROGRESS, S.IN_PROGRESS)
    assert event.actor_label == ""


def test_escalation_climbs_one_level_at_a_time_and_is_refused_at_the_top(world):
    # Given: escalated from the enterprise to the street, the district and the city
    case = case_in(world, S.REGISTERED)
    owners = []
    for _level in range(3):
        services.escalate_case(case_id=case.pk, actor=world.city_staff, reason="需上级协调")
        owners.append(Case.objects.get(pk=case.pk).owner_org)
    assert owners == [world.street_a, world.district_a, world.city]

    # When / then: there is no org above the city
    refused(
        lambda: MOVES["escalate"](world, case.pk, world.city_staff),
        InvalidInput,
        row=case,
        counts=AROUND,
    )
    assert Case.objects.get(pk=case.pk).escalation_level == 3


def test_resolve_case_records_result_time_and_amount_and_notifies_supervisors(world):
    # Given
    case = case_in(world, S.IN_PROGRESS)
    before = snapshot(case, counts=AROUND)

    # When
    with clock.frozen_at(NOW):
        services.resolve_case(
            case_id=case.pk, actor=world.chair, result="已补发", amount_paid=Decimal("3200.50")
        )

    # Then
    assert changes(before, case) == {
        "status": S.RESOLVED,
        "result": "已补发",
        "resolved_at": NOW,
        "amount_paid": Decimal("3200.50"),
    }
    event = the_new_event(before, case.pk)
    assert summary(event) == ("resolved", world.chair.pk, PUBLIC, S.IN_PROGRESS, S.RESOLVED)
    assert event.note == "已补发"
    assert recipients("case_resolved") == {world.supervisor.pk}


@pytest.mark.parametrize("rating", ["satisfied", "mostly"])
def test_record_feedback_satisfied_or_mostly_closes_the_case(world, rating):
    # Given
    case = case_in(world, S.RESOLVED)
    before = snapshot(case, counts=AROUND)

    # When
    with clock.frozen_at(NOW):
        services.record_feedback(case_id=case.pk, actor=world.chair, rating=rating, comment="好")

    # Then
    assert changes(before, case) == {
        "status": S.CLOSED,
        "satisfaction": rating,
        "closed_at": NOW,
    }
    feedback = Feedback.objects.get()
    assert (feedback.case_id, feedback.rating, feedback.comment) == (case.pk, rating, "好")
    assert (feedback.at, feedback.recorded_by) == (NOW, world.chair)
    event = the_new_event(before, case.pk)
    assert summary(event) == ("feedback", world.chair.pk, PUBLIC, S.RESOLVED, S.CLOSED)
    assert event.data == {"rating": rating}


def test_record_feedback_dissatisfied_reopens_the_case(world):
    # Given
    case = case_in(world, S.RESOLVED)
    before = snapshot(case, counts=AROUND)

    # When
    services.record_feedback(
        case_id=case.pk, actor=world.chair, rating="dissatisfied", comment="钱没到账"
    )

    # Then
    assert changes(before, case) == {
        "status": S.IN_PROGRESS,
        "satisfaction": "dissatisfied",
        "resolved_at": None,
    }
    assert Feedback.objects.get().rating == "dissatisfied"
    event = the_new_event(before, case.pk)
    assert summary(event) == ("feedback", world.chair.pk, PUBLIC, S.RESOLVED, S.IN_PROGRESS)
    assert (event.note, event.data) == ("钱没到账", {"rating": "dissatisfied"})


def test_record_feedback_by_the_worker_on_their_own_case_closes_it_without_naming_them(world):
    # Given
    case = case_in(world, S.RESOLVED)
    before = snapshot(case, counts=AROUND)

    # When
    services.record_feedback(case_id=case.pk, actor=WorkerActor(case_id=case.pk), rating="mostly")

    # Then
    assert changes(before, case).keys() == {"status", "satisfaction", "closed_at"}
    assert Feedback.objects.get().recorded_by is None
    event = the_new_event(before, case.pk)
    assert summary(event) == ("feedback", None, PUBLIC, S.RESOLVED, S.CLOSED)
    assert event.actor_label == "@worker"


def test_worker_may_only_rate_and_only_their_own_case(world):
    # Given
    case, other = case_in(world, S.RESOLVED), case_in(world, S.RESOLVED)
    worker = WorkerActor(case_id=case.pk)

    # When / then
    refused(lambda: MOVES["feedback"](world, other.pk, worker), NotFound, row=other, counts=AROUND)
    for move in ("close", "reopen", "progress"):
        refused(
            lambda m=move: MOVES[m](world, case.pk, worker),
            PermissionDenied,
            row=case,
            counts=AROUND,
        )


def test_close_case_without_a_rating(world):
    # Given
    case = case_in(world, S.RESOLVED)
    before = snapshot(case, counts=AROUND)

    # When
    with clock.frozen_at(NOW):
        services.close_case(case_id=case.pk, actor=world.chair, note="三次回访未接通")

    # Then
    assert changes(before, case) == {"status": S.CLOSED, "closed_at": NOW}
    assert before.counts["cases.feedback"] == Feedback.objects.count()
    event = the_new_event(before, case.pk)
    assert summary(event) == ("closed", world.chair.pk, PUBLIC, S.RESOLVED, S.CLOSED)


@pytest.mark.parametrize("start", [S.RESOLVED, S.CLOSED])
def test_reopen_case_by_the_supervisor_returns_it_to_handling(world, start):
    # Given
    case = case_in(world, start)
    before = snapshot(case, counts=AROUND)

    # When
    services.reopen_case(case_id=case.pk, actor=world.supervisor, reason="职工反映未落实")

    # Then
    expected = {"status": S.IN_PROGRESS, "resolved_at": None}
    if start == S.CLOSED:
        expected["closed_at"] = None
    assert changes(before, case) == expected
    event = the_new_event(before, case.pk)
    assert summary(event) == ("reopened", world.supervisor.pk, PUBLIC, start, S.IN_PROGRESS)
    assert event.note == "职工反映未落实"


# ---- the moves, refused --------------------------------------------------------------------------

# Who may make a move by role on a case of enterprise A1 that was never referred.
ENTITLED = dict.fromkeys(MOVES, "chair") | {"reopen": "supervisor"}
WRONG_STATE = [
    (state, move)
    for state in Status.values
    for move in MOVES
    if move != "report_back" and ACTION_OF[move] not in TRANSITIONS[state]
]


@pytest.mark.parametrize(
    ("state", "move"), WRONG_STATE, ids=[f"{m}-on-{s}" for s, m in WRONG_STATE]
)
def test_move_in_a_state_the_table_does_not_allow_is_refused_and_changes_nothing(
    world, state, move
):
    # Given: an actor entitled to the move, on a case in the wrong state
    case = case_in(world, state)
    actor = getattr(world, ENTITLED[move])

    # When / then
    refused(
        lambda: MOVES[move](world, case.pk, actor), TransitionNotAllowed, row=case, counts=AROUND
    )


REPORTED_BACK = "reported_back"  # in progress again after the partner reported back
AT_COURT = "referred_to_court"  # referred to the court rather than the labour bureau
WRONG_ROLE = [
    ("accept", S.REGISTERED, "leader"),
    ("accept", S.REGISTERED, "supervisor"),
    ("reject", S.REGISTERED, "leader"),
    ("start", S.ACCEPTED, "supervisor"),
    ("progress", S.IN_PROGRESS, "leader"),
    ("refer", S.IN_PROGRESS, "leader"),
    ("refer", S.REFERRED, "partner"),
    ("report_back", S.REFERRED, "chair"),
    ("report_back", S.REFERRED, "staff"),
    ("report_back", REPORTED_BACK, "partner"),
    ("progress", REPORTED_BACK, "partner"),
    ("escalate", S.IN_PROGRESS, "leader"),
    ("escalate", S.IN_PROGRESS, "supervisor"),
    ("resolve", S.REFERRED, "partner"),
    ("resolve", AT_COURT, "judge"),
    ("accept", AT_COURT, "judge"),
    ("resolve", S.IN_PROGRESS, "supervisor"),
    ("feedback", S.RESOLVED, "leader"),
    ("close", S.RESOLVED, "supervisor"),
    ("reopen", S.RESOLVED, "chair"),
    ("reopen", S.CLOSED, "staff"),
    ("reopen", S.CLOSED, "leader"),
]


def reach(world, state: str) -> Case:
    """A case in `state`, or in one of the two situations named above."""
    if state == REPORTED_BACK:
        case = case_in(world, S.REFERRED)
        services.report_back(case_id=case.pk, actor=world.partner, report="已处理", outcome="other")
        return case
    if state == AT_COURT:
        case = case_in(world, S.IN_PROGRESS)
        services.refer_case(case_id=case.pk, actor=world.chair, partner=world.court)
        return case
    return case_in(world, state)


@pytest.mark.parametrize(
    ("move", "state", "actor"), WRONG_ROLE, ids=[f"{m}-on-{s}-by-{a}" for m, s, a in WRONG_ROLE]
)
def test_move_by_a_role_that_may_not_make_it_is_refused_and_changes_nothing(
    world, move, state, actor
):
    # Given: a case the actor can see, in a state where the move exists or might
    case = reach(world, state)
    who = getattr(world, actor)
    assert visible_cases(who).filter(pk=case.pk).exists()

    # When / then
    refused(lambda: MOVES[move](world, case.pk, who), PermissionDenied, row=case, counts=AROUND)


OUT_OF_SCOPE = [
    ("accept", S.REGISTERED, "chair_b"),
    ("reject", S.REGISTERED, "chair_b"),
    ("start", S.ACCEPTED, "chair_b"),
    ("progress", S.IN_PROGRESS, "chair_b"),
    ("refer", S.IN_PROGRESS, "chair_b"),
    ("escalate", S.REGISTERED, "chair_b"),
    ("resolve", S.IN_PROGRESS, "chair_b"),
    ("feedback", S.RESOLVED, "chair_b"),
    ("close", S.RESOLVED, "chair_b"),
    ("reopen", S.CLOSED, "chair_b"),
    ("accept", S.REGISTERED, "nobody"),
    ("accept", S.REGISTERED, "judge"),
    ("progress", S.IN_PROGRESS, "partner"),
    ("resolve", S.IN_PROGRESS, "partner"),
    ("report_back", S.REFERRED, "judge"),
    ("progress", S.REFERRED, "judge"),
    ("report_back", AT_COURT, "partner"),
]


@pytest.mark.parametrize(
    ("move", "state", "actor"),
    OUT_OF_SCOPE,
    ids=[f"{m}-on-{s}-by-{a}" for m, s, a in OUT_OF_SCOPE],
)
def test_move_on_a_case_outside_the_actors_scope_answers_not_found_and_changes_nothing(
    world, move, state, actor
):
    # Given: another org's case, or one never referred to the actor's agency
    case = reach(world, state)
    who = getattr(world, actor)
    assert not visible_cases(who).filter(pk=case.pk).exists()

    # When / then
    refused(lambda: MOVES[move](world, case.pk, who), NotFound, row=case, counts=AROUND)


def test_refer_case_by_partner_is_refused_and_journal_unchanged(world):
    # Given: the partner sees a case referred to it
    case = case_in(world, S.REFERRED)

    # When / then: it may not hand the case on (to the court) itself
    refused(
        lambda: services.refer_case(case_id=case.pk, actor=world.partner, partner=world.court),
        PermissionDenied,
        row=case,
        counts=AROUND,
    )


def test_move_on_a_case_that_does_not_exist_answers_not_found(world):
    # Given
    case = case_in(world, S.REGISTERED)
    missing = case.pk + 1000
    before = snapshot(case, counts=AROUND)

    # When / then
    for move in MOVES:
        with pytest.raises(NotFound):
            MOVES[move](world, missing, world.chair)
    assert snapshot(case, counts=AROUND) == before


def move_with(name: str, **fields) -> Callable[..., Case]:
    services_by_move = {
        "reject": services.reject_case,
        "progress": services.add_progress,
        "report_back": services.report_back,
        "escalate": services.escalate_case,
        "resolve": services.resolve_case,
        "feedback": services.record_feedback,
        "reopen": services.reopen_case,
        "refer": services.refer_case,
    }
    return lambda w, cid, actor: services_by_move[name](case_id=cid, actor=actor, **fields)


INVALID_INPUT = [
    ("reject", S.REGISTERED, "chair", {"reason": "  "}),
    ("progress", S.IN_PROGRESS, "chair", {"note": ""}),
    ("report_back", S.REFERRED, "partner", {"report": " \n "}),
    ("escalate", S.IN_PROGRESS, "chair", {"reason": ""}),
    ("resolve", S.IN_PROGRESS, "chair", {"result": "   "}),
    ("resolve", S.IN_PROGRESS, "chair", {"result": "已补发", "amount_paid": Decimal("-1")}),
    ("feedback", S.RESOLVED, "chair", {"rating": "so-so"}),
    ("reopen", S.RESOLVED, "supervisor", {"reason": ""}),
]


@pytest.mark.parametrize(
    ("move", "state", "actor", "fields"),
    INVALID_INPUT,
    ids=[f"{m}-{next(iter(f))}" for m, _s, _a, f in INVALID_INPUT],
)
def test_move_with_missing_or_bad_input_is_refused_and_changes_nothing(
    world, move, state, actor, fields
):
    # Given
    case = case_in(world, state)

    # When / then
    refused(
        lambda: move_with(move, **fields)(world, case.pk, getattr(world, actor)),
        InvalidInput,
        row=case,
        counts=AROUND,
    )


def test_refer_case_to_an_org_that_is_not_an_active_partner_is_refused(world):
    # Given: an enterprise, and a partner agency that was closed
    case = case_in(world, S.IN_PROGRESS)
    Org.objects.filter(pk=world.court.pk).update(is_active=False)
    world.court.refresh_from_db()

    # When / then
    for target in (world.ent_b1, world.court):
        refused(
            lambda target=target: services.refer_case(
                case_id=case.pk, actor=world.chair, partner=target
            ),
            InvalidInput,
            row=case,
            counts=AROUND,
        )
