"""The dashboard against the ledger: every figure links to ledger rows whose own counts are the
figure; a district user's cockpit holds their subtree only; charts download as Excel."""

from datetime import timedelta
from io import BytesIO
from urllib.parse import parse_qs, urlparse

import pytest
from openpyxl import load_workbook

from lianxin.cases.models import Category
from lianxin.cases.states import Status
from lianxin.cockpit.tests.builders import make_case_row
from lianxin.core import clock

DAY = timedelta(days=1)


def cat(key: str) -> Category:
    return Category.objects.get(key=key)


@pytest.fixture
def ledger(world):
    """Cases across the city this year and last, in several states, categories and channels."""
    now = clock.now()
    rows = [
        # (org, category, channel, days ago, status, responded after, resolved after, rating)
        (world.ent_a1, "wages", "visit", 2, Status.CLOSED, 0.1, 1.5, "satisfied"),
        (world.ent_a1, "wages", "hotline", 3, Status.IN_PROGRESS, 0.5, None, ""),
        (world.ent_a1, "canteen_dorm", "visit", 40, Status.IN_PROGRESS, 2, None, ""),  # overdue
        (world.team_a1, "wages", "online", 5, Status.REGISTERED, None, None, ""),
        (world.ent_a2, "safety", "visit", 20, Status.REGISTERED, None, None, ""),  # overdue
        (world.street_a, "contract", "letter", 1, Status.REJECTED, 0.2, None, ""),
        (world.ent_b1, "wages", "hotline", 6, Status.RESOLVED, 0.3, 4, ""),
        (world.ent_b1, "wages", "visit", 400, Status.CLOSED, 0.3, 2, "mostly"),  # last year
        (world.ent_b2, "canteen_dorm", "snapshot", 9, Status.CLOSED, 0.4, 12, "dissatisfied"),
        (world.district_b, "wages", "visit", 30, Status.ACCEPTED, 0.2, None, ""),  # overdue
    ]
    cases = []
    for i, (org, key, channel, ago, status, responded, resolved, rating) in enumerate(rows):
        cases.append(
            make_case_row(
                number=f"T-{i:04d}",
                org=org,
                category=cat(key),
                channel=channel,
                registered_at=now - ago * DAY,
                status=status,
                responded_after=None if responded is None else responded * DAY,
                resolved_after=None if resolved is None else resolved * DAY,
                satisfaction=rating,
            )
        )
    return cases


def ledger_counts(client, url: str) -> dict[str, int]:
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["form"].errors, response.context["form"].errors
    return response.context["counts"]


def test_every_dashboard_figure_equals_the_ledgers_own_counts_for_its_link(client, world, ledger):
    client.force_login(world.leader)
    page = client.get("/cockpit/?period=12m")
    assert page.status_code == 200
    tiles = {t.key: t for t in page.context["tiles"]}
    board = page.context["board"]
    period = ledger_counts(client, tiles["resolution_rate"].link)
    assert period["total"] == board.current.case_count == 9
    assert period["open"] == board.current.open_count == int(tiles["open_count"].value)
    assert ledger_counts(client, tiles["open_count"].link)["total"] == board.current.open_count
    assert ledger_counts(client, tiles["overdue_count"].link)["total"] == int(
        tiles["overdue_count"].value
    )
    assert int(tiles["overdue_count"].value) == 4  # three past resolution, one unanswered
    assert ledger_counts(client, tiles["new_this_month"].link)["total"] == int(
        tiles["new_this_month"].value
    )
    charts = page.context["charts"]
    for name in ("category", "channel", "child", "trend"):
        assert sum(g["value"] for g in charts[name]) == board.current.case_count or name == "child"
        for group in charts[name]:
            if group["link"]:
                assert ledger_counts(client, group["link"])["total"] == group["value"], group


def test_category_breakdown_matches_hand_count_and_links_by_key(client, world, ledger):
    client.force_login(world.leader)
    charts = client.get("/cockpit/?period=12m").context["charts"]
    by_key = {g["key"]: g for g in charts["category"]}
    assert by_key["wages"]["value"] == 5
    assert by_key["canteen_dorm"]["value"] == 2
    query = parse_qs(urlparse(by_key["wages"]["link"]).query)
    assert query["category"] == ["wages"]
    assert query["org"] == ["JZ"]


def test_the_resolution_rate_tile_shows_numerator_and_denominator(client, world, ledger):
    client.force_login(world.leader)
    tiles = {t.key: t for t in client.get("/cockpit/?period=12m").context["tiles"]}
    # 9 cases in the last 12 months, 1 rejected; resolved or closed: 3.
    assert tiles["resolution_rate"].detail == "3/8"
    assert tiles["resolution_rate"].value == "37.5%"


def test_a_district_users_cockpit_holds_only_their_subtree(client, world, ledger):
    client.force_login(world.staff)  # staff of district A
    page = client.get("/cockpit/?period=12m")
    board = page.context["board"]
    assert board.org == world.district_a
    assert board.current.case_count == 6  # A's six cases; B's never
    assert [g["key"] for g in page.context["charts"]["child"]] == ["SA"]
    assert b"B\xe4\xbc\x81\xe4\xb8\x9a" not in page.content  # "B企业": no B enterprise listed
    assert client.get("/cockpit/?org=DB").status_code == 404
    assert client.get("/cockpit/?org=SA").context["board"].current.case_count == 6


def test_a_user_without_a_role_sees_an_empty_cockpit(client, world, ledger):
    client.force_login(world.nobody)
    page = client.get("/cockpit/")
    assert page.status_code == 200
    assert page.context["board"].current.case_count == 0


def test_the_cockpit_needs_a_login(client, world):
    assert client.get("/cockpit/").status_code == 302
    assert client.get("/cockpit/ask/").status_code == 302


def test_each_chart_downloads_its_data_as_excel(client, world, ledger):
    client.force_login(world.leader)
    response = client.get("/cockpit/export/category.xlsx?period=12m")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    counts = {r[0]: r[header.index(header[1])] for r in body}
    assert counts["劳动报酬与欠薪"] == 5
    assert body[-1][1] == 9  # the total row
    days = header.index("Average days to resolve") if "Average days to resolve" in header else -1
    assert body[0][days] is not None  # the mean resolution time is in the download
    charts = client.get("/cockpit/?period=12m").context["charts"]
    assert {g["name"]: g["value"] for g in charts["category"]} == {r[0]: r[1] for r in body[:-1]}
    for name in ("trend", "channel", "child"):
        download = client.get(f"/cockpit/export/{name}.xlsx?period=12m")
        rows = list(load_workbook(BytesIO(download.content)).active.iter_rows(values_only=True))
        assert [r[1] for r in rows[1:-1]] == [g["value"] for g in charts[name]], name
    assert client.get("/cockpit/export/nope.xlsx").status_code == 404


def test_the_dashboard_reads_in_a_bounded_number_of_queries(
    client, world, ledger, django_assert_max_num_queries
):
    client.force_login(world.leader)
    # 14 for the figures, plus the topics panel: its cache key, and on a miss the recent cases.
    # 17th: the menu's judging seats (lianxin.home); 18th: the header's unread-message count
    with django_assert_max_num_queries(18):
        assert client.get("/cockpit/").status_code == 200


def test_the_period_buttons_change_the_span(client, world, ledger):
    client.force_login(world.leader)
    month = client.get("/cockpit/?period=month").context["board"]
    assert month.period.start == month.period.end.replace(day=1)
    year = client.get("/cockpit/?period=year").context["board"]
    assert year.period.start == year.period.end.replace(month=1, day=1)


def test_the_question_page_answers_and_refuses(client, world, ledger):
    client.force_login(world.leader)
    answered = client.post("/cockpit/ask/", {"question": "近30天各区的诉求量"})
    assert answered.status_code == 200
    result = answered.context["result"]
    assert result["understood"]
    assert result["interpretation"]["group_by"] == "child"
    assert {r[0]: r[1] for r in result["rows"]} == {"A区总工会": 5, "B区总工会": 2}
    refused = client.get("/cockpit/ask/", {"q": "今天天气怎么样"})
    assert not refused.context["result"]["understood"]
    assert refused.context["result"]["examples"]


def test_a_partner_agency_sees_only_the_cases_referred_to_it(client, world, ledger):
    from lianxin.cases.models import Referral

    Referral.objects.create(case=ledger[1], partner=world.bureau, referred_at=clock.now())
    client.force_login(world.partner)
    board = client.get("/cockpit/?period=12m").context["board"]
    assert board.org is None
    assert board.by_child == []
    assert board.current.case_count == 1
