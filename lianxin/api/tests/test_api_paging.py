"""Paging the ledger API as a script does: absolute links it can follow, and a keyset cursor that
stays stable while cases arrive (page numbers shift: a case showed on two pages of one walk)."""

import threading

import pytest
from django.db import connection

from lianxin.api.tests.conftest import ApiClient, token_for
from lianxin.cases.tests.factories import make_case


def register_from_another_thread(world, title: str) -> None:
    """A case registered through the service on another thread (its own connection), the way a
    second client's request arrives while a walk is under way."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            make_case(actor=world.chair, org=world.ent_a1, title=title)
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not failures, failures


def walk(api: ApiClient, first: dict, follow, on_page) -> list[str]:
    """Every case number seen from `first` on, following `follow(page)` until it is None."""
    seen: list[str] = []
    page = first
    while True:
        seen += [c["number"] for c in page["items"]]
        on_page()
        url = follow(page)
        if url is None:
            return seen
        response = api.client.get(url, headers=api.headers())
        assert response.status_code == 200, response.content
        page = response.json()


def test_next_and_previous_are_absolute_urls_a_script_can_follow(as_user, world):
    for i in range(5):
        make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}")
    api = as_user(world.chair)
    first = api.get("/api/cases", {"page_size": 2, "status": "registered"}).json()
    assert first["next"].startswith("http://testserver/api/cases?")
    second = api.client.get(first["next"], headers=api.headers()).json()
    assert second["page"] == 2
    assert second["previous"].startswith("http://testserver/api/cases?")
    assert "status=registered" in second["previous"]
    back = api.client.get(second["previous"], headers=api.headers()).json()
    assert back["items"] == first["items"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sort", ["-registered_at", "registered_at", "number", "status"])
def test_a_cursor_walk_sees_every_case_once_while_cases_are_registered(client, world, sort):
    # Given a ledger of 12 cases, walked 5 at a time
    before = {make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}").number
              for i in range(12)}  # fmt: skip
    api = ApiClient(client, token_for(world.city_staff))
    first = api.get("/api/cases", {"page_size": 5, "sort": sort}).json()
    arrivals = iter(range(100))

    # When a case is registered on another thread after every page read
    def after(page: dict) -> str | None:
        cursor = page["next_cursor"]
        return cursor and f"/api/cases?page_size=5&sort={sort}&cursor={cursor}"

    seen = walk(
        api, first, follow=after,
        on_page=lambda: register_from_another_thread(world, f"新诉求{next(arrivals)}"),
    )  # fmt: skip

    # Then every case of the ledger was seen exactly once, and no case twice
    assert len(seen) == len(set(seen))
    assert before <= set(seen)


@pytest.mark.django_db(transaction=True)
def test_page_numbers_repeat_a_case_when_cases_arrive_so_the_cursor_is_needed(client, world):
    # Given the same walk by page number, newest first
    for i in range(12):
        make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}")
    api = ApiClient(client, token_for(world.city_staff))
    first = api.get("/api/cases", {"page_size": 5}).json()
    arrivals = iter(range(100))

    # When cases arrive between the pages
    seen = walk(
        api, first, follow=lambda page: page["next"],
        on_page=lambda: register_from_another_thread(world, f"新诉求{next(arrivals)}"),
    )  # fmt: skip

    # Then a case shifted onto the next page shows twice: what the cursor walk above never does
    assert len(seen) > len(set(seen))


def test_the_next_cursor_starts_after_the_last_row_of_a_numbered_page(as_user, world):
    for i in range(7):
        make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}")
    api = as_user(world.chair)
    whole = [c["number"] for c in api.get("/api/cases", {"page_size": 7}).json()["items"]]
    first = api.get("/api/cases", {"page_size": 3}).json()
    assert [c["number"] for c in first["items"]] == whole[:3]
    rest = api.get("/api/cases", {"page_size": 3, "cursor": first["next_cursor"]}).json()
    assert [c["number"] for c in rest["items"]] == whole[3:6]
    assert (rest["page"], rest["previous"], rest["count"]) == (None, None, 7)
    assert "cursor=" in rest["next"]
    assert "page=" not in rest["next"]
    last = api.client.get(rest["next"], headers=api.headers()).json()
    assert [c["number"] for c in last["items"]] == whole[6:]
    assert (last["next"], last["next_cursor"]) == (None, None)


@pytest.mark.parametrize("cursor", ["bm90LWpzb24", "e30", "eyJvIjpbXX0", "Zm9v_-"])
def test_a_broken_cursor_is_refused_with_a_code(as_user, world, cursor):
    response = as_user(world.chair, lang="en").get("/api/cases", {"cursor": cursor})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "api.invalid_cursor"
    assert "cursor" in error["message"]


def test_a_cursor_made_for_another_sort_is_refused(as_user, world):
    for i in range(3):
        make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}")
    api = as_user(world.chair)
    cursor = api.get("/api/cases", {"page_size": 1}).json()["next_cursor"]
    response = api.get("/api/cases", {"page_size": 1, "cursor": cursor, "sort": "number"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "api.invalid_cursor"


def test_a_cursor_page_has_no_n_plus_one(as_user, world, django_assert_max_num_queries):
    for i in range(25):
        make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}")
    api = as_user(world.chair)
    cursor = api.get("/api/cases", {"page_size": 2}).json()["next_cursor"]
    with django_assert_max_num_queries(12):
        page = api.get("/api/cases", {"page_size": 20, "cursor": cursor}).json()
    assert len(page["items"]) == 20


@pytest.mark.django_db(transaction=True)
def test_a_cursor_walk_sees_every_case_once_while_a_thread_registers_at_the_same_time(
    client, world
):
    # Given 15 cases, and a thread registering 10 more as fast as it can, during the walk
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database locks tables across threads")
    before = {make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}").number
              for i in range(15)}  # fmt: skip
    api = ApiClient(client, token_for(world.city_staff))
    failures: list[BaseException] = []

    def register_many() -> None:
        try:
            for i in range(10):
                make_case(actor=world.chair, org=world.ent_a1, title=f"同时{i}")
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=register_many)
    thread.start()
    # When the ledger is walked 4 at a time by cursor, oldest first, meanwhile
    seen: list[str] = []
    cursor = ""
    while True:
        page = api.get("/api/cases", {"page_size": 4, "sort": "registered_at"}
                       | ({"cursor": cursor} if cursor else {})).json()  # fmt: skip
        seen += [c["number"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    thread.join(timeout=60)

    # Then no case was seen twice, and every case there before the walk was seen
    assert not failures, failures
    assert len(seen) == len(set(seen))
    assert before <= set(seen)
