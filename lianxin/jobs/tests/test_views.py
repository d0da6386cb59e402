"""The jobs pages: the public list (filters, paging, empty state), a post with its apply button,
the worker's applications, the union's queue (its subtree only, persons masked; others 404),
sessions and the staff's forms."""
# ruff: noqa: F811 (the fixtures imported from jobs_world are named as arguments)

import pytest
from django.urls import reverse

from lianxin.jobs import services
from lianxin.jobs.models import Application, JobPost, LiveSession
from lianxin.jobs.tests.jobs_world import (  # noqa: F401 (fixtures)
    applied,
    district_post,
    new_post,
    post,
    session_for,
    worker,
    worker_with_person,
)
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def page_of(client, user, url, data=None):
    if user is not None:
        client.force_login(user)
    return client.get(url, data or {})


def test_anyone_reads_the_open_posts_filtered_by_kind_and_district(
    client, world, post, district_post
):
    services.post_job(actor=world.chair_b, new=new_post(world.ent_b1, world.ent_b1, title="质检员"))
    body = client.get(reverse("jobs:list")).content.decode()
    assert all(t in body for t in ("面粉包装工", "仓库装卸（日结）", "质检员"))
    gig = client.get(reverse("jobs:list"), {"kind": "gig"}).content.decode()
    assert "仓库装卸（日结）" in gig
    assert "面粉包装工" not in gig
    b = client.get(reverse("jobs:list"), {"org": "DB"}).content.decode()
    assert "质检员" in b
    assert "面粉包装工" not in b


def test_the_list_has_an_empty_state_and_pages(client, world):
    assert 'data-testid="posts-empty"' in client.get(reverse("jobs:list")).content.decode()
    for n in range(23):
        services.post_job(
            actor=world.chair, new=new_post(world.ent_a1, world.ent_a1, title=f"岗{n}")
        )
    second = client.get(reverse("jobs:list"), {"page": 2}).content.decode()
    assert second.count('data-testid="post-row"') == 3


def test_the_list_reads_in_few_queries(client, world, django_assert_max_num_queries):
    for n in range(25):
        services.post_job(
            actor=world.chair, new=new_post(world.ent_a1, world.ent_a1, title=f"岗{n}")
        )
    with django_assert_max_num_queries(8):
        client.get(reverse("jobs:list"))


def test_a_post_asks_before_applying_and_the_worker_sees_it_in_my_applications(
    client, world, post, worker
):
    body = page_of(client, worker, reverse("jobs:post", args=[post.pk])).content.decode()
    assert 'data-testid="ask-apply"' in body
    assert 'data-testid="yes-apply"' in body
    response = client.post(reverse("jobs:apply", args=[post.pk]), {"note": "能倒班"})
    assert response.status_code == 302
    mine = client.get(reverse("jobs:mine")).content.decode()
    assert "面粉包装工" in mine
    assert 'data-state="submitted"' in mine
    again = client.get(reverse("jobs:post", args=[post.pk])).content.decode()
    assert 'data-testid="already-applied"' in again
    assert 'data-testid="ask-apply"' not in again


def test_a_signed_out_visitor_is_asked_to_sign_in_and_never_sees_a_private_phone(client, world):
    new = new_post(world.ent_a1, world.ent_a1, requirements="老板电话13912345678")
    found = services.post_job(actor=world.chair, new=new)
    body = client.get(reverse("jobs:post", args=[found.pk])).content.decode()
    assert 'data-testid="login-to-apply"' in body
    assert "13912345678" not in body
    assert "139****5678" in body


def test_a_user_without_a_person_is_told_why_and_nothing_is_written(client, world, post):
    client.force_login(UserFactory(username="stranger"))
    response = client.post(reverse("jobs:apply", args=[post.pk]), follow=True)
    assert "工会" in response.content.decode() or "union" in response.content.decode()
    assert Application.objects.count() == 0


def test_a_closed_post_is_404_to_the_public_but_not_to_its_union(client, world, post):
    services.close_post(actor=world.chair, post_id=post.pk)
    url = reverse("jobs:post", args=[post.pk])
    assert client.get(url).status_code == 404
    assert page_of(client, world.chair, url).status_code == 200


def test_the_worker_withdraws_from_my_applications(client, world, post, worker):
    application = applied(worker, post)
    client.force_login(worker)
    client.post(reverse("jobs:application_move", args=[application.pk, "withdraw"]))
    application.refresh_from_db()
    assert application.state == "withdrawn"


@pytest.mark.parametrize("who", ["chair", "staff", "city_staff"])
def test_the_queue_shows_the_subtree_s_applications_masked(client, world, post, worker, who):
    applied(worker, post)
    d = details(1)
    body = page_of(client, getattr(world, who), reverse("jobs:queue")).content.decode()
    assert body.count('data-testid="queue-row"') == 1
    assert d.name not in body
    assert d.phone not in body
    assert d.name[0] + "*" * (len(d.name) - 1) in body
    assert "139****0001" in body


@pytest.mark.parametrize("who", ["chair_b", "partner", "judge", "nobody", "leader", "supervisor"])
def test_outside_the_posting_union_the_queue_is_404(client, world, post, worker, who):
    applied(worker, post)
    response = page_of(client, getattr(world, who), reverse("jobs:queue"))
    if who == "chair_b":  # manages its own union: an empty queue, never another union's rows
        assert response.status_code == 200
        assert 'data-testid="queue-row"' not in response.content.decode()
        return
    assert response.status_code == 404


def test_another_union_may_not_move_an_application(client, world, post, worker):
    application = applied(worker, post)
    client.force_login(world.chair_b)
    response = client.post(reverse("jobs:application_move", args=[application.pk, "pass_on"]))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.state == "submitted"


def test_the_chair_passes_on_then_reports_the_hire(client, world, post, worker):
    application = applied(worker, post)
    client.force_login(world.chair)
    for action in ("pass_on", "report_hired"):
        client.post(reverse("jobs:application_move", args=[application.pk, action]))
    application.refresh_from_db()
    assert application.state == "hired"


def test_staff_publish_a_gig_post_from_the_form(client, world):
    client.force_login(world.staff)
    response = client.post(reverse("jobs:post_new"), {
        "org": world.district_a.pk, "enterprise": world.ent_a2.pk, "title": "分拣（日结）",
        "kind": "gig", "wage_min": 150, "wage_max": 200, "wage_unit": "day", "place": "A区驿站",
        "headcount": 4, "site": "jz-st-02", "starts_on": "2027-03-10",
    })  # fmt: skip
    found = JobPost.objects.get()
    assert response.url == reverse("jobs:post", args=[found.pk])
    assert (found.site, found.kind) == ("JZ-ST-02", "gig")


def test_a_refused_post_form_says_why_and_writes_nothing(client, world):
    client.force_login(world.staff)
    response = client.post(reverse("jobs:post_new"), {
        "org": world.district_a.pk, "enterprise": world.ent_a2.pk, "title": "分拣",
        "kind": "gig", "wage_min": 150, "wage_max": 200, "wage_unit": "day", "place": "A区",
        "headcount": 4,
    })  # fmt: skip
    assert response.status_code == 200
    assert 'data-testid="form-error"' in response.content.decode()
    assert JobPost.objects.count() == 0


@pytest.mark.parametrize("who", ["partner", "nobody", "leader"])
def test_the_staff_forms_are_404_to_others(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("jobs:post_new")).status_code == 404
    assert client.get(reverse("jobs:session_new")).status_code == 404


def test_staff_plan_a_session_and_record_its_viewers(client, world, post, district_post, worker):
    client.force_login(world.staff)
    response = client.post(reverse("jobs:session_new"), {
        "org": world.district_a.pk, "title": "春风行动带岗直播", "starts_at": "2026-01-05T19:30",
        "host": world.chair.pk, "posts": [post.pk, district_post.pk],
    })  # fmt: skip
    session = LiveSession.objects.get()
    assert response.url == reverse("jobs:session", args=[session.pk])
    client.post(reverse("jobs:session_viewers", args=[session.pk]), {"viewers": 3400})
    applied(worker, post, session_id=session.pk)
    client.logout()
    body = client.get(reverse("jobs:session", args=[session.pk])).content.decode()
    assert "3400" in body
    assert body.count('data-testid="session-post"') == 2
    assert 'data-testid="viewers-form"' not in body
    listing = client.get(reverse("jobs:sessions")).content.decode()
    assert "春风行动带岗直播" in listing


def test_the_sessions_list_has_an_empty_state(client, world):
    assert 'data-testid="sessions-empty"' in client.get(reverse("jobs:sessions")).content.decode()


def test_my_applications_shows_only_the_workers_own(client, world, post, worker):
    applied(worker, post)
    other = worker_with_person(world, 2)
    body = page_of(client, other, reverse("jobs:mine")).content.decode()
    assert 'data-testid="my-applications-empty"' in body


def test_the_queue_reads_in_few_queries(client, world, django_assert_max_num_queries):
    found = services.post_job(actor=world.chair, new=new_post(world.ent_a1, world.ent_a1))
    for n in range(1, 22):
        applied(worker_with_person(world, n), found)
    client.force_login(world.chair)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("jobs:queue"))
    assert response.content.decode().count('data-testid="queue-row"') == 20
