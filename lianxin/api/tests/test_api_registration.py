"""挂号 over the API, as lean as it is: what one registration reads and writes, and that the
shortcuts (the roles read with the token, the case answered from the row in hand, the number drawn
last) give the same answers as the long way."""

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianxin.api.selectors import active_token
from lianxin.audit.models import Event
from lianxin.cases.models import Case, CaseCounter
from lianxin.cases.selectors import case_detail
from lianxin.core.models import Notification
from lianxin.orgs.models import Org, OrgKind, RoleName
from lianxin.orgs.permissions import grants_of
from lianxin.orgs.tests.factories import OrgFactory, with_role

from .conftest import token_for


def body(org: str, **extra) -> dict:
    return {
        "origin_org": org,
        "category": "wages",
        "channel": "hotline",
        "title": "拖欠工资",
        "description": "三个月工资未发。",
        "worker_name": "李师傅",
        "worker_phone": "13900001111",
        **extra,
    }


def test_a_registration_in_a_team_reads_four_times_and_writes_in_one_short_transaction(
    as_user, world
):
    # Given: the year's counter exists already
    api = as_user(world.chair)
    assert api.post("/api/cases", body("EA1")).status_code == 201

    # When
    with CaptureQueriesContext(connection) as queries:
        response = api.post("/api/cases", body("EA1-T1"))

    # Then: the token with its roles, the org with its parent and prefix, the category, who is
    # to be told and their e-mail/SMS choices (one prefetch, so writing their notices reads nothing);
    # then counter, case, journal event, its chain's head and notice in the transaction — nothing else
    assert response.status_code == 201, response.content
    sql = [q["sql"] for q in queries.captured_queries]
    reads = [s for s in sql if s.startswith("SELECT")]
    writes = [s for s in sql if s.startswith(("INSERT", "UPDATE"))]
    assert len(reads) == 5, reads
    assert [w.split()[0] + " " + w.split()[2 if w.startswith("INSERT") else 1] for w in writes] == [
        'UPDATE "cases_casecounter"',
        'INSERT "cases_case"',
        'INSERT "audit_event"',
        'INSERT "audit_journalhead"',
        'INSERT "core_notification"',
    ]
    first_write = next(i for i, s in enumerate(sql) if s.startswith(("INSERT", "UPDATE")))
    assert not [s for s in sql[first_write:] if s.startswith("SELECT")]  # read before the lock
    # … and answers what the detail endpoint answers for the case
    answer = response.json()
    case = Case.objects.get(number=answer["number"])
    assert answer == api.get(f"/api/cases/{case.number}").json()
    assert (answer["origin_org"]["code"], answer["owner_org"]["code"]) == ("EA1-T1", "EA1")
    assert answer["number"].startswith("JZ-")
    assert answer["number"].endswith("-000002")
    assert answer["referrals"] == []
    assert answer["allowed_actions"] == [
        "accept",
        "reject",
        "escalate",
    ]
    assert list(
        Event.objects.filter(target_type="cases.case", target_id=case.pk).values_list(
            "seq", "kind", "prev_hash"
        )
    ) == [(1, "registered", "")]
    assert set(
        Notification.objects.filter(kind="case_registered").values_list("recipient", flat=True)
    ) == {world.chair.pk}
    assert CaseCounter.objects.get().last == 2


def test_the_number_comes_from_the_nearest_prefix_up_the_tree(as_user, world):
    # Given: a district with a prefix of its own, an enterprise two levels below it
    district = OrgFactory(
        code="XQ", name="新区总工会", kind=OrgKind.FEDERATION, parent=world.city, case_prefix="XQ"
    )
    street = OrgFactory(code="XQ-S", name="新区街道工会", kind=OrgKind.UNION, parent=district)
    enterprise = OrgFactory(code="XQ-E", name="新区企业", kind=OrgKind.ENTERPRISE, parent=street)
    api = as_user(world.city_staff)

    # When
    numbers = [api.post("/api/cases", body(code)).json()["number"] for code in ("XQ-E", "EA1")]

    # Then
    assert numbers[0].startswith("XQ-")
    assert numbers[0].endswith("-000001")
    assert numbers[1].startswith("JZ-")
    assert numbers[1].endswith("-000001")
    assert Case.objects.get(number=numbers[0]).owner_org == enterprise


def test_the_roles_read_with_the_token_are_the_ones_the_scope_checks_would_read(world):
    # Given: a user with a role in an active org, one in a deactivated org, and one without roles
    closed = OrgFactory(
        code="GONE", name="已撤销企业", kind=OrgKind.ENTERPRISE, parent=world.street_a
    )
    with_role(RoleName.STAFF, closed, world.chair)
    Org.objects.filter(pk=closed.pk).update(is_active=False)

    for user in (world.chair, world.staff, world.nobody):
        # When
        row = active_token(token_for(user))

        # Then
        assert row is not None
        assert row.user.pk == user.pk
        fresh = User.objects.get(pk=user.pk)
        assert sorted(row.user._lianxin_grants, key=repr) == sorted(grants_of(fresh), key=repr)


def test_a_case_registered_through_the_api_is_one_the_registering_user_can_open(as_user, world):
    # When
    number = as_user(world.staff).post("/api/cases", body("EA1-T1")).json()["number"]

    # Then: the scope-checked read finds it (the answer was not read back through it)
    assert case_detail(user=world.staff, number=number).origin_org == world.team_a1
