"""Every claim move allowed (one journal event) and refused (nothing changes, no event); enrolment
once per person; the roster twice adds nothing; outsiders get 404."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from lianxin.audit.models import Event
from lianxin.core.errors import DomainError, NotFound, PermissionDenied, TransitionNotAllowed
from lianxin.members.models import Person
from lianxin.members.tests.conftest import details, valid_id
from lianxin.tests.refusals import refused
from lianxin.welfare.models.mutual_aid import Claim, Enrolment
from lianxin.welfare.services import mutual_aid as aid
from lianxin.welfare.services.mutual_aid_roster import import_enrolments
from lianxin.welfare.states.mutual_aid import CLAIM_TRANSITIONS, ClaimAction, ClaimState
from lianxin.welfare.tests import mutual_aid_world
from lianxin.welfare.tests.mutual_aid_world import report, walk

D = Decimal
plan_world = mutual_aid_world.plan_world
ALL_ACTIONS = list(ClaimAction)


def _call(w, action, claim, actor=None):
    actor = actor or w.world.staff
    calls = {
        ClaimAction.COMPLETE_DOCUMENTS: lambda: aid.complete_documents(actor=actor,
                                                                       claim_id=claim.pk),
        ClaimAction.ASSESS: lambda: aid.assess_claim(actor=actor, claim_id=claim.pk,
                                                     loss=D("1000")),
        ClaimAction.APPROVE: lambda: aid.approve_claim(actor=actor, claim_id=claim.pk,
                                                       amount=D("500.00")),
        ClaimAction.PAY: lambda: aid.pay_claim(actor=actor, claim_id=claim.pk,
                                               amount=claim.payout or D("500.00")),
        ClaimAction.REJECT: lambda: aid.reject_claim(actor=actor, claim_id=claim.pk,
                                                     reason="不属于保障范围"),
    }  # fmt: skip
    return calls[action]


ALLOWED = [(s, a) for s, moves in CLAIM_TRANSITIONS.items() for a in moves]
REFUSED = [(s, a) for s in CLAIM_TRANSITIONS for a in ALL_ACTIONS if a not in CLAIM_TRANSITIONS[s]]


@pytest.mark.parametrize(("state", "action"), ALLOWED)
def test_each_allowed_move_changes_the_state_and_journals_one_event(plan_world, state, action):
    claim = walk(plan_world, report(plan_world), state)
    before = Event.objects.count()
    moved = _call(plan_world, action, claim)()
    assert moved.status == CLAIM_TRANSITIONS[state][action]
    assert Event.objects.count() == before + 1
    last = Event.objects.filter(target_type="welfare.claim", target_id=claim.pk).last()
    assert last.state_after == moved.status


@pytest.mark.parametrize(("state", "action"), REFUSED)
def test_each_move_the_table_lacks_is_refused_and_changes_nothing(plan_world, state, action):
    claim = walk(plan_world, report(plan_world), state)
    claim = Claim.objects.get(pk=claim.pk)
    error = refused(_call(plan_world, action, claim), TransitionNotAllowed, row=claim)
    assert error.code == "welfare_claim.transition_not_allowed"


@pytest.mark.parametrize("who", ["chair_b", "chair", "partner", "judge", "nobody"])
def test_a_move_by_someone_outside_the_union_answers_404(plan_world, who):
    claim = report(plan_world)
    actor = getattr(plan_world.world, who)
    refused(_call(plan_world, ClaimAction.COMPLETE_DOCUMENTS, claim, actor), NotFound, row=claim)


def test_a_leader_who_may_read_may_not_move_a_claim(plan_world):
    claim = report(plan_world)
    leader = plan_world.world.leader
    refused(_call(plan_world, ClaimAction.REJECT, claim, leader), PermissionDenied, row=claim)


def test_paying_another_amount_than_the_approved_one_is_refused(plan_world):
    claim = walk(plan_world, report(plan_world), ClaimState.APPROVED)
    error = refused(
        lambda: aid.pay_claim(actor=plan_world.world.staff, claim_id=claim.pk, amount=D("1")),
        DomainError, row=claim,
    )  # fmt: skip
    assert error.code == "welfare.amount_changed"


def test_rejecting_without_a_reason_is_refused(plan_world):
    claim = report(plan_world)
    error = refused(
        lambda: aid.reject_claim(actor=plan_world.world.staff, claim_id=claim.pk, reason=" "),
        DomainError, row=claim,
    )  # fmt: skip
    assert error.code == "welfare.reason_missing"


def test_the_journal_names_no_person(plan_world):
    claim = walk(plan_world, report(plan_world), ClaimState.PAID)
    person = plan_world.rider.person
    texts = [str(e.data) + e.note for e in Event.objects.filter(target_id__in=[claim.pk])]
    assert all(person.name not in t and person.id_number not in t for t in texts)


def test_enrolling_the_same_person_twice_is_refused(plan_world):
    w = plan_world
    error = refused(
        lambda: aid.enrol(actor=w.world.staff, plan_id=w.plan.pk, details=details(7)),
        DomainError, counts=[Enrolment, Person],
    )  # fmt: skip
    assert error.code == "welfare.already_enrolled"


def _roster(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "手机号", "就业形态", "平台或单位"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_the_same_roster_twice_adds_nothing(plan_world):
    w = plan_world
    rows = [[f"骑手{n}", valid_id(100 + n), f"139{n:08d}", "外卖骑手", "美团"] for n in range(5)]
    rows.append(["坏号码", "410802199001010000", "", "外卖骑手", ""])
    content = _roster(rows).getvalue()
    first = import_enrolments(actor=w.world.staff, plan_id=w.plan.pk,
                              stream=io.BytesIO(content), name="r.xlsx")  # fmt: skip
    events = Event.objects.count()
    second = import_enrolments(actor=w.world.staff, plan_id=w.plan.pk,
                               stream=io.BytesIO(content), name="r.xlsx")  # fmt: skip
    assert (first.added, first.already, first.bad_count) == (5, 0, 1)
    assert (second.added, second.already, second.bad_count) == (0, 5, 1)
    assert Enrolment.objects.filter(plan=w.plan).count() == 6  # the five and the fixture's rider
    assert Event.objects.count() == events
    assert first.error_file


def test_a_roster_into_a_plan_of_another_union_answers_404(plan_world):
    w = plan_world
    with pytest.raises(NotFound):
        import_enrolments(actor=w.world.chair_b, plan_id=w.plan.pk,
                          stream=_roster([]), name="r.xlsx")  # fmt: skip
