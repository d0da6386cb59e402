"""The merge page's POST: asked for first, the survivor keeps both histories, and another
enterprise's chair is refused with nothing changed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.members import services
from lianxin.members.models import Membership, Person
from lianxin.members.tests.conftest import details

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(world):
    """One worker registered twice in enterprise A1 under two ID numbers (same name and phone):
    the first record left the union, the second is active. Returns (left, active) memberships."""
    left = services.register_member(actor=world.chair, org=world.ent_a1, details=details(1))
    services.leave_union(actor=world.chair, membership_id=left.pk)
    active = services.register_member(
        actor=world.chair, org=world.ent_a1, details=details(1, id_number=details(50).id_number)
    )
    return left, active


def snapshot() -> tuple:
    return (
        sorted(Person.objects.values_list("pk", "merged_into_id", "user_id")),
        sorted(Membership.objects.values_list("pk", "person_id", "state")),
        Event.objects.count(),
    )


def test_the_merge_page_asks_before_it_posts_the_pair(client, world, twins):
    # Given two records of one person on the merge list
    left, active = twins
    # When the chair opens the merge page
    client.force_login(world.chair)
    page = client.get(reverse("members:merge_list")).content.decode()
    # Then the pair's form posts both ids to the merge action behind a confirmation box
    assert f'action="{reverse("members:merge")}"' in page
    assert f'name="survivor" value="{left.person_id}"' in page
    assert f'name="duplicate" value="{active.person_id}"' in page
    assert 'data-testid="confirm-merge-box"' in page
    assert 'data-testid="yes-merge"' in page


def test_merging_from_the_page_keeps_both_histories_on_the_survivor(client, world, twins):
    # Given two records of one person, as the merge list pairs them
    left, active = twins
    client.force_login(world.chair)
    # When the chair confirms the merge (the box's button sends the pair's form)
    response = client.post(
        reverse("members:merge"), {"survivor": left.person_id, "duplicate": active.person_id}
    )
    # Then they are sent back to the merge list with the success message
    assert response.status_code == 302
    assert response.url == reverse("members:merge_list")
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    # And the survivor holds both memberships, the duplicate points at it
    survivor = Person.objects.get(pk=left.person_id)
    assert set(survivor.memberships.values_list("pk", flat=True)) == {left.pk, active.pk}
    assert Person.objects.get(pk=active.person_id).merged_into_id == survivor.pk
    # And the survivor's page shows both histories: the left membership and the active one
    page = client.get(reverse("members:person", args=[survivor.pk])).content.decode()
    assert left.card_number in page
    assert active.card_number in page
    # And the merged record answers like a missing one; the pair is off the merge list
    assert client.get(reverse("members:person", args=[active.person_id])).status_code == 404
    assert (
        'data-testid="merge-pair"' not in client.get(reverse("members:merge_list")).content.decode()
    )
    # And the merge is one journal event on the survivor
    assert Event.objects.filter(target_type="members.person", kind="merged_in").count() == 1


def test_another_enterprises_chair_posting_the_merge_is_refused_and_nothing_changes(
    client, world, twins
):
    # Given two records of one person in enterprise A1
    left, active = twins
    before = snapshot()
    # When B1's chair posts the merge of A1's records (ids guessed or replayed)
    client.force_login(world.chair_b)
    response = client.post(
        reverse("members:merge"), {"survivor": left.person_id, "duplicate": active.person_id}
    )
    # Then the answer is the same as for records that do not exist
    assert response.status_code == 302
    refusal = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    client.get(response.url)  # the merge list shows the message, which is then gone
    missing = client.post(reverse("members:merge"), {"survivor": 9998, "duplicate": 9999})
    assert refusal == [(m.level_tag, str(m)) for m in get_messages(missing.wsgi_request)]
    assert [level for level, _text in refusal] == ["error"]
    # And no person, membership or journal event changed
    assert snapshot() == before
    # And B1's chair cannot open either record's page
    for person_id in (left.person_id, active.person_id):
        assert client.get(reverse("members:person", args=[person_id])).status_code == 404


def test_the_merge_action_takes_only_a_post(client, world, twins):
    left, active = twins
    before = snapshot()
    client.force_login(world.chair)
    url = reverse("members:merge")
    response = client.get(url, {"survivor": left.person_id, "duplicate": active.person_id})
    assert response.status_code == 405
    assert snapshot() == before
