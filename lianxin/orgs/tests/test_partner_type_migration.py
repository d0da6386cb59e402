"""The migration that makes partner types data keeps every partner's type: the code the fixed list
stored becomes the key to the seeded type of that code; a union keeps none."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lianxin.orgs import tree
from lianxin.orgs.models import Org, PartnerType

BEFORE = [("orgs", "0001_initial")]
AFTER = [("orgs", "0002_partner_types")]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_partner_type_migration_keeps_each_partners_type_and_seeds_the_new_types():
    try:
        # Given orgs stored by the schema of the fixed list: a court, a 人社局 and a union
        old_apps = migrate(BEFORE).loader.project_state(BEFORE).apps
        OldOrg = old_apps.get_model("orgs", "Org")  # noqa: N806
        for i, (code, kind, partner_type) in enumerate(
            [("P-COURT", "partner", "court"), ("P-HRSS", "partner", "hrss"), ("U", "union", "")],
            start=1,
        ):
            OldOrg.objects.create(code=code, name=code, kind=kind, partner_type=partner_type,
                                  path=tree.child_path("", 900 + i))  # fmt: skip

        # When the migration runs
        migrate(AFTER)

        # Then each partner keeps its type (now a row of the same code); the union has none
        types = dict(Org.objects.filter(code__in=["P-COURT", "P-HRSS", "U"])
                     .values_list("code", "partner_type__code"))  # fmt: skip
        assert types == {"P-COURT": "court", "P-HRSS": "hrss", "U": None}
        assert Org.objects.get(code="P-HRSS").partner_type.name == "人社局"
        seeded = set(PartnerType.objects.values_list("name", flat=True))
        assert {"社区", "人大代表", "政协委员", "交通运输局", "应急管理局", "市场监管局",
                "红十字会", "医院", "法院", "检察院", "人社局", "司法局", "信访局"} <= seeded  # fmt: skip
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
