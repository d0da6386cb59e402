"""The members' test world: valid ID numbers and details, on top of the shared `world` city."""

import pytest

from lianxin.core.idcard import check_digit
from lianxin.members.services import PersonDetails, register_member


def valid_id(n: int, *, born: str = "19900101", region: str = "410802") -> str:
    """A valid 18-character resident ID: region, birth date, a 3-digit sequence, its check digit."""
    first17 = f"{region}{born}{n % 1000:03d}"
    return first17 + check_digit(first17)


def details(n: int, **changes) -> PersonDetails:
    values = {
        "name": f"王{'一二三四五六七八九十'[n % 10]}{n}",
        "id_number": valid_id(n),
        "phone": f"139{n:08d}",
        "employment_form": "employee",
    }
    values.update(changes)
    return PersonDetails(**values)


@pytest.fixture
def member(world):
    """An active member of enterprise A1, registered by its chair."""
    return register_member(actor=world.chair, org=world.ent_a1, details=details(1))
