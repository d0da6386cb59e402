"""督办 actions by people: 催办, 挂牌督办/摘牌, 申请延期 and its decision — each allowed move journals one
event on the case and tells the people concerned; each refusal changes nothing and journals nothing."""

from datetime import date, datetime, timedelta

import pytest

from lianxin.audit.models import Event
from lianxin.cases import services
from lianxin.cases.deadlines import BEIJING
from lianxin.cases.models import Case, ExtensionRequest, SupervisionOrder, Urge
from lianxin.cases.services.supervision import end_of_day
from lianxin.cases.states import ExtensionStatus
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed
from lianxin.core.models import Notification
from lianxin.tests.refusals import refused, snapshot

AROUND = (Urge, SupervisionOrder, ExtensionRequest, Notification)


@pytest.fixture
def case(world) -> Case:
    """An open case of enterprise A1 (district A), accepted by its chair, who handles it."""
    registered = make_case(actor=world.chair, org=world.ent_a1)
    return services.accept_case(case_id=registered.pk, actor=world.chair)


def last_event(case: Case) -> Event:
    return Event.objects.filter(target_type="cases.case", target_id=case.pk).order_by("-seq")[0]


def one_new_event(case: Case, before, kind: str) -> Event:
    """The move appended exactly one event, to the case's chain, of `kind`."""
    assert Event.objects.count() == before.all_events + 1
    event = last_event(case)
    assert (event.seq, event.prev_hash, event.kind) == (before.events + 1, before.last_hash, kind)
    assert event.state_before == event.state_after == case.status
    return event


def notified(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind))


def later_day(case: Case, days: int = 5) -> date:
    return case.resolution_due.astimezone(BEIJING).date() + timedelta(days=days)


# ---- 催办 -----------------------------------------------------------------------------------------


def test_a_district_supervisor_urges_an_open_case_the_handler_is_told_with_a_link(world, case):
    before = snapshot(case, counts=AROUND)
    urge = services.urge_case(case_id=case.pk, actor=world.supervisor, note="请本周内答复职工")
    event = one_new_event(case, before, "urged")
    assert event.note == "请本周内答复职工"
    assert event.data == {"urge": urge.pk}
    assert urge.answered_at is None
    assert urge.urged_by == world.supervisor
    [note] = notified(world.chair, "case_urged")
    assert note.body == "请本周内答复职工"
    assert note.link == f"/cases/{case.number}/"


def test_an_urge_on_a_case_without_handler_tells_the_owner_orgs_handling_roles(world):
    registered = make_case(actor=world.chair, org=world.ent_a1)
    services.urge_case(case_id=registered.pk, actor=world.supervisor, note="尽快受理")
    assert len(notified(world.chair, "case_urged")) == 1


def test_the_handler_answers_every_unanswered_urge_and_the_urgers_are_told(world, case):
    admin = world.city_staff  # any second supervisor: give the city staff a supervising role
    admin.org_roles.create(org=world.city, role="supervisor")
    services.urge_case(case_id=case.pk, actor=world.supervisor, note="第一次催办")
    services.urge_case(case_id=case.pk, actor=admin, note="市总催办")
    before = snapshot(case, counts=AROUND)
    answered = services.answer_urge(
        case_id=case.pk, actor=world.chair, note="已约谈企业，周五前办结"
    )
    event = one_new_event(case, before, "urge_answered")
    assert sorted(event.data["urges"]) == sorted(u.pk for u in answered)
    assert len(answered) == 2
    assert not Urge.objects.filter(case=case, answered_at__isnull=True).exists()
    assert len(notified(world.supervisor, "case_urge_answered")) == 1
    assert len(notified(admin, "case_urge_answered")) == 1


def test_a_later_handler_move_leaves_the_urge_unanswered(world, case):
    services.urge_case(case_id=case.pk, actor=world.supervisor, note="请加快")
    services.add_progress(case_id=case.pk, actor=world.chair, note="已联系企业")
    assert Urge.objects.get(case=case).answered_at is None


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("chair", PermissionDenied),  # the handler does not urge himself
        ("staff", PermissionDenied),  # district staff handle, they do not supervise
        ("leader", PermissionDenied),  # leaders only read
        ("chair_b", NotFound),  # another enterprise: the case does not exist for them
        ("partner", NotFound),
        ("nobody", NotFound),
    ],
)
def test_urging_by_anyone_but_a_supervisor_above_is_refused_and_changes_nothing(
    world, case, who, error
):
    call = lambda: services.urge_case(case_id=case.pk, actor=getattr(world, who), note="催")  # noqa: E731
    refused(call, error, row=case, counts=AROUND)


def test_urging_without_a_note_or_a_closed_case_is_refused(world, case):
    call = lambda: services.urge_case(case_id=case.pk, actor=world.supervisor, note="  ")  # noqa: E731
    assert refused(call, InvalidInput, row=case, counts=AROUND).code == "case.note_required"
    services.reject_case(
        case_id=make_case(actor=world.chair, org=world.ent_a1).pk,
        actor=world.chair,
        reason="不属于工会职责",
    )
    rejected = Case.objects.get(status="rejected")
    call = lambda: services.urge_case(case_id=rejected.pk, actor=world.supervisor, note="催")  # noqa: E731
    assert refused(call, TransitionNotAllowed, row=rejected, counts=AROUND).code == "case.not_open"


def test_answering_with_no_urge_or_by_a_supervisor_is_refused(world, case):
    call = lambda: services.answer_urge(case_id=case.pk, actor=world.chair, note="答复")  # noqa: E731
    assert refused(call, TransitionNotAllowed, row=case, counts=AROUND).code == "case.no_open_urge"
    services.urge_case(case_id=case.pk, actor=world.supervisor, note="催")
    call = lambda: services.answer_urge(case_id=case.pk, actor=world.supervisor, note="答复")  # noqa: E731
    refused(call, PermissionDenied, row=case, counts=AROUND, rows=[Urge])
    call = lambda: services.answer_urge(case_id=case.pk, actor=world.chair, note=" ")  # noqa: E731
    refused(call, InvalidInput, row=case, counts=AROUND, rows=[Urge])


def test_bulk_urge_writes_one_event_per_case_and_reports_the_refused(world, case):
    other = services.accept_case(
        case_id=make_case(actor=world.staff, org=world.ent_a2).pk, actor=world.staff
    )
    outside = make_case(actor=world.chair_b, org=world.ent_b1)
    events = Event.objects.count()
    report = services.urge_cases(
        case_ids=[case.pk, other.pk, outside.pk], actor=world.supervisor, note="月底前清零"
    )
    assert sorted(report.urged) == sorted([case.number, other.number])
    assert list(report.refused) == [outside.pk]
    assert Event.objects.count() == events + 2
    assert last_event(case).kind == last_event(other).kind == "urged"
    assert not Urge.objects.filter(case=outside).exists()


# ---- 挂牌督办 and 摘牌 ------------------------------------------------------------------------------


def test_flag_puts_the_case_under_supervision_with_its_deadline_and_lift_ends_it(world, case):
    due = clock.now().astimezone(BEIJING).date() + timedelta(days=3)
    before = snapshot(case, counts=AROUND)
    order = services.flag_case(case_id=case.pk, actor=world.supervisor, due=due, note="挂牌督办")
    event = one_new_event(case, before, "supervision_flagged")
    assert event.data == {"order": order.pk, "due": due.isoformat()}
    assert len(notified(world.chair, "case_supervision_flagged")) == 1

    before = snapshot(case, counts=AROUND)
    lifted = services.lift_supervision(case_id=case.pk, actor=world.supervisor, note="已整改到位")
    event = one_new_event(case, before, "supervision_lifted")
    assert lifted.lifted_at is not None
    assert lifted.lift_note == "已整改到位"
    assert not SupervisionOrder.objects.filter(case=case, lifted_at__isnull=True).exists()


@pytest.mark.parametrize("days", [0, -1])
def test_a_supervision_deadline_of_today_or_before_is_refused(world, case, days):
    due = clock.now().astimezone(BEIJING).date() + timedelta(days=days)
    call = lambda: services.flag_case(case_id=case.pk, actor=world.supervisor, due=due, note="挂牌")  # noqa: E731
    error = refused(call, InvalidInput, row=case, counts=AROUND)
    assert error.code == "case.supervision_due_not_future"


def test_flagging_twice_lifting_unflagged_or_by_the_handler_is_refused(world, case):
    due = clock.now().astimezone(BEIJING).date() + timedelta(days=3)
    call = lambda: services.lift_supervision(case_id=case.pk, actor=world.supervisor, note="摘牌")  # noqa: E731
    assert (
        refused(call, TransitionNotAllowed, row=case, counts=AROUND).code == "case.not_supervised"
    )
    call = lambda: services.flag_case(case_id=case.pk, actor=world.chair, due=due, note="挂牌")  # noqa: E731
    refused(call, PermissionDenied, row=case, counts=AROUND)
    call = lambda: services.flag_case(case_id=case.pk, actor=world.chair_b, due=due, note="挂牌")  # noqa: E731
    refused(call, NotFound, row=case, counts=AROUND)
    services.flag_case(case_id=case.pk, actor=world.supervisor, due=due, note="挂牌")
    call = lambda: services.flag_case(case_id=case.pk, actor=world.supervisor, due=due, note="再挂")  # noqa: E731
    assert (
        refused(call, TransitionNotAllowed, row=case, counts=AROUND).code
        == "case.already_supervised"
    )
    call = lambda: services.lift_supervision(case_id=case.pk, actor=world.staff, note="摘牌")  # noqa: E731
    refused(call, PermissionDenied, row=case, counts=AROUND, rows=[SupervisionOrder])


# ---- 申请延期 ---------------------------------------------------------------------------------------


def test_requesting_an_extension_changes_no_deadline_and_tells_the_supervisors(world, case):
    new_day = later_day(case)
    before = snapshot(case, counts=AROUND)
    request = services.request_extension(
        case_id=case.pk, actor=world.chair, new_due=new_day, reason="需等待鉴定结论"
    )
    event = one_new_event(case, before, "extension_requested")
    case.refresh_from_db()
    assert case.resolution_due == request.current_due  # nothing moved yet
    assert request.status == ExtensionStatus.PENDING
    assert event.data["requested_due"] == end_of_day(new_day).isoformat()
    assert len(notified(world.supervisor, "case_extension_requested")) == 1


def test_an_approved_extension_moves_the_deadline_and_the_event_has_old_and_new(world, case):
    old_due = case.resolution_due
    new_day = later_day(case)
    services.request_extension(case_id=case.pk, actor=world.chair, new_due=new_day, reason="等鉴定")
    before = snapshot(case, counts=AROUND)
    request = services.approve_extension(case_id=case.pk, actor=world.supervisor, note="同意")
    event = one_new_event(case, before, "extension_approved")
    case.refresh_from_db()
    assert case.resolution_due == end_of_day(new_day)
    assert request.status == ExtensionStatus.APPROVED
    assert datetime.fromisoformat(event.data["old_due"]) == old_due
    assert datetime.fromisoformat(event.data["new_due"]) == end_of_day(new_day)
    assert len(notified(world.chair, "case_extension_decided")) == 1


def test_a_rejected_extension_changes_no_deadline(world, case):
    old_due = case.resolution_due
    services.request_extension(
        case_id=case.pk, actor=world.chair, new_due=later_day(case), reason="等"
    )
    before = snapshot(case, counts=AROUND)
    request = services.reject_extension(
        case_id=case.pk, actor=world.supervisor, reason="期限内可办结"
    )
    event = one_new_event(case, before, "extension_rejected")
    case.refresh_from_db()
    assert case.resolution_due == old_due
    assert request.status == ExtensionStatus.REJECTED
    assert datetime.fromisoformat(event.data["new_due"]) == old_due
    assert request.decision_note == "期限内可办结"


def test_an_extension_not_later_than_the_deadline_or_a_second_pending_one_is_refused(world, case):
    earlier = case.resolution_due.astimezone(BEIJING).date() - timedelta(days=1)
    call = lambda: services.request_extension(  # noqa: E731
        case_id=case.pk, actor=world.chair, new_due=earlier, reason="等"
    )
    assert refused(call, InvalidInput, row=case, counts=AROUND).code == "case.extension_not_later"
    services.request_extension(
        case_id=case.pk, actor=world.chair, new_due=later_day(case), reason="等"
    )
    call = lambda: services.request_extension(  # noqa: E731
        case_id=case.pk, actor=world.chair, new_due=later_day(case, 9), reason="再等"
    )
    assert (
        refused(call, TransitionNotAllowed, row=case, counts=AROUND).code
        == "case.extension_pending"
    )


@pytest.mark.parametrize(
    ("who", "error"),
    [("supervisor", PermissionDenied), ("chair_b", NotFound), ("partner", NotFound)],
)
def test_an_extension_asked_by_someone_not_handling_the_case_is_refused(world, case, who, error):
    call = lambda: services.request_extension(  # noqa: E731
        case_id=case.pk, actor=getattr(world, who), new_due=later_day(case), reason="等"
    )
    refused(call, error, row=case, counts=AROUND)


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("chair", PermissionDenied),
        ("staff", PermissionDenied),
        ("chair_b", NotFound),
        ("partner", NotFound),
    ],
)
def test_an_extension_decided_by_anyone_but_a_supervisor_above_is_refused(world, case, who, error):
    services.request_extension(
        case_id=case.pk, actor=world.chair, new_due=later_day(case), reason="等"
    )
    for call in (
        lambda: services.approve_extension(case_id=case.pk, actor=getattr(world, who)),
        lambda: services.reject_extension(case_id=case.pk, actor=getattr(world, who), reason="不"),
    ):
        refused(call, error, row=case, counts=AROUND, rows=[ExtensionRequest])


def test_deciding_with_nothing_pending_or_twice_is_refused(world, case):
    call = lambda: services.approve_extension(case_id=case.pk, actor=world.supervisor)  # noqa: E731
    assert (
        refused(call, TransitionNotAllowed, row=case, counts=AROUND).code
        == "case.no_pending_extension"
    )
    services.request_extension(
        case_id=case.pk, actor=world.chair, new_due=later_day(case), reason="等"
    )
    services.reject_extension(case_id=case.pk, actor=world.supervisor, reason="不同意")
    error = refused(call, TransitionNotAllowed, row=case, counts=AROUND, rows=[ExtensionRequest])
    assert error.code == "case_extension.transition_not_allowed"
    call = lambda: services.reject_extension(case_id=case.pk, actor=world.supervisor, reason=" ")  # noqa: E731
    assert refused(call, InvalidInput, row=case, counts=AROUND).code == "case.reason_required"


def test_nobody_decides_their_own_extension_request(world, case):
    world.city_staff.org_roles.create(org=world.city, role="admin")  # handles and supervises
    services.request_extension(
        case_id=case.pk, actor=world.city_staff, new_due=later_day(case), reason="等"
    )
    call = lambda: services.approve_extension(case_id=case.pk, actor=world.city_staff)  # noqa: E731
    error = refused(call, InvalidInput, row=case, counts=AROUND, rows=[ExtensionRequest])
    assert error.code == "case.extension_own_request"


def test_the_journal_of_a_case_through_every_supervision_action_verifies(world, case):
    from lianxin.audit.selectors import verify_chains

    due = clock.now().astimezone(BEIJING).date() + timedelta(days=3)
    services.urge_case(case_id=case.pk, actor=world.supervisor, note="催")
    services.answer_urge(case_id=case.pk, actor=world.chair, note="答")
    services.flag_case(case_id=case.pk, actor=world.supervisor, due=due, note="挂牌")
    services.lift_supervision(case_id=case.pk, actor=world.supervisor, note="摘牌")
    services.request_extension(
        case_id=case.pk, actor=world.chair, new_due=later_day(case), reason="等"
    )
    services.approve_extension(case_id=case.pk, actor=world.supervisor)
    kinds = list(
        Event.objects.filter(target_type="cases.case", target_id=case.pk).values_list(
            "kind", flat=True
        )
    )
    assert kinds[-6:] == [
        "urged", "urge_answered", "supervision_flagged", "supervision_lifted",
        "extension_requested", "extension_approved",
    ]  # fmt: skip
    assert list(verify_chains(target_type="cases.case")) == []
