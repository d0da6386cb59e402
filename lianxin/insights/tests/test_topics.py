"""High-frequency topics: one problem raised in several enterprises comes out as one topic."""

from datetime import timedelta

import pytest

from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.insights import selectors, services
from lianxin.insights.tests.samples import CANTEEN, HEAT, NOISE, WAGES
from lianxin.insights.topics import Row, find_topics

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(world):
    """Workshop noise in three enterprises of two districts, among heat, canteen and wage cases."""
    noise_orgs = [world.ent_a1, world.ent_a2, world.ent_b1]
    made = {"noise": [], "other": []}
    groups = [(NOISE, "conditions", noise_orgs), (HEAT, "conditions", [world.ent_a2, world.ent_b2]),
              (CANTEEN, "canteen_dorm", [world.ent_a1, world.ent_b2]), (WAGES, "wages", [world.ent_b1, world.ent_b2])]  # fmt: skip
    for texts, key, orgs in groups:
        for i, text in enumerate(texts):
            case = make_case(
                actor=world.city_staff, org=orgs[i % len(orgs)], key=key, title=text[:12],
                description=text, worker_phone=f"139{len(made['noise']) + len(made['other']):08d}",
                at=clock.now() - timedelta(days=20 * (i % 3)),
            )  # fmt: skip
            made["noise" if texts is NOISE else "other"].append(case)
    return made


def topics_of(user):
    scope = selectors.topic_scope(user)
    return selectors.compute_topics(scope)[0] if scope else []


def noise_topic(topics):
    found = [t for t in topics if "噪声" in t.terms]
    assert len(found) == 1, [t.label for t in topics]
    return found[0]


def test_workshop_noise_in_several_enterprises_is_one_topic_with_those_enterprises(world, ledger):
    topics = topics_of(world.leader)

    topic = noise_topic(topics)
    assert sorted(topic.case_ids) == sorted(c.pk for c in ledger["noise"])
    assert topic.org_ids == sorted([world.ent_a1.pk, world.ent_a2.pk, world.ent_b1.pk])
    assert topic.category == "conditions"
    assert sum(topic.months.values()) == len(NOISE)
    assert len(topics) >= 3  # heat, canteen and wages are topics of their own
    assert all(not set(t.case_ids) & set(topic.case_ids) for t in topics if t is not topic)


def test_a_user_sees_the_topics_of_their_scope_only(world, ledger):
    topic = noise_topic(topics_of(world.staff))  # district A
    assert topic.org_ids == sorted([world.ent_a1.pk, world.ent_a2.pk])
    assert topics_of(world.nobody) == []


def test_a_case_linked_as_a_duplicate_counts_once(world, ledger):
    first = ledger["noise"][0]
    again = make_case(
        actor=world.city_staff, org=first.origin_org, key="conditions", title=first.title,
        description=first.description, worker_phone=first.worker_phone,
    )  # fmt: skip
    flag = services.flag_duplicates(case_id=again.pk)[0]
    services.link_duplicate(flag_id=flag.pk, actor=world.city_staff)
    topic = noise_topic(topics_of(world.leader))
    assert again.pk not in topic.case_ids
    assert topic.count == len(NOISE)


def test_the_cockpit_selector_presents_names_and_samples(world, ledger):
    services.refresh_topic_snapshot(selectors.topic_scope(world.leader))
    views, snapshot = selectors.top_topics(world.leader, 2)
    assert snapshot is not None
    assert len(views) == 2
    first = views[0]
    assert {o.pk for o in first.orgs} == set(first.topic.org_ids)
    assert 0 < len(first.samples) <= 3


def test_rows_fewer_than_a_topic_needs_make_no_topic():
    now = clock.now()
    assert find_topics([Row(1, "车间噪声大", "conditions", 1, now)]) == []
