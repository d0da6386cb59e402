"""GET /api/contests/{id}/standings over the real URL conf."""

from decimal import Decimal

import pytest

from lianxin.api.services import create_token
from lianxin.contests.tests.factories import at, make_contest, open_all, participant, score, submit

pytestmark = pytest.mark.django_db


def scored_contest(world, **options):
    c = make_contest(world, judges=3, **options)
    open_all(c, world)
    for name, ent, total, day in [("甲组", world.ent_b1, 70, 2), ("乙组", world.ent_b2, 85, 3)]:
        p, u = participant(c, world, name, ent)
        score(c, submit(c, p, u, at(2025, 5, day)), c.judges[1], total, at(2025, 5, 5))
    return c


def test_standings_of_a_public_contest_are_readable_without_signing_in(client, world):
    c = scored_contest(world)
    response = client.get(f"/api/contests/{c.contest.pk}/standings")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["rank"], r["participant"], r["entries"]) for r in rows] == [
        (1, "乙组", 1),
        (2, "甲组", 1),
    ]
    assert Decimal(str(rows[0]["points"])) == Decimal("85.00")
    assert rows[0]["final_score"] is None
    assert rows[0]["total"] is None


def test_standings_of_a_private_contest_are_missing_for_outsiders_and_shown_to_its_org(
    client, world
):
    c = scored_contest(world, is_public=False)
    url = f"/api/contests/{c.contest.pk}/standings"
    missing = client.get(url)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "contest.not_found"
    token = create_token(actor=None, user=world.leader, name="t").token
    shown = client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert shown.status_code == 200
    assert len(shown.json()) == 2


def test_standings_of_an_unknown_contest_answer_404(client, world):
    response = client.get("/api/contests/999999/standings")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "contest.not_found"
