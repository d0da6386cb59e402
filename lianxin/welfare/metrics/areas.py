"""The welfare areas' figures as the cockpit asks for them (core.areas): `compute(user, org, start,
end)`, each one key of the area's own `figures(...)` — no second definition of a figure.

`org` is an org whose figures the user may read (the roles that read welfare figures reaching it),
or None for the user's whole scope: the outermost orgs those roles reach (an administrator: the
roots), each counted once. An org outside the scope counts nothing.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from types import ModuleType

from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org
from lianxin.welfare.metrics import hardship, mutual_aid, warmth
from lianxin.welfare.permissions.warmth import SEEING_ROLES, AnyUser

Figure = int | Decimal
AreaCompute = Callable[[AnyUser, Org | None, date, date], Figure]


def measured_orgs(user: AnyUser, org: Org | None) -> list[Org]:
    """The orgs whose subtrees make up the scope asked about (none when out of reach)."""
    return org_perms.measured_orgs(user, org, SEEING_ROLES)


def _figure(area: ModuleType, key: str, zero: Figure) -> AreaCompute:
    def compute(user: AnyUser, org: Org | None, start: date, end: date) -> Figure:
        total = zero
        for measured in measured_orgs(user, org):
            total += area.figures(user=user, org=measured, start=start, end=end)[key]
        return total

    compute.__name__ = compute.__qualname__ = key
    compute.__doc__ = f"`{key}` of welfare.metrics.{area.__name__.rsplit('.', 1)[-1]}.figures."
    return compute


hardship_files_open = _figure(hardship, "hardship_files_open", 0)
aid_paid = _figure(hardship, "aid_paid", Decimal("0.00"))
warmth_recipients = _figure(warmth, "warmth_recipients", 0)
mutual_aid_enrolled = _figure(mutual_aid, "mutual_aid_enrolled", 0)
claims_paid = _figure(mutual_aid, "claims_paid", 0)
