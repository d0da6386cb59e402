"""The subtree query must be an index range scan, shown on the real planner at 100k+ orgs."""

import pytest
from django.db import connection

from lianxin.orgs.generate import bulk_generate
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.tests.factories import OrgFactory


@pytest.fixture
def province(db):
    root = OrgFactory(code="P", name="省总工会", kind=OrgKind.FEDERATION)
    total = bulk_generate(root)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE orgs_org")
    return root, total


def test_subtree_of_a_district_at_100k_orgs_is_an_index_range_scan(province):
    root, total = province
    assert total >= 100_000
    district = Org.objects.get(code=f"G{root.pk}.3.7")
    qs = Org.objects.subtree_of(district).only("id")
    plan = qs.explain()
    print(f"\n{connection.vendor} plan for a district subtree among {total} orgs:\n{plan}")
    if connection.vendor == "sqlite":
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan
        assert "SCAN orgs_org" not in plan
    else:
        assert "Index" in plan
        assert "Seq Scan" not in plan
    # a district: itself, 10 streets, 1,000 enterprises
    assert qs.count() == 1 + 10 + 1000
