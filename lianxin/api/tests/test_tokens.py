"""Token authentication: created by the command, the page, the admin or the service; hashed;
refused once revoked, and when wrong."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lianxin.api import services
from lianxin.api.models import ApiToken
from lianxin.api.selectors import hash_token
from lianxin.api.tests.conftest import ApiClient
from lianxin.audit.models import Event
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied, TransitionNotAllowed

CATEGORIES = "/api/categories"


def token_events(row: ApiToken) -> list[str]:
    return list(
        Event.objects.filter(target_type="api.apitoken", target_id=row.pk).values_list(
            "kind", flat=True
        )
    )


def test_create_token_command_prints_a_token_that_works(client, world):
    out = StringIO()
    call_command("create_token", "chair", "--name", "script", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("lx_")
    response = ApiClient(client, token).get(CATEGORIES)
    assert response.status_code == 200
    assert {c["key"] for c in response.json()} >= {"wages"}


def test_create_token_command_refuses_an_unknown_user(world):
    with pytest.raises(CommandError):
        call_command("create_token", "no-such-user", stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_token_is_stored_hashed_and_its_creation_journalled(world):
    new = services.create_token(actor=world.chair, user=world.chair, name="报表脚本")
    row = ApiToken.objects.get(pk=new.row.pk)
    assert new.token not in {row.token_hash, row.prefix, row.name}
    assert row.token_hash == hash_token(new.token)
    assert new.token.startswith(f"lx_{row.prefix}_")
    event = Event.objects.get(target_type="api.apitoken", target_id=row.pk)
    assert (event.kind, event.actor, event.data["user"]) == ("token_created", world.chair, "chair")
    assert new.token not in str(event.data)


def test_creating_a_token_for_someone_else_is_refused_and_nothing_written(world):
    with pytest.raises(PermissionDenied):
        services.create_token(actor=world.chair, user=world.staff, name="x")
    assert not ApiToken.objects.exists()
    assert not Event.objects.filter(target_type="api.apitoken").exists()


def test_a_superuser_may_create_a_token_for_another_user(world, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw")
    new = services.create_token(actor=admin, user=world.staff, name="for staff")
    assert new.row.user == world.staff


def test_a_token_needs_a_name(world):
    with pytest.raises(InvalidInput):
        services.create_token(actor=world.chair, user=world.chair, name="  ")
    assert not ApiToken.objects.exists()


def test_revoked_token_is_refused_with_401(client, world):
    new = services.create_token(actor=world.chair, user=world.chair, name="x")
    api = ApiClient(client, new.token)
    assert api.get(CATEGORIES).status_code == 200
    services.revoke_token(actor=world.chair, token_id=new.row.pk)
    response = api.get(CATEGORIES)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "api.unauthorized"
    assert response["WWW-Authenticate"] == "Bearer"
    assert token_events(new.row) == ["token_created", "token_revoked"]


def test_revoking_someone_elses_token_is_refused_and_changes_nothing(world):
    new = services.create_token(actor=world.chair, user=world.chair, name="x")
    with pytest.raises(NotFound):
        services.revoke_token(actor=world.staff, token_id=new.row.pk)
    new.row.refresh_from_db()
    assert new.row.revoked_at is None
    assert token_events(new.row) == ["token_created"]


def test_revoking_twice_is_refused_and_journals_once(world):
    new = services.create_token(actor=world.chair, user=world.chair, name="x")
    services.revoke_token(actor=world.chair, token_id=new.row.pk)
    with pytest.raises(TransitionNotAllowed):
        services.revoke_token(actor=world.chair, token_id=new.row.pk)
    assert token_events(new.row) == ["token_created", "token_revoked"]


@pytest.mark.parametrize(
    "header",
    [
        "Bearer lx_deadbeef_wrong",
        "Bearer not-a-token",
        "Bearer ",
        "Token abc",
        "Basic Zm9vOmJhcg==",
    ],
)
def test_wrong_or_malformed_token_is_refused_with_401(client, world, header):
    services.create_token(actor=world.chair, user=world.chair, name="x")
    response = client.get(CATEGORIES, headers={"Authorization": header})
    assert response.status_code == 401
    assert set(response.json()["error"]) == {"code", "message", "details"}


def test_right_prefix_with_a_wrong_secret_is_refused(client, world):
    new = services.create_token(actor=world.chair, user=world.chair, name="x")
    forged = new.token[:-4] + ("AAAA" if not new.token.endswith("AAAA") else "BBBB")
    assert ApiClient(client, forged).get(CATEGORIES).status_code == 401


def test_no_credentials_is_401(anonymous_api, world):
    assert anonymous_api.get("/api/cases").status_code == 401


def test_token_of_a_deactivated_user_is_refused(client, world):
    token = services.create_token(actor=None, user=world.chair, name="x").token
    world.chair.is_active = False
    world.chair.save(update_fields=["is_active"])
    assert ApiClient(client, token).get(CATEGORIES).status_code == 401


def test_using_a_token_notes_when_it_was_last_used(client, world):
    new = services.create_token(actor=None, user=world.chair, name="x")
    assert new.row.last_used_at is None
    ApiClient(client, new.token).get(CATEGORIES)
    new.row.refresh_from_db()
    assert new.row.last_used_at is not None


def test_the_browser_session_works_too(client, world):
    client.force_login(world.chair)
    assert client.get(CATEGORIES).status_code == 200


def test_a_wrong_token_is_refused_even_beside_a_valid_session(client, world):
    client.force_login(world.chair)
    response = client.get(CATEGORIES, headers={"Authorization": "Bearer lx_00000000_nope"})
    assert response.status_code == 401


def test_session_writes_need_the_csrf_token(world):
    from django.test import Client

    from lianxin.cases.tests.factories import make_case

    case = make_case(actor=world.chair, org=world.ent_a1)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.chair)
    response = browser.post(
        f"/api/cases/{case.number}/accept", "{}", content_type="application/json"
    )
    assert response.status_code == 403
    assert set(response.json()["error"]) == {"code", "message", "details"}
    case.refresh_from_db()
    assert case.status == "registered"
