"""An administrator issues a client app's key on the admin page (shown once) and revokes it."""

import re

import pytest
from django.urls import reverse

from lianxin.audit.selectors import events_for
from lianxin.intake.models import Open311Key
from lianxin.intake.services import open311

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw")


def test_the_admin_issues_a_key_and_shows_it_once(client, admin_user):
    client.force_login(admin_user)
    page = client.post(
        reverse("admin:intake_open311key_add"), {"app_name": "随手拍 rider app"}, follow=True
    )
    assert page.status_code == 200
    text = page.content.decode()
    (raw,) = set(re.findall(r"lx311_[A-Za-z0-9_\-]{30,}", text))  # the hint is shorter
    key = Open311Key.objects.get()
    assert open311.key_for(raw) == key
    assert [e.actor for e in events_for(key)] == [admin_user]
    # the list and the key's page never show it again
    listing = client.get(reverse("admin:intake_open311key_changelist")).content.decode()
    assert raw not in listing
    assert key.hint in listing
    detail = client.get(reverse("admin:intake_open311key_change", args=[key.pk]))
    assert raw not in detail.content.decode()


def test_the_admin_revokes_keys_and_an_already_revoked_one_is_reported(client, admin_user):
    live = open311.issue_key(app_name="live", actor=None)[0]
    gone = open311.issue_key(app_name="gone", actor=None)[0]
    open311.revoke_key(key_id=gone.pk, actor=None)
    client.force_login(admin_user)
    page = client.post(
        reverse("admin:intake_open311key_changelist"),
        {"action": "revoke", "_selected_action": [live.pk, gone.pk]},
        follow=True,
    )
    assert page.status_code == 200
    live.refresh_from_db()
    assert live.is_revoked
    assert [e.kind for e in events_for(gone)] == ["open311_key_issued", "open311_key_revoked"]
    assert "gone" in page.content.decode()


def test_a_key_cannot_be_edited_or_deleted_in_the_admin(client, admin_user):
    key = open311.issue_key(app_name="app", actor=None)[0]
    client.force_login(admin_user)
    client.post(reverse("admin:intake_open311key_change", args=[key.pk]), {"app_name": "other"})
    assert Open311Key.objects.get(pk=key.pk).app_name == "app"
    client.post(reverse("admin:intake_open311key_delete", args=[key.pk]), {"post": "yes"})
    assert Open311Key.objects.filter(pk=key.pk).exists()
