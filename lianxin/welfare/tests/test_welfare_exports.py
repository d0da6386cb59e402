"""The hardship files and mutual-aid claims as Excel: what the list's filter shows, names masked,
ID numbers and phones never, and nothing for a partner, a judge or the chair of another enterprise."""

# ruff: noqa: F811 - the fixtures are imported from hardship_world and named as arguments
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lianxin.core import clock
from lianxin.core.masking import mask_name
from lianxin.welfare.services import hardship, hardship_payments
from lianxin.welfare.states.mutual_aid import ClaimKind, ClaimState
from lianxin.welfare.tests import mutual_aid_world
from lianxin.welfare.tests.hardship_world import (  # noqa: F401
    applied,
    at,
    new_file,
    registered,
    valid_id,
)
from lianxin.welfare.tests.mutual_aid_world import report, walk

pytestmark = pytest.mark.django_db
plan_world = mutual_aid_world.plan_world
OUTSIDERS = ["partner", "judge", "chair_b"]


def sheet(response) -> list[list]:
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content), read_only=True)
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def flat(rows: list[list]) -> str:
    return " ".join("" if v is None else str(v) for row in rows for v in row)


@pytest.fixture
def two_files(world, registered):
    """The registered deep-hardship file with 3000 yuan paid, and a relative one just applied for."""
    with clock.frozen_at(at(2025, 2, 1)):
        p = hardship_payments.request_payment(
            actor=world.chair, file_id=registered.pk, kind="living", amount="3000"
        )
        hardship_payments.approve_payment(actor=world.staff, payment_id=p.pk)
        hardship_payments.pay_payment(actor=world.staff, payment_id=p.pk, paid_on=date(2025, 2, 1))
    with clock.frozen_at(at(2025, 3, 1)):
        other = hardship.open_file(
            actor=world.chair, new=new_file(world.ent_a1, 2, level="relative")
        )
    return registered, other


def test_the_hardship_export_lists_the_files_masked_without_id_number_or_phone(
    client, world, two_files
):
    deep, relative = two_files
    client.force_login(world.chair)
    rows = sheet(client.get(reverse("welfare:hardship_export")))
    text = flat(rows)
    assert len(rows) == 3  # header and the two files
    assert deep.number in text
    assert relative.number in text
    assert mask_name("宋秀斌1") in text
    for n in (1, 2):
        assert f"宋秀斌{n}" not in text
        assert valid_id(n) not in text
        assert f"139{n:08d}" not in text
    by_number = {r[0]: r for r in rows[1:]}
    assert Decimal(str(by_number[deep.number][-1])) == Decimal("3000")


def test_the_hardship_export_follows_the_list_filter(client, world, two_files):
    _deep, relative = two_files
    client.force_login(world.staff)
    rows = sheet(client.get(reverse("welfare:hardship_export"), {"level": "relative"}))
    assert [r[0] for r in rows[1:]] == [relative.number]


def test_the_hardship_list_links_the_export_with_its_filter(client, world, two_files):
    client.force_login(world.chair)
    page = client.get(reverse("welfare:hardship_list"), {"level": "relative"}).content.decode()
    assert f"{reverse('welfare:hardship_export')}?level=relative" in page


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_hardship_export_gives_an_outsider_nothing(client, world, two_files, who):
    client.force_login(getattr(world, who))
    response = client.get(reverse("welfare:hardship_export"))
    assert response.status_code == 404 or len(sheet(response)) == 1


@pytest.fixture
def claims(plan_world):
    paid = walk(plan_world, report(plan_world, ClaimKind.SELF_FALL), ClaimState.PAID)
    open_one = report(plan_world, ClaimKind.THIRD_PARTY, days_ago=5)
    return paid, open_one


def test_the_claims_export_lists_the_claims_masked_without_id_number_or_phone(
    client, plan_world, claims
):
    paid, open_one = claims
    person = plan_world.rider.person
    client.force_login(plan_world.world.staff)
    rows = sheet(client.get(reverse("welfare:mutual_aid_claims_export")))
    text = flat(rows)
    assert sorted(r[0] for r in rows[1:]) == sorted([paid.pk, open_one.pk])
    assert mask_name(person.name) in text
    assert person.name not in text
    assert person.id_number not in text
    assert person.phone not in text
    paid_row = next(r for r in rows[1:] if r[0] == paid.pk)
    assert Decimal(str(paid_row[7])) == paid.payout
    assert paid_row[8]  # paid at


def test_the_claims_export_follows_the_list_filter(client, plan_world, claims):
    paid, open_one = claims
    client.force_login(plan_world.world.staff)
    url = reverse("welfare:mutual_aid_claims_export")
    rows = sheet(client.get(url, {"state": ClaimState.REPORTED}))
    assert [r[0] for r in rows[1:]] == [open_one.pk]
    rows = sheet(client.get(url, {"kind": ClaimKind.SELF_FALL}))
    assert [r[0] for r in rows[1:]] == [paid.pk]


def test_the_claims_list_links_the_export_with_its_filter(client, plan_world, claims):
    client.force_login(plan_world.world.staff)
    page = client.get(reverse("welfare:mutual_aid_claims"), {"state": "paid"}).content.decode()
    assert f"{reverse('welfare:mutual_aid_claims_export')}?state=paid" in page


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_claims_export_gives_an_outsider_nothing(client, plan_world, claims, who):
    client.force_login(getattr(plan_world.world, who))
    response = client.get(reverse("welfare:mutual_aid_claims_export"))
    assert response.status_code == 404 or len(sheet(response)) == 1
