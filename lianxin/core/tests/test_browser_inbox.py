"""站内消息 in Chromium: the header's unread count, opening a message, marking all read."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from lianxin.core import notifications
from lianxin.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_reads_their_messages_and_marks_them_all_read(live_server, page: Page, demo_orgs):
    base = live_server.url
    # given three notices for the chair, one of them about their notification settings page
    chair = User.objects.get(username="chair")
    for subject, link in [
        ("第一条通知", "/"),
        ("第二条通知", "/"),
        ("设置提醒", "/inbox/settings/"),
    ]:
        notifications.enqueue_notifications(
            recipients=[chair], kind="test", subject=subject, link=link, channels=()
        )
    log_in(page, base, "chair")
    # then the header counts three unread
    expect(page.get_by_test_id("inbox-unread")).to_have_text("3")
    # when the chair opens the inbox and the newest message
    page.get_by_test_id("inbox-link").click()
    expect(page.get_by_test_id("inbox-message")).to_have_count(3)
    expect(page.locator('[data-unread="1"]')).to_have_count(3)
    page.get_by_test_id("inbox-message").first.click()
    # then it leads to its page, and two are left unread
    expect(page).to_have_url(f"{base}/inbox/settings/")
    expect(page.get_by_test_id("inbox-unread")).to_have_text("2")
    # when the chair marks all read (after confirming)
    page.get_by_test_id("inbox-link").click()
    expect(page.locator('[data-unread="1"]')).to_have_count(2)
    page.get_by_test_id("ask-read-all").click()
    page.get_by_test_id("yes-read-all").click()
    # then nothing is unread and the header shows no count
    expect(page.locator('[data-unread="1"]')).to_have_count(0)
    expect(page.get_by_test_id("inbox-unread")).to_have_count(0)


def test_another_users_message_is_not_found_in_the_browser(live_server, page: Page, demo_orgs):
    base = live_server.url
    chair = User.objects.get(username="chair")
    [note] = notifications.enqueue_notifications(
        recipients=[chair], kind="test", subject="只给主席", channels=()
    )
    staff = User.objects.exclude(pk=chair.pk).filter(is_active=True).first()
    log_in(page, base, staff.username)
    response = page.goto(f"{base}/inbox/{note.pk}/")
    assert response is not None
    assert response.status == 404
    page.goto(f"{base}/inbox/")
    expect(page.get_by_test_id("inbox-empty")).to_be_visible()
