"""The registry page's query budget: the same number of queries for 2 rows as for 30 (a page of 25
and a second page), so no row costs a query of its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianxin.members import services
from lianxin.members.tests.conftest import details

pytestmark = pytest.mark.django_db


def register(world, first: int, count: int) -> None:
    for n in range(first, first + count):
        org = world.ent_a1 if n % 2 else world.ent_b1
        chair = world.chair if n % 2 else world.chair_b
        services.register_member(actor=chair, org=org, details=details(n))


def queries_of(client, params: dict) -> tuple[int, int]:
    """(queries, rows shown) of one request of the registry page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("members:registry"), params)
    assert response.status_code == 200
    return len(captured), len(response.context["rows"])


@pytest.mark.parametrize(
    "params",
    [{}, {"state": "active"}, {"employment_form": "employee"}, {"org": "DA"}],
    ids=["all", "state", "form", "org"],
)
def test_the_registry_page_reads_2_and_30_rows_in_the_same_number_of_queries(client, world, params):
    # Given the city's staff and two members in two districts
    register(world, 1, 2)
    client.force_login(world.city_staff)
    client.get(reverse("members:registry"))  # the session and the header, read once first
    # When the page lists them, and again after 28 more members registered
    few, shown_few = queries_of(client, params)
    register(world, 3, 28)
    many, shown_many = queries_of(client, params)
    # Then it shows more rows in exactly as many queries
    assert shown_many > shown_few
    assert many == few


def test_the_registrys_second_page_costs_what_the_first_does(client, world):
    register(world, 1, 30)
    client.force_login(world.city_staff)
    client.get(reverse("members:registry"))
    first, shown_first = queries_of(client, {})
    second, shown_second = queries_of(client, {"page": "2"})
    assert (shown_first, shown_second) == (25, 5)
    assert second == first
