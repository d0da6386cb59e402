"""The tokens page and the admin: create (shown once), list, revoke with confirmation."""

import re

import pytest
from django.urls import reverse

from lianxin.api import services
from lianxin.api.models import ApiToken
from lianxin.api.tests.conftest import ApiClient
from lianxin.audit.models import Event

TOKEN_RE = re.compile(r"lx_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}")


def test_tokens_page_needs_a_login(client, db):
    response = client.get(reverse("tokens:list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_creating_a_token_shows_it_once_and_it_works(client, world):
    client.force_login(world.chair)
    response = client.post(reverse("tokens:list"), {"name": "报表脚本"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = TOKEN_RE.search(response.content.decode()).group(0)
    assert ApiClient(client, token).get("/api/categories").status_code == 200
    again = client.get(reverse("tokens:list")).content.decode()
    assert token not in again
    assert "报表脚本" in again
    assert ApiToken.objects.get().user == world.chair


def test_a_token_without_a_name_is_not_created(client, world):
    client.force_login(world.chair)
    response = client.post(reverse("tokens:list"), {"name": ""})
    assert response.status_code == 200
    assert not TOKEN_RE.search(response.content.decode())
    assert not ApiToken.objects.exists()


def test_the_page_lists_only_the_users_own_tokens(client, world):
    services.create_token(actor=None, user=world.chair, name="mine")
    services.create_token(actor=None, user=world.staff, name="theirs")
    client.force_login(world.chair)
    html = client.get(reverse("tokens:list")).content.decode()
    assert "mine" in html
    assert "theirs" not in html


def test_revoking_asks_for_confirmation_then_revokes(client, world):
    new = services.create_token(actor=None, user=world.chair, name="mine")
    client.force_login(world.chair)
    url = reverse("tokens:revoke", args=[new.row.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "mine" in confirm.content.decode()
    new.row.refresh_from_db()
    assert new.row.revoked_at is None  # a GET changes nothing
    response = client.post(url)
    assert response.status_code == 302
    new.row.refresh_from_db()
    assert new.row.revoked_at is not None
    assert ApiClient(client, new.token).get("/api/categories").status_code == 401


def test_someone_elses_token_cannot_be_revoked_from_the_page(client, world):
    new = services.create_token(actor=None, user=world.staff, name="theirs")
    client.force_login(world.chair)
    url = reverse("tokens:revoke", args=[new.row.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    new.row.refresh_from_db()
    assert new.row.revoked_at is None
    assert not Event.objects.filter(kind="token_revoked").exists()


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    return client, admin


def test_admin_creates_a_token_for_a_user_through_the_service(admin_client, world):
    client, admin = admin_client
    response = client.post(
        reverse("admin:api_apitoken_add"), {"user": world.staff.pk, "name": "区报表"}, follow=True
    )
    assert response.status_code == 200
    row = ApiToken.objects.get()
    assert (row.user, row.name) == (world.staff, "区报表")
    token = TOKEN_RE.search(response.content.decode()).group(0)
    assert ApiClient(client, token).get("/api/categories").status_code == 200
    event = Event.objects.get(target_type="api.apitoken", kind="token_created")
    assert event.actor == admin


def test_admin_revokes_tokens_with_an_action(admin_client, world):
    client, admin = admin_client
    new = services.create_token(actor=None, user=world.staff, name="x")
    response = client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [new.row.pk]},
    )
    assert response.status_code == 302
    new.row.refresh_from_db()
    assert new.row.revoked_at is not None
    assert Event.objects.get(kind="token_revoked").actor == admin
    assert client.get(reverse("admin:api_apitoken_change", args=[new.row.pk])).status_code == 200


def test_only_superusers_create_tokens_for_others_in_the_admin(client, world):
    world.staff.is_staff = True
    world.staff.save(update_fields=["is_staff"])
    client.force_login(world.staff)
    assert client.get(reverse("admin:api_apitoken_add")).status_code == 403
