"""The ledger read in parts (visible_case_parts, LedgerRows) answers exactly what the single query does."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, User

from lianxin.cases import services
from lianxin.cases.filters import SORTS, CaseFilter
from lianxin.cases.permissions import visible_case_parts, visible_cases
from lianxin.cases.selectors import case_list, ledger_counts, ledger_rows
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock

USERS = ["chair", "chair_b", "staff", "supervisor", "city_staff", "partner", "judge", "leader"]


@pytest.fixture
def ledger(world):
    """Cases across both districts, one referred to the bureau, and one owned in district A that
    arose in district B (escalated to A's street, then its origin corrected): the rare second part."""
    start = clock.now() - timedelta(days=40)
    made = []
    for i, org in enumerate([world.ent_a1, world.ent_a2, world.ent_b1, world.team_a1] * 3):
        actor = world.chair_b if org == world.ent_b1 else world.city_staff
        made.append(make_case(actor=actor, org=org, at=start + timedelta(days=i), title=f"诉求{i}"))
    referred = made[0]
    services.accept_case(case_id=referred.pk, actor=world.city_staff)
    services.refer_case(case_id=referred.pk, actor=world.city_staff, partner=world.bureau)
    moved = made[1]
    services.accept_case(case_id=moved.pk, actor=world.city_staff)
    services.escalate_case(case_id=moved.pk, actor=world.city_staff, reason="企业未答复")
    services.correct_case(
        case_id=moved.pk, actor=world.city_staff, origin_org=world.ent_b1, note="登记错了企业"
    )
    return made


def ids(qs) -> list[int]:
    return list(qs.values_list("pk", flat=True))


@pytest.mark.parametrize("org_ids_first", [False, True], ids=["orgs_subquery", "org_ids_first"])
@pytest.mark.parametrize("name", [*USERS, "nobody", "superuser", "anonymous"])
def test_the_parts_are_disjoint_and_together_are_what_the_user_sees(
    world, ledger, name, org_ids_first
):
    # Given
    user = {
        "superuser": User.objects.create_superuser("root", password="x"),
        "anonymous": AnonymousUser(),
    }.get(name) or getattr(world, name)
    # When
    parts = [ids(part) for part in visible_case_parts(user, org_ids_first=org_ids_first)]
    # Then
    together = [pk for part in parts for pk in part]
    assert len(together) == len(set(together))
    assert set(together) == set(ids(visible_cases(user)))


def test_district_staff_see_a_case_owned_in_their_district_that_arose_outside(world, ledger):
    moved = ledger[1]
    moved.refresh_from_db()
    assert moved.origin_org == world.ent_b1
    assert moved.owner_org.parent == world.district_a
    first, second = (ids(part) for part in visible_case_parts(world.staff))
    assert moved.pk in second
    assert moved.pk not in first


@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("name", ["staff", "partner", "city_staff"])
def test_pages_come_in_the_order_of_the_single_query_for_every_sort(world, ledger, sort, name):
    # Given
    user, filters = getattr(world, name), CaseFilter(sort=sort)
    expected = ids(case_list(user=user, filters=filters))
    rows = ledger_rows(user=user, filters=filters)
    # When
    pages = [[case.pk for case in rows[start : start + 4]] for start in range(0, len(expected), 4)]
    # Then
    assert [pk for page in pages for pk in page] == expected
    assert len(rows) == len(expected)


@pytest.mark.parametrize(
    "fields",
    [{}, {"status": "open"}, {"overdue": True}, {"category": "wages"}, {"q": "诉求1"}],
    ids=["all", "open", "overdue", "category", "text"],
)
def test_counts_equal_the_single_query_counts(world, ledger, fields):
    filters = CaseFilter(**fields)
    for user in (world.staff, world.city_staff, world.partner):
        expected = ledger_counts(case_list(user=user, filters=filters))
        assert ledger_rows(user=user, filters=filters).counts() == expected


def test_the_org_filter_is_split_and_crossed_with_the_scope(world, ledger):
    # Given: district A's street; the moved case is owned there but arose in district B
    filters = CaseFilter(org=world.district_a.children.get())
    # When
    rows = ledger_rows(user=world.staff, filters=filters)
    # Then
    expected = ids(case_list(user=world.staff, filters=filters))
    assert [case.pk for case in rows[0:100]] == expected
    assert rows.count() == len(expected)
    assert ledger[1].pk in expected


def test_rows_carry_the_overdue_flag_and_what_a_row_displays(
    world, ledger, django_assert_num_queries
):
    rows = ledger_rows(user=world.city_staff, filters=CaseFilter(sort="registered_at"))
    with django_assert_num_queries(2):  # the page's ids, then its rows with their joins
        page = rows[0:3]
        assert [c.origin_org.name for c in page]
        assert [c.category.name for c in page]
    assert page[0].is_overdue == (
        page[0].pk in ids(case_list(user=world.city_staff, filters=CaseFilter(overdue=True)))
    )
