"""The one pager (templates/_pagination.html): every paged list links its pages keeping its own query."""

import re
from urllib.parse import quote_plus

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string

from lianxin.cases.tests.factories import make_case
from lianxin.proposals.tests.factories import submit, worker


def pager(number: int, **context) -> str:
    page = Paginator(list(range(45)), 20).get_page(number)
    return render_to_string("_pagination.html", {"page": page, **context})


def links(html: str) -> dict[str, str]:
    """The pager's links by rel (prev, next)."""
    return {
        rel: href.replace("&amp;", "&")
        for rel, href in re.findall(r'rel="(prev|next)" href="([^"]*)"', html)
    }


def test_a_middle_page_links_both_ways_keeping_the_lists_query():
    html = pager(2, query="status=submitted&q=%E9%A3%9F%E5%A0%82")
    assert links(html) == {
        "prev": "?status=submitted&q=%E9%A3%9F%E5%A0%82&page=1",
        "next": "?status=submitted&q=%E9%A3%9F%E5%A0%82&page=3",
    }


def test_a_list_without_a_query_links_by_page_alone():
    assert links(pager(1, query="")) == {"next": "?page=2"}
    assert links(pager(3)) == {"prev": "?page=2"}


def test_a_second_list_on_the_page_names_its_own_page_parameter():
    html = pager(2, query="kind=all", param="org_page")
    assert links(html) == {"prev": "?kind=all&org_page=1", "next": "?kind=all&org_page=3"}


def test_a_list_of_one_page_shows_no_pager():
    page = Paginator(list(range(5)), 20).get_page(1)
    assert "pagination" not in render_to_string("_pagination.html", {"page": page, "query": ""})


# ---- the pages that use it ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_proposal_pipeline_pages_keep_the_status_and_search_chosen(world, client):
    # given 30 submitted proposals matching a search, more than one page of them
    for i in range(30):
        submit(actor=worker(f"职工{i}"), enterprise=world.ent_a1, title=f"食堂提案{i}")
    client.force_login(world.staff)
    # when the pipeline is filtered by status and text
    html = client.get("/proposals/", {"status": "submitted", "q": "食堂"}).content.decode()
    # then the next page keeps both
    assert links(html) == {"next": f"?status=submitted&q={quote_plus('食堂')}&page=2"}


@pytest.mark.django_db
def test_the_ledger_pages_keep_the_filter(world, client):
    # given 30 wage cases at A1, more than a page of the ledger
    for i in range(30):
        make_case(actor=world.chair, org=world.ent_a1, key="wages", title=f"工资{i}")
    client.force_login(world.staff)
    # when the ledger is filtered to that category
    html = client.get("/cases/", {"category": "wages"}).content.decode()
    # then the next page's link keeps the filter
    assert "category=wages" in links(html)["next"]
    assert links(html)["next"].endswith("page=2")
