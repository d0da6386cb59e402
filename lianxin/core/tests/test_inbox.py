"""站内消息: each user's inbox, the unread count in the header, reading, channel settings."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from lianxin.core import notifications
from lianxin.core.models import ChannelPreference, Notification, NotifyPhone
from lianxin.core.selectors import kinds_for

pytestmark = pytest.mark.django_db

EMPTY = "No messages yet. Notices about your cases, proposals and contests will appear here."


@pytest.fixture
def zhang(client) -> User:
    user = User.objects.create_user(username="zhang", email="zhang@example.org", password="x")
    client.force_login(user)
    return user


def notify(user: User, subject: str, link: str = "/cases/", kind: str = "test") -> Notification:
    [note] = notifications.enqueue_notifications(
        recipients=[user], kind=kind, subject=subject, link=link
    )
    return note


def test_the_inbox_lists_only_my_messages_newest_first_unread_bold(client, zhang):
    other = User.objects.create_user(username="li", password="x")
    notify(zhang, "第一条")
    notify(other, "别人的消息")
    read = notify(zhang, "第二条")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    notify(zhang, "第三条")
    page = client.get(reverse("inbox:list")).content.decode()
    assert "别人的消息" not in page
    assert page.index("第三条") < page.index("第二条") < page.index("第一条")
    assert page.count('data-unread="1"') == 2


def test_the_empty_inbox_says_so_in_chinese(client, zhang):
    page = client.get(reverse("inbox:list")).content.decode()
    assert 'data-testid="inbox-empty"' in page
    with translation.override("zh-hans"):
        assert gettext(EMPTY) in page


def test_the_header_shows_the_unread_count_with_one_count_query(client, zhang):
    for i in range(3):
        notify(zhang, f"消息{i}")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()
    assert 'data-testid="inbox-link"' in page
    assert re.search(r'data-testid="inbox-unread"[^>]*>3</span>', page)
    counts = [q["sql"] for q in queries if "core_notification" in q["sql"]]
    assert len(counts) == 1
    assert "COUNT" in counts[0]


def test_opening_a_message_marks_it_read_and_goes_to_its_link(client, zhang):
    note = notify(zhang, "案件已受理", link="/cases/LX-1/")
    response = client.get(reverse("inbox:open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/cases/LX-1/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'data-testid="inbox-unread"' not in client.get(reverse("inbox:list")).content.decode()


def test_a_link_to_another_site_is_not_followed(client, zhang):
    note = notify(zhang, "s", link="https://evil.example/")
    response = client.get(reverse("inbox:open", args=[note.pk]))
    assert response["Location"] == reverse("inbox:list")


def test_another_users_message_answers_404_and_stays_unread(client, zhang):
    other = User.objects.create_user(username="li", password="x")
    theirs = notify(other, "别人的消息")
    assert client.get(reverse("inbox:open", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("inbox:open", args=[theirs.pk + 999])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_is_a_post_and_touches_only_my_messages(client, zhang):
    other = User.objects.create_user(username="li", password="x")
    mine = [notify(zhang, f"m{i}") for i in range(3)]
    theirs = notify(other, "t")
    assert client.get(reverse("inbox:read_all")).status_code == 405
    client.post(reverse("inbox:read_all"))
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_inbox_needs_a_signed_in_user(client):
    response = client.get(reverse("inbox:list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_inbox_is_paginated(client, zhang):
    for i in range(25):
        notify(zhang, f"消息{i:02d}")
    first = client.get(reverse("inbox:list")).content.decode()
    second = client.get(reverse("inbox:list") + "?page=2").content.decode()
    assert first.count('data-testid="inbox-message"') == 20
    assert second.count('data-testid="inbox-message"') == 5


def test_the_settings_page_stores_my_choices_per_kind(client, zhang, sms_gateway):
    notify(zhang, "s", kind="case_resolved")
    # given a form with e-mail ticked for all notices and each kind but one, SMS for that one
    ticked = {f"email:{kind}": "1" for kind in kinds_for(user=zhang) if kind != "case_resolved"}
    response = client.post(
        reverse("inbox:settings"),
        {"phone": "138 1234 5678", "email:": "1", **ticked, "sms:case_resolved": "1"},
    )
    assert response.status_code == 302
    # then only the every-kind rows and the one kind's differences are stored
    choices = set(ChannelPreference.objects.values_list("kind", "channel", "enabled"))
    assert choices == {
        ("", "email", True),
        ("", "sms", False),
        ("case_resolved", "email", False),
        ("case_resolved", "sms", True),
    }
    assert NotifyPhone.objects.get(user=zhang).phone == "13812345678"
    # and the next notice of that kind goes by SMS only
    note = notify(zhang, "again", kind="case_resolved")
    assert list(note.deliveries.values_list("channel", "address")) == [("sms", "13812345678")]


def test_the_settings_page_refuses_a_phone_that_is_not_a_mobile(client, zhang, sms_gateway):
    response = client.post(reverse("inbox:settings"), {"phone": "12345", "sms:": "1"})
    assert response.status_code == 400
    assert 'data-testid="phone-error"' in response.content.decode()
    assert not ChannelPreference.objects.exists()


def test_sms_is_off_by_default_on_the_settings_page(client, zhang, sms_gateway):
    page = client.get(reverse("inbox:settings")).content.decode()
    assert 'name="email:" value="1" checked' in page
    assert 'name="sms:" value="1" aria' in page
