"""Full-text search of the ledger (cases.search): FTS5 on SQLite, a tsvector GIN index on PostgreSQL.

Every case here is registered through the services, so the index under test is the one they keep.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from lianxin.api.services import create_token
from lianxin.cases import search, services
from lianxin.cases.filters import CaseFilter
from lianxin.cases.models import Case, CaseText
from lianxin.cases.selectors import ledger_rows
from lianxin.cases.tests.factories import category, make_case
from lianxin.core import clock

pytestmark = pytest.mark.django_db


def found(user, q: str) -> list[str]:
    """The numbers the ledger page finds for `q`, in the page's order."""
    return [c.number for c in ledger_rows(user=user, filters=CaseFilter(q=q), ranked=True)]


def in_index(case_id: int, q: str) -> bool:
    """Whether the index itself (not the case row) still finds the case for `q`."""
    return search.matching(Case.objects.filter(pk=case_id), q).exists()


def aircon_and_wages(world) -> tuple[Case, Case]:
    aircon = make_case(
        actor=world.chair, org=world.ent_a1, key="conditions",
        title="车间空调坏了", description="夏天车间温度太高，空调坏了一个星期。",
    )  # fmt: skip
    wages = make_case(
        actor=world.chair, org=world.ent_a1, key="wages",
        title="三个月没发钱", description="老板说资金周转不过来。",
    )  # fmt: skip
    return aircon, wages


@pytest.mark.parametrize("q", ["空调", "空调坏", "空调坏了", "温度太高"])
def test_two_three_and_four_character_queries_find_the_case_that_holds_them(world, q):
    # given a case about a broken air conditioner and a wage case
    aircon, _wages = aircon_and_wages(world)
    # when the chair searches two, three or four characters of its text
    # then exactly that case is found
    assert found(world.chair, q) == [aircon.number]


def test_a_query_the_text_does_not_hold_finds_nothing(world):
    aircon_and_wages(world)
    assert found(world.chair, "食堂饭菜") == []


def test_q_qianxin_finds_the_wage_cases_though_their_text_never_says_it(world):
    # given a wage case whose words are not 欠薪, and a case of another category
    _aircon, wages = aircon_and_wages(world)
    # when the chair searches 欠薪 (a synonym of the wage category) or the category's English name
    # then the wage case is found, and only it
    assert found(world.chair, "欠薪") == [wages.number]
    assert found(world.chair, "wages") == [wages.number]


def test_the_ledger_page_finds_wage_cases_with_q_qianxin(world, client):
    _aircon, wages = aircon_and_wages(world)
    client.force_login(world.staff)
    page = client.get(reverse("cases:ledger"), {"q": "欠薪"}).context["page"]
    assert [c.number for c in page.object_list] == [wages.number]


def test_the_api_finds_wage_cases_with_q_qianxin_and_never_another_unions(world, client):
    # given a wage case in district A and one in district B
    _aircon, wages = aircon_and_wages(world)
    make_case(actor=world.chair_b, org=world.ent_b1, key="wages", title="欠薪", description="欠薪")
    token = create_token(actor=None, user=world.staff, name="search").token
    # when district A's staff ask the API for 欠薪
    response = client.get("/api/cases", {"q": "欠薪"}, headers={"Authorization": f"Bearer {token}"})
    # then only district A's wage case is listed
    assert response.status_code == 200
    assert [item["number"] for item in response.json()["items"]] == [wages.number]


def test_search_only_narrows_the_scope_another_unions_matching_case_never_appears(world):
    # given the same words in a case of enterprise A1 and one of enterprise B1
    mine = make_case(
        actor=world.chair, org=world.ent_a1, title="宿舍热水器坏了", description="没热水"
    )
    theirs = make_case(
        actor=world.chair_b, org=world.ent_b1, title="宿舍热水器坏了", description="没热水"
    )
    # when each chair searches them
    # then each finds only their own, and the city's staff find both
    assert found(world.chair, "热水器") == [mine.number]
    assert found(world.chair_b, "热水器") == [theirs.number]
    assert set(found(world.city_staff, "热水器")) == {mine.number, theirs.number}


def test_a_case_number_and_its_tail_find_the_case(world):
    aircon, wages = aircon_and_wages(world)
    tail = wages.number.rsplit("-", 1)[1][-4:]  # JZ-2026-000002 → 0002
    assert found(world.chair, wages.number) == [wages.number]
    assert found(world.chair, tail) == [wages.number]
    assert found(world.chair, aircon.number.lower()) == [aircon.number]


def test_a_phone_tail_in_the_text_and_chinese_with_digits_find_the_case(world):
    # given a case whose description gives a contact number
    call = make_case(
        actor=world.chair, org=world.ent_a1, title="夜班补贴没发", description="联系我：13907771234",
    )  # fmt: skip
    aircon_and_wages(world)
    # when the chair searches the number's last four digits, alone or after Chinese words
    # then the case is found
    assert found(world.chair, "1234") == [call.number]
    assert found(world.chair, "夜班 1234") == [call.number]
    assert found(world.chair, "联系我13907771234") == [call.number]


def test_the_workers_name_and_phone_are_never_in_the_index(world):
    # given a named case (name 张师傅, phone 13812345678) whose text holds neither
    case = make_case(actor=world.chair, org=world.ent_a1)
    # when the chair searches the name or the phone
    # then nothing is found: searching must not unmask what the ledger masks
    assert found(world.chair, "张师傅") == []
    assert found(world.chair, "5678") == []
    tokens = CaseText.objects.get(case=case).tokens
    assert "张师" not in tokens
    assert "5678" not in tokens


def test_phrase_matches_come_first_then_the_chosen_sort(world):
    # given an older case holding 空调坏了 as written and a newer one with its bigrams apart
    phrase = make_case(actor=world.chair, org=world.ent_a1, title="空调坏了", description="请修理")
    apart = make_case(
        actor=world.chair, org=world.ent_a1, title="空调开关", description="空调开关被调坏，风扇也坏了",
    )  # fmt: skip
    # when the chair searches 空调坏了 (newest first would put the second case first)
    # then both are found and the phrase match comes first
    assert found(world.chair, "空调坏了") == [phrase.number, apart.number]
    unranked = ledger_rows(user=world.chair, filters=CaseFilter(q="空调坏了"))
    assert [c.number for c in unranked] == [apart.number, phrase.number]


def test_a_query_with_nothing_searchable_finds_nothing(world):
    aircon_and_wages(world)
    assert found(world.chair, "！？。") == []


def test_the_result_written_at_resolution_is_searchable(world):
    aircon, _wages = aircon_and_wages(world)
    services.accept_case(case_id=aircon.pk, actor=world.chair)
    services.start_case(case_id=aircon.pk, actor=world.chair)
    assert found(world.chair, "压缩机") == []
    services.resolve_case(case_id=aircon.pk, actor=world.chair, result="已更换压缩机")
    assert found(world.chair, "压缩机") == [aircon.number]


def test_a_corrected_category_changes_what_the_case_is_found_by(world):
    aircon, _wages = aircon_and_wages(world)
    assert not in_index(aircon.pk, "欠薪")
    assert in_index(aircon.pk, "设施")  # a word of its category (劳动条件与设施)
    services.correct_case(
        case_id=aircon.pk, actor=world.staff, note="其实是欠薪", category=category("wages")
    )
    assert in_index(aircon.pk, "欠薪")
    assert not in_index(aircon.pk, "设施")  # the old category's word no longer finds it


def test_an_escalated_case_is_found_by_the_name_of_its_new_owner(world):
    aircon, _wages = aircon_and_wages(world)
    assert not in_index(aircon.pk, "街道工会")
    services.escalate_case(case_id=aircon.pk, actor=world.chair, reason="企业解决不了")
    assert in_index(aircon.pk, "街道工会")


def test_a_deleted_case_leaves_nothing_in_the_index(world):
    # given a case whose text names a person
    case = make_case(
        actor=world.chair, org=world.ent_a1, title="李四反映加班费", description="李四"
    )
    assert in_index(case.pk, "李四")
    # when the case row goes (erasure of a test record)
    Case.objects.filter(pk=case.pk).delete()
    # then its tokens are gone from the index too
    assert not CaseText.objects.filter(case_id=case.pk).exists()
    assert not search.matching(Case.objects.all(), "李四").exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {search.FTS_TABLE} WHERE {search.FTS_TABLE} MATCH ?",
                ['"李四"'],
            )
            assert cursor.fetchone()[0] == 0


def test_rebuild_search_index_restores_a_lost_index(world):
    # given cases whose index rows were lost (written around the services)
    aircon, wages = aircon_and_wages(world)
    CaseText.objects.all().delete()
    assert found(world.chair, "空调") == []
    # when the index is rebuilt in small batches
    call_command("rebuild_search_index", batch=1, verbosity=0)
    # then the search finds them again
    assert found(world.chair, "空调") == [aircon.number]
    assert found(world.chair, "欠薪") == [wages.number]
    assert CaseText.objects.count() == Case.objects.count()


def test_rebuild_makes_the_index_where_the_database_lacks_it(world):
    # given a database whose full-text structures are missing (made from the models, as the bench's)
    aircon, _wages = aircon_and_wages(world)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in search.SQLITE_UNTRIGGER:
                cursor.execute(sql)
            cursor.execute(f"DROP TABLE {search.FTS_TABLE}")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the DDL waits for no pending check
            cursor.execute("ALTER TABLE cases_casetext DROP COLUMN vector")  # and its index
    # when the index is rebuilt
    call_command("rebuild_search_index", verbosity=0)
    # then the search works, and a case registered afterwards is indexed by the service
    later = make_case(actor=world.chair, org=world.ent_a1, title="空调漏水", description="漏水")
    assert found(world.chair, "空调") == [later.number, aircon.number]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'cases_casetext_fts'")
            assert cursor.fetchone() is not None


def test_an_imported_ledger_is_searchable_by_its_text_and_result(world):
    # given an old ledger's resolved case imported in bulk (rows written without a model per case)
    entry = services.LedgerEntry(
        origin_org=world.ent_a1, category=category("canteen_dorm"), channel="visit",
        urgency="ordinary", title="食堂饭菜太咸", description="希望少放盐", worker_name="",
        worker_phone="", is_anonymous=True, registered_at=clock.now(), status="resolved",
        result="已与承包商约谈整改", resolved_at=clock.now(),
    )  # fmt: skip
    [case_id] = services.register_imported_cases(actor=world.staff, entries=[entry])
    number = Case.objects.get(pk=case_id).number
    # when the staff search its title, its result, or its category's word
    # then it is found each time
    assert found(world.staff, "饭菜太咸") == [number]
    assert found(world.staff, "约谈整改") == [number]
    assert found(world.staff, "宿舍") == [number]


def test_a_searched_ledger_pages_by_25_with_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    # given 30 cases holding 空调坏了 as written and 5 holding its bigrams apart
    for i in range(30):
        make_case(actor=world.chair, org=world.ent_a1, title=f"空调坏了{i}", description="太热")
    for i in range(5):
        make_case(
            actor=world.chair, org=world.ent_a1, title=f"空调开关{i}", description="调坏，坏了"
        )
    client.force_login(world.staff)
    # when the staff search it (ranked: the phrase matches first), the queries are the plain
    # ledger's (tests/test_views.py: 15) — the ranking rides in the page's id query — and on
    # PostgreSQL one more: the scope's org ids, read first for a text search (permissions.py)
    bound = 16 if connection.vendor == "postgresql" else 15
    with django_assert_max_num_queries(bound):
        response = client.get(reverse("cases:ledger"), {"q": "空调坏了"})
    # then a page holds 25 phrase matches, and the second page ends with the five apart
    assert len(response.context["page"].object_list) == 25
    second = client.get(reverse("cases:ledger"), {"q": "空调坏了", "page": 2})
    titles = [c.title for c in second.context["page"].object_list]
    assert len(titles) == 10
    assert all(t.startswith("空调开关") for t in titles[5:])
