"""The hardship tests' world: files in enterprise A1 of the shared `world` city, opened by its chair.

Test modules import the fixtures they use from here (`from ...hardship_world import *` style)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from lianxin.core import clock
from lianxin.core.idcard import check_digit
from lianxin.members.services import PersonDetails
from lianxin.welfare.services import hardship, hardship_payments
from lianxin.welfare.services.hardship import HouseholdRow, NewFile

BEIJING = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, tzinfo=BEIJING)


def valid_id(n: int) -> str:
    first17 = f"410802{1970 + n % 30}0101{n % 1000:03d}"
    return first17 + check_digit(first17)


def new_file(org, n: int = 1, *, level: str = "deep", income: str = "420.50") -> NewFile:
    return NewFile(
        org=org,
        details=PersonDetails(name=f"宋秀斌{n}", id_number=valid_id(n), phone=f"139{n:08d}"),
        level=level,
        causes=["serious_illness", "disability"],
        income_per_head=Decimal(income),
        household=[
            HouseholdRow(relation="self", health="chronic", work="employed", birth_year=1968),
            HouseholdRow(relation="spouse", health="disabled", work="unable", birth_year=1970),
            HouseholdRow(relation="child", health="serious", work="student", birth_year=1996),
        ],
    )


@pytest.fixture
def applied(world):
    """An application for aid in A1, opened on 2025-01-06."""
    with clock.frozen_at(at(2025, 1, 6)):
        return hardship.open_file(actor=world.chair, new=new_file(world.ent_a1))


@pytest.fixture
def registered(world, applied):
    """The same file registered on 2025-01-10 (first visit due 122 days later: 2025-05-12)."""
    with clock.frozen_at(at(2025, 1, 10)):
        return hardship.register_file(actor=world.chair, file_id=applied.pk)


def request(world, file, amount: str, *, by=None, kind: str = "living", on: date | None = None):
    moment = at(on.year, on.month, on.day) if on else at(2025, 2, 1)
    with clock.frozen_at(moment):
        return hardship_payments.request_payment(
            actor=by or world.chair, file_id=file.pk, kind=kind, amount=amount
        )
