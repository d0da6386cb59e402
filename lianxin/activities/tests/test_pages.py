"""The activities pages: the public list and page, signing up from the phone (with the
not-registered message), my sign-ups, the roster and attendance (outsiders 404), the figures."""
# ruff: noqa: F811 (the fixtures imported from activities_world are named as arguments)

from datetime import timedelta

import pytest
from django.urls import reverse

from lianxin.activities import services
from lianxin.activities.models import Attendance, SignUp
from lianxin.activities.tests.activities_world import (  # noqa: F401 (fixtures)
    activity,
    member,
    members,
    organised,
    signed,
    worker_user,
)
from lianxin.core import clock
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_public_list_filters_by_kind_and_shows_places(client, world, activity, members):
    signed(world, activity, members[0])
    organised(world, kind="health_check", title="职工免费体检")
    page = client.get(reverse("activities:list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "暑期职工子女托管班" in text
    assert "职工免费体检" in text
    assert "1 / 2" in text
    filtered = client.get(reverse("activities:list"), {"kind": "health_check"}).content.decode()
    assert "职工免费体检" in filtered
    assert "暑期职工子女托管班" not in filtered


def test_the_list_says_so_when_nothing_is_open(client, world):
    page = client.get(reverse("activities:list"))
    assert 'data-testid="empty"' in page.content.decode()


def test_a_worker_signs_up_from_the_activity_page_and_sees_it_in_my_sign_ups(
    client, world, activity, worker_user
):
    client.force_login(worker_user)
    detail = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert 'data-testid="sign-up-form"' in detail
    response = client.post(reverse("activities:sign_up", args=[activity.pk]), follow=True)
    assert 'data-testid="my-state"' in response.content.decode()
    signup = SignUp.objects.get(activity=activity)
    assert signup.person.user_id == worker_user.pk
    mine = client.get(reverse("activities:mine")).content.decode()
    assert "暑期职工子女托管班" in mine
    client.post(reverse("activities:cancel", args=[signup.pk]))
    signup.refresh_from_db()
    assert signup.state == "cancelled"


def test_a_worker_without_a_person_record_is_told_how_to_get_registered(client, world, activity):
    client.force_login(UserFactory(username="new_rider"))
    detail = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert 'data-testid="not-registered"' in detail
    assert 'data-testid="sign-up-form"' not in detail
    response = client.post(reverse("activities:sign_up", args=[activity.pk]), follow=True)
    assert SignUp.objects.count() == 0
    assert reverse("join:mine") in response.content.decode()


def test_a_refused_sign_up_shows_the_reason(client, world, worker_user):
    only = organised(world, members_only=True)
    client.force_login(worker_user)
    response = client.post(reverse("activities:sign_up", args=[only.pk]), follow=True)
    assert SignUp.objects.count() == 0
    assert "alert" in response.content.decode()


def test_a_chair_signs_up_a_member_from_the_page(client, world, activity, members):
    client.force_login(world.chair)
    detail = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert 'data-testid="staff-sign-up"' in detail
    assert details(1).name not in detail  # the choices are masked
    client.post(reverse("activities:sign_up", args=[activity.pk]), {"person": members[1].pk})
    assert SignUp.objects.get(activity=activity).person_id == members[1].pk


def test_the_roster_and_attendance_are_the_organisers_and_outsiders_get_404(
    client, world, activity, members
):
    one, two, waiting = (signed(world, activity, p) for p in members[:3])
    session = services.add_session(
        actor=world.staff, activity_id=activity.pk, starts_at=clock.now() + timedelta(days=12)
    )
    for who in ("chair_b", "partner", "judge", "nobody", "chair"):
        client.force_login(getattr(world, who))
        assert client.get(reverse("activities:roster", args=[activity.pk])).status_code == 404
        assert client.get(reverse("activities:session", args=[session.pk])).status_code == 404
        client.post(reverse("activities:session", args=[session.pk]), {"present": [one.pk]})
    assert Attendance.objects.count() == 0
    client.force_login(world.staff)
    roster = client.get(reverse("activities:roster", args=[activity.pk])).content.decode()
    assert roster.count('data-testid="roster-row"') == 3
    for n in (1, 2, 3):
        assert details(n).name not in roster
    client.post(reverse("activities:session", args=[session.pk]), {"present": [one.pk, two.pk]})
    assert Attendance.objects.filter(session=session).count() == 2
    sheet = client.get(reverse("activities:session", args=[session.pk])).content.decode()
    assert f'data-testid="present-{waiting.pk}"' not in sheet


def test_the_organiser_completes_a_sign_up_from_the_roster(client, world, activity, members):
    signup = signed(world, activity, members[0])
    client.force_login(world.staff)
    client.post(reverse("activities:move", args=[signup.pk, "complete"]))
    signup.refresh_from_db()
    assert signup.state == "completed"
    client.force_login(world.chair_b)
    other = signed(world, activity, members[1])
    assert client.post(reverse("activities:move", args=[other.pk, "no_show"])).status_code == 404


def test_the_figures_page_counts_attendances(client, world, activity, members):
    one = signed(world, activity, members[0])
    session = services.add_session(
        actor=world.staff, activity_id=activity.pk, starts_at=clock.now()
    )
    services.record_attendance(actor=world.staff, session_id=session.pk, present={one.pk})
    client.force_login(world.city_staff)
    day = clock.now().date()
    query = {
        "org": "JZ",
        "start": str(day - timedelta(days=1)),
        "end": str(day + timedelta(days=60)),
    }
    page = client.get(reverse("activities:figures"), query).content.decode()
    assert 'data-testid="total-attendances">1<' in page
    assert 'data-testid="total-persons">1<' in page
    client.force_login(world.nobody)
    assert client.get(reverse("activities:figures")).status_code == 404


def test_an_organiser_publishes_an_activity_and_an_outsider_cannot(client, world):
    from lianxin.activities.models import Activity

    day = clock.now().date()
    form = {
        "org": world.district_a.pk, "kind": "course", "title": "焊工技能提升", "capacity": "20",
        "has_waiting_list": "on", "employment_forms": ["employee"],
        "signup_opens": "2026-01-01T08:00", "signup_closes": "2030-01-01T18:00",
        "starts_on": str(day), "ends_on": str(day + timedelta(days=5)), "credit_hours": "8",
    }  # fmt: skip
    client.force_login(world.chair_b)
    client.post(reverse("activities:new"), form)
    assert Activity.objects.count() == 0
    client.force_login(world.staff)
    assert (
        'data-testid="new-activity"' in client.get(reverse("activities:organised")).content.decode()
    )
    response = client.post(reverse("activities:new"), form)
    made = Activity.objects.get()
    assert response.url == reverse("activities:roster", args=[made.pk])
    assert (made.org, made.kind, made.employment_forms, str(made.credit_hours)) == (
        world.district_a, "course", ["employee"], "8.0",
    )  # fmt: skip
