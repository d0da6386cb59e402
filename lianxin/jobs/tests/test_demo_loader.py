"""The jobs demo: posts of Jiaozuo enterprises, 零工 short jobs at stations, one 带岗直播 with its
viewers and applications, one hire; loaded once."""

import pytest

from lianxin.audit.models import Event
from lianxin.demo.jobs_loader import load_jobs_demo
from lianxin.demo.members_loader import load_members_demo
from lianxin.jobs.models import Application, JobPost, LiveSession
from lianxin.jobs.selectors import session_detail

pytestmark = pytest.mark.django_db


def test_the_jobs_demo_loads_posts_a_session_and_a_hire_once(demo_orgs, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    load_members_demo()
    assert load_jobs_demo() == 6
    assert set(JobPost.objects.exclude(site="").values_list("site", flat=True)) == {
        "JZ-ST-01", "JZ-ST-02", "JZ-ST-03",
    }  # fmt: skip
    assert JobPost.objects.filter(enterprise__code="JZ-SY-YH-01").count() == 2
    [session] = LiveSession.objects.all()
    found = session_detail(session.pk)
    assert (found.host.username, found.viewers, found.presented) == ("chair", 2860, 4)
    assert found.applied == 3  # the three riders applied during the session
    assert Application.objects.filter(state="hired").count() == 1
    assert all(a.person.user_id for a in Application.objects.select_related("person"))
    events = Event.objects.count()
    assert load_jobs_demo() == 0
    assert (JobPost.objects.count(), Application.objects.count()) == (6, 3)
    assert Event.objects.count() == events
