import pytest

from lianxin.orgs.models import OrgKind, PartnerType
from lianxin.orgs.partner_types import seed_partner_types
from lianxin.orgs.tests.factories import OrgFactory


@pytest.fixture
def city(db):
    """city → districts A and B → a street each → two enterprises each; a labour bureau partner."""
    seed_partner_types(PartnerType)  # a transactional test before this one empties the table
    root = OrgFactory(code="C", name="市总工会", kind=OrgKind.FEDERATION)
    tree = {"city": root}
    for d in "AB":
        district = OrgFactory(
            code=f"C-{d}", name=f"{d}区总工会", kind=OrgKind.FEDERATION, parent=root
        )
        street = OrgFactory(
            code=f"C-{d}-S", name=f"{d}街道工会", kind=OrgKind.UNION, parent=district
        )
        tree[f"district_{d}"], tree[f"street_{d}"] = district, street
        for i in (1, 2):
            tree[f"ent_{d}{i}"] = OrgFactory(code=f"C-{d}-S-{i}", name=f"{d}企业{i}", parent=street)
    tree["bureau"] = OrgFactory(
        code="C-HRSS",
        name="人社局",
        kind=OrgKind.PARTNER,
        partner_type=PartnerType.HRSS,
        parent=root,
    )
    return tree
