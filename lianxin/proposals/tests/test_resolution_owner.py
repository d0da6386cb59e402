"""A resolution's owner login is looked up only for those who may add resolutions: an outsider
learns nothing about which logins exist."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from lianxin.core import clock
from lianxin.proposals.models import Resolution
from lianxin.proposals.tests.factories import meeting


def post_resolution(client, meeting_id: int, username: str):
    due = (clock.now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "resolution-text": "宿舍拎包入住",
        "resolution-owner_name": "后勤 王经理",
        "resolution-owner_username": username,
        "resolution-due": due,
    }
    response = client.post(reverse("proposals:resolution_add", args=[meeting_id]), data)
    return (
        response.status_code,
        response.get("Location"),
        [m.message for m in get_messages(response.wsgi_request)],
    )


@pytest.mark.parametrize("outsider", ["chair_b", "nobody"])
def test_an_outsider_gets_the_same_answer_whether_or_not_the_login_exists(world, outsider):
    # given a meeting of enterprise A1, and a user who may not manage it
    m = meeting(actor=world.chair, org=world.ent_a1)
    # when they name an existing login and a made-up one as the owner (each from a fresh browser)
    answers = []
    for username in ("staff", "no-such-login-42"):
        browser = Client()
        browser.force_login(getattr(world, outsider))
        answers.append(post_resolution(browser, m.pk, username))
    existing, missing = answers
    # then both answers are the same, and nothing was added
    assert existing == missing
    assert not Resolution.objects.exists()


def test_the_meetings_handler_is_told_when_the_login_does_not_exist(client, world):
    m = meeting(actor=world.chair, org=world.ent_a1)
    client.force_login(world.chair)
    _status, _location, messages = post_resolution(client, m.pk, "no-such-login-42")
    assert messages == [str(_("No account with this login."))]
    assert not Resolution.objects.exists()
    post_resolution(client, m.pk, "staff")
    assert Resolution.objects.get().owner == world.staff
