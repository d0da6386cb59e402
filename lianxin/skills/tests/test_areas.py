"""The 工匠学院与学分银行 area the cockpit reads (core.areas): credits_awarded equals the 学分银行's
own totals (selectors.member_totals) for the same scope, course_completions the course sign-ups the
activities completed in the period (reported through the achievement hook); outsiders count none."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from lianxin.activities import services as activities
from lianxin.activities.models import SignUp
from lianxin.activities.tests.activities_world import course, member, new_activity, signed
from lianxin.core.areas import area, area_metric, area_metrics
from lianxin.members.services import register_member
from lianxin.members.services.people import today
from lianxin.members.tests.conftest import details
from lianxin.skills import services
from lianxin.skills.selectors import member_totals

pytestmark = pytest.mark.django_db


def _compute(key, user, org, period):
    metric = area_metric(key)
    assert metric is not None
    assert metric.area == "skills"
    return metric.compute(user, org, *period)


@pytest.fixture
def academy(skills_world):
    """District A's 16-hour course: two A1 members complete it (one 10 days ago, one today);
    district B's 8-hour course: a B1 member completes it; Wang's certificate is credited too."""
    w = skills_world
    a_course = course(w)
    done = [signed(w, a_course, member(w, n)) for n in (31, 32)]
    activities.complete_signup(actor=w.staff, signup_id=done[0].pk, on=today() - timedelta(10))
    activities.complete_signup(actor=w.staff, signup_id=done[1].pk, on=today())
    b_course = activities.create_activity(
        actor=w.city_staff, org=w.district_b,
        new=new_activity(kind="course", title="焊工", credit_hours=Decimal("8.0"), capacity=30),
    )  # fmt: skip
    b_person = register_member(actor=w.chair_b, org=w.ent_b1, details=details(33)).person
    b_signup = signed(w, b_course, b_person, by=w.chair_b)
    activities.complete_signup(actor=w.city_staff, signup_id=b_signup.pk, on=today())
    services.record_certificate(
        actor=w.chair, person_id=w.wang.person.pk, trade="电工", level="senior",
        issuer="焦作市人社局", issued_on=today() - timedelta(days=3), number="GZ-0001",
    )  # fmt: skip
    return w


def _completed_courses(org, period):
    """The activities' own rows: course sign-ups of `org`'s subtree completed in the period."""
    rows = SignUp.objects.filter(
        activity__kind="course", completed_on__gte=period[0], completed_on__lte=period[1]
    )
    return sum(1 for s in rows.select_related("person") if _member_of(s.person, org))


def _member_of(person, org):
    return person.memberships.filter(org__path__startswith=org.path).exists()


def _totals(user, org):
    return sum((row["total"] for row in member_totals(user, org)), Decimal("0.00"))


def test_the_area_is_declared_with_its_two_metrics_and_its_headline():
    declared = area("skills")
    assert declared is not None
    assert declared.order == 180
    assert [m.key for m in area_metrics("skills")] == ["credits_awarded", "course_completions"]
    assert declared.headline == "credits_awarded"
    assert all(2 <= len(m.synonyms) <= 4 for m in area_metrics("skills"))


def test_credits_awarded_equal_the_credit_banks_own_totals_of_the_scope(academy):
    w, ever = academy, (date(2000, 1, 1), today())
    assert _compute("credits_awarded", w.leader, None, ever) == _totals(w.leader, w.city)
    assert _compute("credits_awarded", w.staff, None, ever) == _totals(w.staff, None)
    assert _compute("credits_awarded", w.leader, w.district_b, ever) == _totals(
        w.leader, w.district_b
    )
    assert _totals(w.leader, w.city) > _totals(w.staff, None) > 0
    # today only: the second A1 completion (16) and B1's (8), not the earlier course nor certificate
    assert _compute("credits_awarded", w.leader, None, (today(), today())) == Decimal("24.00")


def test_course_completions_equal_the_activities_completed_course_sign_ups(academy):
    w = academy
    for period in ((today() - timedelta(30), today()), (today(), today())):
        assert _compute("course_completions", w.leader, None, period) == _completed_courses(
            w.city, period
        )
        assert _compute("course_completions", w.staff, w.district_a, period) == _completed_courses(
            w.district_a, period
        )
    assert _compute("course_completions", w.leader, None, (today() - timedelta(30), today())) == 3


@pytest.mark.parametrize("key", ["credits_awarded", "course_completions"])
@pytest.mark.parametrize("who", ["partner", "judge", "nobody"])
def test_an_outsider_counts_none_of_the_credits(academy, key, who):
    w, ever = academy, (date(2000, 1, 1), today())
    user = getattr(w, who)
    assert _compute(key, user, None, ever) == 0
    assert _compute(key, user, w.city, ever) == 0
    # B1's chair asking about district A counts nothing; their own scope only B1's member
    assert _compute(key, w.chair_b, w.district_a, ever) == 0
    assert (
        _compute(key, w.chair_b, None, ever) == {"credits_awarded": 8, "course_completions": 1}[key]
    )
