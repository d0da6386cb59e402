"""The 学分银行 adds up: a hand-made account from a course, a certificate, a contest result and an
adopted proposal, each credited once, through the real contests and proposals services."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from lianxin.audit.models import Event
from lianxin.contests import services as contest_services
from lianxin.contests.states import StageKind
from lianxin.contests.tests.factories import at, make_contest, open_all, participant, score, submit
from lianxin.core import clock
from lianxin.members.hooks import Achievement, report_achievement
from lianxin.orgs.tests.factories import UserFactory
from lianxin.proposals.tests.factories import advance
from lianxin.proposals.tests.factories import submit as submit_proposal
from lianxin.skills import services
from lianxin.skills.models import CreditLine
from lianxin.skills.selectors import balance_of

pytestmark = pytest.mark.django_db

COURSE = Achievement(
    person_id=0, kind="course_completed", source="activities.signup:901", on=date(2025, 6, 30),
    detail={"credit_hours": Decimal("16"), "course": "焊接安全操作规程"},
)  # fmt: skip


def course_for(person_id: int) -> Achievement:
    """As the activities app sends a completed 工匠学院 course."""
    return Achievement(**{**COURSE.__dict__, "person_id": person_id})


def contest_where_wang_is_second(w):
    """Two workers in a points contest with a final; Wang's final score puts him second."""
    c = make_contest(w)
    open_all(c, w)
    rival, rival_user = participant(c, w, "李强", w.ent_b2, kind="worker")
    wang, _ = participant(c, w, "王师傅", w.ent_b1, kind="worker", user=w.wang.user)
    judge = c.judges[1]
    for p, user, points in ((rival, rival_user, 90), (wang, w.wang.user, 80)):
        score(c, submit(c, p, user, at(2025, 5, 1)), judge, points, at(2025, 5, 2))
    for kind in (StageKind.SEEDING, StageKind.POINTS):
        contest_services.close_stage(stage_id=c.stages[kind].pk, actor=w.city_staff)
    contest_services.select_finalists(contest_id=c.contest.pk, actor=w.city_staff)
    for p, user, final in ((rival, rival_user, 95), (wang, w.wang.user, 85)):
        entry = submit(c, p, user, at(2025, 11, 12), stage=StageKind.FINAL, title="决赛路演")
        score(c, entry, judge, final, at(2025, 11, 15))
    return c, wang


def test_the_balance_equals_the_hand_computed_account(skills_world):
    w = skills_world
    person = w.wang.person
    # 1. a 16-hour 工匠学院 course, as the activities app reports it: 16 h × 1 credit = 16
    report_achievement(course_for(person.pk))
    # 2. a senior (高级工) welding certificate recorded by the union: 30
    services.record_certificate(
        actor=w.chair, person_id=person.pk, trade="焊工", level="senior",
        issuer="焦作市职业技能鉴定中心", issued_on=date(2025, 3, 1), number="HG-2025-0001",
    )  # fmt: skip
    # 3. second place when the contest's last stage closes: ranks 2–3 earn 20
    c, _wang = contest_where_wang_is_second(w)
    with clock.frozen_at(at(2025, 11, 22)):
        contest_services.close_stage(stage_id=c.stages[StageKind.FINAL].pk, actor=w.city_staff)
    # 4. a proposal of his adopted by the committee: 5
    proposal = submit_proposal(actor=w.wang.user, enterprise=w.ent_a1)
    advance(proposal, w.chair, "adopted")

    lines = {line.kind: line.credits for line in CreditLine.objects.filter(person=person)}
    assert lines == {
        "course_completed": Decimal("16.00"),
        "certificate": Decimal("30.00"),
        "contest_result": Decimal("20.00"),
        "proposal_adopted": Decimal("5.00"),
    }
    assert balance_of(person.pk) == Decimal(16) * 1 + 30 + 20 + 5
    contest_line = CreditLine.objects.get(person=person, kind="contest_result")
    assert contest_line.detail["rank"] == 2
    assert contest_line.source.startswith("contests.entry:")
    assert contest_line.source.endswith(f":{person.pk}")
    assert CreditLine.objects.get(kind="proposal_adopted").source == (
        f"proposals.proposal:{proposal.pk}:{person.pk}"
    )


def test_the_same_achievement_reported_twice_credits_once_with_one_journal_event(skills_world):
    person = skills_world.wang.person
    report_achievement(course_for(person.pk))
    report_achievement(course_for(person.pk))
    line = CreditLine.objects.get(person=person)
    assert balance_of(person.pk) == Decimal("16.00")
    events = Event.objects.filter(target_type="skills.creditline", target_id=line.pk)
    assert [e.kind for e in events] == ["credited"]
    data = events[0].data
    assert data == {"person": person.pk, "kind": "course_completed", "source": COURSE.source,
                    "credits": "16.00", "rule": line.rule_id}  # fmt: skip


def test_a_journal_event_of_a_credit_holds_ids_and_numbers_never_the_persons_name(skills_world):
    person = skills_world.wang.person
    report_achievement(course_for(person.pk))
    event = Event.objects.get(target_type="skills.creditline")
    assert person.name not in str(event.data)
    assert person.name not in event.note


def test_a_proposer_without_a_person_record_is_not_credited_and_adoption_still_works(skills_world):
    w = skills_world
    stranger = UserFactory(username="no_person")
    proposal = advance(submit_proposal(actor=stranger, enterprise=w.ent_a1), w.chair, "adopted")
    assert proposal.status == "adopted"
    assert not CreditLine.objects.exists()


def test_an_open_final_reports_nothing_and_a_rival_without_a_person_never(skills_world):
    w = skills_world
    c, _wang = contest_where_wang_is_second(w)
    assert not CreditLine.objects.exists()  # the final is still open: no result is final
    with clock.frozen_at(at(2025, 11, 22)):
        contest_services.close_stage(stage_id=c.stages[StageKind.FINAL].pk, actor=w.city_staff)
    assert CreditLine.objects.filter(person=w.wang.person).count() == 1
    assert CreditLine.objects.count() == 1  # the rival has no person record


def test_an_achievement_of_a_kind_without_a_rule_writes_nothing(skills_world):
    person = skills_world.wang.person
    report_achievement(Achievement(person_id=person.pk, kind="five_small", source="x.y:1",
                                   on=date(2025, 1, 1)))  # fmt: skip
    assert not CreditLine.objects.exists()


def test_a_certificate_dated_in_the_future_is_refused_and_nothing_is_written(skills_world):
    from lianxin.core.errors import InvalidInput

    w = skills_world
    with pytest.raises(InvalidInput) as e:
        services.record_certificate(
            actor=w.chair, person_id=w.wang.person.pk, trade="电工", level="primary",
            issuer="鉴定中心", issued_on=date.today() + timedelta(days=3), number="DG-1",
        )  # fmt: skip
    assert e.value.code == "skills.issued_in_future"
    assert not CreditLine.objects.exists()
