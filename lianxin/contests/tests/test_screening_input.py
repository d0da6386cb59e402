"""A malformed screening decision is refused as a bad request, never a server error."""

import pytest

from lianxin.contests.models import Entry, ScreeningDecision
from lianxin.contests.tests.factories import (
    THREE_LEVELS,
    at,
    make_contest,
    open_all,
    participant,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(world):
    c = make_contest(world, screening=THREE_LEVELS, judges=3)
    open_all(c, world)
    return c


@pytest.mark.parametrize(
    "posted",
    [
        {"entry": "abc", "reason": "同意", "decision": "pass"},
        {"entry": "", "reason": "同意", "decision": "pass"},
        {"reason": "同意", "decision": "fail"},
        {"entry": "-3", "reason": "同意", "decision": "pass"},
        {"entry": "1", "reason": "同意", "decision": "maybe"},
    ],
)
def test_a_malformed_screening_post_answers_400_and_decides_nothing(client, c, world, posted):
    # given an entry waiting at the first level, and its screener
    p, u = participant(c, world, "刘蕊军团队", world.ent_a1)
    entry = submit(c, p, u, at(2025, 5, 1))
    client.force_login(world.chair)
    # when the screener's form arrives garbled
    response = client.post(f"/contests/{c.contest.pk}/screening/", posted)
    # then it is a bad request with a message, the page still lists the entry, and nothing moved
    assert response.status_code == 400
    assert f"screen-{entry.pk}" in response.content.decode()
    assert not ScreeningDecision.objects.exists()
    assert Entry.objects.get(pk=entry.pk).levels_passed == 0


def test_a_screening_decision_without_a_reason_asks_why(client, c, world):
    p, u = participant(c, world, "刘蕊军团队", world.ent_a1)
    entry = submit(c, p, u, at(2025, 5, 1))
    client.force_login(world.chair)
    response = client.post(
        f"/contests/{c.contest.pk}/screening/", {"entry": entry.pk, "decision": "pass"}, follow=True
    )
    assert response.status_code == 200
    assert not ScreeningDecision.objects.exists()
