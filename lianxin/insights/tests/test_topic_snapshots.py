"""Topics are clustered by a task and stored: no page clusters, each scope reads its own snapshot,
and the scheduled 督办 run keeps the snapshots of the users who sign in fresh."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.insights import selectors, services, topics
from lianxin.insights.models import TopicSnapshot
from lianxin.insights.tasks import queue_stale_topics
from lianxin.insights.tests.samples import NOISE

pytestmark = pytest.mark.django_db


@pytest.fixture
def noise(world):
    """Workshop noise in A1, A2 (district A) and B1 (district B)."""
    orgs = [world.ent_a1, world.ent_a2, world.ent_b1]
    return [
        make_case(
            actor=world.city_staff,
            org=orgs[i % 3],
            key="conditions",
            title=text[:10],
            description=text,
            worker_phone=f"1370000{i:04d}",
        )
        for i, text in enumerate(NOISE)
    ]


def signed_in(*users):
    for user in users:
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])


def refuse_to_cluster(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("a page clustered cases")

    monkeypatch.setattr(topics, "find_topics", fail)
    monkeypatch.setattr(selectors, "find_topics", fail)
    monkeypatch.setattr(selectors, "compute_topics", fail)


def test_the_dashboard_and_the_topics_page_render_without_clustering(
    client, world, noise, monkeypatch
):
    # given the leader's topics computed by the task
    services.refresh_topic_snapshot(selectors.topic_scope(world.leader))
    # when the dashboard and the topics page render with clustering made to fail
    refuse_to_cluster(monkeypatch)
    client.force_login(world.leader)
    dashboard = client.get("/cockpit/")
    page = client.get("/insights/topics/")
    # then both answer from the stored topics and say when they were computed
    assert dashboard.status_code == page.status_code == 200
    for html in (dashboard.content.decode(), page.content.decode()):
        assert "噪声" in html
        assert 'data-testid="topics-computed"' in html


def test_before_the_first_run_the_panel_says_the_topics_are_being_computed(
    client, world, noise, monkeypatch
):
    refuse_to_cluster(monkeypatch)
    client.force_login(world.leader)
    html = client.get("/cockpit/").content.decode()
    assert 'data-testid="panel-topic"' not in html
    assert not TopicSnapshot.objects.exists()


def test_each_scope_reads_its_own_topics_and_equal_reach_shares_one(world, noise):
    # given the district A staff's snapshot (A1, A2) and the city leader's (A1, A2, B1)
    district = services.refresh_topic_snapshot(selectors.topic_scope(world.staff))
    city = services.refresh_topic_snapshot(selectors.topic_scope(world.leader))
    # then district A's noise topic names A's enterprises only
    (topic,) = [t for t in selectors.snapshot_topics(district) if "噪声" in t.terms]
    assert set(topic.org_ids) == {world.ent_a1.pk, world.ent_a2.pk}
    (wider,) = [t for t in selectors.snapshot_topics(city) if "噪声" in t.terms]
    assert world.ent_b1.pk in wider.org_ids
    # and the district's supervisor, with the same reach, reads the staff's snapshot
    assert selectors.topic_snapshot(world.supervisor) == district
    # while a chair of B1 has none yet, and a partner, a judge or nobody has no scope at all
    assert selectors.topic_snapshot(world.chair_b) is None
    for outsider in (world.partner, world.judge, world.nobody):
        assert selectors.topic_scope(outsider) is None


def test_a_sample_case_moved_out_of_scope_is_not_shown(world, noise):
    services.refresh_topic_snapshot(selectors.topic_scope(world.staff))
    views, _snapshot = selectors.top_topics(world.staff, 5)
    shown = {c.pk for v in views for c in v.samples}
    moved = next(c for c in noise if c.pk in shown)
    type(moved).objects.filter(pk=moved.pk).update(origin_org=world.ent_b2, owner_org=world.ent_b2)
    views, _snapshot = selectors.top_topics(world.staff, 5)
    assert moved.pk not in {c.pk for v in views for c in v.samples}


def test_the_supervision_step_queues_only_the_stale_scopes_of_users_who_sign_in(world, noise):
    # given the leader and the district staff signed in lately, the B1 chair a year ago
    signed_in(world.leader, world.staff)
    world.chair_b.last_login = timezone.now() - timedelta(days=365)
    world.chair_b.save(update_fields=["last_login"])
    # when a 督办 run's step runs (the tests' task backend runs the task at once)
    report = queue_stale_topics(clock.now())
    # then the two recent users' scopes were computed, and nobody else's
    assert report == {"queued": 2}
    keys = {selectors.topic_scope(u).key for u in (world.leader, world.staff)}
    assert set(TopicSnapshot.objects.values_list("scope", flat=True)) == keys
    # and a second run finds them fresh and queues nothing
    assert queue_stale_topics(clock.now()) == {"queued": 0}
    # until they age past the allowed age
    later = clock.now() + services.topics_max_age() + timedelta(minutes=1)
    assert queue_stale_topics(later) == {"queued": 2}


def test_the_command_recomputes_every_scope_in_use(world, noise):
    from io import StringIO

    from django.core.management import call_command

    signed_in(world.leader)
    out = StringIO()
    call_command("refresh_topics", "--all", stdout=out)
    assert out.getvalue().strip().endswith("1 scopes")
    assert TopicSnapshot.objects.get().scope == selectors.topic_scope(world.leader).key
