"""The 就业服务 area the cockpit reads (core.areas): job_posts and job_applications equal the jobs
figures' own (metrics.figures) for the same scope and period; an outsider counts none of them."""
# ruff: noqa: F811 (the fixture imported from test_metrics is named as an argument)

import pytest

from lianxin.core.areas import area, area_metric, area_metrics
from lianxin.jobs import metrics
from lianxin.jobs.tests.test_metrics import APRIL, MARCH, counted  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
FIGURE_OF = {"job_posts": "posts", "job_applications": "applications"}


def _compute(key, user, org, period):
    metric = area_metric(key)
    assert metric is not None
    assert metric.area == "jobs"
    return metric.compute(user, org, *period)


def test_the_area_is_declared_with_its_two_metrics_and_its_headline():
    declared = area("jobs")
    assert declared is not None
    assert declared.order == 190
    assert [m.key for m in area_metrics("jobs")] == ["job_posts", "job_applications"]
    assert declared.headline == "job_posts"
    assert all(2 <= len(m.synonyms) <= 4 for m in area_metrics("jobs"))


@pytest.mark.parametrize("key", sorted(FIGURE_OF))
def test_each_metric_equals_the_jobs_own_figures_of_the_scope(counted, key):
    w, term = counted, FIGURE_OF[key]
    for period in (MARCH, APRIL):
        city = getattr(metrics.figures(w.city, *period), term)
        district_a = getattr(metrics.figures(w.district_a, *period), term)
        assert _compute(key, w.leader, None, period) == city
        assert _compute(key, w.leader, w.city, period) == city
        assert _compute(key, w.staff, None, period) == district_a
        assert _compute(key, w.chair, None, period) == getattr(
            metrics.figures(w.ent_a1, *period), term
        )
    assert _compute(key, w.leader, None, MARCH) == {"job_posts": 4, "job_applications": 5}[key]
    assert _compute(key, w.leader, None, APRIL) == 0


@pytest.mark.parametrize("key", sorted(FIGURE_OF))
@pytest.mark.parametrize("who", ["partner", "judge", "nobody"])
def test_an_outsider_counts_none_of_the_posts_and_applications(counted, key, who):
    w, user = counted, getattr(counted, who)
    assert _compute(key, user, None, MARCH) == 0
    assert _compute(key, user, w.city, MARCH) == 0
    # B1's chair sees B1's own post and application, and nothing of district A
    assert _compute(key, w.chair_b, w.district_a, MARCH) == 0
    assert _compute(key, w.chair_b, None, MARCH) == 1
