"""The jobs figures against a world counted by hand (moves made at known days)."""

from datetime import date

import pytest

from lianxin.core import clock
from lianxin.jobs import metrics, services
from lianxin.jobs.models import Application
from lianxin.jobs.tests.jobs_world import (
    at,
    gig_post,
    new_post,
    session_for,
    worker_with_person,
)

pytestmark = pytest.mark.django_db

MARCH, APRIL = (date(2027, 3, 1), date(2027, 3, 31)), (date(2027, 4, 1), date(2027, 4, 30))


def _on(day: date, call, hour: int = 10):
    with clock.frozen_at(at(day, hour)):
        return call()


@pytest.fixture
def counted(world):
    """March: A1 posts p1, p2 (p2 filled 20 Mar); district A posts gig p3; B1 posts p4.
    Three workers apply to p1 (one during the 12 Mar session), one to p3, one to p4 (B1).
    Passed on in March: w1@p1, w2@p1, w4@p3; w1 hired 25 Mar; w2 not hired 26 Mar.
    April: w4@p3 hired 2 Apr; w3@p1 passed on 3 Apr. Session 12 Mar (DA): p1, p3, 800 viewers."""
    w = [worker_with_person(world, n) for n in (1, 2, 3, 4)]
    b_user = worker_with_person(world, 5)

    def new(org, ent, **kw):
        return services.post_job(actor=world.city_staff, new=new_post(org, ent, **kw))

    p1 = _on(date(2027, 3, 2), lambda: new(world.ent_a1, world.ent_a1))
    p2 = _on(date(2027, 3, 3), lambda: new(world.ent_a1, world.ent_a1, title="机修工"))
    p3 = _on(date(2027, 3, 4), lambda: services.post_job(
        actor=world.staff, new=gig_post(world.district_a, world.ent_a2)))  # fmt: skip
    p4 = _on(date(2027, 3, 5), lambda: new(world.ent_b1, world.ent_b1))
    _on(date(2027, 3, 20), lambda: services.fill_post(actor=world.chair, post_id=p2.pk))
    session = _on(date(2027, 3, 12), lambda: session_for(world, [p1, p3]), hour=9)
    ap = lambda user, post, day, **kw: _on(day, lambda: services.apply_for_job(  # noqa: E731
        actor=user, post_id=post.pk, **kw))  # fmt: skip
    a1 = ap(w[0], p1, date(2027, 3, 12), session_id=session.pk)
    a2 = ap(w[1], p1, date(2027, 3, 13))
    a3 = ap(w[2], p1, date(2027, 3, 14))
    a4 = ap(w[3], p3, date(2027, 3, 15))
    ap(b_user, p4, date(2027, 3, 16))
    moves = [
        (a1, services.pass_on_application, date(2027, 3, 18)),
        (a2, services.pass_on_application, date(2027, 3, 18)),
        (a4, services.pass_on_application, date(2027, 3, 19)),
        (a1, services.report_hired, date(2027, 3, 25)),
        (a2, services.report_not_hired, date(2027, 3, 26)),
        (a4, services.report_hired, date(2027, 4, 2)),
        (a3, services.pass_on_application, date(2027, 4, 3)),
    ]
    for row, move, day in moves:
        _on(day, lambda: move(actor=world.staff, application_id=row.pk))  # noqa: B023
    _on(date(2027, 3, 13), lambda: services.record_viewers(
        actor=world.staff, session_id=session.pk, viewers=800))  # fmt: skip
    return world


def test_march_in_district_a_matches_the_hand_count(counted):
    f = metrics.figures(counted.district_a, *MARCH)
    assert (f.posts, f.posts_open, f.posts_filled) == (3, 2, 1)  # p1, p2, p3; p2 filled
    assert (f.applications, f.passed_on, f.hires) == (4, 3, 1)  # B1's application is not A's
    assert (f.hire_rate.numerator, f.hire_rate.denominator) == (2, 3)  # a1, a4 hired (a4 later)
    assert (f.sessions, f.viewers, f.session_applications) == (1, 800, 1)


def test_april_counts_only_what_happened_in_april(counted):
    f = metrics.figures(counted.district_a, *APRIL)
    assert (f.posts, f.posts_filled, f.applications) == (0, 0, 0)
    assert (f.passed_on, f.hires, f.sessions, f.viewers) == (1, 1, 0, 0)
    assert (f.hire_rate.numerator, f.hire_rate.denominator) == (0, 1)


def test_the_city_adds_district_b_and_an_enterprise_its_own(counted):
    city = metrics.figures(counted.city, *MARCH)
    assert (city.posts, city.applications) == (4, 5)
    a1 = metrics.figures(counted.ent_a1, *MARCH)
    assert (a1.posts, a1.applications, a1.passed_on, a1.hires, a1.sessions) == (2, 3, 2, 1, 0)
    assert Application.objects.count() == 5


def test_an_empty_subtree_has_no_rate_to_make_up(counted):
    f = metrics.figures(counted.ent_a2, *APRIL)
    assert f.hire_rate.value is None
    assert (f.posts, f.applications, f.viewers) == (0, 0, 0)
