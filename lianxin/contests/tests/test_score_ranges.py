"""Score ranges read as plain numbers ("0–40"), never Decimal's "0–4E+1" (issue 14, item 20)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from lianxin.contests import services
from lianxin.contests.forms import ScoreForm
from lianxin.contests.tests.factories import at, make_contest, open_all, participant, submit
from lianxin.core.errors import DomainError


def test_score_form_labels_the_ranges_as_plain_numbers(world):
    c = make_contest(world, judges=1)
    labels = [str(f.label) for f in ScoreForm(contest=c.contest).fields.values()]
    assert labels == ["创新性 (0–40)", "实用性 (0–30)", "效益性 (0–30)"]
    assert not any("E+" in label for label in labels)


def test_contest_page_shows_the_criteria_ranges_as_plain_numbers(client, world):
    c = make_contest(world, judges=1)
    client.force_login(world.city_staff)
    page = client.get(reverse("contests:contest", args=[c.contest.pk])).content.decode()
    assert "0–40" in page
    assert "E+" not in page


def test_a_mark_out_of_range_names_the_range_as_plain_numbers(world):
    c = make_contest(world, judges=1)
    open_all(c, world)
    p, worker = participant(c, world, "刘师傅", world.ent_a2)
    entry = submit(c, p, worker, at(2025, 5, 6))
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.score_entry(
            entry_id=entry.pk, actor=c.judges[0],
            marks={c.criteria[0].pk: Decimal(41), c.criteria[1].pk: 1, c.criteria[2].pk: 1},
        )  # fmt: skip
    assert "from 0 to 40" in str(refused.value.message)
    assert "E+" not in str(refused.value.message)
