"""The admin changes orgs and roles through the services, so every change is journalled."""

import pytest
from django.contrib.auth.models import User

from lianxin.audit.models import Event
from lianxin.core.errors import InvalidInput
from lianxin.orgs.models import Role
from lianxin.orgs.services import update_org
from lianxin.orgs.tests.factories import UserFactory, with_role


def _events(org, kind):
    return list(Event.objects.filter(target_id=org.pk, kind=kind).order_by("seq"))


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.cn", "pw")


def test_org_changed_in_the_admin_is_journalled_old_and_new(client, superuser, city):
    # Given an enterprise edited in the admin's change form
    ent = city["ent_A1"]
    client.force_login(superuser)
    form = {
        "code": ent.code, "name": "A企业一号", "short_name": "", "kind": ent.kind,
        "partner_type": "", "parent": ent.parent_id, "region": "", "region_code": "",
        "case_prefix": "", "workforce": "120", "is_active": "on",
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
    }  # fmt: skip

    # When it is saved
    answer = client.post(f"/admin/orgs/org/{ent.pk}/change/", form)

    # Then the org changed and one event says what changed, from what to what
    assert answer.status_code == 302, answer.content.decode()[:2000]
    ent.refresh_from_db()
    assert (ent.name, ent.workforce) == ("A企业一号", 120)
    [event] = _events(ent, "org_updated")
    assert event.data["before"]["name"] == "A企业1"
    assert event.data["after"] == {"name": "A企业一号", "workforce": "120"}


def test_update_org_refuses_the_path_and_changes_nothing(city):
    ent = city["ent_A1"]
    with pytest.raises(InvalidInput) as refused:
        update_org(actor=None, org=ent, path="0001")
    assert refused.value.code == "org.field_not_editable"
    assert not _events(ent, "org_updated")


def test_roles_deleted_in_bulk_from_the_admin_are_each_revoked_with_an_event(
    client, superuser, city
):
    # Given two roles at one enterprise
    ent = city["ent_A1"]
    users = [with_role("staff", ent, UserFactory()) for _ in range(2)]
    roles = Role.objects.filter(org=ent, user__in=users)
    client.force_login(superuser)

    # When the changelist's "delete selected" is confirmed
    answer = client.post(
        "/admin/orgs/role/",
        {
            "action": "delete_selected",
            "_selected_action": [r.pk for r in roles],
            "post": "yes",
        },
    )

    # Then both are gone, each with its role_revoked event
    assert answer.status_code == 302
    assert not Role.objects.filter(org=ent, user__in=users).exists()
    revoked = [e.data["user"] for e in _events(ent, "role_revoked")]
    assert sorted(revoked) == sorted(u.username for u in users)
