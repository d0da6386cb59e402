"""The activities demo: a full child-care class with a waiting list, a health check with attendance,
a 疗休养 trip, a course whose completions report achievements; a second run adds nothing."""
# ruff: noqa: F811 (the fixtures imported from activities_world are named as arguments)

from io import StringIO

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from lianxin.activities.models import Activity, Attendance, SignUp
from lianxin.activities.tests.activities_world import achievements  # noqa: F401 (fixture)
from lianxin.demo.activities_loader import CHILDCARE, load_activities_demo
from lianxin.demo.members_loader import load_members_demo


@pytest.mark.django_db
def test_the_demo_loads_once_with_a_waiting_list_and_course_completions(
    demo_orgs, achievements, tmp_path
):
    with override_settings(VAR_DIR=tmp_path):  # the members demo writes a roster file there
        load_members_demo()
    made = load_activities_demo()
    assert made == SignUp.objects.count() > 0
    childcare = Activity.objects.get(title=CHILDCARE)
    states = list(childcare.signups.values_list("state", flat=True))
    assert (states.count("signed_up"), states.count("waiting")) == (40, 6)
    completed = SignUp.objects.filter(activity__kind="course", state="completed")
    assert completed.count() == 15
    assert sorted(a.source for a in achievements if a.kind == "course_completed") == sorted(
        f"activities.signup:{pk}" for pk in completed.values_list("pk", flat=True)
    )
    assert Attendance.objects.count() > 0
    counts = (Activity.objects.count(), SignUp.objects.count(), Attendance.objects.count())
    assert load_activities_demo() == 0
    assert (Activity.objects.count(), SignUp.objects.count(), Attendance.objects.count()) == counts
    out = StringIO()
    call_command("verify_journal", stdout=out)
    assert "journal intact" in out.getvalue()
