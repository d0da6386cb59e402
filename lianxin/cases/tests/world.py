"""`world`: a small city with one user per role, for the tests of every app (a pytest plugin the root
conftest loads).

city (JZ) → district A, district B → a street each → enterprises A1, A2 / B1, B2; labour bureau and court.
"""

from types import SimpleNamespace

import pytest

from lianxin.cases.models import Category
from lianxin.cases.taxonomy import seed_categories
from lianxin.orgs.models import OrgKind, PartnerType
from lianxin.orgs.partner_types import seed_partner_types
from lianxin.orgs.tests.factories import OrgFactory, UserFactory, with_role


@pytest.fixture
def world(db):
    # The categories are seeded by a migration; a transactional (browser) test run before this one
    # in the same worker empties every table, so they are put back when missing.
    if not Category.objects.exists():
        seed_categories(Category)
    seed_partner_types(PartnerType)
    city = OrgFactory(code="JZ", name="焦作市总工会", kind=OrgKind.FEDERATION, case_prefix="JZ")
    w = SimpleNamespace(city=city)
    for d in "AB":
        district = OrgFactory(
            code=f"D{d}", name=f"{d}区总工会", kind=OrgKind.FEDERATION, parent=city
        )
        street = OrgFactory(code=f"S{d}", name=f"{d}街道工会", kind=OrgKind.UNION, parent=district)
        setattr(w, f"district_{d.lower()}", district)
        setattr(w, f"street_{d.lower()}", street)
        for i in (1, 2):
            ent = OrgFactory(code=f"E{d}{i}", name=f"{d}企业{i}工会", parent=street)
            setattr(w, f"ent_{d.lower()}{i}", ent)
    w.team_a1 = OrgFactory(code="EA1-T1", name="A企业1生产班", kind=OrgKind.TEAM, parent=w.ent_a1)
    w.bureau = OrgFactory(
        code="HRSS", name="人社局", kind=OrgKind.PARTNER, partner_type=PartnerType.HRSS, parent=city
    )
    w.court = OrgFactory(
        code="COURT",
        name="中级人民法院",
        kind=OrgKind.PARTNER,
        partner_type=PartnerType.COURT,
        parent=city,
    )
    w.chair = with_role("chair", w.ent_a1, UserFactory(username="chair"))
    w.chair_b = with_role("chair", w.ent_b1, UserFactory(username="chair_b"))
    w.staff = with_role("staff", w.district_a, UserFactory(username="staff"))
    w.supervisor = with_role("supervisor", w.district_a, UserFactory(username="supervisor"))
    w.city_staff = with_role("staff", w.city, UserFactory(username="city_staff"))
    w.partner = with_role("partner", w.bureau, UserFactory(username="partner"))
    w.judge = with_role("judge", w.court, UserFactory(username="judge"))
    w.leader = with_role("leader", w.city, UserFactory(username="leader"))
    w.nobody = UserFactory(username="nobody")
    return w
